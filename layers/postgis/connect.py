"""Opening a PostgreSQL connection for a PgDossierRef: QGIS connection name or pg_service.conf service, credentials
from QGIS's authentication database only (kept in memory, never written), Dutch messages for every failure.
"""
from contextlib import contextmanager
from dataclasses import replace
from urllib.parse import parse_qs, quote, urlsplit

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsProviderRegistry

from ..common import DossierError
from ..schema import CRS, PROJECT_NAME
from .reference import PgDossierRef, check_schema_name

SRID = int(CRS.split(":")[1])


def _psycopg2():
    try:
        import psycopg2  # lazy: optional; only a PostGIS dossier needs it, the main job runs without PostgreSQL
    except ImportError as err:
        raise DossierError("De Python-module psycopg2 ontbreekt; die is nodig voor een dossier in PostGIS "
                           "(QGIS levert hem mee; op Debian: python3-psycopg2).") from err
    return psycopg2


def resolve(ref):
    """The ref with host, port, dbname, sslmode and authcfg taken from its QGIS connection (when it names one)."""
    if not ref.verbinding:
        return ref
    meta = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        conn = meta.findConnection(ref.verbinding)
    except Exception as err:  # QgsProviderConnectionException
        raise DossierError(f"De PostgreSQL-verbinding '{ref.verbinding}' bestaat niet in QGIS.",
                           details=str(err)) from err
    if conn is None:
        raise DossierError(f"De PostgreSQL-verbinding '{ref.verbinding}' bestaat niet in QGIS.")
    uri = QgsDataSourceUri(conn.uri())
    return replace(ref, service=ref.service or uri.service(), host=uri.host(), port=uri.port(),
                   dbname=uri.database(), authcfg=ref.authcfg or uri.authConfigId(),
                   sslmode=ref.sslmode or (QgsDataSourceUri.encodeSslMode(uri.sslMode())
                                           if uri.sslMode() != QgsDataSourceUri.SslMode.SslPrefer else ""))


def credentials(authcfg):
    """(user, password) from a Basic configuration in QGIS's authentication database; ('', '') without one."""
    if not authcfg:
        return "", ""
    cfg = QgsAuthMethodConfig()
    if not QgsApplication.authManager().loadAuthenticationConfig(authcfg, cfg, True) or not cfg.isValid():
        raise DossierError(f"De authenticatie '{authcfg}' staat niet in de QGIS-authenticatiedatabase (of het "
                           "hoofdwachtwoord is niet ingevoerd). Kies een bestaande authenticatie.")
    if cfg.method() != "Basic":
        raise DossierError(f"De authenticatie '{authcfg}' is van het type {cfg.method()}; voor PostgreSQL is een "
                           "'Basic'-authenticatie (gebruikersnaam en wachtwoord) nodig.")
    return cfg.config("username"), cfg.config("password")


def _where(ref):
    return f"service '{ref.service}'" if ref.service else f"{ref.host or 'localhost'}:{ref.port or 5432}"


def explain(err, ref):
    """A Dutch DossierError for a psycopg2 error (the technical text goes to details, never a password)."""
    psycopg2 = _psycopg2()
    text = str(err).strip()
    low = text.lower()
    code = getattr(err, "pgcode", None)
    if code in ("40001", "40P01"):  # serialization failure, deadlock: a colleague changed the same rows meanwhile
        msg = ("Iemand anders heeft tijdens deze bewerking dezelfde gegevens in het dossier gewijzigd; er is niets "
               "opgeslagen. Voer de bewerking opnieuw uit.")
    elif code == "WA409":  # the optimistic-locking trigger's own Dutch message
        msg = text.splitlines()[0] + " Er is niets opgeslagen."
    elif "password authentication failed" in low or "wachtwoord" in low:
        msg = (f"Aanmelden bij de database ({_where(ref)}) is mislukt: gebruikersnaam of wachtwoord in de "
               f"authenticatie '{ref.authcfg}' klopt niet.")
    elif "no password supplied" in low or "fe_sendauth" in low:
        msg = (f"De database ({_where(ref)}) vraagt een wachtwoord: kies een authenticatie (authcfg) met "
               "gebruikersnaam en wachtwoord uit de QGIS-authenticatiedatabase.")
    elif "does not exist" in low and "database" in low:
        msg = f"De database bestaat niet op de server ({_where(ref)}). Controleer de verbinding."
    elif "service file" in low or "definition of service" in low:
        msg = f"De service '{ref.service}' staat niet in pg_service.conf (zie PGSERVICEFILE)."
    elif isinstance(err, psycopg2.errors.InsufficientPrivilege) or "permission denied" in low:
        msg = ("Onvoldoende rechten in de database voor deze handeling (bijvoorbeeld een schema of rollen "
               "aanmaken). Vraag de databasebeheerder om die rechten; er is niets aangemaakt.")
    elif isinstance(err, psycopg2.OperationalError):
        msg = (f"De databaseserver ({_where(ref)}) is niet bereikbaar. Staat de server aan en klopt de "
               "verbinding (host, poort, service)?")
    else:
        first = text.splitlines()[0] if text else type(err).__name__
        msg = f"De database gaf een fout; er is niets gewijzigd. ({first})"
    return DossierError(msg, details=text)


@contextmanager
def connect(ref, autocommit=False):
    """An open psycopg2 connection for `ref` (rolled back and closed on error); PostGIS must be installed."""
    psycopg2 = _psycopg2()
    ref = resolve(ref)
    user, password = credentials(ref.authcfg)
    kwargs = {k: v for k, v in (("service", ref.service), ("host", ref.host), ("port", ref.port),
                                ("dbname", ref.dbname), ("sslmode", ref.sslmode), ("user", user),
                                ("password", password)) if v}
    try:
        conn = psycopg2.connect(connect_timeout=10, application_name="Wijkatlas", **kwargs)
    except psycopg2.Error as err:
        raise explain(err, ref) from None  # 'from None': the chained error could carry the DSN
    try:
        conn.autocommit = autocommit
        with conn.cursor() as cur:
            cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
            if cur.fetchone() is None:
                cur.execute("SELECT current_database()")
                raise DossierError(f"In database '{cur.fetchone()[0]}' is PostGIS niet geïnstalleerd. Vraag de "
                                   "beheerder om 'CREATE EXTENSION postgis;'; er is niets aangemaakt.")
        yield conn
        if not autocommit:
            conn.commit()
    except psycopg2.Error as err:
        conn.rollback()
        raise explain(err, ref) from err
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def database_name(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT current_database()")
        return cur.fetchone()[0]


def _connection_uri(ref, dbname):
    uri = QgsDataSourceUri()
    ssl = QgsDataSourceUri.decodeSslMode(ref.sslmode) if ref.sslmode else QgsDataSourceUri.SslMode.SslPrefer
    if ref.service:
        uri.setConnection(ref.service, dbname or ref.dbname, "", "", ssl, ref.authcfg)
    else:
        uri.setConnection(ref.host, ref.port, dbname or ref.dbname, "", "", ssl, ref.authcfg)
    return uri


def layer_source(ref, table, geometry=None, dbname=""):
    """The 'postgres' provider URI of one dossier table (no user or password in it: authcfg only)."""
    uri = _connection_uri(resolve(ref), dbname)
    uri.setDataSource(ref.schema, table, "geom" if geometry else None, "", "fid")
    if geometry:
        uri.setSrid(str(SRID))
    return uri.uri(False)


def project_storage_uri(ref, dbname="", project=PROJECT_NAME):
    """The URI of the project stored in the dossier schema (QGIS's PostgreSQL project storage)."""
    ref = resolve(ref)
    query = [("service", ref.service), ("authcfg", ref.authcfg), ("sslmode", ref.sslmode),
             ("dbname", dbname or ref.dbname), ("schema", ref.schema), ("project", project)]
    host = "" if ref.service else f"{ref.host}{':' + ref.port if ref.port else ''}"
    return f"postgresql://{host}?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in query if v)


def ref_of_project_uri(uri):
    """The PgDossierRef of a dossier project opened from PostgreSQL project storage ('postgresql://…', as
    project_storage_uri writes it), or None: another kind of project, another project name, or a server that no
    service and no QGIS connection names (a reference never holds a host or a password)."""
    if not isinstance(uri, str) or not uri.startswith("postgresql://"):
        return None
    parts = urlsplit(uri)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if query.get("project") != PROJECT_NAME:
        return None
    try:
        schema = check_schema_name(query.get("schema", ""))
    except DossierError:
        return None
    authcfg, sslmode = query.get("authcfg", ""), query.get("sslmode", "")
    if query.get("service"):
        return PgDossierRef(schema=schema, service=query["service"], authcfg=authcfg, sslmode=sslmode)
    host, _, port = (parts.netloc.rsplit("@", 1)[-1]).partition(":")
    meta = QgsProviderRegistry.instance().providerMetadata("postgres")
    for name, conn in sorted(meta.connections().items()):
        known = QgsDataSourceUri(conn.uri())
        if (known.host(), known.port() or "5432", known.database()) == (host, port or "5432", query.get("dbname")):
            return PgDossierRef(schema=schema, verbinding=name, authcfg=authcfg, sslmode=sslmode)
    return None
