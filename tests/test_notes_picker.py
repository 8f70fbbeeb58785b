"""A measure links notes with a picker over every notes layer (a view in the dossier), not with typed ids."""
import sqlite3

from qgis.core import QgsProject, QgsValueRelationFieldFormatter

from wijkatlas.layers.dossier.create import upgrade_dossier
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.definitions import META_TABLE, SCHEMA_VERSION
from wijkatlas.layers.schema.geopackage import project_uri
from wijkatlas.layers.schema.notes_view import NOTES_VIEW
from wijkatlas.layers.schema.participatie import MEASURE_LAYERS, NOTE_LAYERS


def _note_ids(path):
    """Every note id in the notes layers, read with sqlite (not through the view)."""
    con = sqlite3.connect(path)
    try:
        ids = {}
        for name in NOTE_LAYERS:
            ids[name] = {r[0] for r in con.execute(f'SELECT notitie_id FROM "{name}" WHERE notitie_id IS NOT NULL')}
        return ids
    finally:
        con.close()


def _check_picker(path):
    """Open the dossier as QGIS Desktop does and check each measure layer's note picker; returns its choices."""
    project = QgsProject.instance()
    assert project.read(project_uri(path))
    try:
        choices = None
        for name in MEASURE_LAYERS:
            layer = next(lyr for lyr in project.mapLayers().values() if lyr.source().endswith(f"layername={name}"))
            idx = layer.fields().indexOf("participatie_ids")
            setup = layer.editorWidgetSetup(idx)
            assert setup.type() == "ValueRelation", name
            config = setup.config()
            assert config["AllowMulti"] and config["Key"] == "notitie_id"
            source = project.mapLayer(config["Layer"])
            assert source is not None and source.isValid(), name
            assert source.source().endswith(f"layername={NOTES_VIEW}")
            cache = QgsValueRelationFieldFormatter.createCache(config)
            choices = {item.key: item.value for item in cache}
            # A stored link shows as the note's description, not as its id.
            for feat in layer.getFeatures():
                value = feat["participatie_ids"]
                if value:
                    shown = QgsValueRelationFieldFormatter().representValue(layer, idx, config, None, value)
                    key = value.strip("{}").split(",")[0]
                    assert shown.lstrip("{").startswith(f"{key} ") and len(shown) > len(key) + 9, (value, shown)
        return choices
    finally:
        project.clear()


def test_measure_picker_offers_every_note_of_every_layer(tmp_path, qgis_app):
    path = create_sample_dossier(str(tmp_path / "d.gpkg"))
    by_layer = _note_ids(path)
    assert all(by_layer.values()), by_layer  # the sample has notes with points, lines, areas and buurt only
    choices = _check_picker(path)
    assert set(choices) == set().union(*by_layer.values())
    # the id first, so that notes with the same opening words stay apart in a narrow picker
    assert all(text.startswith(f"{key} ") and ": " in text for key, text in choices.items())
    with sqlite3.connect(path) as con:  # a note added later is offered at once: the view reads the layers
        con.execute("INSERT INTO participatie_buurt (notitie_id, buurtcode, thema, tekst) "
                    "VALUES ('P-LATER1', 'BU03632700', 'wonen', 'Later toegevoegd')")
    con.close()
    assert "P-LATER1" in _check_picker(path)


def test_upgraded_dossier_gets_the_picker(tmp_path, qgis_app):
    path = create_sample_dossier(str(tmp_path / "d.gpkg"))
    con = sqlite3.connect(path)
    with con:  # as a dossier of schema 2 was: no view, typed ids
        con.execute(f'DROP VIEW "{NOTES_VIEW}"')
        con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (NOTES_VIEW,))
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("2", "schema_version"))
    con.close()
    assert upgrade_dossier(path) == (2, SCHEMA_VERSION)
    assert set(_check_picker(path)) == set().union(*_note_ids(path).values())
