"""One reader for the tables users bring: CSV (any of ; , tab; UTF-8 or Windows-1252), XLSX sheets.

Every reader returns (headers, [(row number as the user sees it, [cells])]); blank rows are left out but keep the
numbering, so a report can point at the row in the user's own file. XLSX cells keep their type (numbers stay
numbers, dates become ISO text); CSV cells are stripped text.
"""
import csv
import datetime
import io
import os

from ..common import WijkatlasError

ENCODINGS = ("utf-8-sig", "cp1252")


def _decode(raw, name):
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WijkatlasError(f"{name} heeft een onbekende tekenset; sla het op als CSV (UTF-8).")


def _delimiter(text):
    """The delimiter: csv.Sniffer over the start of the file, else the most frequent of ; , tab in the first line."""
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters=";,\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.strip() else ""
        return max((";", ",", "\t"), key=first.count)


def _numbered(rows):
    """Header and numbered non-blank rows (row 1 is the header)."""
    if not rows:
        return [], []
    body = [(n, cells) for n, cells in enumerate(rows[1:], start=2)
            if any(str(c).strip() for c in cells if c is not None)]
    return [str(h).strip() if h is not None else "" for h in rows[0]], body


def read_csv(path):
    """(headers, numbered rows) of a CSV file."""
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        text = _decode(fh.read(), name)
    if not text.strip():
        raise WijkatlasError(f"{name} is leeg.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return _numbered([[c.strip() for c in cells] for cells in reader])


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def read_xlsx(path, sheet=""):
    """(headers, numbered rows) of the first (or named) sheet of an Excel workbook."""
    name = os.path.basename(path)
    try:
        import openpyxl  # lazy: optional dependency, only needed for Excel files
    except ImportError as err:
        raise WijkatlasError("Voor Excel-bestanden is het Python-pakket openpyxl nodig; dat ontbreekt in deze "
                             "QGIS-installatie. Sla het blad op als CSV, of laad het als laag in QGIS.") from err
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise WijkatlasError(f"{name} is geen leesbaar Excel-bestand (.xlsx).", details=str(err)) from err
    try:
        if sheet and sheet not in book.sheetnames:
            raise WijkatlasError(f"Blad '{sheet}' bestaat niet in {name}; wel: {', '.join(book.sheetnames)}.")
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [[_xlsx_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        raise WijkatlasError(f"Het werkblad van {name} is leeg.")
    return _numbered(rows)


def read_table(path, sheet=""):
    """Headers and numbered rows of a CSV or XLSX file, chosen by extension."""
    if not os.path.isfile(path):
        raise WijkatlasError(f"Bestand niet gevonden: {path}")
    ext = os.path.splitext(path)[1].lower()
    if ext in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet)
    if ext in (".csv", ".txt"):
        return read_csv(path)
    raise WijkatlasError(f"Onbekend bestandstype '{ext}': kies een CSV- of Excel-bestand (.csv of .xlsx); "
                         ".xls (oud Excel) wordt niet gelezen.")
