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
SCAN_ROWS = 10  # the header is looked for in the first rows


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


def _is_number(cell):
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    text = str(cell or "").strip().replace(".", "").replace(",", "").lstrip("-")
    return text.isdigit()


def _filled(cells):
    return [c for c in cells if c is not None and str(c).strip()]


def header_row(rows):
    """The 0-based index of the header among the first rows: the first row that is as wide as the table and holds
    no numbers (a title row above it has one or two cells)."""
    head = rows[:SCAN_ROWS]
    width = max((len(_filled(r)) for r in head), default=0)
    for i, cells in enumerate(head):
        filled = _filled(cells)
        if len(filled) >= max(2, width - 1) and not any(_is_number(c) for c in filled):
            return i
    return 0


def _two_row_header(top, bottom, below):
    """True when `bottom` continues a merged header: text only, and the row under it holds numbers."""
    filled = _filled(bottom)
    return bool(filled) and not any(_is_number(c) for c in filled) and \
        len(_filled(top)) < len(_filled(below)) and any(_is_number(c) for c in _filled(below))


def _merge_header(top, bottom):
    """Names from a header of two rows: a merged cell's title carries over the empty cells to its right."""
    names, carry = [], ""
    for i in range(max(len(top), len(bottom))):
        upper = str(top[i]).strip() if i < len(top) and top[i] is not None else ""
        lower = str(bottom[i]).strip() if i < len(bottom) and bottom[i] is not None else ""
        if upper:
            carry = upper
        elif not lower:
            carry = ""
        names.append(" ".join(p for p in ((upper or carry), lower) if p))
    return names


def _numbered(rows, header_at=0, notes=None):
    """Header and numbered non-blank rows. header_at: the header's row number (1-based); 0 = detect it.

    Columns without a name and without values are left out, and said in `notes`; a column without a name but with
    values gets the name 'kolom_<n>'.
    """
    if not rows:
        return [], []
    start = header_at - 1 if header_at else header_row(rows)
    if start >= len(rows):
        raise WijkatlasError(f"Kopregel {header_at} bestaat niet; het bestand heeft {len(rows)} rijen.")
    header = [str(h).strip() if h is not None else "" for h in rows[start]]
    first = start + 1
    if not header_at and first + 1 < len(rows) and _two_row_header(rows[start], rows[first], rows[first + 1]):
        header = _merge_header(rows[start], rows[first])
        first += 1
        _note(notes, f"De kop beslaat twee rijen ({start + 1} en {first}); kolomnamen zijn samengevoegd.")
    elif start:
        _note(notes, f"Rij {start + 1} is gebruikt als kopregel; de rij(en) erboven (titel) zijn overgeslagen.")
    body = [(n, cells) for n, cells in enumerate(rows[first:], start=first + 1)
            if any(str(c).strip() for c in cells if c is not None)]
    width = max([len(header)] + [len(c) for _, c in body])
    header += [""] * (width - len(header))
    keep = []
    for i, name in enumerate(header):
        has_values = any(i < len(c) and c[i] is not None and str(c[i]).strip() for _, c in body)
        if name or has_values:
            keep.append(i)
            if not name:
                header[i] = f"kolom_{i + 1}"
                _note(notes, f"Kolom {i + 1} heeft geen naam en heet nu '{header[i]}'.")
        else:
            _note(notes, f"Kolom {i + 1} is leeg (geen naam, geen waarden) en is overgeslagen.")
    return [header[i] for i in keep], [(n, [c[i] for i in keep if i < len(c)]) for n, c in body]


def _note(notes, text):
    if notes is not None:
        notes.append(text)


def read_csv(path, header_at=0, notes=None):
    """(headers, numbered rows) of a CSV file."""
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        text = _decode(fh.read(), name)
    if not text.strip():
        raise WijkatlasError(f"{name} is leeg.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return _numbered([[c.strip() for c in cells] for cells in reader], header_at, notes)


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def read_xlsx(path, sheet="", header_at=0, notes=None):
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
    return _numbered(rows, header_at, notes)


def read_table(path, sheet="", header_at=0, notes=None):
    """Headers and numbered rows of a CSV or XLSX file, chosen by extension.

    header_at: the row number (1-based) of the header; 0 = detect it (a title row above it is skipped, a header of
    two merged rows is joined). What was skipped or renamed is added to `notes`.
    """
    if not os.path.isfile(path):
        raise WijkatlasError(f"Bestand niet gevonden: {path}")
    ext = os.path.splitext(path)[1].lower()
    if ext in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet, header_at, notes)
    if ext in (".csv", ".txt"):
        return read_csv(path, header_at, notes)
    raise WijkatlasError(f"Onbekend bestandstype '{ext}': kies een CSV- of Excel-bestand (.csv of .xlsx); "
                         ".xls (oud Excel) wordt niet gelezen.")
