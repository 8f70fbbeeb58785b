"""A reference to a wijkdossier in PostgreSQL: connection (QGIS connection name or pg_service.conf service),
authentication (a QGIS authcfg id, never a password) and schema; written as 'postgres:schema=oost;service=wijkatlas'.
"""
import re
from dataclasses import dataclass, replace
from urllib.parse import quote, unquote

from ..common import DossierError

PREFIX = "postgres:"
SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
_KEYS = ("schema", "verbinding", "service", "authcfg", "sslmode")


@dataclass(frozen=True)
class PgDossierRef:
    """Where a PostGIS dossier lives. `verbinding` is a QGIS connection name, `service` a pg_service.conf name.

    host/port/dbname are filled in by connect.resolve() from the QGIS connection; they are never part of the text.
    """

    schema: str
    verbinding: str = ""
    service: str = ""
    authcfg: str = ""
    sslmode: str = ""
    host: str = ""
    port: str = ""
    dbname: str = ""

    def text(self):
        """The reference as text: 'postgres:schema=…;service=…;authcfg=…'."""
        parts = [f"{k}={quote(getattr(self, k), safe='')}" for k in _KEYS if getattr(self, k)]
        return PREFIX + ";".join(parts)

    def display_name(self):
        """How a footer names the dossier: its schema, without connection details."""
        return f"{self.schema} (PostGIS)"

    def with_schema(self, schema):
        return replace(self, schema=check_schema_name(schema))


def is_postgres_ref(text):
    """True for a 'postgres:' dossier reference (anything else is taken as a GeoPackage path)."""
    return isinstance(text, str) and text.startswith(PREFIX)


def check_schema_name(name):
    """The schema name when it is safe as an unquoted PostgreSQL name; else a Dutch DossierError."""
    name = (name or "").strip()
    if not SCHEMA_RE.match(name):
        raise DossierError(f"De schemanaam '{name}' kan niet: gebruik alleen kleine letters, cijfers en '_' "
                           "(begin met een letter of '_', hooguit 40 tekens), bijvoorbeeld 'wijkaanpak_oost'.")
    if name.startswith("pg_") or name in ("public", "information_schema"):
        raise DossierError(f"De schemanaam '{name}' is gereserveerd; kies een eigen naam, bijvoorbeeld "
                           "'wijkaanpak_oost'.")
    return name


def parse_ref(text):
    """A PgDossierRef from 'postgres:schema=…;verbinding=…|service=…[;authcfg=…][;sslmode=…]'."""
    if not is_postgres_ref(text):
        raise DossierError(f"'{text}' is geen PostGIS-dossierverwijzing (die begint met '{PREFIX}').")
    values = {}
    for part in filter(None, text[len(PREFIX):].split(";")):
        key, sep, value = part.partition("=")
        if not sep or key not in _KEYS:
            raise DossierError(f"Onbekend onderdeel '{part}' in de dossierverwijzing; bekend zijn: "
                               f"{', '.join(_KEYS)}.")
        values[key] = unquote(value)
    if not values.get("verbinding") and not values.get("service"):
        raise DossierError("De dossierverwijzing noemt geen verbinding (QGIS-verbindingsnaam) of service "
                           "(pg_service.conf).")
    return PgDossierRef(schema=check_schema_name(values.pop("schema", "")), **values)


def make_ref(schema, verbinding="", service="", authcfg="", sslmode=""):
    """A checked PgDossierRef from algorithm parameters."""
    if not verbinding and not service:
        raise DossierError("Kies een PostgreSQL-verbinding uit QGIS of vul een service uit pg_service.conf in.")
    return PgDossierRef(schema=check_schema_name(schema), verbinding=verbinding or "", service=service or "",
                        authcfg=authcfg or "", sslmode=sslmode or "")
