"""A gemeente's own figures (CSV, XLSX or a QGIS table) read into {buurtcode: {column: value}} for joining."""
import csv
import os
import re

from .errors import WijkatlasError
from .values import cbs_number

CODE_CANDIDATES = ("buurtcode", "bu_code", "buurt_code", "code", "statcode", "wijkenenbuurten", "codering")


def read_csv(path):
    """(header, rows as lists) of a CSV in UTF-8 (with or without BOM) or cp1252, delimiter sniffed (; , tab)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with open(path, encoding=encoding, newline="") as fh:
                text = fh.read()
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(text.splitlines(), dialect) if any(c.strip() for c in r)]
    if not rows:
        raise WijkatlasError(f"Het bestand {os.path.basename(path)} is leeg.")
    return [h.strip() for h in rows[0]], rows[1:]


def read_xlsx(path):
    """(header, rows) of the first sheet of an XLSX workbook, via openpyxl."""
    try:
        import openpyxl
    except ImportError as err:
        raise WijkatlasError("Voor XLSX-bestanden is het Python-pakket 'openpyxl' nodig; dat ontbreekt in deze "
                             "QGIS-installatie. Sla het blad op als CSV, of laad het als laag in QGIS en kies die "
                             "laag als tabel.") from err
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)
                if any(c not in (None, "") for c in r)]
    finally:
        book.close()
    if not rows:
        raise WijkatlasError(f"Het eerste werkblad van {os.path.basename(path)} is leeg.")
    return [str(h).strip() if h is not None else "" for h in rows[0]], rows[1:]


def read_table(path):
    """(header, rows) of a .csv/.txt or .xlsx file; a clear error for other formats."""
    ext = os.path.splitext(path)[1].lower()
    if not os.path.isfile(path):
        raise WijkatlasError(f"Bestand niet gevonden: {path}")
    if ext in (".csv", ".txt"):
        return read_csv(path)
    if ext in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise WijkatlasError(f"Onbekend bestandstype '{ext}': gebruik CSV of XLSX, of kies een laag.")


def find_code_column(header, wanted=""):
    """The code column: the one asked for, else the first known code name (case-insensitive)."""
    lower = {h.lower(): h for h in header}
    if wanted:
        if wanted.lower() not in lower:
            raise WijkatlasError(f"Kolom '{wanted}' staat niet in de tabel (wel: {', '.join(header)}).")
        return lower[wanted.lower()]
    for name in CODE_CANDIDATES:
        if name in lower:
            return lower[name]
    raise WijkatlasError(f"Geen kolom met buurtcodes gevonden (verwacht bijv. 'buurtcode'); kolommen: "
                         f"{', '.join(header)}. Geef de kolom op.")


def field_name(column, taken):
    """A safe, unique field name for a column title."""
    base = re.sub(r"[^0-9a-z_]+", "_", column.strip().lower()).strip("_") or "veld"
    name, n = base[:60], 2
    while name in taken:
        name, n = f"{base[:56]}_{n}", n + 1
    taken.add(name)
    return name


def figures_by_code(header, rows, code_column, columns=None):
    """({CODE: {column: value}}, [(column, field name, is_numeric)], duplicate codes); numbers via cbs_number."""
    index = header.index(code_column)
    columns = [c for c in (columns or header) if c != code_column and c]
    unknown = [c for c in columns if c not in header]
    if unknown:
        raise WijkatlasError(f"Onbekende kolom(men): {', '.join(unknown)}.")
    positions = [header.index(c) for c in columns]
    numeric = []
    for pos in positions:
        cells = [r[pos] for r in rows if pos < len(r) and r[pos] not in (None, "") and str(r[pos]).strip()]
        numeric.append(all(cbs_number(c) is not None or str(c).strip() in (".", "NA", "-") for c in cells))
    taken = set()
    spec = [(c, field_name(c, taken), num) for c, num in zip(columns, numeric)]
    out, duplicates = {}, []
    for row in rows:
        code = str(row[index] if index < len(row) and row[index] is not None else "").strip().upper()
        if not code:
            continue
        if code in out:
            duplicates.append(code)
            continue
        values = {}
        for (col, _, num), pos in zip(spec, positions):
            cell = row[pos] if pos < len(row) else None
            values[col] = cbs_number(cell) if num else (str(cell).strip() if cell not in (None, "") else None)
        out[code] = values
    return out, spec, duplicates
