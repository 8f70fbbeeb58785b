"""Carrying the changes GeoPackage code made to a copy of a PostGIS dossier back into its schema, row by row.

The copy is compared with a pristine copy of the same snapshot, per table and by fid: new rows are inserted (the
database gives them a fid), changed rows updated, removed rows deleted. Rows nobody touched are not written, so a
colleague's edit to another row stays, and the database keeps its bookkeeping (versie, gewijzigd_op/door, audit)
for exactly the rows that changed. A row that is removed and added again unchanged (a writer that rewrites its
layer) is left alone. Runs in the caller's REPEATABLE READ transaction: a row a colleague changed since the snapshot
cannot be overwritten; the database refuses the whole transaction instead.
"""
from ..common import DossierError
from .gpkg_tables import Table, pk_and_geometry_columns, wkb_of
from .to_postgis import copy_rows

TEMP = "wijkatlas_wijzigingen"


def read_rows(con, name, columns, geometry):
    """{fid: (values of `columns`…[, wkb])} of a GeoPackage table; a column the table lacks reads as None."""
    pk, geom = pk_and_geometry_columns(con, Table(name, ()))
    have = {row[1] for row in con.execute(f'PRAGMA table_info("{name}")')}
    select = [f'"{pk}"'] + [f'"{c}"' if c in have else "NULL" for c in columns]
    if geometry:
        select.append(f'"{geom}"' if geom else "NULL")
    rows = {}
    for row in con.execute(f'SELECT {", ".join(select)} FROM "{name}"'):
        values = row[1:]
        rows[row[0]] = values[:-1] + (wkb_of(values[-1]),) if geometry else values
    return rows


def diff_rows(old, new):
    """(inserted, updated, deleted) fids from {fid: values} before and after; a deleted row that comes back
    unchanged under a new fid counts as neither."""
    inserted = sorted(f for f in new if f not in old)
    updated = sorted(f for f in new if f in old and new[f] != old[f])
    gone = {}
    for fid in sorted(f for f in old if f not in new):
        gone.setdefault(old[fid], []).append(fid)
    really_new = []
    for fid in inserted:
        same = gone.get(new[fid])
        if same:
            same.pop(0)
        else:
            really_new.append(fid)
    deleted = sorted(f for fids in gone.values() for f in fids)
    return really_new, updated, deleted


def _stale(table, what):
    return DossierError(f"Laag '{table}': {what} is intussen door iemand anders gewijzigd of verwijderd. Er is niets "
                        "opgeslagen; voer de bewerking opnieuw uit.")


def apply_rows(cur, schema, table, old, new):
    """Write the row differences of one table (a Table with the GeoPackage's columns, all present in the schema);
    returns (inserted, updated, deleted) counts."""
    inserted, updated, deleted = diff_rows(old, new)
    target = f'{schema}."{table.name}"'
    if deleted:
        cur.execute(f"DELETE FROM {target} WHERE fid = ANY(%s)", (deleted,))
        if cur.rowcount != len(deleted):
            raise _stale(table.name, "een object dat deze bewerking verwijdert")
    if inserted or updated:
        names = [f'"{c.name}"' for c in table.columns] + (['"geom"'] if table.geometry else [])
        cur.execute(f"DROP TABLE IF EXISTS pg_temp.{TEMP}")
        cur.execute(f'CREATE TEMP TABLE {TEMP} AS SELECT "fid", {", ".join(names)} FROM {target} WITH NO DATA')
        copy_rows(cur, "pg_temp", Table(TEMP, table.columns, table.geometry),
                  [[(fid,) + new[fid] for fid in updated + inserted]], sequence=False)
        if updated:
            sets = ", ".join(f"{n} = w.{n}" for n in names)
            cur.execute(f"UPDATE {target} t SET {sets}, versie_basis = t.versie FROM pg_temp.{TEMP} w "
                        "WHERE t.fid = w.fid AND w.fid = ANY(%s)", (updated,))
            if cur.rowcount != len(updated):
                raise _stale(table.name, "een object dat deze bewerking wijzigt")
        if inserted:
            cur.execute(f"INSERT INTO {target} ({', '.join(names)}) SELECT {', '.join(names)} FROM pg_temp.{TEMP} "
                        "WHERE fid = ANY(%s) ORDER BY fid", (inserted,))
        cur.execute(f"DROP TABLE pg_temp.{TEMP}")
    return len(inserted), len(updated), len(deleted)


def replace_rows(cur, schema, table, rows):
    """Replace every row of a table without bookkeeping (a result layer) by `rows`, keeping their fids."""
    cur.execute(f'DELETE FROM {schema}."{table.name}"')
    copy_rows(cur, schema, table, [[(fid,) + values for fid, values in sorted(rows.items())]])
