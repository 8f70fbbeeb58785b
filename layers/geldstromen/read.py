"""Reading a geldstromen table (CSV/XLSX) into records keyed by our field names; personal columns are never read."""

from ..common import WijkatlasError
from ..data import map_columns, read_table

COLUMNS = {
    "van": ("van", "bron_geld", "financier", "betaler", "vanpartner"),
    "naar": ("naar", "ontvanger", "bestemming", "doel", "naarpartner"),
    "thema": ("thema", "onderwerp", "beleidsthema"),
    "gebiedscode": ("gebiedscode", "gebied", "code", "buurtcode", "wijkcode", "bucode", "wkcode"),
    "gebied_niveau": ("niveau", "gebiedniveau", "gebiedsniveau"),
    "maatregel_id": ("maatregel", "maatregelid", "maatregelcode"),
    "instrument": ("instrument", "soort", "soortgeld", "financieringsvorm"),
    "bedrag": ("bedrag", "bedrageuro", "bedraginEuro", "euro", "bedrag€", "totaal", "budget"),
    "jaar": ("jaar", "jaren", "periode", "begrotingsjaar"),
    "status": ("status", "fase"),
    "zekerheid": ("zekerheid", "betrouwbaarheid", "bekendgeschat"),
    "bron": ("bron", "herkomst", "bronvermelding"),
}
REQUIRED = ("van", "thema", "bedrag", "jaar")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # numbers from Excel stay numbers (amounts need no re-parsing)


def records(path, sheet=""):
    """(list of (row number, dict), personal headers, ignored headers); a clear error when a column is missing."""
    headers, rows = read_table(path, sheet)
    mapping, personal, ignored = map_columns(headers, COLUMNS)
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise WijkatlasError("Het bestand mist de kolom(men) " + ", ".join(missing) + ". Verwacht ten minste van, "
                             "thema, bedrag en jaar (en meestal naar, gebiedscode, status). Gevonden kolommen: "
                             + ", ".join(str(h) for h in headers if h) + ".")
    out = []
    for number, cells in rows:
        record = {name: (_cell(cells[i]) if i < len(cells) else "") for name, i in mapping.items()}
        out.append((number, record))
    return out, personal, ignored
