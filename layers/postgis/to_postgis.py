"""Wijkdossier (GeoPackage) -> PostgreSQL schema, in one transaction: every layer and table, the styles, the stored
project (with PostgreSQL data sources) and the safeguards for working together. A failure leaves nothing behind.
"""
import io
import json
import struct

from ..common import DossierError, WijkatlasCancelled
from ..schema import NOTE_LAYERS, NOTES_VIEW, notes_view_sql, read_meta
from .connect import SRID, connect, database_name, layer_source
from .gpkg_tables import PROJECTS, STYLES, column_sql, iter_rows, open_gpkg, read_tables
from .pg_tables import create_project_table, create_styles_table, schema_exists
from .project_xml import project_to_postgres
from .safety import BOOKKEEPING_NAMES, add_bookkeeping, create_roles, editable_layers, install_functions

STYLE_COLUMNS = ("id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                 "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time")


def create_table(cur, schema, table):
    # int4 fid: QGIS then uses the fid itself as feature id, as with a GeoPackage (same ids, same label order)
    cols = ['"fid" serial PRIMARY KEY'] + [column_sql(c) for c in table.columns]
    if table.geometry:
        cols.append(f'"geom" geometry({table.geometry}, {SRID})')
    cur.execute(f'CREATE TABLE {schema}."{table.name}" ({", ".join(cols)})')
    if table.geometry:
        cur.execute(f'CREATE INDEX "{table.name}_geom_idx" ON {schema}."{table.name}" USING gist (geom)')


def create_notes_view(cur, schema):
    """The view over every notes layer that the measures' note picker reads (as in a GeoPackage dossier)."""
    cur.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = ANY(%s) AND c.relkind = 'r'", (schema, list(NOTE_LAYERS)))
    if cur.fetchone()[0] != len(NOTE_LAYERS):
        return False
    cur.execute(f'CREATE OR REPLACE VIEW {schema}."{NOTES_VIEW}" AS {notes_view_sql(schema)}')
    return True


def _copy_value(value):
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (bytes, memoryview)):
        return "\\\\x" + bytes(value).hex()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _ewkb_hex(wkb):
    """Hex EWKB (WKB with the dossier's SRID) as COPY takes it for a geometry column."""
    order = "<" if wkb[0] == 1 else ">"
    kind = struct.unpack(order + "I", wkb[1:5])[0]
    return (wkb[:1] + struct.pack(order + "II", kind | 0x20000000, SRID) + wkb[5:]).hex()


def copy_rows(cur, schema, table, batches, feedback=None, sequence=True):
    """COPY rows (fid, *columns[, wkb]) in and (sequence=True) move the fid sequence past the highest fid; returns
    the count."""
    names = ['"fid"'] + [f'"{c.name}"' for c in table.columns] + (['"geom"'] if table.geometry else [])
    sql = f'COPY {schema}."{table.name}" ({", ".join(names)}) FROM STDIN'
    count = 0
    for rows in batches:
        if feedback is not None and feedback.isCanceled():
            raise WijkatlasCancelled()
        lines = []
        for row in rows:
            values = [_copy_value(v) for v in (row[:-1] if table.geometry else row)]
            if table.geometry:
                try:
                    values.append("\\N" if row[-1] is None else _ewkb_hex(bytes(row[-1])))
                except (struct.error, IndexError) as err:
                    raise DossierError(f"Laag '{table.name}' bevat een geometrie die niet te lezen is (fid {row[0]}); "
                                       "er is niets aangemaakt.") from err
            lines.append("\t".join(values))
        cur.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"))
        count += len(rows)
    if not sequence:
        return count
    cur.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'fid'), GREATEST(COALESCE(MAX(fid), 0), 1), "
                f'MAX(fid) IS NOT NULL) FROM {schema}."{table.name}"', (f'{schema}."{table.name}"',))
    return count


def copy_styles(con, cur, schema, dbname):
    if not con.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{STYLES}'").fetchone():
        return
    rows = con.execute(f'SELECT {", ".join(STYLE_COLUMNS)} FROM "{STYLES}" ORDER BY id').fetchall()
    for row in rows:
        values = list(row)
        values[1], values[2] = dbname, schema
        values[8] = None if values[8] is None else bool(values[8])
        cur.execute(f"INSERT INTO {schema}.{STYLES} ({', '.join(STYLE_COLUMNS).lower()}) "
                    f"VALUES ({', '.join(['%s'] * len(values))})", values)
    cur.execute(f"SELECT setval(pg_get_serial_sequence('{schema}.{STYLES}', 'id'), "
                f"GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM {schema}.{STYLES}")


def copy_project(con, cur, ref, dbname):
    if not con.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{PROJECTS}'").fetchone():
        raise DossierError("Het wijkdossier heeft geen opgeslagen project; open het eerst met 'Wijkdossier "
                           "bijwerken'.")
    geometry = {t.name: t.geometry for t in read_tables(con)}
    for name, metadata, content in con.execute(f"SELECT name, metadata, content FROM {PROJECTS}"):
        blob = bytes.fromhex(content) if isinstance(content, str) else bytes(content)
        blob = project_to_postgres(blob, lambda table: layer_source(ref, table, geometry.get(table), dbname),
                                   set(editable_layers(geometry)))
        cur.execute(f"INSERT INTO {ref.schema}.{PROJECTS} (name, metadata, content) VALUES (%s, %s, %s)",
                    (name, json.dumps(json.loads(metadata or "{}")), blob))


def dossier_to_postgis(gpkg, ref, overwrite=False, roles=True, feedback=None):
    """Copy the dossier `gpkg` into schema ref.schema; returns {layer: rows}. All or nothing.

    overwrite=False refuses an existing schema; roles=True creates the owner, editor and reader roles.
    """
    read_meta(gpkg)  # refuses files that are not a wijkdossier
    con = open_gpkg(gpkg)
    try:
        with connect(ref) as pg, pg.cursor() as cur:
            schema = ref.schema
            dbname = database_name(pg)
            if schema_exists(cur, schema):
                if not overwrite:
                    raise DossierError(f"Het schema '{schema}' bestaat al in database '{dbname}'. Wijkatlas "
                                       "overschrijft het alleen als u 'Bestaand schema overschrijven' aanzet.")
                cur.execute(f"DROP SCHEMA {schema} CASCADE")
            cur.execute(f"CREATE SCHEMA {schema}")
            counts = {}
            tables = read_tables(con)
            for i, table in enumerate(tables):
                create_table(cur, schema, table)
                counts[table.name] = copy_rows(cur, schema, table, iter_rows(con, table), feedback)
                if feedback is not None:
                    feedback.setProgress(90 * (i + 1) / len(tables))
            create_notes_view(cur, schema)
            create_styles_table(cur, schema)
            copy_styles(con, cur, schema, dbname)
            create_project_table(cur, schema)
            copy_project(con, cur, ref, dbname)
            install_functions(cur, schema)
            for table in tables:
                if table.name in editable_layers():
                    add_bookkeeping(cur, schema, table.name, {c.name for c in table.columns} & set(BOOKKEEPING_NAMES))
            if roles:
                create_roles(cur, schema, {t.name for t in tables})
            return counts
    finally:
        con.close()
