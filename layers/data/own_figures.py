"""A gemeente's own figures (CSV, XLSX or a QGIS table) read into {buurtcode: {column: value}} for joining."""
import re

from ..common import WijkatlasError, cbs_number
from .tables import read_table as read_tables

CODE_CANDIDATES = ("buurtcode", "bu_code", "buurt_code", "code", "statcode", "wijkenenbuurten", "codering")


def read_figure_table(path, sheet=""):
    """(header, rows as lists) of a CSV/XLSX file through the shared table reader."""
    header, numbered = read_tables(path, sheet)
    return header, [cells for _, cells in numbered]


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
