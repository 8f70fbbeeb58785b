"""PostgreSQL dossier schema -> wijkdossier GeoPackage, built beside the destination and moved into place only when
everything succeeded: every layer and table with its fids, the styles and the stored project (GeoPackage sources).
The database's bookkeeping (versions, audit, roles) stays in the database.
"""
import json
import os
import sqlite3
from datetime import timezone

from qgis.core import QgsFeature, QgsField, QgsFields, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QByteArray, QDate, QDateTime, Qt, QTime

from ..common import DossierError, WijkatlasCancelled
from ..schema import check_new_path, create_notes_view, layer_uri, staged, write_layer
from .connect import connect
from .gpkg_tables import PROJECTS, STYLES, qgis_type
from .pg_tables import read_pg_tables, schema_exists
from .project_xml import project_to_gpkg
from .to_postgis import STYLE_COLUMNS

# The DDL GDAL gives a layer_styles table in a GeoPackage (as QGIS creates it when saving a style).
_STYLES_DDL = (
    'CREATE TABLE "layer_styles" ( "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "f_table_catalog" TEXT(256), '
    '"f_table_schema" TEXT(256), "f_table_name" TEXT(256), "f_geometry_column" TEXT(256), "styleName" TEXT(30), '
    '"styleQML" TEXT, "styleSLD" TEXT, "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), '
    '"ui" TEXT(30), "update_time" DATETIME DEFAULT (strftime(\'%Y-%m-%dT%H:%M:%fZ\',\'now\')))')


def _value(value):
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        if value.tzinfo is None:
            return value.isoformat()
        value = value.astimezone(timezone.utc)
        return QDateTime(QDate(value.year, value.month, value.day),
                         QTime(value.hour, value.minute, value.second, value.microsecond // 1000), Qt.TimeSpec.UTC)
    if hasattr(value, "isoformat"):
        return QDate(value.year, value.month, value.day)
    if isinstance(value, (memoryview, bytes)):
        return QByteArray(bytes(value))  # a Python bytes value reaches the GeoPackage as an empty blob
    return value


def _write_table(cur, schema, gpkg, table, first, feedback):
    fields = QgsFields()
    for col in table.columns:
        qtype, width = qgis_type(col)
        fields.append(QgsField(col.name, qtype, len=width))
    write_layer(gpkg, table.name, fields, table.geometry, [], first)
    layer = QgsVectorLayer(layer_uri(gpkg, table.name), table.name, "ogr")
    if not layer.isValid():
        raise DossierError(f"Laag '{table.name}' kon niet in het wijkdossier worden aangemaakt.")
    names = ["fid"] + [c.name for c in table.columns]
    geom = ", ST_AsBinary(geom)" if table.geometry else ""
    cur.execute(f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)}{geom} FROM {schema}."{table.name}" '
                "ORDER BY fid")
    out_fields = layer.fields()
    index = [out_fields.indexOf(n) for n in names]
    count = 0
    while True:
        rows = cur.fetchmany(2000)
        if not rows:
            break
        if feedback is not None and feedback.isCanceled():
            raise WijkatlasCancelled()
        feats = []
        for row in rows:
            feat = QgsFeature(out_fields)
            for i, value in zip(index, row[:len(names)]):
                feat.setAttribute(i, _value(value))
            if table.geometry and row[-1] is not None:
                geometry = QgsGeometry()
                geometry.fromWkb(bytes(row[-1]))
                feat.setGeometry(geometry)
            feats.append(feat)
        if not layer.dataProvider().addFeatures(feats):
            raise DossierError(f"Kon de rijen van '{table.name}' niet in het wijkdossier schrijven.",
                               details="; ".join(layer.dataProvider().errors()[-3:]))
        count += len(feats)
    del layer
    return count


def _style_time(value):
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _write_styles_and_project(cur, schema, gpkg):
    cur.execute(f"SELECT {', '.join(STYLE_COLUMNS).lower()} FROM {schema}.{STYLES} ORDER BY id")
    styles = cur.fetchall()
    cur.execute(f"SELECT name, metadata, content FROM {schema}.{PROJECTS} ORDER BY name")
    projects = cur.fetchall()
    con = sqlite3.connect(gpkg)
    try:
        with con:
            con.execute(_STYLES_DDL)
            con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                        "VALUES ('layer_styles', 'attributes', 'layer_styles', '', "
                        "strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
            for row in styles:
                values = list(row)
                values[1] = values[2] = ""
                values[8] = None if values[8] is None else int(values[8])
                values[12] = _style_time(values[12])
                con.execute(f"INSERT INTO layer_styles ({', '.join(STYLE_COLUMNS)}) VALUES "
                            f"({', '.join('?' * len(values))})", values)
            con.execute(f"CREATE TABLE {PROJECTS}(name TEXT PRIMARY KEY, metadata BLOB, content BLOB)")
            for name, metadata, content in projects:
                blob = project_to_gpkg(bytes(content), schema, os.path.basename(gpkg))
                con.execute(f"INSERT INTO {PROJECTS} VALUES (?, ?, ?)", (name, json.dumps(metadata or {}),
                                                                         blob.hex()))
    finally:
        con.close()


def export_schema(cur, schema, gpkg, feedback=None):
    """Write every table, the styles and the project of `schema` into the new GeoPackage `gpkg`; {layer: rows}."""
    if not schema_exists(cur, schema):
        raise DossierError(f"Het schema '{schema}' bestaat niet in deze database.")
    tables = read_pg_tables(cur, schema)
    if not tables:
        raise DossierError(f"Het schema '{schema}' bevat geen wijkdossier.")
    counts = {}
    for i, table in enumerate(tables):
        counts[table.name] = _write_table(cur, schema, gpkg, table, i == 0, feedback)
        if feedback is not None:
            feedback.setProgress(90 * (i + 1) / len(tables))
    _write_styles_and_project(cur, schema, gpkg)
    create_notes_view(gpkg)  # a view in the database, made again in the GeoPackage
    return counts


def postgis_to_dossier(ref, path, feedback=None):
    """Write the dossier in schema ref.schema to a new GeoPackage at `path`; returns {layer: rows}."""
    check_new_path(path)
    with connect(ref) as pg, pg.cursor() as cur:
        # staged() builds under the final file name, so the project's relative sources already fit
        with staged(path) as tmp:
            counts = export_schema(cur, ref.schema, tmp, feedback)
        pg.rollback()  # read only
    return counts
