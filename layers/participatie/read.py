"""Reading participation results from CSV or XLSX into rows keyed by our field names (personal columns left out)."""
import re

from ..common import WijkatlasError
from ..data import read_table

# Our name -> column headers seen in practice (compared lower-case, without spaces, dots, dashes and underscores).
COLUMNS = {
    "x": ("x", "rdx", "xrd", "xcoord", "xcoordinaat"),
    "y": ("y", "rdy", "yrd", "ycoord", "ycoordinaat"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "wkt": ("wkt", "geometrie", "geometry", "geom"),
    "postcode": ("postcode", "pc", "pc6"),
    "huisnummer": ("huisnummer", "huisnr", "nr", "nummer"),
    "toevoeging": ("toevoeging", "huisletter", "huisnummertoevoeging"),
    "adres": ("adres", "straatenhuisnummer", "locatie"),
    "woonplaats": ("woonplaats", "plaats", "plaatsnaam"),
    "buurtcode": ("buurtcode", "bucode", "codebuurt"),
    "datum": ("datum", "date", "datumnotitie"),
    "methode": ("methode", "werkvorm", "bron_type"),
    "thema": ("thema", "onderwerp"),
    "soort": ("soort", "type", "soortnotitie"),
    "tekst": ("tekst", "notitie", "opmerking", "reactie", "toelichting"),
    "deelnemer_id": ("deelnemerid", "deelnemer", "respondent", "respondentnummer", "respondentid"),
    "leeftijdsgroep": ("leeftijdsgroep", "leeftijd", "leeftijdscategorie"),
    "huishouden": ("huishouden", "huishoudtype", "huishoudsamenstelling"),
    "woonsituatie": ("woonsituatie", "eigendom", "woning", "koophuur"),
    "bron": ("bron",),
}
# Columns that hold personal data: never read, never stored, never exported.
PERSONAL = ("naam", "voornaam", "achternaam", "email", "emailadres", "mail", "telefoon", "telefoonnummer", "tel",
            "mobiel", "contact", "contactgegevens", "geboortedatum", "bsn")


def _key(header):
    return re.sub(r"[\s._\-]+", "", str(header or "").strip().lower())


def is_personal_header(header):
    """True for a column that holds personal data (names, e-mail, phone, contact, date of birth, BSN)."""
    key = _key(header)
    return key in PERSONAL or any(key.startswith(p) for p in ("naam", "email", "telefoon"))


def map_columns(headers):
    """(our name -> column index, [personal headers], [ignored headers])."""
    lookup = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
    mapping, personal, ignored = {}, [], []
    for i, header in enumerate(headers):
        key = _key(header)
        if not key:
            continue
        if is_personal_header(header):
            personal.append(str(header))
        elif key in lookup and lookup[key] not in mapping:
            mapping[lookup[key]] = i
        else:
            ignored.append(str(header))
    return mapping, personal, ignored


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def records(path, sheet=""):
    """(list of (row number, dict our name -> text), personal headers, ignored headers); blank rows skipped."""
    headers, rows = read_table(path, sheet)
    mapping, personal, ignored = map_columns(headers)
    if "tekst" not in mapping:
        raise WijkatlasError("Geen kolom met de notitie gevonden (verwacht bijv. 'tekst', 'notitie' of "
                             "'opmerking'). Gevonden kolommen: " + ", ".join(str(h) for h in headers if h) + ".")
    out = []
    for number, cells in rows:
        record = {name: (_cell(cells[i]) if i < len(cells) else "") for name, i in mapping.items()}
        record["_columns_ok"] = len(cells) >= len(headers) or all(i < len(cells) for i in mapping.values())
        out.append((number, record))
    return out, personal, ignored
