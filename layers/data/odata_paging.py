"""Adaptive paging for CBS OData v3 TypedDataSet requests: never give up while progress is possible, never return
a partial table as if complete.

CBS refuses answers of more than 10,000 records ("…meer dan 10000 records"); users also report HTTP 500 above about
5,000 rows and with $skip. On such an error the page is halved (down to a minimum) and the part is fetched again
from its start; when even the smallest page fails, the filter is split: a list of clauses into halves, a single
'startswith(WijkenEnBuurten,'BU0363')' into one clause per next code character (0-9, A-Z: wijk codes may hold
letters since 2022). Rows of a part count only once the part has been read to its last page.
"""
import string

from ..common import WijkatlasError, WijkatlasNetworkError

CODE_CHARS = string.digits + string.ascii_uppercase
LIMIT_HINTS = ("10000", "10.000", "records", "meer dan", "more than", "too many")
PREFIX_CLAUSE = "startswith(WijkenEnBuurten,'"


class RowLimitError(WijkatlasError):
    """The service refused a part of the table even at the smallest page."""


def is_row_limit(err):
    """True for an answer that says (or may mean) 'too many rows': HTTP 500, or 400/413 naming the limit."""
    if not isinstance(err, WijkatlasNetworkError) or err.status is None:
        return False
    if err.status == 500:
        return True
    text = f"{err} {err.details}".lower()
    return err.status in (400, 413) and any(hint in text for hint in LIMIT_HINTS)


def split_clauses(clauses):
    """Smaller filters covering exactly the same rows, or None when the part cannot be split further."""
    if len(clauses) > 1:
        half = len(clauses) // 2
        return [clauses[:half], clauses[half:]]
    clause = clauses[0]
    if clause.startswith(PREFIX_CLAUSE) and clause.endswith("')"):
        prefix = clause[len(PREFIX_CLAUSE):-2]
        if len(prefix) >= 9:  # BU + gemeente + wijk (+ one buurt character): no finer split exists
            return None
        subs = [f"{PREFIX_CLAUSE}{prefix}{c}')" for c in CODE_CHARS]
        return [subs[:18], subs[18:]]
    return None


class AdaptivePager:
    """Fetch all rows for a list of OR-ed filter clauses; url_for(filter_text, top, skip) builds a request URL."""

    def __init__(self, get_json, url_for, page, min_page=250, max_failures=24, info=None, table=""):
        """max_failures bounds the refusals in a row (a dead service), not the total of a long, progressing run."""
        self.get_json = get_json
        self.url_for = url_for
        self.page = int(page)
        self.min_page = min(int(min_page), self.page)
        self.max_failures = max_failures
        self.failures = 0
        self.splits = 0
        self.info = info or (lambda text: None)
        self.table = table

    def _part(self, clauses):
        """All rows of one part, or RowLimitError; restarts from the first page with a smaller page on a refusal."""
        text = " or ".join(clauses)
        while True:
            rows, skip = [], 0
            url = self.url_for(text, self.page, 0)
            try:
                while url:
                    doc = self.get_json(url)
                    page = doc.get("value") if isinstance(doc, dict) else None
                    if not isinstance(page, list):
                        raise WijkatlasNetworkError(f"CBS gaf geen TypedDataSet-rijen voor {self.table}.", url, 200)
                    rows.extend(page)
                    skip += len(page)
                    url = doc.get("odata.nextLink")
                    if not url and len(page) >= self.page:
                        url = self.url_for(text, self.page, skip)
                    if skip > 50 * max(self.page, 1000):
                        raise WijkatlasNetworkError("CBS bleef rijen sturen; het ophalen is gestopt.", url)
                return rows
            except WijkatlasNetworkError as err:
                if not is_row_limit(err):
                    raise
                self._count_failure(err)
                if skip or self.page <= self.min_page:
                    # a refused follow-up page ($skip) means: split the filter, a smaller page will not help
                    raise RowLimitError(str(err)) from err
                self.page = max(self.min_page, self.page // 2)
                self.info(f"CBS weigerde het verzoek (HTTP {err.status}); opnieuw met pagina's van {self.page} rijen.")

    def _count_failure(self, err):
        self.failures += 1
        if self.failures > self.max_failures:
            raise WijkatlasNetworkError(
                f"CBS bleef verzoeken voor tabel {self.table} weigeren ({self.failures} keer, laatst HTTP "
                f"{err.status}), ook in kleine delen. Er is niets geschreven; probeer het later opnieuw.",
                err.url, err.status, err.details) from err

    def fetch(self, clauses):
        """Every row matching any of the clauses; RowLimitError/WijkatlasNetworkError when that is impossible."""
        rows, stack = [], [list(clauses)]
        while stack:
            part = stack.pop()
            try:
                rows.extend(self._part(part))
                self.failures = 0  # progress: the budget only bounds refusals in a row
            except RowLimitError as err:
                smaller = split_clauses(part)
                if smaller is None:
                    raise WijkatlasNetworkError(
                        f"CBS weigert ook het kleinste deel van tabel {self.table} ({' or '.join(part)}); de tabel "
                        "zou onvolledig zijn, dus er is niets geschreven. Probeer het later opnieuw.") from err
                self.splits += 1
                self.info(f"Filter opgesplitst in {len(smaller)} delen ({len(part)} voorwaarde(n)).")
                stack.extend(reversed(smaller))
        return rows
