"""Schema-3 forms in the dossier's project: partner coalition lists, geldstromen lists and limits, the story form."""
import sqlite3

from form_tools import map_values, validate
from geldstromen_fixture import make_geld_dossier
from osgeo import ogr
from qgis.core import QgsProject

from wijkatlas.layers.dossier.create import upgrade_dossier
from wijkatlas.layers.schema import (
    COALITIEROLLEN,
    GELD_STATUSSEN,
    META_TABLE,
    PARTNERTYPES,
    SCHEMA_VERSION,
    project_uri,
    schema_version,
)


def _layers(path):
    project = QgsProject()
    assert project.read(project_uri(path))
    return project, {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}


def _valid(layer, values, field):
    return validate(layer, values, field)[0]


def test_forms_offer_value_lists_and_keep_contact_details_out(tmp_path, qgis_app):
    _, layers = _layers(make_geld_dossier(tmp_path / "d.gpkg"))
    partners, geld, story = layers["partners"], layers["geldstromen"], layers["wijkverhalen"]
    assert map_values(partners, "partnertype") == list(PARTNERTYPES)
    assert map_values(partners, "coalitierol") == list(COALITIEROLLEN)
    assert _valid(partners, {"contact": "team Wijkaanpak Oost"}, "contact")
    assert not _valid(partners, {"contact": "j.jansen@gemeente.nl"}, "contact")
    assert not _valid(partners, {"contact": "06-12345678"}, "contact")
    assert map_values(geld, "status") == list(GELD_STATUSSEN)
    assert _valid(geld, {"jaar": 2030}, "jaar") and not _valid(geld, {"jaar": 2060}, "jaar")
    assert not _valid(geld, {"jaar": 2027, "jaar_tot": 2025}, "jaar_tot")
    for code, ok in (("WK036327", True), ("WK0363AA", True), ("BU0363AA01", True), ("BU036327", False)):
        assert _valid(geld, {"gebied_niveau": "wijk", "gebiedscode": code}, "gebiedscode") == ok, code
    assert story.editorWidgetSetup(story.fields().indexOf("foto")).type() == "Binary"
    assert not _valid(story, {"foto": b"\x89PNG", "foto_credit": None}, "foto_credit")
    assert not _valid(story, {"tekst": "bel 020 123 4567"}, "tekst")
    assert _valid(story, {"tekst": "In 1920 lagen hier tuinderijen."}, "tekst")


def test_version_2_dossier_gets_the_new_layers_and_partner_fields(tmp_path, qgis_app):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    ds = ogr.Open(dossier, 1)
    for name in ("geldstromen", "wijkverhalen"):
        ds.DeleteLayer(name)
    partners = ds.GetLayerByName("partners")
    for field in ("partnertype", "coalitierol", "toezegging", "contact"):
        assert partners.DeleteField(partners.GetLayerDefn().GetFieldIndex(field)) == 0
    ds = None
    con = sqlite3.connect(dossier)
    with con:
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("2", "schema_version"))
    con.close()
    assert upgrade_dossier(dossier) == (2, SCHEMA_VERSION) and schema_version(dossier) == 3
    _, layers = _layers(dossier)
    assert layers["geldstromen"].isValid() and layers["wijkverhalen"].isValid()
    names = layers["partners"].fields().names()
    assert {"partnertype", "coalitierol", "toezegging", "contact"} <= set(names)
    assert sorted(f["naam"] for f in layers["partners"].getFeatures()) == ["Corporatie Test", "Gemeente Test"]
