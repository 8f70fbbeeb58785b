"""Reading a column of a user's table as numbers, deciding the notation per column from all of its values.

Dutch tables write 1.650 (thousands) and 12,5 (decimal); English ones 1,650 and 12.5. A cell like '1.650' is
1650 in a Dutch column and 1.65 in an English one, so the whole column decides. A column whose cells fit both
readings and gives no other clue (and no clue from the other columns) is refused, never guessed. CBS sentinels
(≤ -99990), StatLine's '.', 'NA', 'x' and '-' are NULL; a numeric column with a few cells that are no number stays
numeric: those cells become NULL and are listed (row, value).
"""
import re

from ..common import SENTINEL_LIMIT, WijkatlasError

MISSING_TEXT = {"", ".", "NA", "-", "x", "?", "null", "None"}  # as StatLine and CBS write 'no figure'

PLAIN = re.compile(r"^[-+]?\d+$")
DOT3 = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")           # 1.650, 12.345.678: NL thousands or EN decimal
COMMA3 = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")          # 1,650: EN thousands or NL decimal
NL_ONLY = re.compile(r"^[-+]?(\d+,\d*|,\d+|\d{1,3}(\.\d{3})+,\d*)$")   # 12,5 · 1.650,25
EN_ONLY = re.compile(r"^[-+]?(\d+\.\d*|\.\d+|\d{1,3}(,\d{3})+\.\d*)$")  # 12.5 · 1,650.25
NUMERIC_SHARE = 0.8  # a column is numeric when at least this share of its filled cells are numbers


def _text(cell):
    return str(cell).strip().replace(" ", "").replace("\u00a0", "")


def _missing(cell):
    return cell is None or _text(cell) in MISSING_TEXT


def cell_style(text):
    """'nl', 'en', 'both' (fits either), 'plain' (an integer) or None (no number)."""
    if PLAIN.match(text):
        return "plain"
    if DOT3.match(text) or COMMA3.match(text):
        return "both"
    if NL_ONLY.match(text) and not EN_ONLY.match(text):
        return "nl"
    if EN_ONLY.match(text) and not NL_ONLY.match(text):
        return "en"
    return None


def column_style(cells):
    """The notation the column's own cells show: 'nl', 'en', None (no clue); 'mixed' when they contradict."""
    styles = {cell_style(_text(c)) for c in cells if not _missing(c) and not isinstance(c, (int, float))}
    clues = styles & {"nl", "en"}
    dots = any(DOT3.match(_text(c)) for c in cells if isinstance(c, str))
    commas = any(COMMA3.match(_text(c)) for c in cells if isinstance(c, str))
    if clues == {"nl", "en"} or (dots and commas):
        return "mixed"  # 1.650 and 1,650 in one column, or 12,5 beside 12.5
    return clues.pop() if clues else None


def parse(cell, style):
    """A float from one cell in the column's notation, None for missing or sentinels; ValueError for no number."""
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, (int, float)):
        number = float(cell)
    else:
        text = _text(cell)
        if style == "nl":
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
        number = float(text)
    if number != number or number <= SENTINEL_LIMIT:
        return None
    return number


def numeric_column(name, cells, rows, table_style=None):
    """(is_numeric, values, bad cells [(row, value)]) for one column; WijkatlasError when its notation is ambiguous.

    cells: the column's values; rows: the row numbers the user sees, aligned with cells.
    """
    filled = [(r, c) for r, c in zip(rows, cells) if not _missing(c)]
    if not filled:
        return True, [None] * len(cells), []
    kinds = [isinstance(c, (int, float)) and not isinstance(c, bool) or cell_style(_text(c)) is not None
             for _, c in filled]
    if sum(kinds) < NUMERIC_SHARE * len(filled):
        return False, None, []
    style = column_style(cells)
    ambiguous = [c for _, c in filled if isinstance(c, str) and cell_style(_text(c)) == "both"]
    if style == "mixed":
        raise WijkatlasError(f"Kolom '{name}' schrijft getallen op twee manieren (bijv. '1.650' en '1,650', of "
                             "'12,5' en '12.5'); maak de notatie eenduidig.")
    if style is None and ambiguous:
        style = table_style
        if style is None:
            raise WijkatlasError(f"Kolom '{name}' is dubbelzinnig: '{ambiguous[0]}' kan een getal met "
                                 "duizendtalscheiding zijn of een decimaal getal. Schrijf de getallen zonder "
                                 "scheidingsteken voor duizendtallen (1650) of met decimalen (1,65 of 1.65).")
    values, bad = [], []
    for r, c in zip(rows, cells):
        if _missing(c):
            values.append(None)
            continue
        try:
            values.append(parse(c, style or "en"))
        except ValueError:
            values.append(None)
            bad.append((r, str(c)))
    return True, values, bad


def table_style(columns):
    """The notation most columns of a table show ('nl', 'en' or None), as a clue for columns without one."""
    votes = [column_style(cells) for cells in columns]
    nl, en = votes.count("nl"), votes.count("en")
    return "nl" if nl > en else "en" if en > nl else None
