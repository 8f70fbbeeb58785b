"""'CBS-kerncijfers koppelen' against a loopback CBS OData v3 built from the real 83765NED metadata and 2017 CSV."""
import csv
import os

import pytest
from fake_cbs_data import CROSSWALK, NEW_CODE, buurten_layer, cbs_table_83765, expected_2017, statline_2017
from fake_cbs_pdok import FakeServer
from qgis.core import QgsProcessingException, QgsVectorLayer

from wijkatlas.layers.common.catalogue import load_catalogue, themes
from wijkatlas.layers.data.cbs_odata import resolve_keys, title_key
from wijkatlas.processing.join_kerncijfers import THEME_IDS


def py(value):
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


@pytest.fixture(scope="module")
def table(shared_data):
    return cbs_table_83765(shared_data, "99001NED")  # an id only the catalogue knows


@pytest.fixture()
def fake(table, qgis_app):
    server = FakeServer()
    server.cbs[table.table_id] = table
    server.cbs_page_size = 150
    server.start()
    yield server
    server.stop()


def run_join(fake, layer, tmp_path, out="joined.gpkg", **extra):
    import processing

    params = {"INPUT": layer, "CODEVELD": "buurtcode", "JAAR": "2017",
              "THEMAS": [themes()[t] for t in THEME_IDS], "ODATA_URL": fake.cbs_api(),
              "CATALOGUS_URL": fake.cbs_catalog(),
              "TIMEOUT": 5, "CACHE": False, "OUTPUT": str(tmp_path / out),
              "NIET_GEKOPPELD": str(tmp_path / "niet_gekoppeld.csv"), "REFERENTIE": str(tmp_path / "referentie.csv")}
    params.update(extra)
    return processing.run("wijkatlas:cbskerncijferskoppelen", params)


def test_joined_figures_equal_the_published_csv(provider, fake, tmp_path, shared_data):
    layer = buurten_layer(shared_data)
    result = run_join(fake, layer, tmp_path)
    assert result["CBS_TABEL"] == "99001NED"  # resolved through the catalogue, not the fallback list
    assert fake.count("skip=") >= 3  # odata.nextLink paging was followed
    out = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    assert out.featureCount() == layer.featureCount() == 440  # nobody dropped
    rows = {f["buurtcode"]: f for f in out.getFeatures()}
    checked = 0
    for ind in load_catalogue():
        if ind.id not in out.fields().names():
            continue
        for code, f in rows.items():
            if code == NEW_CODE:
                assert py(f[ind.id]) is None
                continue
            expected = expected_2017(shared_data, ind.id, code)
            assert py(f[ind.id]) == expected, (ind.id, code)
            checked += 1
    assert checked > 439 * 25
    reference = {f["code"]: f for f in QgsVectorLayer(result["REFERENTIE"], "ref", "ogr").getFeatures()}
    assert set(reference) == {"GM0363", "NL00"}
    assert reference["GM0363"]["niveau"] == "gemeente" and reference["GM0363"]["naam"] == "Amsterdam"
    for ind_id in ("woningen", "woz", "aardgas", "ink_inwoner", "pct_hh_laag_inkomen"):
        for code in ("GM0363", "NL00"):
            assert float(reference[code][ind_id]) == expected_2017(shared_data, ind_id, code), (ind_id, code)


def test_unmatched_codes_on_both_sides(provider, fake, tmp_path, shared_data):
    result = run_join(fake, buurten_layer(shared_data), tmp_path)
    table = QgsVectorLayer(result["NIET_GEKOPPELD"], "nk", "ogr")
    rows = [(f["code"], f["kant"]) for f in table.getFeatures()]
    csv_buurten = {c for c in statline_2017(shared_data) if c.startswith("BU")}
    with open(os.path.join(shared_data, CROSSWALK), encoding="utf-8", newline="") as fh:
        polygons = {r["BUURTCODE_CBS_2015"] for r in csv.DictReader(fh)}
    assert {c for c, k in rows if k == "CBS"} == csv_buurten - polygons and len(csv_buurten - polygons) == 40
    assert [c for c, k in rows if k == "invoerlaag"] == [NEW_CODE]
    assert result["GEKOPPELD"] == 439


def test_catalogue_down_uses_known_table(provider, shared_data, tmp_path, qgis_app):
    server = FakeServer()
    server.cbs["83765NED"] = cbs_table_83765(shared_data)
    server.catalog_ok = False
    server.start()
    try:
        result = run_join(server, buurten_layer(shared_data), tmp_path, THEMAS=[themes()["energie"]])
        assert result["CBS_TABEL"] == "83765NED"
    finally:
        server.stop()


def test_other_vintage_refused_unless_allowed(provider, fake, tmp_path, shared_data):
    path = tmp_path / "joined.gpkg"
    path.write_bytes(b"bestaand")
    layer = buurten_layer(shared_data, jaar=2019)
    with pytest.raises(QgsProcessingException, match="grenzen zijn van 2019"):
        run_join(fake, layer, tmp_path)
    assert path.read_bytes() == b"bestaand"
    result = run_join(fake, layer, tmp_path, out="allowed.gpkg", ANDER_JAAR_TOESTAAN=True)
    assert result["GEKOPPELD"] == 439


def test_service_error_leaves_output_untouched(provider, fake, tmp_path, shared_data):
    path = tmp_path / "joined.gpkg"
    path.write_bytes(b"bestaand")
    with pytest.raises(QgsProcessingException, match="HTTP 404"):
        run_join(fake, buurten_layer(shared_data), tmp_path, TABEL="00000NED")
    assert path.read_bytes() == b"bestaand"


def test_row_limit_respected_with_top_and_skip(fake, table):
    from wijkatlas.layers.data.cbs_odata import CbsOData, odata_indicators
    from wijkatlas.layers.net.network import HttpClient

    fake.cbs_page_size = None
    fake.cbs_max_rows = 100
    cbs = CbsOData(HttpClient(timeout_s=5), fake.cbs_api(), fake.cbs_catalog())
    cbs.max_rows = 100
    fetched = cbs.figures(2017, {"GM0363": 479}, odata_indicators(["energie"]), table.table_id)
    published = {r["WijkenEnBuurten"].strip() for r in table.rows if r["WijkenEnBuurten"].startswith(("BU", "GM"))}
    assert set(fetched.values) == published | {"NL00"} and fake.count("skip=") == 4


def test_cancel_leaves_output_untouched(provider, fake, tmp_path, shared_data):
    import threading

    from qgis.core import QgsProcessingFeedback

    import processing

    path = tmp_path / "joined.gpkg"
    path.write_bytes(b"bestaand")
    fake.slow_cbs_s = 1.0
    feedback = QgsProcessingFeedback()
    threading.Timer(1.5, feedback.cancel).start()
    params = {"INPUT": buurten_layer(shared_data), "JAAR": "2017", "THEMAS": [themes()["energie"]],
              "ODATA_URL": fake.cbs_api(), "CATALOGUS_URL": fake.cbs_catalog(), "TIMEOUT": 10, "CACHE": False,
              "OUTPUT": str(path), "NIET_GEKOPPELD": "TEMPORARY_OUTPUT"}
    with pytest.raises(QgsProcessingException, match="Afgebroken"):
        processing.run("wijkatlas:cbskerncijferskoppelen", params, feedback=feedback)
    assert path.read_bytes() == b"bestaand"


def test_keys_resolved_by_title_when_position_and_stem_change(table):
    props = [dict(p) for p in table.properties]
    for p in props:
        if p["Key"] == "Woningvoorraad_34":
            p["Key"] = "WV_35"  # a renamed key: only the title still says 'Woningvoorraad'
    keys, missing = resolve_keys(props, [i for i in load_catalogue() if i.source_fields("odata_v3")])
    assert keys["woningen"] == "WV_35"
    assert keys["woz"] == "GemiddeldeWoningwaarde_35" and keys["aardgas"] == "GemiddeldAardgasverbruikTotaal_55"
    assert title_key("Gemiddelde WOZ-waarde van woningen") == "GemiddeldeWOZWaardeVanWoningen"
    assert title_key("40% personen met laagste inkomen") == "k_40PersonenMetLaagsteInkomen"
    assert "pct_hh_tot110_sm" in missing  # first published in 2019; 2017 has no such key
