"""Koppelkansen in a dossier: measures take part, status and reason survive a rerun, vanished pairs are marked."""
import datetime

import pytest
from participatie_fixture import make_dossier, wkt
from qgis.core import QgsGeometry, QgsVectorLayer

from wijkatlas.layers.participatie import append_rows, read_layer_records
from wijkatlas.layers.plans import find_koppelkansen, import_plannen
from wijkatlas.layers.schema import layer_uri

TODAY = datetime.date(2026, 1, 15)


def _csv(path, rows):
    path.write_text("\n".join(["id;titel;categorie;start;eind;wkt"] + rows) + "\n", encoding="utf-8")
    return str(path)


def _kansen(dossier):
    return {a["kans_id"]: (a, g) for a, g in read_layer_records(dossier, "koppelkansen")}


@pytest.fixture()
def dossier(qgis_app, tmp_path):
    path = make_dossier(tmp_path / "d.gpkg")
    street = wkt("LINESTRING", (10, 50), (190, 50))
    import_plannen(_csv(tmp_path / "gem.csv", [f"G1;Herinrichting hoofdstraat;herinrichting;2028-Q1;2028-Q4;{street}"]),
                   path, "Gemeente")
    sewer = wkt("LINESTRING", (50, 50), (150, 50))
    import_plannen(_csv(tmp_path / "ws.csv", [f"W1;Riool hoofdstraat;riolering;2028-Q2;2029-Q1;{sewer}",
                                              f"W2;Nieuwe kabel;elektriciteitsnet;2030-Q1;2030-Q2;"
                                              f"{wkt('LINESTRING', (60, 40), (60, 60))}"]), path, "Waterschap")
    append_rows(path, {"maatregelen_vlakken": [{
        "maatregel_id": "M-1", "titel": "Groene speelplek", "thema": "klimaat", "trekker": "PA-X",
        "start_kwartaal": "2028-Q3", "eind_kwartaal": "2028-Q4",
        "geometry": QgsGeometry.fromWkt(wkt("POLYGON", (100, 55), (120, 55), (120, 70), (100, 70), (100, 55)))}]})
    return path


def test_search_finds_kansen_conflicts_and_measures(dossier):
    result = find_koppelkansen(dossier, today=TODAY)
    pairs = {tuple(sorted((r["titel_a"], r["titel_b"]))): r for r in result.rows}
    riool = pairs[("Herinrichting hoofdstraat", "Riool hoofdstraat")]
    assert riool["soort"] == "koppelkans" and riool["band"] == "raakt" and riool["sterkte"] == 3
    assert riool["kwartalen_gedeeld"] == "2028-Q2 t/m 2028-Q4" and riool["beinvloedbaar"] == 1
    assert riool["buurtcodes"] == "BU00010001, BU00010002"
    assert riool["uitleg"].startswith("Koppelkans: 'Herinrichting hoofdstraat' (verharding/herinrichting")
    kabel = pairs[("Herinrichting hoofdstraat", "Nieuwe kabel")]
    assert kabel["soort"] == "breekverbod" and "Breekverbod" in kabel["uitleg"]
    groen = pairs[("Groene speelplek", "Herinrichting hoofdstraat")]     # the measure takes part
    assert groen["soort"] == "koppelkans" and groen["band"] == "nabij" and groen["afstand"] == pytest.approx(5.0)
    assert len({r["groep"] for r in result.rows}) == 1
    assert sorted(result.new) == sorted(r["kans_id"] for r in result.rows)
    stored = _kansen(dossier)
    assert {a["status"] for a, _ in stored.values()} == {"nieuw"}
    geom = stored[riool["kans_id"]][1]
    assert geom.area() == pytest.approx(100 * 4, rel=0.05)    # the shared 100 m of street, widened by 2 m


def test_status_and_reason_survive_a_rerun_vanished_pairs_are_marked(dossier, tmp_path):
    first = find_koppelkansen(dossier, today=TODAY)
    riool = next(r for r in first.rows if r["soort"] == "koppelkans" and "Riool" in r["titel_b"] + r["titel_a"])
    layer = QgsVectorLayer(layer_uri(dossier, "koppelkansen"), "k", "ogr")
    layer.startEditing()
    for feat in layer.getFeatures():
        if feat["kans_id"] == riool["kans_id"]:
            layer.changeAttributeValue(feat.id(), layer.fields().indexOf("status"), "opgepakt")
            layer.changeAttributeValue(feat.id(), layer.fields().indexOf("reden"), "samen aanbesteed")
    assert layer.commitChanges()
    del layer
    # The waterschap postpones the cable beyond the breekverbod and adds a plan.
    import_plannen(_csv(tmp_path / "ws2.csv", [
        f"W2;Nieuwe kabel;elektriciteitsnet;2034-Q1;2034-Q2;{wkt('LINESTRING', (60, 40), (60, 60))}",
        f"W3;Gasleiding;gas;2028-Q1;2028-Q2;{wkt('LINESTRING', (20, 45), (20, 55))}"]), dossier, "Waterschap")
    second = find_koppelkansen(dossier, today=TODAY)
    stored = _kansen(dossier)
    assert stored[riool["kans_id"]][0]["status"] == "opgepakt"
    assert stored[riool["kans_id"]][0]["reden"] == "samen aanbesteed"
    assert riool["kans_id"] in second.kept
    kabel = next(r["kans_id"] for r in first.rows if r["soort"] == "breekverbod")
    with_cable = sorted(r["kans_id"] for r in first.rows if "Nieuwe kabel" in (r["titel_a"], r["titel_b"]))
    assert kabel in with_cable and second.vanished == with_cable and stored[kabel][0]["stand"] == "verdwenen"
    assert len(second.new) == 1 and stored[second.new[0]][0]["categorie_b"] == "gas"
    third = find_koppelkansen(dossier, today=TODAY)
    assert third.vanished == [] and third.new == [] and _kansen(dossier)[kabel][0]["stand"] == "verdwenen"


def test_project_has_styled_layers_and_a_decision_form(dossier):
    from qgis.core import QgsProject

    from wijkatlas.layers.schema import project_uri

    project = QgsProject()
    assert project.read(project_uri(dossier))
    kansen = project.mapLayersByName("Koppelkansen")[0]
    labels = [r.label() for r in kansen.renderer().rootRule().children()]
    assert "verdwenen" in labels and "koppelkans, sterkte 3" in labels and "breekverbod, sterkte 1" in labels
    fields = kansen.fields()
    assert kansen.editorWidgetSetup(fields.indexOf("status")).type() == "ValueMap"
    config = kansen.editFormConfig()
    assert not config.readOnly(fields.indexOf("status")) and not config.readOnly(fields.indexOf("reden"))
    assert config.readOnly(fields.indexOf("soort")) and config.readOnly(fields.indexOf("kans_id"))
    lines = project.mapLayersByName("Plannen (lijnen)")[0]
    assert lines.renderer().categories()[0].value() == "riolering"
    assert lines.editorWidgetSetup(lines.fields().indexOf("partner_id")).type() == "RelationReference"
    # A measure links its koppelkansen with a picker over the current koppelkansen, not with typed ids.
    for name in ("Maatregelen (punten)", "Maatregelen (lijnen)", "Maatregelen (gebieden)"):
        measures = project.mapLayersByName(name)[0]
        setup = measures.editorWidgetSetup(measures.fields().indexOf("koppelkansen"))
        assert setup.type() == "ValueRelation", name
        assert setup.config()["Layer"] == kansen.id() and setup.config()["Key"] == "kans_id"
        assert setup.config()["AllowMulti"]
