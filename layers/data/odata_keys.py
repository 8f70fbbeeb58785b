"""Resolve catalogue indicators against a table's DataProperties, per edition: found, renamed, not in this edition.

Key suffixes (_<position>) are not stable, not even within one table's life (83765NED renamed
GemiddeldeWoningwaarde_35 to GemiddeldeWOZWaardeVanWoningen_35), so matching is on the key stem, then on the Title
(with the catalogue's title synonyms), never on a fixed key. An alias 'Groep > Stam' only matches under a
TopicGroup of that title (CBS repeats stems such as Huurwoning under gas and electricity).
"""
import re
from dataclasses import dataclass

NUMERIC = {"Long", "Double", "Integer", "Float", "Decimal", "Short"}
POSITION = re.compile(r"_\d+$")
RESOLVED, RENAMED, NOT_IN_EDITION, MISSING, UNEXPECTED = (
    "gevonden", "hernoemd", "niet in deze editie", "ontbreekt", "onverwacht aanwezig")


def key_stem(key):
    """A DataProperties Key without its _<position> suffix ('Woningvoorraad_34' -> 'Woningvoorraad')."""
    return POSITION.sub("", key or "")


def title_key(title):
    """The CamelCase key CBS derives from a title ('Gemiddelde WOZ-waarde van woningen' -> 'GemiddeldeWOZWaarde…')."""
    words = [w for w in re.split(r"[^0-9A-Za-z]+", (title or "").strip()) if w]
    text = "".join(w[0].upper() + w[1:] for w in words)
    return f"k_{text}" if text[:1].isdigit() else text


def normal_title(title):
    """A title for comparison: lower case, single spaces, no trailing dot."""
    return " ".join((title or "").lower().split()).rstrip(".").strip()


@dataclass
class KeyResolution:
    """How one indicator resolved in one table: status, key, title and unit as CBS states them, and how."""

    ind_id: str
    status: str
    key: str = None
    title: str = None
    unit: str = None
    via: str = ""

    @property
    def usable(self):
        return self.key is not None


class _Topics:
    """Numeric topics of a DataProperties list with their stem, normalised title and ancestor group titles."""

    def __init__(self, properties):
        by_id = {str(p.get("ID")): p for p in properties if p.get("ID") is not None}
        topics = [p for p in properties if p.get("Type") == "Topic"
                  and (p.get("Datatype") or "Double") in NUMERIC]
        topics.sort(key=lambda p: int(p.get("Position") or 0))
        self.items = []
        for prop in topics:
            groups, parent, guard = [], by_id.get(str(prop.get("ParentID"))), 0
            while parent is not None and guard < 20:
                groups.append(normal_title(parent.get("Title")))
                parent, guard = by_id.get(str(parent.get("ParentID"))), guard + 1
            self.items.append((key_stem(prop["Key"]), normal_title(prop.get("Title")), groups, prop))

    def by_alias(self, alias):
        group, _, stem = alias.rpartition(" > ")
        group = normal_title(group)
        for item_stem, _, groups, prop in self.items:
            if item_stem == stem and (not group or group in groups):
                return prop
        return None

    def by_title(self, title):
        wanted = normal_title(title)
        return next((prop for _, t, _, prop in self.items if t == wanted), None)

    def by_title_key(self, alias):
        return next((prop for _, t, _, prop in self.items if title_key(prop.get("Title")) == alias), None)


def resolve_indicator(topics, ind, jaar=None):
    """KeyResolution of one indicator against _Topics; jaar (edition) decides 'niet in deze editie' vs 'ontbreekt'."""
    aliases = ind.source_fields("odata_v3")
    prop, via = None, ""
    for n, alias in enumerate(aliases):
        prop = topics.by_alias(alias)
        if prop is not None:
            via = "sleutel" if n == 0 else f"andere sleutel ({alias})"
            break
    if prop is None:
        for title in ind.titles:
            prop = topics.by_title(title)
            if prop is not None:
                via = f"titel '{title}'"
                break
    if prop is None:
        for alias in aliases:
            prop = topics.by_title_key(alias)
            if prop is not None:
                via = f"titel als sleutel ({alias})"
                break
    expected = True if jaar is None else ind.in_edition(jaar)
    if prop is None:
        return KeyResolution(ind.id, MISSING if expected else NOT_IN_EDITION)
    status = RESOLVED if via == "sleutel" else RENAMED
    if not expected:
        status = UNEXPECTED
    unit = prop.get("Unit")
    return KeyResolution(ind.id, status, prop["Key"], (prop.get("Title") or "").strip(),
                         unit.strip() if isinstance(unit, str) else unit, via)


def resolve_edition(properties, indicators, jaar=None):
    """{indicator id: KeyResolution} for the indicators that have an OData alias, against one DataProperties list."""
    topics = _Topics(properties)
    return {ind.id: resolve_indicator(topics, ind, jaar) for ind in indicators if ind.source_fields("odata_v3")}
