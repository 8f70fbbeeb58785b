"""A wijkdossier in PostgreSQL/PostGIS for a team: references, connections (QGIS connection or pg_service.conf,
credentials from QGIS's authentication database), lossless copies both ways, upgrades and database safeguards.
"""
from .attach_sql import attach_all_sql, pg_buurten
from .connect import connect, layer_source, project_storage_uri, ref_of_project_uri
from .dossier_pg import pg_dossier_inputs, pg_read_meta, store_result_layer_pg
from .from_postgis import postgis_to_dossier
from .reference import PREFIX, PgDossierRef, check_schema_name, is_postgres_ref, make_ref, parse_ref
from .safety import AUDIT_TABLE, BOOKKEEPING_NAMES, STALE_SQLSTATE, editor_layers, role_names
from .sync import pg_dossier_copy
from .to_postgis import dossier_to_postgis
from .upgrade import upgrade_postgis_dossier

__all__ = [
    "AUDIT_TABLE", "BOOKKEEPING_NAMES", "PREFIX", "attach_all_sql", "pg_buurten",
    "pg_dossier_copy", "pg_dossier_inputs", "pg_read_meta",
    "store_result_layer_pg", "PgDossierRef", "STALE_SQLSTATE", "check_schema_name", "connect",
    "dossier_to_postgis", "editor_layers", "is_postgres_ref", "layer_source", "make_ref", "parse_ref",
    "postgis_to_dossier", "project_storage_uri", "ref_of_project_uri", "role_names", "upgrade_postgis_dossier",
]
