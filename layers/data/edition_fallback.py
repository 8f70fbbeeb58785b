"""'Published later, not missing': indicators empty for a whole gemeente in a first release, and the newest earlier
edition in which they are filled.

A first release of a Kerncijfers edition carries empty income and energy cells (OData) or -99995/-99997 (PDOK) for
months. Such an indicator is reported as 'nog niet gepubliceerd in de editie <jaar>', never as 0, and can be
completed from the newest earlier edition that has it, in a field that carries that edition's year in its name.
"""
from dataclasses import dataclass

from ..common import FIRST_EDITION, WijkatlasCancelled, WijkatlasError


@dataclass
class Fallback:
    """One indicator completed from an earlier edition: the edition year and what that fetch delivered."""

    ind: object
    year: int
    figures: object

    @property
    def field_name(self):
        return f"{self.ind.id}_{self.year}"

    def alias(self, jaar):
        return (f"{self.ind.alias} – CBS {self.year}, nieuwste gevulde editie ({jaar}: nog niet gepubliceerd; "
                f"peiljaar {self.ind.reference_year(self.year)})")


def unpublished_text(ind, jaar):
    """The Dutch note for an indicator that is empty for the whole gemeente in edition jaar."""
    return f"{ind.label}: nog niet gepubliceerd in de editie {jaar} (leeg voor alle buurten)."


def newest_filled(cbs, jaar, gemeenten, indicators, max_back=3, info=None):
    """([Fallback], [indicators still empty]) searching editions jaar-1 … jaar-max_back, newest first.

    An edition that cannot be read is reported and skipped; a cancel is passed on."""
    info = info or (lambda text: None)
    todo, found = list(indicators), []
    for year in range(int(jaar) - 1, max(FIRST_EDITION, int(jaar) - max_back) - 1, -1):
        candidates = [ind for ind in todo if ind.in_edition(year)]
        if not candidates:
            continue
        try:
            figures = cbs.figures(year, gemeenten, candidates)
        except WijkatlasCancelled:
            raise
        except WijkatlasError as err:
            info(f"Editie {year} kon niet worden gelezen voor aanvulling: {err}")
            continue
        empty = set(figures.empty_indicators())
        for ind in candidates:
            if ind.id in figures.keys and ind.id not in empty:
                found.append(Fallback(ind, year, figures))
        done = {fb.ind.id for fb in found}
        todo = [ind for ind in todo if ind.id not in done]
        if not todo:
            break
    return found, todo
