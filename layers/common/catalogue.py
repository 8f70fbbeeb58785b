"""The indicator catalogue (layers/common/indicators.json): one place that describes every indicator, per edition."""
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache

CATALOGUE_PATH = os.path.join(os.path.dirname(__file__), "indicators.json")
FIRST_EDITION, LAST_EDITION = 2013, 2025
NOT_IN_EDITION = "niet in deze editie"


@dataclass(frozen=True)
class Indicator:
    """One indicator: stable field id, Dutch label, theme, unit, source field names and what each edition holds."""

    id: str
    label: str
    theme: str
    unit: str
    decimals: int
    higher_is_worse: object
    kind: str
    weight: object
    sources: dict = field(default_factory=dict, hash=False, compare=False)
    titles: tuple = field(default=(), hash=False, compare=False)
    editions: dict = field(default_factory=dict, hash=False, compare=False)
    reference: dict = field(default_factory=dict, hash=False, compare=False)
    concept: str = field(default="", hash=False, compare=False)

    @property
    def alias(self):
        """Field alias shown in QGIS: label with unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def source_fields(self, source):
        """Candidate field names for a source, in order of preference."""
        return list(self.sources.get(source, []))

    def in_edition(self, jaar):
        """True when CBS publishes this indicator in the edition (year) according to the catalogue."""
        jaar = int(jaar)
        first = int(self.editions.get("from", FIRST_EDITION))
        last = int(self.editions.get("to", LAST_EDITION))
        return first <= jaar <= last and jaar not in set(self.editions.get("absent", ()))

    def edition_note(self, jaar):
        """'' when published in the edition, else Dutch text saying it is not, and what replaced it when known."""
        if self.in_edition(jaar):
            return ""
        note = f"{self.label}: {NOT_IN_EDITION} ({jaar})"
        return f"{note}. {self.concept}" if self.concept else note + "."

    def reference_year(self, jaar):
        """The year the figures of edition jaar refer to (income: an earlier year)."""
        return int(jaar) + int(self.reference.get("offset", 0))

    def reference_text(self, jaar):
        """Dutch note on the reference year, e.g. 'peiljaar 2022 (inkomensjaar …)'; marked when unverified."""
        year = self.reference_year(jaar)
        text = f"peiljaar {year}"
        if self.reference.get("basis"):
            text += f" ({self.reference['basis']})"
        if self.reference and not self.reference.get("verified", False):
            text += " [niet geverifieerd]"
        return text


@lru_cache(maxsize=4)
def _document(path=CATALOGUE_PATH):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=4)
def load_catalogue(path=CATALOGUE_PATH):
    """All indicators in catalogue order, read from the JSON file."""
    out = []
    for entry in _document(path)["indicators"]:
        entry = dict(entry)
        entry["titles"] = tuple(entry.get("titles", ()))
        out.append(Indicator(**entry))
    return tuple(out)


def indicator(ind_id):
    """The indicator with this id; KeyError with the known ids otherwise."""
    for ind in load_catalogue():
        if ind.id == ind_id:
            return ind
    raise KeyError(f"Onbekende indicator '{ind_id}'")


def themes():
    """Theme id -> Dutch theme label."""
    return dict(_document()["themes"])


def edition_provenance(jaar=None):
    """Where each edition's key mapping comes from: {year: {'odata', 'verified', 'boundaries'}} (or one year's)."""
    editions = {int(y): dict(v) for y, v in _document()["editions"].items()}
    return editions if jaar is None else editions.get(int(jaar), {})
