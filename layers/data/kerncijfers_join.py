"""Joining figures to buurten by code in plain Python: every buurt kept, unmatched codes on both sides reported."""
from dataclasses import dataclass, field


@dataclass
class JoinResult:
    """Values per input row (aligned with the input codes) and the codes that found no partner."""

    values: list
    matched: int
    unmatched_layer: list = field(default_factory=list)
    unmatched_source: list = field(default_factory=list)
    missing_per_indicator: dict = field(default_factory=dict)


def join_figures(codes, figures, indicator_ids, source_prefix="BU"):
    """For each code the figures of indicator_ids (None when absent); source codes starting with source_prefix
    that no input row uses are reported, other source rows (gemeente, NL) are reference rows, not buurten."""
    empty = [None] * len(indicator_ids)
    values, unmatched, seen = [], [], set()
    missing = dict.fromkeys(indicator_ids, 0)
    for code in codes:
        code = (code or "").strip()
        row = figures.get(code)
        if row is None:
            values.append(empty)
            unmatched.append(code)
            continue
        seen.add(code)
        vals = [row.get(i) for i in indicator_ids]
        for ind_id, val in zip(indicator_ids, vals):
            if val is None:
                missing[ind_id] += 1
        values.append(vals)
    extra = sorted(c for c in figures if c.startswith(source_prefix) and c not in seen)
    return JoinResult(values, len(seen), unmatched, extra, missing)


def boundary_years(years):
    """The distinct, non-empty boundary years of a layer's 'jaar' values, as ints."""
    found = set()
    for year in years:
        try:
            if year is not None and str(year).strip() not in ("", "NULL"):
                found.add(int(year))
        except (TypeError, ValueError):
            continue
    return found


def vintage_problem(boundary, figures_year):
    """A Dutch explanation when boundary years differ from the figures' year (or are unknown), else None."""
    if not boundary:
        return (f"Het jaar van de grenzen is onbekend (geen veld 'jaar'); cijfers van {figures_year} passen "
                "alleen op grenzen van hetzelfde jaar.")
    if boundary != {figures_year}:
        years = ", ".join(str(y) for y in sorted(boundary))
        return (f"De grenzen zijn van {years}, de cijfers van {figures_year}. Buurtcodes en grenzen veranderen "
                "per jaar (bijv. gemeentelijke herindelingen), dus de koppeling kan cijfers aan de verkeerde buurt "
                "hangen.")
    return None
