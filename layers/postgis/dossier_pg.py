"""The main chain on a PostGIS dossier: its layers as 'postgres' layers for analyses and the atlas, storing a result
layer (knelpunten) in the schema all-or-nothing, and the atlas's participation texts.
"""
import json

from qgis.core import QgsVectorLayer

from ..common import DossierError
from ..dossier import store_result_layer
from ..schema import META_TABLE
from .connect import connect, database_name, layer_source
from .sync import pg_dossier_copy

RESULTS_KEY = "resultaatlagen"  # the same metadata key as a GeoPackage dossier's


def _results_and_geometry(cur, schema):
    cur.execute(f"SELECT waarde FROM {schema}.{META_TABLE} WHERE sleutel = %s", (RESULTS_KEY,))
    row = cur.fetchone()
    results = json.loads(row[0]) if row and row[0] else {}
    cur.execute("SELECT f_table_name FROM geometry_columns WHERE f_table_schema = %s", (schema,))
    return results, {r[0] for r in cur.fetchall()}


def pg_read_meta(ref):
    """The PostGIS dossier's metadata as a dict, like schema.read_meta for a GeoPackage."""
    with connect(ref) as pg, pg.cursor() as cur:
        cur.execute(f"SELECT sleutel, waarde FROM {ref.schema}.{META_TABLE}")
        meta = dict(cur.fetchall())
        pg.rollback()
    return meta


def pg_dossier_inputs(ref):
    """{name: QgsVectorLayer} like dossier.dossier_inputs: buurten, referentie and the stored result layers."""
    with connect(ref) as pg, pg.cursor() as cur:
        results, spatial = _results_and_geometry(cur, ref.schema)
        dbname = database_name(pg)
        pg.rollback()
    layers = {}
    for name, title in [("buurten", "Buurten"), ("referentie", "Referentiecijfers")] + list(results.items()):
        layer = QgsVectorLayer(layer_source(ref, name, name in spatial, dbname), title, "postgres")
        if layer.isValid():
            layers[name] = layer
    if "buurten" not in layers:
        raise DossierError(f"Het PostGIS-dossier in schema '{ref.schema}' heeft geen laag 'buurten'.")
    return layers


def store_result_layer_pg(ref, layer, name, title, style=None, transform_context=None):
    """Store `layer` as result layer `name` (styled, in the project) in the PostGIS dossier, in one transaction."""
    with pg_dossier_copy(ref, write=True) as gpkg:
        store_result_layer(gpkg, layer, name, title, style, transform_context)
    return name
