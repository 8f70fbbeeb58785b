"""Plannen importeren: dates as people write them, mapping saved per partner, re-import updates, bad input refused."""
import json

import pytest
from participatie_fixture import make_dossier, rd, wkt
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsVectorLayer

from wijkatlas.layers.common import WijkatlasError
from wijkatlas.layers.common import quarter_label as label
from wijkatlas.layers.participatie import read_layer_records
from wijkatlas.layers.plans import import_plannen, load_categories, parse_period, parse_start_end
from wijkatlas.layers.schema import PLAN_LAYERS


@pytest.mark.parametrize("text, first, last", [
    ("2027-Q3", "2027-Q3", "2027-Q3"), ("Q3 2027", "2027-Q3", "2027-Q3"), ("3e kwartaal 2027", "2027-Q3", "2027-Q3"),
    ("2027", "2027-Q1", "2027-Q4"), ("1-7-2027", "2027-Q3", "2027-Q3"), ("najaar 2027", "2027-Q3", "2027-Q4"),
    ("2027 K2", "2027-Q2", "2027-Q2"), ("maart 2028", "2028-Q1", "2028-Q1"), ("2029-12-31", "2029-Q4", "2029-Q4")])
def test_dates_as_people_write_them(text, first, last):
    got = parse_period(text)
    assert (label(got[0]), label(got[1])) == (first, last)


def test_year_alone_means_its_four_quarters_and_open_end():
    start, end, open_ended, problems = parse_start_end("2027", "2028")
    assert (label(start), label(end), open_ended, problems) == ("2027-Q1", "2028-Q4", False, [])
    start, end, open_ended, problems = parse_start_end("Q2 2027", "")
    assert end is None and open_ended and not problems
    assert parse_start_end("2028", "2027")[3] == ["eind (2027-Q4) ligt vóór start (2028-Q1)"]
    assert "geen datum of kwartaal" in parse_start_end("ergens volgend jaar", "2028")[3][0]


def _csv(path, rows, header="Projectnr;Projectnaam;Discipline;Startdatum;Gereed;Status;X;Y;buurtcode"):
    path.write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    return str(path)


def _plans(dossier):
    return {a["bron_id"] or a["titel"]: (name, a, g) for name in PLAN_LAYERS
            for a, g in read_layer_records(dossier, name)}


def test_import_maps_columns_saves_the_mapping_and_updates_on_reimport(qgis_app, tmp_path):
    dossier = make_dossier(tmp_path / "d.gpkg")
    x, y = rd(50, 50)
    src = _csv(tmp_path / "riool.csv", [f"R1;Riool Dapperstraat;Riool;2027-Q3;Q4 2028;gepland;{x};{y};",
                                         "R2;Riool Buurt B;Riool;2027;;;;;BU00010002"])
    result = import_plannen(src, dossier, "Waterschap Test", category_map={"Riool": "riolering"})
    assert (result.new, result.updated, result.rejected) == (2, 0, [])
    plans = _plans(dossier)
    assert plans["R1"][0] == "plannen_punten" and plans["R1"][1]["categorie"] == "riolering"
    assert plans["R1"][1]["eind_kwartaal"] == "2028-Q4" and plans["R1"][1]["zekerheid"] == "voorgenomen"
    assert plans["R2"][0] == "plannen_vlakken" and plans["R2"][1]["open_einde"] == 1
    assert plans["R2"][1]["plek"] == "buurtcode (hele buurt)" and plans["R2"][1]["eind_kwartaal"] is None
    partners = {a["naam"]: a["partner_id"] for a, _ in read_layer_records(dossier, "partners")}
    assert plans["R1"][1]["partner_id"] == partners["Waterschap Test"]
    profile = read_layer_records(dossier, "plan_importprofielen")[0][0]
    assert json.loads(profile["categorieen"]) == {"Riool": "riolering"}
    # The same partner sends an updated list: no category mapping given, R1 moved and postponed.
    src2 = _csv(tmp_path / "riool2.csv", [f"R1;Riool Dapperstraat;Riool;2028-Q1;2029;besloten;{x + 10};{y};"])
    again = import_plannen(src2, dossier, partners["Waterschap Test"])
    assert (again.new, again.updated) == (0, 1)
    plans = _plans(dossier)
    assert len(plans) == 2 and plans["R1"][1]["start_kwartaal"] == "2028-Q1"
    assert plans["R1"][2].asPoint().x() == pytest.approx(x + 10)
    assert len(read_layer_records(dossier, "partners")) == 1


def test_bad_rows_are_each_reported_and_nothing_is_written(qgis_app, tmp_path):
    dossier = make_dossier(tmp_path / "d.gpkg")
    x, y = rd(50, 50)
    rows = [f"B1;Goed plan;riolering;2027-Q1;2027-Q4;;{x};{y};",
            "B2;Zonder plek;riolering;2027-Q1;2027-Q4;;;;",
            f"B3;Eind voor start;groen;2028-Q1;2027-Q2;;{x};{y};",
            f"B4;Onbekend;rioleringg;2027-Q1;2027-Q4;;{x};{y};",
            f"B5;Rare datum;groen;binnenkort;2027-Q4;;{x};{y};",
            f"B6;Buiten;groen;2027;2027;;{x + 5000};{y};"]
    src = _csv(tmp_path / "slecht.csv", rows)
    before = open(dossier, "rb").read()
    result = import_plannen(src, dossier, "Gemeente")
    reasons = {n: r for n, _, r in result.rejected}
    assert set(reasons) == {3, 4, 5, 6, 7}
    assert "geen geometrie en geen plek" in reasons[3]
    assert "eind (2027-Q2) ligt vóór start (2028-Q1)" in reasons[4]
    assert "onbekende categorie 'rioleringg'" in reasons[5] and "bedoelt u 'riolering'?" in reasons[5]
    assert "klimaatadaptatie" in reasons[5]          # the known categories are listed
    assert "'binnenkort' is geen datum of kwartaal" in reasons[6]
    assert "ligt buiten de buurten" in reasons[7]
    assert open(dossier, "rb").read() == before and not _plans(dossier)


def test_vector_layer_in_another_crs_and_invalid_geometry(qgis_app, tmp_path):
    dossier = make_dossier(tmp_path / "d.gpkg")
    to_wgs = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:28992"), QgsCoordinateReferenceSystem(
        "EPSG:4326"), QgsProject.instance())
    layer = QgsVectorLayer("LineString?crs=EPSG:4326&field=id:string&field=naam:string&field=soort:string"
                           "&field=start:string&field=eind:string", "warmte", "memory")
    from qgis.core import QgsFeature, QgsGeometry
    line = QgsGeometry.fromWkt(wkt("LINESTRING", (10, 10), (150, 10)))
    line.transform(to_wgs)
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["W1", "Warmtenet tracé", "warmtenet", "najaar 2027", "2029"])
    feat.setGeometry(line)
    layer.dataProvider().addFeatures([feat])
    result = import_plannen("warmte.gpkg", dossier, "Warmtebedrijf", layer=layer)
    assert result.new == 1 and not result.rejected
    name, attrs, geom = _plans(dossier)["W1"]
    assert name == "plannen_lijnen" and attrs["categorie"] == "warmte" and attrs["start_kwartaal"] == "2027-Q3"
    assert geom.asMultiPolyline()[0][0].x() == pytest.approx(rd(10, 10)[0], abs=0.01)
    assert attrs["buurtcodes"] == "BU00010001, BU00010002"
    bad = QgsVectorLayer("Polygon?crs=EPSG:28992&field=id:string&field=naam:string&field=soort:string"
                         "&field=start:string", "bad", "memory")
    feat = QgsFeature(bad.fields())
    feat.setAttributes(["V1", "Vlinder", "groen", "2027"])
    feat.setGeometry(QgsGeometry.fromWkt(wkt("POLYGON", (0, 0), (50, 50), (50, 0), (0, 50), (0, 0))))
    bad.dataProvider().addFeatures([feat])
    refused = import_plannen("bad.gpkg", dossier, "Gemeente", layer=bad)
    assert refused.rejected[0][2].startswith("ongeldige geometrie: de rand snijdt zichzelf")


def test_missing_required_column_names_what_was_found(qgis_app, tmp_path):
    dossier = make_dossier(tmp_path / "d.gpkg")
    src = _csv(tmp_path / "x.csv", ["1;a"], header="nummer;iets")
    with pytest.raises(WijkatlasError, match="Geen kolom gevonden voor titel, categorie, start"):
        import_plannen(src, dossier, "Gemeente")
    assert "riolering" in load_categories().names
