"""'Notities en maatregelen koppelen': golden cases on borders, measures over several buurten, no-geometry notes."""
import re

import pytest
from participatie_fixture import SQUARES, A, B, C, make_dossier, wkt
from qgis.core import QgsGeometry, QgsVectorLayer
from shapely import wkt as shapely_wkt

from wijkatlas.layers.participatie.atlas_texts import atlas_texts
from wijkatlas.layers.participatie.attach import attach_all
from wijkatlas.layers.participatie.store import append_rows
from wijkatlas.layers.participatie.summary import buurt_summaries

NOTES = {  # id -> (layer, geometry WKT or None, buurtcode field, thema, soort, expected buurt, expected how)
    "P-in": ("participatie_punten", wkt("POINT", (20, 20)), None, "energie", "zorg", A, "ligt in"),
    "P-grens": ("participatie_punten", wkt("POINT", (100, 50)), None, "energie", "zorg", A, "op grens"),
    "P-hoek": ("participatie_punten", wkt("POINT", (100, 100)), None, "energie", "idee", A, "op grens"),
    "P-lijn": ("participatie_lijnen", wkt("LINESTRING", (50, 50), (150, 50)), None, "wonen", "zorg", A,
               "grootste deel"),
    "P-vlak": ("participatie_vlakken", wkt("POLYGON", (110, 10), (190, 10), (190, 20), (90, 20), (110, 10)), None,
               "wonen", "kans", B, "grootste deel"),
    "P-code": ("participatie_buurt", None, C, "klimaat", "vraag", C, "buurtcode"),
    "P-onbekend": ("participatie_buurt", None, "BU99999999", "klimaat", "vraag", None, "onbekende buurtcode"),
    "P-buiten": ("participatie_punten", wkt("POINT", (500, 500)), None, "klimaat", "vraag", None, "ligt buiten"),
}
MEASURES = {  # id -> (layer, geometry WKT or None, buurtcodes, status)
    "M-vlak": ("maatregelen_vlakken", wkt("POLYGON", (50, 50), (150, 50), (150, 150), (50, 150), (50, 50)), None,
               "gepland"),
    "M-grensstraat": ("maatregelen_lijnen", wkt("LINESTRING", (100, 0), (100, 100)), None, "idee"),
    "M-scheef": ("maatregelen_lijnen", wkt("LINESTRING", (10, 10), (190, 190)), None, "idee"),
    "M-codes": ("maatregelen_buurt", None, f"{A}, {B}", "in uitvoering"),
    "M-raakt": ("maatregelen_vlakken", wkt("POLYGON", (-50, 0), (0, 0), (0, 100), (-50, 100), (-50, 0)), None,
                "gereed"),
}


def _expected_shares(geom_wkt):
    """Shares per buurt computed with shapely, independently of QGIS."""
    geom = shapely_wkt.loads(geom_wkt)
    size = geom.length if geom.geom_type == "LineString" else geom.area
    out = {}
    for code, (x0, y0, x1, y1) in SQUARES.items():
        square = shapely_wkt.loads(wkt("POLYGON", (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)))
        part = geom.intersection(square)
        share = (part.length if geom.geom_type == "LineString" else part.area) / size
        if share > 1e-4:
            out[code] = share
    return out


@pytest.fixture()
def dossier(tmp_path, qgis_app):
    path = make_dossier(tmp_path / "d.gpkg")
    rows = {}
    for oid, (layer, geom, code, thema, soort, _, _) in NOTES.items():
        rows.setdefault(layer, []).append({"notitie_id": oid, "buurtcode": code, "thema": thema, "soort": soort,
                                           "tekst": f"geheime tekst {oid}",
                                           "geometry": QgsGeometry.fromWkt(geom) if geom else None})
    for oid, (layer, geom, codes, status) in MEASURES.items():
        rows.setdefault(layer, []).append({"maatregel_id": oid, "titel": f"Maatregel {oid}", "thema": "klimaat",
                                           "status": status, "buurtcodes": codes, "start_kwartaal": "2027-Q1",
                                           "eind_kwartaal": "2028-Q2",
                                           "geometry": QgsGeometry.fromWkt(geom) if geom else None})
    append_rows(path, rows)
    return path


def test_notes_are_attached_once_with_the_border_rule(dossier):
    links = [lk for lk in attach_all(dossier) if lk.soort == "notitie"]
    assert len(links) == len(NOTES)
    for link in links:
        _, _, _, _, _, buurt, how = NOTES[link.object_id]
        assert link.buurtcode == buurt, link.object_id
        assert link.koppeling.startswith(how), (link.object_id, link.koppeling)


def test_measures_get_the_overlapping_share_per_buurt(dossier):
    links = [lk for lk in attach_all(dossier) if lk.soort == "maatregel"]
    got = {}
    for link in links:
        got.setdefault(link.object_id, {})[link.buurtcode] = link.aandeel
    for oid in ("M-vlak", "M-scheef"):
        expected = _expected_shares(MEASURES[oid][1])
        assert set(got[oid]) == set(expected), oid
        for code, share in expected.items():
            assert got[oid][code] == pytest.approx(share, abs=1e-9), (oid, code)
    # a street on the border between A and B serves both, each with its full length
    assert got["M-grensstraat"] == {A: pytest.approx(1.0), B: pytest.approx(1.0)}
    assert got["M-codes"] == {A: 0.5, B: 0.5}
    assert got["M-raakt"] == {None: None}  # only touches A from outside


def test_per_buurt_counts_suppress_small_note_counts(dossier):
    summaries = buurt_summaries(dossier, min_group=5)
    a, b, c = summaries[A], summaries[B], summaries[C]
    # A holds P-in, P-grens, P-hoek, P-lijn (5 would be needed): 4 notes -> suppressed, never 0
    assert a["n_notities"] is None and a["n_energie"] is None and a["n_wonen"] is None
    assert "minder dan 5 notities" in a["notities_tekst"]
    assert b["n_notities"] is None and c["n_notities"] is None
    assert b["n_energie"] == 0
    # measures are not personal: counted in full, per status
    assert a["n_maatregelen"] == 4 and a["m_gepland"] == 1 and a["m_idee"] == 2 and a["m_in_uitvoering"] == 1
    assert c["n_maatregelen"] == 2 and c["m_gereed"] == 0
    assert "Maatregel M-vlak (klimaat; gepland, 2027-Q1 t/m 2028-Q2)" in c["maatregelen_tekst"]
    with_min_one = buurt_summaries(dossier, min_group=1)
    assert with_min_one[A]["n_notities"] == 4 and with_min_one[A]["n_energie"] == 3
    assert "energie (3)" in with_min_one[A]["notities_tekst"]
    # min 2: wonen (1) is small; energie (3) is hidden too, else 4 - 3 would give wonen away
    with_min_two = buurt_summaries(dossier, min_group=2)[A]
    assert with_min_two["n_notities"] == 4
    assert with_min_two["n_wonen"] is None and with_min_two["n_energie"] is None and with_min_two["n_klimaat"] == 0
    assert with_min_two["n_idee"] is None and with_min_two["n_zorg"] is None
    assert not re.search(r"\d", with_min_two["notities_tekst"].replace("4 notities", ""))


def test_algorithm_outputs_hold_no_note_text_and_no_small_counts(dossier, provider, qgis_processing, tmp_path):
    import processing

    out = str(tmp_path / "per_buurt.gpkg")
    result = processing.run("wijkatlas:notitiesmaatregelenkoppelen", {
        "DOSSIER": dossier, "KOPPELINGEN": "TEMPORARY_OUTPUT", "PER_BUURT": out})
    per_buurt = QgsVectorLayer(result["PER_BUURT"], "p", "ogr")
    assert per_buurt.featureCount() == 3
    note_fields = [f for f in per_buurt.fields().names() if f.startswith("n_") and f != "n_maatregelen"]
    for feat in per_buurt.getFeatures():
        for name in note_fields:
            value = feat[name]
            assert value is None or str(value) == "NULL" or not 0 < int(value) < 5, (feat["buurtcode"], name)
        assert not re.search(r"geheime tekst", feat["notities_tekst"] + feat["maatregelen_tekst"])
    links = result["KOPPELINGEN"]
    assert "tekst" not in links.fields().names()
    loose = {f["object_id"] for f in links.getFeatures() if not f["buurtcode"]}
    assert loose == {"P-onbekend", "P-buiten", "M-raakt"}


def test_atlas_texts_per_buurt(dossier):
    texts = atlas_texts(dossier)
    assert set(texts) == {A, B, C}
    assert "minder dan 5 notities" in texts[A]
    assert "• Maatregel M-vlak – gepland, 2027-Q1 t/m 2028-Q2" in texts[C]
    assert "4 maatregelen: 2 idee, 1 gepland, 1 in uitvoering." in texts[A]
    assert not any("geheime tekst" in t for t in texts.values())
