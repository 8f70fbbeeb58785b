"""Reading a wijkdossier GeoPackage table by table (columns, declared types, geometry as WKB) and the type mapping
between GeoPackage declarations, PostgreSQL types and QGIS field types.
"""
import re
import sqlite3
from dataclasses import dataclass

from qgis.PyQt.QtCore import QMetaType

from ..common import DossierError
from ..schema import is_view

# Tables of the dossier with their own handling (not copied as plain layers).
STYLES, PROJECTS = "layer_styles", "qgis_projects"
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_TEXT_WIDTH = re.compile(r"^TEXT\((\d+)\)$")
SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_PG_TYPES = {"INTEGER": "bigint", "MEDIUMINT": "integer", "INT": "integer", "SMALLINT": "smallint",
             "TINYINT": "smallint", "BOOLEAN": "boolean", "REAL": "double precision", "DOUBLE": "double precision",
             "FLOAT": "double precision", "DATE": "date", "DATETIME": "timestamp with time zone", "TEXT": "text",
             "BLOB": "bytea"}
_QGIS_TYPES = {"bigint": QMetaType.Type.LongLong, "integer": QMetaType.Type.Int, "smallint": QMetaType.Type.Int,
               "boolean": QMetaType.Type.Bool, "double precision": QMetaType.Type.Double,
               "date": QMetaType.Type.QDate, "timestamp with time zone": QMetaType.Type.QDateTime,
               "text": QMetaType.Type.QString, "character varying": QMetaType.Type.QString,
               "bytea": QMetaType.Type.QByteArray}


@dataclass(frozen=True)
class Column:
    name: str
    pg_type: str  # 'text', 'character varying', 'integer', …
    width: int = 0


@dataclass(frozen=True)
class Table:
    """One layer or table of a dossier: name, attribute columns (without fid and geometry), geometry type."""

    name: str
    columns: tuple
    geometry: str = None  # 'MultiPolygon', … or None for a plain table


def pg_type(declared):
    """The PostgreSQL type of a GeoPackage column declaration: 'TEXT(20)' -> 'varchar(20)'."""
    declared = (declared or "TEXT").upper().strip()
    width = _TEXT_WIDTH.match(declared)
    if width:
        return "character varying", int(width.group(1))
    return _PG_TYPES.get(declared, "text"), 0


def column_sql(col):
    return f'"{col.name}" ' + (f"varchar({col.width})" if col.width else col.pg_type)


def qgis_type(col):
    """(QMetaType, length) of a column for writing it back to a GeoPackage."""
    return _QGIS_TYPES.get(col.pg_type, QMetaType.Type.QString), col.width


def wkb_of(blob):
    """The WKB inside a GeoPackage geometry blob (None stays None)."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise ValueError("geen GeoPackage-geometrie")
    return blob[8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 7]:]


_GEOMETRY_NAMES = {"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon", "MULTIPOINT": "MultiPoint",
                   "MULTILINESTRING": "MultiLineString", "MULTIPOLYGON": "MultiPolygon",
                   "GEOMETRY": "Geometry", "GEOMETRYCOLLECTION": "GeometryCollection"}


def check_name(name, what):
    """A layer or field name that can go into SQL between double quotes; else a Dutch DossierError."""
    if not SAFE_NAME.match(name or ""):
        raise DossierError(f"{what} '{name}' heeft een naam die niet in PostgreSQL kan (alleen letters, cijfers en "
                           "'_', hooguit 63 tekens); er is niets aangemaakt.")
    return name


def read_tables(con):
    """Every layer and table of the dossier in gpkg_contents order (styles and project excluded)."""
    geoms = {row[0]: (row[1], row[2], row[3], row[4]) for row in con.execute(
        "SELECT table_name, column_name, geometry_type_name, z, m FROM gpkg_geometry_columns")}
    tables = []
    for (name,) in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type IN ('features', 'attributes') "
                               "ORDER BY rowid"):
        if name in (STYLES, PROJECTS) or is_view(con, name):  # a view (the notes picker's) is made, not copied
            continue
        check_name(name, "De laag")
        geom = geoms.get(name)
        columns = []
        for _, col, declared, _, _, pk in con.execute(f'PRAGMA table_info("{name}")'):
            if pk or (geom and col == geom[0]):
                continue
            columns.append(Column(check_name(col, f"Een veld van laag '{name}'"), *pg_type(declared)))
        geometry = None
        if geom:
            geometry = _GEOMETRY_NAMES.get(geom[1].upper(), "Geometry") + ("Z" if geom[2] == 1 else "") + (
                "M" if geom[3] == 1 else "")
        tables.append(Table(name, tuple(columns), geometry))
    return tables


def pk_and_geometry_columns(con, table):
    """(primary key column, geometry column or None) of a GeoPackage table."""
    pk = next((c[1] for c in con.execute(f'PRAGMA table_info("{table.name}")') if c[5]), "fid")
    row = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (table.name,)).fetchone()
    return pk, (row[0] if row else None)


def iter_rows(con, table, batch=1000):
    """Rows of a table as tuples (fid, *columns, wkb) in fid order, in batches."""
    pk, geom = pk_and_geometry_columns(con, table)
    cols = [f'"{pk}"'] + [f'"{c.name}"' for c in table.columns] + ([f'"{geom}"'] if geom else [])
    cur = con.execute(f'SELECT {", ".join(cols)} FROM "{table.name}" ORDER BY "{pk}"')
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            return
        yield [row[:-1] + (wkb_of(row[-1]),) if geom else row for row in rows]


def open_gpkg(path):
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
