"""The routekaart's data, read from a wijkdossier: measures, lead partners, besluitmomenten and koppelkansen."""
import re
import sqlite3
from dataclasses import dataclass, field

from ..common import DossierError
from ..participatie import BuurtIndex, read_layer_records
from ..schema import MEASURE_LAYERS, THEMAS, gpkg_tables, read_meta
from .quarters import label, parse_quarter

OTHER_THEME = "overig"


@dataclass
class Measure:
    """One measure as the routekaart needs it; quarters are numbers (see quarters.py), None when unknown."""

    id: str
    titel: str
    thema: str
    status: str = ""
    trekker: str = ""
    start: int = None
    end: int = None
    actual_start: int = None
    actual_end: int = None
    buurtcodes: tuple = ()
    problem: str = ""  # why it cannot be drawn ('niet gepland', 'eind vóór start', 'onleesbaar kwartaal')
    note: str = ""  # e.g. the unknown theme it came with

    @property
    def planned(self):
        return not self.problem


@dataclass
class Besluit:
    """One besluitmoment."""

    id: str
    quarter: int
    orgaan: str
    onderwerp: str
    maatregelen: tuple = ()


@dataclass
class RoutekaartData:
    """Everything one routekaart shows."""

    title: str
    measures: list
    besluiten: list = field(default_factory=list)
    koppelkansen: list = field(default_factory=list)  # (measure id, measure id)
    partners: dict = field(default_factory=dict)  # partner_id -> naam
    sources: str = ""
    skipped_besluiten: int = 0

    def themes(self):
        """Themes in value-list order, 'overig' last; only those with a planned measure."""
        used = {m.thema for m in self.measures if m.planned}
        return [t for t in THEMAS + (OTHER_THEME,) if t in used]


def _text(value):
    return "" if value is None else str(value).strip()


def _quarter(value, what, problems):
    try:
        return parse_quarter(value)
    except ValueError:
        problems.append(f"{what} '{value}' onleesbaar")
        return None


def measure_from(attrs):
    """A Measure from a row of a measure layer, with its problem (if any) said in Dutch."""
    problems = []
    start = _quarter(attrs.get("start_kwartaal"), "start", problems)
    end = _quarter(attrs.get("eind_kwartaal"), "eind", problems)
    actual_start = _quarter(attrs.get("werkelijk_start"), "werkelijke start", problems)
    actual_end = _quarter(attrs.get("werkelijk_eind"), "werkelijk eind", problems)
    thema, note = _text(attrs.get("thema")).lower(), ""
    if thema not in THEMAS:
        note = f"thema '{attrs.get('thema') or 'leeg'}' staat niet in de lijst"
        thema = OTHER_THEME
    if problems:
        problem = "; ".join(problems)
    elif start is None or end is None:
        problem = "niet gepland (start of eind ontbreekt)"
    elif end < start:
        problem = f"eind {label(end)} ligt vóór start {label(start)}"
    else:
        problem = ""
    if actual_start is not None and actual_end is not None and actual_end < actual_start:
        actual_end = None
    codes = tuple(c for c in re.split(r"[\s,;]+", _text(attrs.get("buurtcodes"))) if c)
    return Measure(_text(attrs.get("maatregel_id")), _text(attrs.get("titel")) or "(zonder titel)", thema,
                   _text(attrs.get("status")), _text(attrs.get("trekker")), start, end, actual_start, actual_end,
                   codes, problem, note)


def table_rows(path, name):
    """Attribute rows (dicts, geometry column left out) of a dossier table, read straight with SQLite (read-only).

    Opening eight OGR layers costs about half a second; the routekaart needs only the attributes.
    """
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        geom_cols = {r[0] for r in con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                                               (name,))}
        cursor = con.execute(f'SELECT * FROM "{name}"')
        names = [d[0] for d in cursor.description]
        return [{n: v for n, v in zip(names, row) if n not in geom_cols} for row in cursor]
    finally:
        con.close()


class DossierReader:
    """What the routekaart reads from one dossier, each part read once: routekaarten of several wijken of the same
    dossier (the atlas's routekaart pages) share one reader instead of reading the dossier per wijk."""

    def __init__(self, path):
        self.path = path
        self._records = {}
        self._index = None
        self._tables = None
        self._meta = None

    @property
    def tables(self):
        if self._tables is None:
            self._tables = gpkg_tables(self.path)
        return self._tables

    @property
    def meta(self):
        if self._meta is None:
            self._meta = read_meta(self.path)
        return self._meta

    @property
    def index(self):
        """BuurtIndex of the dossier's buurten (for measures that only have a geometry)."""
        if self._index is None:
            self._index = BuurtIndex(self.path)
        return self._index

    def records(self, name, with_geometry):
        """[(attributes, geometry or None)] of a layer; with_geometry=False reads the attributes only."""
        key = (name, with_geometry)
        if key not in self._records:
            self._records[key] = (read_layer_records(self.path, name) if with_geometry else
                                  [(row, None) for row in table_rows(self.path, name)])
        return self._records[key]


def _in_selection(geom, codes, selection, index):
    if selection is None:
        return True
    if codes:
        return bool(set(codes) & selection)
    if geom is None or geom.isEmpty():
        return False
    hits = [c for c in index.candidates(geom) if c in selection]
    return any(index.buurten[c]["engine"].intersects(geom.constGet()) for c in hits)


def read_measures(reader, selection=None):
    """Measures of every measure layer; with `selection` (set of buurtcodes) only those that touch it."""
    index = reader.index if selection is not None else None
    measures = []
    for name in MEASURE_LAYERS:
        for attrs, geom in reader.records(name, selection is not None):
            measure = measure_from(attrs)
            if _in_selection(geom, measure.buurtcodes, selection, index):
                measures.append(measure)
    return measures


def read_besluiten(reader, measure_ids):
    """Besluitmomenten with their measures; those with an unreadable quarter are counted, not drawn."""
    tables = reader.tables
    if "besluitmomenten" not in tables:
        return [], 0
    links = {}
    if "besluit_maatregelen" in tables:
        for attrs, _ in reader.records("besluit_maatregelen", False):
            links.setdefault(_text(attrs.get("besluit_id")), []).append(_text(attrs.get("maatregel_id")))
    out, skipped = [], 0
    for attrs, _ in reader.records("besluitmomenten", False):
        try:
            quarter = parse_quarter(attrs.get("kwartaal"))
        except ValueError:
            quarter = None
        if quarter is None:
            skipped += 1
            continue
        bid = _text(attrs.get("besluit_id"))
        mids = tuple(m for m in links.get(bid, ()) if m)
        if measure_ids is not None and mids and not set(mids) & measure_ids:
            continue  # decides only on measures outside the selection
        out.append(Besluit(bid, quarter, _text(attrs.get("orgaan")), _text(attrs.get("onderwerp")), mids))
    return sorted(out, key=lambda b: (b.quarter, b.orgaan, b.onderwerp)), skipped


def read_koppelkansen(reader, measure_ids):
    """Pairs of measure ids linked by a koppelkans (layer 'koppelkansen': plan_a_id, plan_b_id), when present.

    The layer is optional: without it (or without those fields) there are no connectors.
    """
    if "koppelkansen" not in reader.tables:
        return []
    try:
        records = reader.records("koppelkansen", False)
    except sqlite3.Error:
        return []
    pairs = set()
    for attrs, _ in records:
        a, b = _text(attrs.get("plan_a_id")), _text(attrs.get("plan_b_id"))
        if a in measure_ids and b in measure_ids and a != b:
            pairs.add(tuple(sorted((a, b))))
    return sorted(pairs)


def read_routekaart(source, selection=None, title=""):
    """RoutekaartData of a dossier (its path or a DossierReader); `selection` a set of buurtcodes (None = whole
    dossier)."""
    reader = source if isinstance(source, DossierReader) else DossierReader(source)
    tables, meta = reader.tables, reader.meta
    if not set(MEASURE_LAYERS) <= tables:
        raise DossierError("Dit wijkdossier heeft nog geen maatregelen-lagen. Werk het eerst bij met 'Wijkdossier "
                           "bijwerken'.")
    measures = read_measures(reader, selection)
    ids = {m.id for m in measures}
    besluiten, skipped = read_besluiten(reader, ids if selection is not None else None)
    partners = {}
    if "partners" in tables:
        partners = {_text(a.get("partner_id")): _text(a.get("naam")) for a, _ in reader.records("partners", False)}
    parts = (meta.get("bron_cijfers", ""), meta.get("participatie", ""))
    sources = "; ".join(s.strip().rstrip(".") for s in parts if s)
    return RoutekaartData(title or f"Wijkroutekaart {meta.get('titel', '')}".strip(), measures, besluiten,
                          read_koppelkansen(reader, ids), partners, sources, skipped)
