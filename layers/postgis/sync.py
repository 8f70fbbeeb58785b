"""GeoPackage code on a PostGIS dossier without a second implementation: `pg_dossier_copy` yields a GeoPackage
snapshot of the dossier (read-only: the transaction ends right away; writing: the dossier stays locked) and carries
the changes back into the schema in one transaction (`apply_changes`, row by row, see row_sync). `apply_geopackage`
is the structural variant Wijkdossier bijwerken uses: new tables and columns, metadata, styles and project.
"""
import os
import shutil
import tempfile
from contextlib import contextmanager

from ..schema import META_TABLE, NOTES_VIEW
from .connect import connect, database_name
from .from_postgis import export_schema
from .gpkg_tables import PROJECTS, STYLES, column_sql, iter_rows, open_gpkg, read_tables
from .pg_tables import check_pg_version, read_pg_tables
from .row_sync import apply_rows, read_rows, replace_rows
from .safety import add_bookkeeping, editable_layers, editor_layers, grant_editor, role_names
from .to_postgis import copy_project, copy_rows, copy_styles, create_notes_view, create_table


def _grant_new_table(cur, schema, table):
    owner, editor, reader = role_names(schema)
    cur.execute("SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s, %s)", (owner, editor, reader))
    if cur.fetchone()[0] < 3:
        return
    cur.execute(f'ALTER TABLE {schema}."{table}" OWNER TO {owner}')
    cur.execute(f'GRANT SELECT ON {schema}."{table}" TO {reader}')
    if table in editor_layers({table}):
        grant_editor(cur, schema, table, editor)


def add_table(cur, schema, table, con):
    """Create a table the schema lacks, with its rows from the GeoPackage, bookkeeping and the roles' rights."""
    create_table(cur, schema, table)
    copy_rows(cur, schema, table, iter_rows(con, table))
    if table.name in editable_layers():
        add_bookkeeping(cur, schema, table.name)
    _grant_new_table(cur, schema, table.name)


def add_columns(cur, schema, table, known):
    """Add the GeoPackage table's columns the schema table lacks (existing rows get NULL)."""
    for col in table.columns:
        if col.name not in known:
            cur.execute(f'ALTER TABLE {schema}."{table.name}" ADD COLUMN {column_sql(col)}')


def _replace_meta_styles_project(cur, ref, con, dbname, parts=(META_TABLE, STYLES, PROJECTS)):
    schema = ref.schema
    if META_TABLE in parts:
        meta = next(t for t in read_tables(con) if t.name == META_TABLE)
        cur.execute(f"DELETE FROM {schema}.{META_TABLE}")
        copy_rows(cur, schema, meta, iter_rows(con, meta))
    if STYLES in parts:
        cur.execute(f"DELETE FROM {schema}.{STYLES}")
        copy_styles(con, cur, schema, dbname)
    if PROJECTS in parts:
        cur.execute(f"DELETE FROM {schema}.{PROJECTS}")
        copy_project(con, cur, ref, dbname)


def apply_geopackage(cur, ref, gpkg, dbname):
    """Bring the schema in line with a GeoPackage made from it and upgraded by GeoPackage code: new tables are
    created, existing layers only get missing columns (the team's edits stay), metadata, styles and project are
    replaced."""
    schema = ref.schema
    have = {t.name: t for t in read_pg_tables(cur, schema, bookkeeping=True)}
    con = open_gpkg(gpkg)
    try:
        for table in read_tables(con):
            if table.name not in have:
                add_table(cur, schema, table, con)
            else:
                add_columns(cur, schema, table, {c.name for c in have[table.name].columns})
        if create_notes_view(cur, schema):  # an upgraded dossier gets the notes picker's view too
            _grant_new_table(cur, schema, NOTES_VIEW)
        _replace_meta_styles_project(cur, ref, con, dbname)
    finally:
        con.close()


def _dump(con, table):
    """Every row of a plain SQLite table (styles, project) in rowid order, or None when it is missing."""
    if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
        return None
    return con.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()


def apply_changes(cur, ref, pristine, changed, dbname):
    """Carry what GeoPackage code changed in `changed` (compared with `pristine`, the same snapshot untouched) into
    the schema: new tables and columns, rows of the dossier's layers one by one, result layers (no bookkeeping)
    replaced when they differ, metadata, styles and project when they differ. Returns {table: (new, changed,
    removed)} of the layers whose rows changed."""
    schema = ref.schema
    have = {t.name: t for t in read_pg_tables(cur, schema, bookkeeping=True)}
    old_con, new_con = open_gpkg(pristine), open_gpkg(changed)
    counts = {}
    try:
        old_tables = {t.name: t for t in read_tables(old_con)}
        new_tables = read_tables(new_con)
        for table in new_tables:
            if table.name == META_TABLE:
                continue
            if table.name not in have:
                add_table(cur, schema, table, new_con)
                counts[table.name] = (sum(len(b) for b in iter_rows(new_con, table)), 0, 0)
                continue
            known = {c.name for c in have[table.name].columns}
            names = [c.name for c in table.columns]
            old = read_rows(old_con, table.name, names, table.geometry) if table.name in old_tables else {}
            new = read_rows(new_con, table.name, names, table.geometry)
            if table.name in editable_layers():
                add_columns(cur, schema, table, known)
                done = apply_rows(cur, schema, table, old, new)
                if any(done):
                    counts[table.name] = done
            elif old != new or old_tables.get(table.name) != table:
                if old_tables.get(table.name) == table and set(names) <= known:
                    replace_rows(cur, schema, table, new)
                else:  # a result layer with other fields or geometry: a new table
                    cur.execute(f'DROP TABLE {schema}."{table.name}"')
                    add_table(cur, schema, table, new_con)
                counts[table.name] = (len(new), 0, len(old))
        for name in set(old_tables) - {t.name for t in new_tables} - set(editable_layers()) - {META_TABLE}:
            cur.execute(f'DROP TABLE IF EXISTS {schema}."{name}"')  # a result layer the code removed
        parts = [part for part in (META_TABLE, STYLES, PROJECTS) if _dump(old_con, part) != _dump(new_con, part)]
        if parts:
            _replace_meta_styles_project(cur, ref, new_con, dbname, parts)
    finally:
        old_con.close()
        new_con.close()
    return counts


def lock_dossier(pg, cur, schema):
    """Wait until no other Wijkatlas writer works on this dossier and hold it until the connection closes (a
    session advisory lock: it needs no rights on any table, so an editor may run a writing algorithm too). Ends the
    current transaction, so that the caller's next one sees what the previous writer committed."""
    cur.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"wijkatlas:{schema}",))
    pg.commit()


@contextmanager
def pg_dossier_copy(ref, write=False, min_version=1, feedback=None, changes=None):
    """Yield the path of a GeoPackage snapshot of the PostGIS dossier `ref`, in a temporary folder that is always
    removed. Read-only: one consistent snapshot, the transaction ends before the caller works. write=True: the
    dossier stays locked against a second writer while the caller changes the copy with GeoPackage code; afterwards
    the changes go into the schema row by row and everything commits at once, or (any error) nothing does.
    `changes`, a dict, receives apply_changes' counts."""
    folder = tempfile.mkdtemp(prefix="wijkatlas-postgis-")
    try:
        gpkg = os.path.join(folder, f"{ref.schema}.gpkg")
        with connect(ref) as pg, pg.cursor() as cur:
            pg.rollback()
            if write:
                lock_dossier(pg, cur, ref.schema)
            # a fresh transaction, so its snapshot is taken after the lock
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ" + ("" if write else ", READ ONLY"))
            check_pg_version(cur, ref.schema, min_version)
            export_schema(cur, ref.schema, gpkg, feedback)
            if not write:
                pg.rollback()
            else:
                pristine = os.path.join(folder, "ongewijzigd.gpkg")
                shutil.copyfile(gpkg, pristine)
                yield gpkg
                found = apply_changes(cur, ref, pristine, gpkg, database_name(pg))
                if changes is not None:
                    changes.update(found)
                return
        yield gpkg
    finally:
        shutil.rmtree(folder, ignore_errors=True)
