"""Reading participation results from CSV or XLSX into rows keyed by our field names (personal columns left out)."""
from ..common import WijkatlasError
from ..data import map_columns, read_table

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
def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def records(path, sheet=""):
    """(list of (row number, dict our name -> text), personal headers, ignored headers); blank rows skipped."""
    headers, rows = read_table(path, sheet)
    mapping, personal, ignored = map_columns(headers, COLUMNS)
    if "tekst" not in mapping:
        raise WijkatlasError("Geen kolom met de notitie gevonden (verwacht bijv. 'tekst', 'notitie' of "
                             "'opmerking'). Gevonden kolommen: " + ", ".join(str(h) for h in headers if h) + ".")
    out = []
    for number, cells in rows:
        record = {name: (_cell(cells[i]) if i < len(cells) else "") for name, i in mapping.items()}
        record["_columns_ok"] = len(cells) >= len(headers) or all(i < len(cells) for i in mapping.values())
        out.append((number, record))
    return out, personal, ignored
