"""A gemeente's own figures (CSV, XLSX or a QGIS table) read into {buurtcode: {column: value}} for joining."""
import re

from ..common import WijkatlasError
from .number_columns import numeric_column, table_style

CODE_CANDIDATES = ("buurtcode", "bu_code", "buurt_code", "code", "statcode", "wijkenenbuurten", "codering")


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


def figures_by_code(header, rows, code_column, columns=None, row_numbers=None, notes=None):
    """({CODE: {column: value}}, [(column, field name, is_numeric)], duplicate codes).

    Each column is numeric or text as a whole (number_columns.numeric_column decides the notation from all its
    values); cells of a numeric column that are no number become NULL and are listed in `notes` with their row.
    row_numbers: the row number the user sees for each row (default: 2, 3, … under a header in row 1).
    """
    index = header.index(code_column)
    columns = [c for c in (columns or header) if c != code_column and c]
    unknown = [c for c in columns if c not in header]
    if unknown:
        raise WijkatlasError(f"Onbekende kolom(men): {', '.join(unknown)}.")
    numbers = list(row_numbers or range(2, len(rows) + 2))
    positions = [header.index(c) for c in columns]
    cells = {pos: [r[pos] if pos < len(r) else None for r in rows] for pos in positions}
    style = table_style(list(cells.values()))
    parsed, numeric = {}, []
    for col, pos in zip(columns, positions):
        is_num, values, bad = numeric_column(col, cells[pos], numbers, style)
        numeric.append(is_num)
        parsed[pos] = values
        if bad and notes is not None:
            shown = ", ".join(f"rij {r} ('{v}')" for r, v in bad[:10]) + (" …" if len(bad) > 10 else "")
            notes.append(f"Kolom '{col}': {len(bad)} cel(len) zonder getal zijn leeg (NULL) gelaten: {shown}.")
    taken = set()
    spec = [(c, field_name(c, taken), num) for c, num in zip(columns, numeric)]
    out, duplicates = {}, []
    for n, row in enumerate(rows):
        code = str(row[index] if index < len(row) and row[index] is not None else "").strip().upper()
        if not code:
            continue
        if code in out:
            duplicates.append(code)
            continue
        values = {}
        for (col, _, num), pos in zip(spec, positions):
            cell = cells[pos][n]
            values[col] = parsed[pos][n] if num else (str(cell).strip() if cell not in (None, "") else None)
        out[code] = values
    return out, spec, duplicates
