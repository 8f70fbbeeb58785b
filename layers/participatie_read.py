"""Reading participation results from CSV or XLSX into rows keyed by our field names (personal columns left out)."""
import csv
import datetime
import io
import os
import re

from .errors import WijkatlasError

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


def map_columns(headers):
    """(our name -> column index, [personal headers], [ignored headers])."""
    lookup = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
    mapping, personal, ignored = {}, [], []
    for i, header in enumerate(headers):
        key = _key(header)
        if not key:
            continue
        if key in PERSONAL or any(key.startswith(p) for p in ("naam", "email", "telefoon")):
            personal.append(str(header))
        elif key in lookup and lookup[key] not in mapping:
            mapping[lookup[key]] = i
        else:
            ignored.append(str(header))
    return mapping, personal, ignored


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WijkatlasError("Het CSV-bestand heeft een onbekende tekenset; sla het op als CSV (UTF-8).")


def read_csv(path):
    """(headers, [(row number, [cells])]) of a CSV file; ';', ',' or tab separated, UTF-8 or Windows-1252."""
    with open(path, "rb") as fh:
        text = _decode(fh.read())
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise WijkatlasError(f"{os.path.basename(path)} is leeg.")
    return rows[0], [(n, [c.strip() for c in cells]) for n, cells in enumerate(rows[1:], start=2)]


def read_xlsx(path, sheet=""):
    """(headers, [(row number, [cells])]) of the first (or named) sheet of an Excel workbook."""
    try:
        import openpyxl
    except ImportError as err:
        raise WijkatlasError("Voor Excel-bestanden is het Python-pakket openpyxl nodig; dat ontbreekt in deze "
                             "QGIS-installatie. Installeer openpyxl of sla het blad op als CSV.") from err
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise WijkatlasError(f"{os.path.basename(path)} is geen leesbaar Excel-bestand (.xlsx).",
                             details=str(err)) from err
    try:
        if sheet and sheet not in book.sheetnames:
            raise WijkatlasError(f"Blad '{sheet}' bestaat niet; wel: {', '.join(book.sheetnames)}.")
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        raise WijkatlasError(f"{os.path.basename(path)} bevat geen rijen.")
    return rows[0], list(enumerate(rows[1:], start=2))


def read_table(path, sheet=""):
    """Headers and numbered rows of a CSV or XLSX file, chosen by extension."""
    if not os.path.isfile(path):
        raise WijkatlasError(f"Bestand niet gevonden: {path}")
    ext = os.path.splitext(path)[1].lower()
    if ext in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet)
    if ext in (".csv", ".txt"):
        return read_csv(path)
    raise WijkatlasError("Kies een CSV- of Excel-bestand (.csv of .xlsx); .xls (oud Excel) wordt niet gelezen.")


def records(path, sheet=""):
    """(list of (row number, dict our name -> text), personal headers, ignored headers); blank rows skipped."""
    headers, rows = read_table(path, sheet)
    mapping, personal, ignored = map_columns(headers)
    if "tekst" not in mapping:
        raise WijkatlasError("Geen kolom met de notitie gevonden (verwacht bijv. 'tekst', 'notitie' of "
                             "'opmerking'). Gevonden kolommen: " + ", ".join(str(h) for h in headers if h) + ".")
    out = []
    for number, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        record = {name: (cells[i] if i < len(cells) else "") for name, i in mapping.items()}
        record["_columns_ok"] = len(cells) >= len(headers) or all(i < len(cells) for i in mapping.values())
        out.append((number, record))
    return out, personal, ignored
