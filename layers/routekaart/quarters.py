"""Quarters as whole numbers (year * 4 + quarter - 1), their labels and the horizon of a routekaart."""
import re
from dataclasses import dataclass
from datetime import date

from ..common import WijkatlasError, is_null, quarter_label, quarter_of

QUARTER = re.compile(r"^\s*((?:19|20)\d\d)\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
MIN_QUARTERS = 4
DEFAULT_QUARTERS = 16


def parse_quarter(text):
    """'2027-Q2' -> 8109; None for empty; ValueError for text that is not a quarter."""
    if is_null(text) or not str(text).strip():
        return None
    match = QUARTER.match(str(text))
    if not match:
        raise ValueError(f"'{text}' is geen kwartaal (jaar-kwartaal, bijv. 2027-Q2)")
    return int(match.group(1)) * 4 + int(match.group(2)) - 1


label = quarter_label


def year_of(q):
    return q // 4


of_date = quarter_of


def current_quarter(today=None):
    return of_date(today or date.today())


@dataclass(frozen=True)
class Horizon:
    """The quarters shown: first to last inclusive."""

    first: int
    last: int

    @property
    def count(self):
        return self.last - self.first + 1

    def quarters(self):
        return range(self.first, self.last + 1)

    def labels(self):
        return [label(q) for q in self.quarters()]

    def contains(self, q):
        return self.first <= q <= self.last


def make_horizon(ends, start=None, end=None, today=None, minimum=DEFAULT_QUARTERS, maximum=32):
    """The horizon: from `start` (default the current quarter) to at least `minimum` quarters ahead, longer when a
    measure in `ends` (quarter numbers) runs longer, never beyond `maximum` quarters (eight years; later ends get an
    arrow).

    An explicit `end` is taken as given, but a horizon shorter than a year is refused with a Dutch message.
    """
    first = start if start is not None else current_quarter(today)
    if end is not None:
        if end - first + 1 < MIN_QUARTERS:
            raise WijkatlasError(f"De horizon {label(first)} – {label(end)} is korter dan een jaar; een wijkroutekaart "
                                 "beslaat minstens vier kwartalen (standaard zestien).")
        return Horizon(first, end)
    last = first + minimum - 1
    later = [e for e in ends if e is not None and e > last]
    if later:
        last = min(max(later), first + maximum - 1)
    return Horizon(first, last)
