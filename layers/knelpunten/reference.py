"""Reference values for knelpunt rules: CBS-published gemeente/NL rows, else a weighted average over buurten."""
from functools import lru_cache

from ..common import cbs_code, cbs_number
from ..common import indicator as _catalogue_indicator

indicator = lru_cache(maxsize=None)(_catalogue_indicator)

# Where a reference value came from; the explanation text names it.
SOURCE_CBS = "cbs"
SOURCE_WEIGHTED = "gewogen"
LEVEL_NIVEAU = {"gemeente": "gemeente", "nederland": "land"}


def as_records(rows):
    """Rows as a list of dicts: accepts a list of dicts or a pandas DataFrame (NaN stays missing)."""
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):
        return rows.to_dict("records")
    return list(rows)


def weighted_mean(rows, ind_id):
    """Average of an indicator over rows, weighted by the catalogue's base count; (value, n) or (None, 0).

    A buurt counts only when both its value and its weight are known and the weight is positive; a plain mean of
    percentages would give a buurt of 50 homes the same say as one of 5,000.
    """
    weight_id = indicator(ind_id).weight
    if not weight_id:
        return None, 0
    total = weights = 0.0
    used = 0
    for row in rows:
        value, weight = cbs_number(row.get(ind_id)), cbs_number(row.get(weight_id))
        if value is None or weight is None or weight <= 0:
            continue
        total += value * weight
        weights += weight
        used += 1
    return (total / weights, used) if weights > 0 else (None, 0)


class References:
    """Looks up the reference value of an indicator for a buurt: per gemeente or for the Netherlands."""

    def __init__(self, rows, reference_rows=None, gemeente_field="gemeentecode"):
        self.rows = as_records(rows)
        self.gemeente_field = gemeente_field
        self.by_level = {"gemeente": {}, "land": {}}
        for ref in as_records(reference_rows or []):
            niveau = str(ref.get("niveau") or "").strip().lower()
            if niveau in self.by_level:
                self.by_level[niveau][cbs_code(ref.get("code"))] = ref
        self._groups = None
        self._cache = {}

    def _gemeente_rows(self, code):
        if self._groups is None:
            self._groups = {}
            for row in self.rows:
                self._groups.setdefault(cbs_code(row.get(self.gemeente_field)), []).append(row)
        return self._groups.get(code, [])

    def _published(self, niveau, code, ind_id):
        table = self.by_level[niveau]
        ref = table.get(code)
        if ref is None and len(table) == 1 and (niveau == "land" or not code):
            ref = next(iter(table.values()))
        return None if ref is None else cbs_number(ref.get(ind_id))

    def value(self, ind_id, level, gemeentecode=""):
        """(value, source, detail) of the reference; value None when there is none (with the reason in detail)."""
        key = (ind_id, level, gemeentecode)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._lookup(ind_id, level, cbs_code(gemeentecode))
        return found

    def _lookup(self, ind_id, level, code):
        niveau = LEVEL_NIVEAU[level]
        published = self._published(niveau, code, ind_id)
        if published is not None:
            return published, SOURCE_CBS, "CBS-referentiecijfer"
        if level == "nederland":
            return None, None, "geen landelijk referentiecijfer in de referentietabel"
        if not indicator(ind_id).weight:
            return None, None, "geen gemeentecijfer en geen gewicht om buurten te middelen"
        value, used = weighted_mean(self._gemeente_rows(code), ind_id)
        if value is None:
            return None, None, "geen buurten met een waarde om te middelen"
        return value, SOURCE_WEIGHTED, f"gewogen gemiddelde van {used} buurten"
