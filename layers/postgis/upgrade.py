"""Wijkdossier bijwerken for a PostGIS dossier, inside one transaction: the dossier is written to a temporary
GeoPackage, upgraded there by the same code as a GeoPackage dossier (layers, fields, forms, styles, project), and the
differences go back into the schema — new tables, new columns, metadata, styles and project — before one commit.
"""
import os
import shutil
import tempfile

from ..common import DossierError
from ..dossier import upgrade_dossier
from ..schema import META_TABLE, SCHEMA_VERSION
from .connect import connect, database_name
from .from_postgis import export_schema
from .gpkg_tables import PROJECTS, STYLES, iter_rows, open_gpkg, read_tables
from .pg_tables import read_pg_tables
from .safety import add_bookkeeping, editable_layers, editor_layers, role_names
from .to_postgis import copy_project, copy_rows, copy_styles, create_table


def pg_schema_version(cur, schema):
    cur.execute(f"SELECT waarde FROM {schema}.{META_TABLE} WHERE sleutel = 'schema_version'")
    row = cur.fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError) as err:
        raise DossierError(f"Het schema '{schema}' heeft geen geldige schemaversie.") from err


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


def _apply(cur, ref, gpkg, dbname):
    """Bring the schema in line with the upgraded GeoPackage: tables, columns, metadata, styles, project."""
    schema = ref.schema
    have = {t.name: t for t in read_pg_tables(cur, schema, bookkeeping=True)}
    con = open_gpkg(gpkg)
    try:
        for table in read_tables(con):
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
        meta = next(t for t in read_tables(con) if t.name == META_TABLE)
        cur.execute(f"DELETE FROM {schema}.{META_TABLE}")
        copy_rows(cur, schema, meta, iter_rows(con, meta))
        cur.execute(f"DELETE FROM {schema}.{STYLES}")
        copy_styles(con, cur, schema, dbname)
        cur.execute(f"DELETE FROM {schema}.{PROJECTS}")
        copy_project(con, cur, ref, dbname)
    finally:
        con.close()


def upgrade_postgis_dossier(ref, feedback=None):
    """Upgrade the dossier in ref.schema to SCHEMA_VERSION in one transaction; returns (old, new) versions."""
    with connect(ref) as pg, pg.cursor() as cur:
        cur.execute(f"LOCK TABLE {ref.schema}.{META_TABLE} IN EXCLUSIVE MODE")  # one upgrade at a time
        old = pg_schema_version(cur, ref.schema)
        if old > SCHEMA_VERSION:
            raise DossierError(f"Dit wijkdossier heeft schemaversie {old}; deze Wijkatlas kent tot versie "
                               f"{SCHEMA_VERSION}. Werk de plugin bij om het te openen.")
        if old == SCHEMA_VERSION:
            return old, old
        folder = tempfile.mkdtemp(prefix="wijkatlas-bijwerken-")
        try:
            gpkg = os.path.join(folder, f"{ref.schema}.gpkg")
            export_schema(cur, ref.schema, gpkg, feedback)
            upgrade_dossier(gpkg)
            _apply(cur, ref, gpkg, database_name(pg))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return old, SCHEMA_VERSION
