"""Koppelkansen zoeken in a wijkdossier: read plans and measures, search, describe and store, one call."""
import datetime
import time
from dataclasses import dataclass, field

from ..common import WijkatlasCancelled
from ..common import quarter_index as index
from .categories import load_categories, load_matrix
from .dossier_plans import buurt_shapes, check_plans_dossier, search_input, write_kansen
from .results import kansen_rows
from .search import SearchParams, connected_groups, find_pairs, plan_arrays


@dataclass
class SearchResult:
    """What one search found and what it did to the stored koppelkansen."""

    rows: list = field(default_factory=list)
    plans: int = 0
    skipped: int = 0
    new: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    vanished: list = field(default_factory=list)
    seconds: float = 0.0

    def count(self, kind):
        """How many results of one kind ('koppelkans', 'conflict', 'breekverbod')."""
        return sum(1 for r in self.rows if r["soort"] == kind)


def current_quarter(day=None):
    """The quarter index of a date (today by default)."""
    day = day or datetime.date.today()
    return index(day.year, (day.month - 1) // 3 + 1)


def search_plans(plans, buurten, params, categories=None, matrix=None):
    """Koppelkansen rows (dicts with shapely geometry) for plan dicts; no dossier involved."""
    categories = categories or load_categories()
    matrix = matrix or load_matrix(categories)
    arrays = plan_arrays(plans, categories.names)
    pairs = find_pairs(arrays, categories, matrix, params)
    groups = connected_groups(len(plans), pairs["i"], pairs["j"])
    return kansen_rows(plans, pairs, groups, matrix, params, buurten)


def find_koppelkansen(dossier, touch=0.0, near=25.0, max_gap=4, with_measures=True, today=None, feedback=None,
                      write=True):
    """Search the dossier's plans (and measures) and store the koppelkansen; returns a SearchResult."""
    check_plans_dossier(dossier)
    started = time.perf_counter()
    categories = load_categories()
    plans, skipped = search_input(dossier, categories, with_measures)
    if feedback is not None and feedback.isCanceled():
        raise WijkatlasCancelled()
    params = SearchParams(touch=touch, near=max(near, touch), max_gap=max_gap, now=current_quarter(today))
    rows = search_plans(plans, buurt_shapes(dossier), params, categories)
    result = SearchResult(rows=rows, plans=len(plans), skipped=skipped)
    if write:
        result.new, result.kept, result.vanished = write_kansen(dossier, rows, today)
    result.seconds = time.perf_counter() - started
    return result
