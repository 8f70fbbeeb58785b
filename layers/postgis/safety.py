"""Working together on a PostGIS dossier, enforced by the database for every client: bookkeeping columns
(versie, gewijzigd_op, gewijzigd_door) kept by triggers, optimistic locking, an audit table and three roles.

The locking contract: an UPDATE sets versie_basis to the version it read (the stored versie_basis is always NULL, so
QGIS sends it with every change, see project_xml.VERSION_DEFAULT). The database refuses a missing or stale
versie_basis with SQLSTATE WA409 and a Dutch message, so a stale edit never overwrites a colleague's change; otherwise
it raises versie by one. versie, gewijzigd_op and gewijzigd_door are set by the database only.
"""
from ..schema import layer_defs

BOOKKEEPING = (("versie", "integer NOT NULL DEFAULT 1"), ("versie_basis", "integer"),
               ("gewijzigd_op", "timestamp with time zone"), ("gewijzigd_door", "text"))
BOOKKEEPING_NAMES = tuple(name for name, _ in BOOKKEEPING)
AUDIT_TABLE = "wijkatlas_audit"
STALE_SQLSTATE = "WA409"
EDITOR_PREFIXES = ("maatregel", "participatie", "plan")  # measures, partners' plans (and their import
# profiles) and notes: the layers the editor role may change

_FUNCTIONS = """
CREATE TABLE {s}.{audit} (
  id bigserial PRIMARY KEY, tijdstip timestamp with time zone NOT NULL DEFAULT clock_timestamp(),
  gebruiker text NOT NULL DEFAULT session_user, laag text NOT NULL, actie text NOT NULL, fid bigint,
  versie integer, oud jsonb, nieuw jsonb);
CREATE FUNCTION {s}.wijkatlas_bijhouden() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.versie := 1;
  ELSIF NEW.versie_basis IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '{code}', MESSAGE = format(
      'Wijziging van %s (fid %s) geweigerd: geef de versie mee waarop ze is gebaseerd '
      '(versie_basis = de gelezen versie).', TG_TABLE_NAME, OLD.fid);
  ELSIF NEW.versie_basis IS DISTINCT FROM OLD.versie THEN
    RAISE EXCEPTION USING ERRCODE = '{code}', MESSAGE = format(
      'Wijziging van %s (fid %s) geweigerd: iemand anders heeft dit object intussen gewijzigd (nu versie %s, uw '
      'wijziging gaat uit van versie %s). Laad de laag opnieuw en voer uw wijziging daarna opnieuw in.',
      TG_TABLE_NAME, OLD.fid, OLD.versie, NEW.versie_basis);
  ELSE
    NEW.versie := OLD.versie + 1;
  END IF;
  NEW.versie_basis := NULL;
  NEW.gewijzigd_op := clock_timestamp();
  NEW.gewijzigd_door := session_user;
  RETURN NEW;
END $f$;
CREATE FUNCTION {s}.wijkatlas_audit_schrijven() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog AS $f$
BEGIN
  INSERT INTO {s}.{audit} (laag, actie, fid, versie, oud, nieuw) VALUES (
    TG_TABLE_NAME, lower(TG_OP), COALESCE(NEW.fid, OLD.fid), COALESCE(NEW.versie, OLD.versie),
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'geom' END,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'geom' END);
  RETURN NULL;
END $f$;
"""


def editable_layers(present=None):
    """Names of the layers that carry bookkeeping: every schema layer (of `present`, when given)."""
    return [d.name for d in layer_defs() if present is None or d.name in present]


def grant_editor(cur, schema, table, editor):
    """Let the editor role change the rows of `table` (and use its fid sequence)."""
    cur.execute(f'GRANT INSERT, UPDATE, DELETE ON {schema}."{table}" TO {editor}')
    cur.execute("SELECT pg_get_serial_sequence(%s, 'fid')", (f'{schema}."{table}"',))
    seq = cur.fetchone()[0]
    if seq:
        cur.execute(f"GRANT USAGE ON SEQUENCE {seq} TO {editor}")


def editor_layers(present=None):
    return [n for n in editable_layers(present) if n.startswith(EDITOR_PREFIXES)]


def install_functions(cur, schema):
    cur.execute(_FUNCTIONS.format(s=schema, audit=AUDIT_TABLE, code=STALE_SQLSTATE))


def add_bookkeeping(cur, schema, table, have=()):
    """Bookkeeping columns and the two triggers on one table (existing columns are kept with their values)."""
    for name, definition in BOOKKEEPING:
        if name not in have:
            cur.execute(f'ALTER TABLE {schema}."{table}" ADD COLUMN "{name}" {definition}')
    cur.execute(f'CREATE TRIGGER wijkatlas_bijhouden BEFORE INSERT OR UPDATE ON {schema}."{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {schema}.wijkatlas_bijhouden()")
    cur.execute(f'CREATE TRIGGER wijkatlas_audit AFTER INSERT OR UPDATE OR DELETE ON {schema}."{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {schema}.wijkatlas_audit_schrijven()")


def role_names(schema):
    """(owner, editor, reader) role names of a dossier schema."""
    return tuple(f"wijkatlas_{schema}_{kind}" for kind in ("eigenaar", "redacteur", "lezer"))


def create_roles(cur, schema, tables):
    """The three roles and their rights; the connected user becomes a member of the owner role."""
    owner, editor, reader = role_names(schema)
    for role in (owner, editor, reader):
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if cur.fetchone() is None:
            cur.execute(f"CREATE ROLE {role} NOLOGIN")
    cur.execute(f"GRANT {owner} TO current_user")
    cur.execute(f"GRANT {reader} TO {editor}")
    cur.execute(f"ALTER SCHEMA {schema} OWNER TO {owner}")
    cur.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r'", (schema,))
    for (rel,) in cur.fetchall():
        cur.execute(f'ALTER TABLE {schema}."{rel}" OWNER TO {owner}')
    for func in ("wijkatlas_bijhouden", "wijkatlas_audit_schrijven"):
        cur.execute(f"ALTER FUNCTION {schema}.{func}() OWNER TO {owner}")
    cur.execute(f"GRANT USAGE ON SCHEMA {schema} TO {reader}")
    cur.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {reader}")
    cur.execute(f"REVOKE ALL ON {schema}.{AUDIT_TABLE} FROM {reader}")
    for table in editor_layers(tables):
        grant_editor(cur, schema, table, editor)
    return owner, editor, reader
