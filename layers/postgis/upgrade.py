"""Wijkdossier bijwerken for a PostGIS dossier, inside one transaction: the dossier is written to a temporary
GeoPackage, upgraded there by the same code as a GeoPackage dossier (layers, fields, forms, styles, project), and the
differences go back into the schema — new tables, new columns, metadata, styles and project — before one commit.
"""
import os
import shutil
import tempfile

from ..dossier import made_by_older_plugin, upgrade_dossier
from ..schema import META_TABLE, SCHEMA_VERSION
from .connect import connect, database_name
from .from_postgis import export_schema
from .pg_tables import check_pg_version
from .sync import apply_geopackage, lock_dossier


def upgrade_postgis_dossier(ref, feedback=None):
    """Upgrade the dossier in ref.schema to SCHEMA_VERSION in one transaction, renewing its project, styles and views
    when an older Wijkatlas wrote it (as upgrade_dossier); returns (old, new) schema versions."""
    with connect(ref) as pg, pg.cursor() as cur:
        lock_dossier(pg, cur, ref.schema)  # not beside a writing algorithm
        old = check_pg_version(cur, ref.schema)  # a dossier of a newer Wijkatlas is refused, in Dutch
        cur.execute(f"LOCK TABLE {ref.schema}.{META_TABLE} IN EXCLUSIVE MODE")  # no other client writes it meanwhile
        cur.execute(f"SELECT sleutel, waarde FROM {ref.schema}.{META_TABLE}")
        if old == SCHEMA_VERSION and not made_by_older_plugin(dict(cur.fetchall())):
            return old, old
        folder = tempfile.mkdtemp(prefix="wijkatlas-bijwerken-")
        try:
            gpkg = os.path.join(folder, f"{ref.schema}.gpkg")
            export_schema(cur, ref.schema, gpkg, feedback)
            upgrade_dossier(gpkg)
            apply_geopackage(cur, ref, gpkg, database_name(pg))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return old, SCHEMA_VERSION
