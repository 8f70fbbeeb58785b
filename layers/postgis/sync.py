"""Applying a GeoPackage copy of a PostGIS dossier back to its schema, inside the caller's transaction: the way
GeoPackage code (Wijkdossier bijwerken, storing a result layer) works on a PostGIS dossier without a second
implementation.
"""
import os
import shutil
import tempfile
from contextlib import contextmanager

from ..schema import META_TABLE, NOTES_VIEW
from .connect import connect, database_name
from .from_postgis import export_schema
from .gpkg_tables import PROJECTS, STYLES, iter_rows, open_gpkg, read_tables
from .pg_tables import read_pg_tables
from .safety import add_bookkeeping, editable_layers, editor_layers, role_names
from .to_postgis import copy_project, copy_rows, copy_styles, create_notes_view, create_table


def _grant_new_table(cur, schema, table):
    owner, editor, reader = role_names(schema)
    cur.execute("SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s, %s)", (owner, editor, reader))
    if cur.fetchone()[0] < 3:
        return
    cur.execute(f'ALTER TABLE {schema}."{table}" OWNER TO {owner}')
    cur.execute(f'GRANT SELECT ON {schema}."{table}" TO {reader}')
    if table in editor_layers({table}):
        cur.execute(f'GRANT INSERT, UPDATE, DELETE ON {schema}."{table}" TO {editor}')
        cur.execute("SELECT pg_get_serial_sequence(%s, 'fid')", (f'{schema}."{table}"',))
        cur.execute(f"GRANT USAGE ON SEQUENCE {cur.fetchone()[0]} TO {editor}")


def apply_geopackage(cur, ref, gpkg, dbname, replace=()):
    """Bring the schema in line with a GeoPackage made from it and changed by GeoPackage code (upgrade, a stored
    result): new tables are created, tables named in `replace` (result layers) are replaced, the dossier's own
    layers only get missing columns (the team's edits stay), metadata, styles and project are replaced."""
    schema = ref.schema
    have = {t.name: t for t in read_pg_tables(cur, schema, bookkeeping=True)}
    con = open_gpkg(gpkg)
    try:
        for table in read_tables(con):
            if table.name in replace and table.name in have and table.name not in editable_layers():
                cur.execute(f'DROP TABLE {schema}."{table.name}"')
                del have[table.name]
            if table.name not in have:
                create_table(cur, schema, table)
                copy_rows(cur, schema, table, iter_rows(con, table))
                if table.name in editable_layers():
                    add_bookkeeping(cur, schema, table.name)
                _grant_new_table(cur, schema, table.name)
                continue
            known = {c.name for c in have[table.name].columns}
            for col in table.columns:
                if col.name not in known:
                    cur.execute(f'ALTER TABLE {schema}."{table.name}" ADD COLUMN '
                                f'"{col.name}" {f"varchar({col.width})" if col.width else col.pg_type}')
        if create_notes_view(cur, schema):  # an upgraded dossier gets the notes picker's view too
            _grant_new_table(cur, schema, NOTES_VIEW)
        meta = next(t for t in read_tables(con) if t.name == META_TABLE)
        cur.execute(f"DELETE FROM {schema}.{META_TABLE}")
        copy_rows(cur, schema, meta, iter_rows(con, meta))
        cur.execute(f"DELETE FROM {schema}.{STYLES}")
        copy_styles(con, cur, schema, dbname)
        cur.execute(f"DELETE FROM {schema}.{PROJECTS}")
        copy_project(con, cur, ref, dbname)
    finally:
        con.close()




@contextmanager
def via_geopackage(ref, replace=(), feedback=None):
    """Yield a GeoPackage copy of the dossier to change with GeoPackage code; on success the changes go back into
    the schema and everything commits at once (the dossier is locked against a second writer meanwhile)."""
    with connect(ref) as pg, pg.cursor() as cur:
        cur.execute(f"LOCK TABLE {ref.schema}.{META_TABLE} IN EXCLUSIVE MODE")
        folder = tempfile.mkdtemp(prefix="wijkatlas-postgis-")
        try:
            gpkg = os.path.join(folder, f"{ref.schema}.gpkg")
            export_schema(cur, ref.schema, gpkg, feedback)
            yield gpkg
            apply_geopackage(cur, ref, gpkg, database_name(pg), replace)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
