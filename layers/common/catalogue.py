"""The indicator catalogue (layers/indicators.json): one place that describes every indicator."""
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache

CATALOGUE_PATH = os.path.join(os.path.dirname(__file__), "indicators.json")


@dataclass(frozen=True)
class Indicator:
    """One indicator: stable field id, Dutch label, theme, unit and source field names."""

    id: str
    label: str
    theme: str
    unit: str
    decimals: int
    higher_is_worse: object
    kind: str
    weight: object
    sources: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def alias(self):
        """Field alias shown in QGIS: label with unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def source_fields(self, source):
        """Candidate field names for a source, in order of preference."""
        return list(self.sources.get(source, []))


@lru_cache(maxsize=4)
def load_catalogue(path=CATALOGUE_PATH):
    """All indicators in catalogue order, read from the JSON file."""
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    return tuple(Indicator(**entry) for entry in doc["indicators"])


def indicator(ind_id):
    """The indicator with this id; KeyError with the known ids otherwise."""
    for ind in load_catalogue():
        if ind.id == ind_id:
            return ind
    raise KeyError(f"Onbekende indicator '{ind_id}'")


def themes():
    """Theme id -> Dutch theme label."""
    with open(CATALOGUE_PATH, encoding="utf-8") as fh:
        return dict(json.load(fh)["themes"])
