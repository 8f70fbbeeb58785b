"""The editable category list and category-pair matrix of plans (JSON files beside this module)."""
import difflib
import json
import os
import unicodedata
from dataclasses import dataclass

from ..common import WijkatlasError

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES_JSON = os.path.join(HERE, "plan_categories.json")
MATRIX_JSON = os.path.join(HERE, "koppel_matrix.json")
KINDS = ("koppelkans", "conflict")


def _key(text):
    return " ".join(unicodedata.normalize("NFC", str(text or "")).strip().lower().split())


@dataclass(frozen=True)
class Categories:
    """Known categories with their flags and synonyms, and the category of each measure theme."""

    names: tuple
    digs: frozenset
    reshapes: frozenset
    synonyms: dict        # normalised text -> category
    measure_theme: dict
    measure_kind: dict    # soort -> category, or None: measures of that kind do not take part

    def measure_category(self, thema, soort):
        """The category a measure takes part with (None: it does not take part)."""
        if soort in self.measure_kind:
            return self.measure_kind[soort]
        return self.measure_theme.get(thema or "")

    def resolve(self, text, own_mapping=None):
        """(category or None, problem) for a partner's own wording; `own_mapping` is the partner's saved mapping."""
        key = _key(text)
        if not key:
            return None, "geen categorie"
        for source, target in (own_mapping or {}).items():
            if _key(source) == key:
                key = _key(target)
                break
        if key in self.synonyms:
            return self.synonyms[key], ""
        words = list(self.synonyms)
        near = difflib.get_close_matches(key, words, n=1, cutoff=0.6)
        hint = f"; bedoelt u '{self.synonyms[near[0]]}'?" if near else ""
        return None, f"onbekende categorie '{text}' (bekend: {', '.join(self.names)}){hint}"


def load_categories(path=CATEGORIES_JSON):
    """The categories file as Categories; a Dutch error when it is broken."""
    doc = _read(path)
    cats = doc.get("categorieen") or {}
    synonyms = {}
    for name, spec in cats.items():
        synonyms[_key(name)] = name
        for word in spec.get("synoniemen", ()):
            synonyms.setdefault(_key(word), name)
    themes = {k: v for k, v in (doc.get("maatregel_thema") or {}).items() if v in cats}
    kinds = {k: (v if v in cats else None) for k, v in (doc.get("maatregel_soort") or {}).items()}
    return Categories(tuple(cats), frozenset(n for n, s in cats.items() if s.get("graaft")),
                      frozenset(n for n, s in cats.items() if s.get("herinrichting")), synonyms, themes, kinds)


@dataclass(frozen=True)
class Matrix:
    """What a meeting of two categories means: {(a, b): (kind, explanation)} in both orders, plus the breekverbod."""

    pairs: dict
    breekverbod_quarters: int
    breekverbod_text: str

    def kind(self, a, b):
        """(kind or None, explanation)."""
        return self.pairs.get((a, b), (None, ""))


def load_matrix(categories, path=MATRIX_JSON):
    """The category-pair matrix; unknown categories or kinds give a Dutch error naming the entry."""
    doc = _read(path)
    pairs = {}
    for i, entry in enumerate(doc.get("paren") or (), 1):
        a, b, kind = entry.get("a"), entry.get("b"), entry.get("soort")
        bad = [c for c in (a, b) if c not in categories.names]
        if bad or kind not in KINDS:
            raise WijkatlasError(f"{os.path.basename(path)}, paar {i}: onbekende categorie of soort "
                                 f"({', '.join(map(str, bad)) or kind}).")
        pairs[(a, b)] = pairs[(b, a)] = (kind, entry.get("uitleg", ""))
    rule = doc.get("breekverbod") or {}
    return Matrix(pairs, int(rule.get("kwartalen", 12)), rule.get("uitleg", "breekverbod"))


def _read(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as err:
        raise WijkatlasError(f"Het bestand {os.path.basename(path)} kan niet worden gelezen.",
                             details=str(err)) from err
