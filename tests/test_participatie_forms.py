"""Forms in the dossier's project: widgets, Dutch constraints, partner relations; upgrading a version-1 dossier."""
import sqlite3

import pytest
from osgeo import ogr
from qgis.core import QgsFeature, QgsFieldConstraints, QgsProject, QgsVectorLayer, QgsVectorLayerUtils

from participatie_fixture import make_dossier
from wijkatlas.layers.dossier import project_uri, schema_version, upgrade_dossier
from wijkatlas.layers.dossier_schema import META_TABLE, SCHEMA_VERSION, layer_defs
from wijkatlas.layers.participatie_schema import MEASURE_LAYERS, NOTE_LAYERS, STATUSSEN, THEMAS, quarters


def _project_layers(path):
    project = QgsProject()
    assert project.read(project_uri(path))
    by_source = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    return project, by_source


def _map_values(layer, name):
    setup = layer.editorWidgetSetup(layer.fields().indexOf(name))
    assert setup.type() == "ValueMap", name
    return [v for entry in setup.config()["map"] for v in entry.values() if not v.startswith("{")]


def _valid(layer, values, field):
    feat = QgsFeature(layer.fields())
    for key, value in values.items():
        feat.setAttribute(key, value)
    ok, errors = QgsVectorLayerUtils.validateAttribute(layer, feat, layer.fields().indexOf(field),
                                                       QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
    return ok, errors


@pytest.fixture()
def dossier(tmp_path, qgis_app):
    return make_dossier(tmp_path / "d.gpkg")


def test_project_has_forms_with_value_lists_and_partner_relations(dossier):
    project, layers = _project_layers(dossier)
    for name in list(NOTE_LAYERS) + list(MEASURE_LAYERS) + ["partners", "maatregel_partners"]:
        assert layers[name].isValid(), name
    note = layers["participatie_punten"]
    assert _map_values(note, "thema") == list(THEMAS)
    measure = layers["maatregelen_vlakken"]
    assert _map_values(measure, "status") == list(STATUSSEN)
    assert _map_values(measure, "start_kwartaal") == list(quarters())
    for name in MEASURE_LAYERS:
        setup = layers[name].editorWidgetSetup(layers[name].fields().indexOf("trekker"))
        assert setup.type() == "RelationReference"
        relation = project.relationManager().relation(setup.config()["Relation"])
        assert relation.isValid()
        assert relation.referencedLayer().id() == layers["partners"].id()
        assert relation.fieldPairs() == {"trekker": "partner_id"}
        # other partners through the link table, shown in the measure's form
        assert project.relationManager().relation(f"{name}_partners").referencingLayer().id() == \
            layers["maatregel_partners"].id()
    link_setup = layers["maatregel_partners"].editorWidgetSetup(
        layers["maatregel_partners"].fields().indexOf("partner_id"))
    assert link_setup.type() == "RelationReference"
    coalition = layers["partners"].editorWidgetSetup(layers["partners"].fields().indexOf("wijkcoalitie"))
    assert coalition.type() == "CheckBox"


def test_forms_are_also_the_default_style_in_the_geopackage(dossier):
    alone = QgsVectorLayer(f"{dossier}|layername=maatregelen_punten", "m", "ogr")
    assert _map_values(alone, "thema") == list(THEMAS)
    con = sqlite3.connect(dossier)
    styled = {r[0] for r in con.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")}
    con.close()
    assert set(NOTE_LAYERS) | set(MEASURE_LAYERS) | {"partners", "maatregel_partners"} <= styled


def test_constraints_refuse_bad_features_with_dutch_messages(dossier):
    project, layers = _project_layers(dossier)  # keep the project: it owns the layers
    measure = layers["maatregelen_lijnen"]
    good = {"titel": "Herinrichting", "thema": "klimaat", "status": "gepland", "start_kwartaal": "2027-Q1",
            "eind_kwartaal": "2027-Q4"}
    for field in ("titel", "thema", "status", "eind_kwartaal"):
        assert _valid(measure, good, field)[0], field
    ok, errors = _valid(measure, dict(good, eind_kwartaal="2026-Q4"), "eind_kwartaal")
    assert not ok and any("niet vóór de start" in e for e in errors)
    ok, errors = _valid(measure, dict(good, start_kwartaal="2027 Q1"), "start_kwartaal")
    assert not ok and any("jaar-kwartaal" in e for e in errors)
    ok, errors = _valid(measure, dict(good, titel=None), "titel")
    assert not ok and any("titel" in e for e in errors)
    ok, errors = _valid(measure, dict(good, thema="sport"), "thema")
    assert not ok and any("Kies een thema" in e for e in errors)
    ok, _ = _valid(measure, dict(good, budget=-10.0), "budget")
    assert not ok
    note = layers["participatie_buurt"]
    ok, errors = _valid(note, {"tekst": "Te hard rijden", "thema": "mobiliteit", "buurtcode": "363"}, "buurtcode")
    assert not ok and any("BU gevolgd door 8 cijfers" in e for e in errors)
    ok, _ = _valid(note, {"tekst": "Te hard rijden", "thema": "mobiliteit", "buurtcode": "BU00010001"},
                   "buurtcode")
    assert ok
    ok, errors = _valid(note, {"tekst": "", "thema": "mobiliteit"}, "tekst")
    assert not ok and any("Schrijf de notitie op" in e for e in errors)


def test_new_features_get_ids_from_the_form_defaults(dossier):
    project, layers = _project_layers(dossier)  # keep the project: it owns the layers
    partners = layers["partners"]
    feat = QgsVectorLayerUtils.createFeature(partners)
    assert str(feat["partner_id"]).startswith("PA-") and len(str(feat["partner_id"])) == 13


def test_version_1_dossier_is_upgraded_with_the_new_layers(dossier):
    ds = ogr.Open(dossier, 1)
    for defn in layer_defs():
        if defn.since > 1:
            ds.DeleteLayer(defn.name)
    ds = None
    con = sqlite3.connect(dossier)
    with con:
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("1", "schema_version"))
    con.close()
    assert schema_version(dossier) == 1
    assert not QgsVectorLayer(f"{dossier}|layername=partners", "p", "ogr").isValid()
    assert upgrade_dossier(dossier) == (1, SCHEMA_VERSION)
    assert schema_version(dossier) == SCHEMA_VERSION
    project, layers = _project_layers(dossier)
    for defn in layer_defs():
        assert layers[defn.name].isValid(), defn.name
    assert layers["buurten"].featureCount() == 3
    assert project.relationManager().relation("maatregelen_punten_trekker").isValid()
    assert _map_values(layers["participatie_lijnen"], "thema") == list(THEMAS)
