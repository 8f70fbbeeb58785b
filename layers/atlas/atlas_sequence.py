"""The order of the pages in the whole-atlas PDF, and a layout iterator that renders them in that order.

Two layouts make the atlas: the atlas layout (front pages, the buurt page repeated per buurt, the optional routekaart
page) and the wijk pages (wijk_pages.py: the wijkcoalitie, per wijk its verhaal and geldstromen). A plan is a list of
steps, each one layout state giving one or more pages: the front pages, the coalition, then per wijk its own pages,
its buurten (in the atlas order) and its routekaart. Without wijk pages the order is the classic one: front pages, the
buurten in atlas order, a routekaart page after the last buurt (highest code) of each wijk.

`QgsLayoutExporter.exportToPdf(iterator, …)` accepts any QgsAbstractLayoutIterator (QgsReport uses this to mix
layouts), so the PDF is written in one pass with native vector output. Page numbers printed on the pages, the contents
page and the bookmarks all come from the same plan.
"""
from dataclasses import dataclass, field

from qgis.core import QgsAbstractLayoutIterator, QgsExpressionContextUtils

from ..common import is_null
from .atlas_data import VAR_PAGE, VAR_PART, VAR_TOTAL
from .wijk_pages import COALITION

NO_WIJK = "Buurten zonder wijk"
INDENT = "\u2003"


@dataclass
class Step:
    """One layout state: kind 'voor' (front pages), 'wijk' (a group of wijk pages), 'buurt' or 'route'."""

    kind: str
    title: str
    pages: int = 1
    feature: int = 0          # atlas feature index (buurt, route, voor)
    group: str = ""           # wijk pages group key (coalitie or a wijkcode)
    parts: list = field(default_factory=list)  # [(title, page offset in the step)] of a wijk's pages
    first: int = 0            # 0-based index of the step's first page in the PDF


@dataclass
class Section:
    """A wijk in the plan: its heading and its steps (empty heading: the classic order, no wijk headings)."""

    title: str
    steps: list = field(default_factory=list)


@dataclass
class AtlasPlan:
    """Front pages, the coalition step (or None) and the sections; `by_wijk` when the buurten are grouped per wijk."""

    front: Step
    coalition: Step = None
    sections: list = field(default_factory=list)
    by_wijk: bool = False

    def steps(self):
        """Every step in PDF order."""
        out = [self.front] + ([self.coalition] if self.coalition else [])
        for section in self.sections:
            out += section.steps
        return out

    def number(self):
        """Give each step its first page; returns the number of pages."""
        page = 0
        for step in self.steps():
            step.first = page
            page += step.pages
        return page

    def contents(self):
        """[(text, page number)] for the contents page: headings and, indented under a wijk, its pages."""
        entries = [(self.coalition.title, self.coalition.first + 1)] if self.coalition else []
        for section in self.sections:
            if not self.by_wijk:
                entries += [(s.title, s.first + 1) for s in section.steps if s.kind == "buurt"]
                continue
            entries.append((section.title, section.steps[0].first + 1))
            entries += [(INDENT + title, page + 1) for title, page, _ in self._children(section)]
        return entries

    @staticmethod
    def _children(section):
        """[(title, page index, [])] of a wijk: the parts of its own pages, its buurten and its routekaart."""
        out = []
        for step in section.steps:
            parts = step.parts if step.kind == "wijk" else [(step.title, 0)]
            out += [(title, step.first + offset, []) for title, offset in parts]
        return out

    def bookmarks(self, front_names):
        """[(title, page index, children)] for pdf_finish: front pages, coalition, per wijk its pages."""
        marks = [(name, self.front.first + i, []) for i, name in enumerate(front_names)]
        if self.coalition:
            marks.append((self.coalition.title, self.coalition.first, []))
        if not self.by_wijk:
            children = [(s.title, s.first, []) for sec in self.sections for s in sec.steps]
            return marks + ([("Buurten", children[0][1], children)] if children else [])
        for section in self.sections:
            marks.append((section.title, section.steps[0].first, self._children(section)))
        return marks


def atlas_features(atlas):
    """[(buurtcode, wijkcode, wijknaam, page name)] of the atlas features in atlas order."""
    out = []
    for i in range(atlas.count()):
        atlas.seekTo(i)
        feat = atlas.layout().reportContext().feature()
        names = feat.fields().names()
        value = {n: (None if is_null(feat[n]) else str(feat[n]))
                 for n in ("buurtcode", "wijkcode", "wijknaam") if n in names}
        out.append((value.get("buurtcode") or "", value.get("wijkcode") or "", value.get("wijknaam") or "",
                    atlas.nameForPage(i) or f"Buurt {i + 1}"))
    return out


def _route_title(wijkcode, wijknaam):
    return f"Wijkroutekaart {wijknaam or wijkcode}"


def plan_atlas(features, front_count, book=None, route_last=None):
    """The AtlasPlan for atlas `features` (atlas_features), `front_count` front pages, a WijkBook or None and the
    routekaart's {wijkcode: last buurtcode} (None: no routekaart pages)."""
    route_last = route_last or {}
    front = Step("voor", "Voorpagina's", pages=front_count)
    groups = {g.key: g for g in book.groups} if book is not None else {}
    coalition = groups.pop(COALITION, None)
    plan = AtlasPlan(front, Step("wijk", coalition.name, len(coalition.pages), group=COALITION) if coalition else None)
    if not groups:  # the classic order
        steps = []
        for i, (code, wijk, wijknaam, name) in enumerate(features):
            steps.append(Step("buurt", name, feature=i))
            if wijk in route_last and route_last[wijk] == code:
                steps.append(Step("route", _route_title(wijk, wijknaam), feature=i))
        plan.sections = [Section("", steps)]
        plan.number()
        return plan
    plan.by_wijk = True
    order, members = [], {}
    for i, (code, wijk, wijknaam, name) in enumerate(features):
        if wijk not in members:
            order.append((wijk, wijknaam))
            members[wijk] = []
        members[wijk].append(Step("buurt", name, feature=i))
    for wijk, wijknaam in sorted(order, key=lambda w: (w[0] == "", w[0])):
        group = groups.get(wijk)
        section = Section(group.name if group else (wijknaam or wijk or NO_WIJK))
        if group:
            parts = [(title, group.pages.index(page)) for title, page in group.parts]
            section.steps.append(Step("wijk", group.name, len(group.pages), group=wijk, parts=parts))
        section.steps += members[wijk]
        if wijk and wijk in route_last:
            section.steps.append(Step("route", _route_title(wijk, wijknaam), feature=members[wijk][-1].feature))
        plan.sections.append(section)
    plan.number()
    return plan


def _drop_variables(layout, names):
    """Remove layout variables (QGIS has a setter only): the layout is left as it was before the export."""
    keys = layout.customProperty("variableNames") or []
    values = layout.customProperty("variableValues") or []
    keys, values = ([keys], [values]) if isinstance(keys, str) else (keys, values)
    QgsExpressionContextUtils.setLayoutVariables(layout, {k: v for k, v in zip(keys, values) if k not in names})


class AtlasSequence(QgsAbstractLayoutIterator):
    """Renders an AtlasPlan: the atlas layout with one part shown at a time (VAR_PART), and the wijk pages' groups."""

    def __init__(self, layout, plan, book=None):
        super().__init__()
        self.atlas_layout, self.plan, self.book = layout, plan, book
        self.order = plan.steps()
        self.total = sum(step.pages for step in self.order)  # plan_atlas numbered the steps already
        self.index = -1
        self.current = layout
        self.done = False  # True once every step was rendered (an error inside next() would end the PDF early)

    def count(self):
        return len(self.order)

    def beginRender(self):  # noqa: N802
        self.index, self.done = -1, False
        QgsExpressionContextUtils.setLayoutVariable(self.atlas_layout, VAR_TOTAL, self.total)
        if self.book is not None:
            numbers = {}
            for step in self.order:
                if step.kind == "wijk":
                    group = self.book.group(step.group)
                    numbers.update({page: step.first + 1 + i for i, page in enumerate(group.pages)})
            self.book.number_pages(numbers, self.total)
        return self.atlas_layout.atlas().beginRender()

    def endRender(self):  # noqa: N802
        _drop_variables(self.atlas_layout, (VAR_PART, VAR_PAGE, VAR_TOTAL))
        if self.book is not None:
            self.book.show_group(None)
        return self.atlas_layout.atlas().endRender()

    def next(self):
        self.index += 1
        if self.index >= len(self.order):
            self.done = True
            return False
        step = self.order[self.index]
        if step.kind == "wijk":
            self.book.show_group(step.group)
            self.current = self.book.layout
            return True
        QgsExpressionContextUtils.setLayoutVariable(self.atlas_layout, VAR_PART, step.kind)
        QgsExpressionContextUtils.setLayoutVariable(self.atlas_layout, VAR_PAGE, step.first + 1)
        self.current = self.atlas_layout
        return self.atlas_layout.atlas().seekTo(step.feature)

    def layout(self):
        return self.current

    def filePath(self, baseFilePath, extension):  # noqa: N802, N803
        return baseFilePath
