"""Reading a dossier schema in PostgreSQL: tables, columns, geometry types; the styles and project tables."""
from ..common import DossierError
from ..schema import META_TABLE, SCHEMA_VERSION
from .gpkg_tables import PROJECTS, STYLES, Column, Table
from .safety import AUDIT_TABLE, BOOKKEEPING_NAMES

OWN_TABLES = (STYLES, PROJECTS, AUDIT_TABLE)


def schema_exists(cur, schema):
    cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    return cur.fetchone() is not None


def create_styles_table(cur, schema):
    """QGIS's layer_styles table (text instead of xml, so any stored style fits), inside the dossier schema."""
    cur.execute(f"CREATE TABLE {schema}.{STYLES} (id serial PRIMARY KEY, f_table_catalog varchar, "
                "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, stylename text, "
                "styleqml text, stylesld text, useasdefault boolean, description text, owner varchar(63), ui text, "
                "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar, r_raster_column varchar)")


def create_project_table(cur, schema):
    """QGIS's project storage table for PostgreSQL."""
    cur.execute(f"CREATE TABLE {schema}.{PROJECTS} (name text PRIMARY KEY, metadata jsonb, content bytea)")


def read_pg_tables(cur, schema, bookkeeping=False):
    """The dossier's layers and tables in creation order; bookkeeping columns only when asked."""
    cur.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.oid", (schema,))
    names = [r[0] for r in cur.fetchall() if r[0] not in OWN_TABLES]
    cur.execute("SELECT f_table_name, type FROM geometry_columns WHERE f_table_schema = %s", (schema,))
    geoms = dict(cur.fetchall())
    tables = []
    for name in names:
        cur.execute("SELECT column_name, data_type, COALESCE(character_maximum_length, 0) FROM "
                    "information_schema.columns WHERE table_schema = %s AND table_name = %s "
                    "ORDER BY ordinal_position", (schema, name))
        columns = tuple(Column(col, typ, width) for col, typ, width in cur.fetchall()
                        if col not in ("fid", "geom") and (bookkeeping or col not in BOOKKEEPING_NAMES))
        geometry = geoms.get(name)
        tables.append(Table(name, columns, _geometry_name(geometry) if geometry else None))
    return tables


def _geometry_name(pg_name):
    names = {"MULTIPOLYGON": "MultiPolygon", "MULTILINESTRING": "MultiLineString", "MULTIPOINT": "MultiPoint",
             "POLYGON": "Polygon", "LINESTRING": "LineString", "POINT": "Point", "GEOMETRY": "Geometry"}
    return names.get(pg_name.upper(), "Geometry")


def pg_schema_version(cur, schema):
    """The schema version in the dossier's metadata; a Dutch error when the schema holds no dossier."""
    if not schema_exists(cur, schema):
        raise DossierError(f"Het schema '{schema}' bestaat niet in deze database.")
    cur.execute("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
                "AND c.relname = %s", (schema, META_TABLE))
    if cur.fetchone() is None:
        raise DossierError(f"Het schema '{schema}' bevat geen wijkdossier (de tabel {META_TABLE} ontbreekt).")
    cur.execute(f"SELECT waarde FROM {schema}.{META_TABLE} WHERE sleutel = 'schema_version'")
    row = cur.fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError) as err:
        raise DossierError(f"Het schema '{schema}' heeft geen geldige schemaversie.") from err


def check_pg_version(cur, schema, min_version=1):
    """Refuse, in Dutch, a PostGIS dossier of a newer Wijkatlas or older than `min_version`; returns its version."""
    version = pg_schema_version(cur, schema)
    if version > SCHEMA_VERSION:
        raise DossierError(f"Het PostGIS-dossier in schema '{schema}' is gemaakt met een nieuwere Wijkatlas "
                           f"(schemaversie {version}; deze versie kent tot {SCHEMA_VERSION}). Werk de plugin bij; "
                           "het dossier is niet gewijzigd.")
    if version < min_version:
        raise DossierError(f"Het PostGIS-dossier in schema '{schema}' heeft schemaversie {version}; hiervoor is "
                           f"versie {min_version} nodig. Werk het eerst bij met 'Wijkdossier bijwerken'.")
    return version
