"""Forms in the dossier's project: widgets, Dutch constraints, partner relations; upgrading a version-1 dossier."""
import sqlite3

import pytest
from form_tools import map_values, validate
from osgeo import ogr
from participatie_fixture import make_dossier
from qgis.core import (
    Qgis,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsFeature,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerTools,
    QgsVectorLayerUtils,
)

from wijkatlas.layers.dossier.create import upgrade_dossier
from wijkatlas.layers.schema.definitions import META_TABLE, SCHEMA_VERSION
from wijkatlas.layers.schema.dossier_layers import layer_defs
from wijkatlas.layers.schema.geopackage import project_uri, schema_version
from wijkatlas.layers.schema.participatie import (
    MEASURE_LAYERS,
    NOTE_LAYERS,
    OPVOLGINGEN,
    STATUSSEN,
    THEMAS,
    quarters,
)


def _project_layers(path):
    project = QgsProject()
    assert project.read(project_uri(path))
    by_source = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    return project, by_source


def _valid(layer, values, field):
    return validate(layer, values, field)


@pytest.fixture()
def dossier(tmp_path, qgis_app):
    return make_dossier(tmp_path / "d.gpkg")


def test_project_has_forms_with_value_lists_and_partner_relations(dossier):
    project, layers = _project_layers(dossier)
    for name in list(NOTE_LAYERS) + list(MEASURE_LAYERS) + ["partners", "maatregel_partners"]:
        assert layers[name].isValid(), name
    note = layers["participatie_punten"]
    assert map_values(note, "thema") == list(THEMAS)
    measure = layers["maatregelen_vlakken"]
    assert map_values(measure, "status") == list(STATUSSEN)
    assert map_values(measure, "start_kwartaal") == list(quarters())
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
    # measures: tabs, and the other partners as a relation editor on the tab 'Wie'
    config = layers["maatregelen_punten"].editFormConfig()
    assert config.layout() == Qgis.AttributeFormLayout.DragAndDrop
    tabs = {tab.name(): tab for tab in config.tabs()}
    assert list(tabs) == ["Maatregel", "Wie", "Planning en geld", "Koppelingen"]
    relation_editors = [e for e in tabs["Wie"].children() if isinstance(e, QgsAttributeEditorRelation)]
    assert relation_editors and relation_editors[0].name() == "maatregelen_punten_partners"
    in_tabs = {e.name() for tab in config.tabs() for e in tab.children() if isinstance(e, QgsAttributeEditorField)}
    assert in_tabs == set(layers["maatregelen_punten"].fields().names()) - {"fid"}
    note_tabs = layers["participatie_punten"].editFormConfig().tabs()
    assert [t.name() for t in note_tabs] == ["Notitie", "Deelnemer"]
    # What was done with a note: a value list on the first tab (schema 3).
    assert map_values(note, "opvolging") == list(OPVOLGINGEN)
    assert "opvolging" in {e.name() for e in note_tabs[0].children()}
    # The privacy hint in its own titled box, shown in full (no field label squeezing it).
    box = next(e for e in note_tabs[1].children() if e.name() == "Privacy")
    assert box.type() == Qgis.AttributeEditorContainerType.GroupBox and box.columnCount() == 1
    hint = box.children()[0]
    assert hint.type() == Qgis.AttributeEditorType.TextElement and not hint.showLabel()
    budget = measure.editorWidgetSetup(measure.fields().indexOf("budget"))
    assert budget.type() == "Range" and budget.config()["Precision"] == 0 and budget.config()["Suffix"] == " €"


def test_forms_are_also_the_default_style_in_the_geopackage(dossier):
    alone = QgsVectorLayer(f"{dossier}|layername=maatregelen_punten", "m", "ogr")
    assert map_values(alone, "thema") == list(THEMAS)
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
    # since the 2022 division CBS codes may hold letters (Amsterdam: BU0363AA01): the form takes what CBS publishes
    ok, _ = _valid(note, {"tekst": "Te hard rijden", "thema": "mobiliteit", "buurtcode": "BU0363AA01"}, "buurtcode")
    assert ok
    ok, _ = _valid(note, {"tekst": "Te hard rijden", "thema": "mobiliteit", "buurtcode": "BU0363AA0"}, "buurtcode")
    assert not ok
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
    assert map_values(layers["participatie_lijnen"], "thema") == list(THEMAS)


class _LayerTools(QgsVectorLayerTools):
    """What QGIS Desktop hands every form; the relation editor needs it (without it, Qt crashes)."""

    def addFeature(self, *args):  # noqa: N802
        return False, QgsFeature()

    def startEditing(self, layer):  # noqa: N802
        return layer.startEditing()

    def stopEditing(self, layer, allowCancel=True):  # noqa: N802, N803
        return layer.commitChanges()

    def saveEdits(self, layer):  # noqa: N802
        return layer.commitChanges()

    def copyMoveFeatures(self, *args):  # noqa: N802
        return False


def test_measure_form_opens_and_refuses_an_end_before_the_start(dossier, qgis_iface):
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui, QgsMapCanvas

    QgsGui.editorWidgetRegistry().initEditors()
    project, layers = _project_layers(dossier)
    measure = layers["maatregelen_vlakken"]
    feat = QgsVectorLayerUtils.createFeature(measure)
    for key, value in {"titel": "Plein", "thema": "klimaat", "status": "idee", "start_kwartaal": "2028-Q1",
                       "eind_kwartaal": "2027-Q4"}.items():
        feat.setAttribute(key, value)
    tools, canvas = _LayerTools(), QgsMapCanvas()
    context = QgsAttributeEditorContext()
    context.setVectorLayerTools(tools)
    context.setMapCanvas(canvas)
    measure.startEditing()
    form = QgsAttributeForm(measure, feat, context)
    form.setMode(QgsAttributeEditorContext.Mode.AddFeatureMode)
    form.save()
    assert measure.featureCount() == 0  # hard constraint: not added
    form.changeAttribute("eind_kwartaal", "2028-Q3")
    assert form.save()
    assert measure.commitChanges()
    assert [f["eind_kwartaal"] for f in measure.getFeatures()] == ["2028-Q3"]
