"""Where everything of a routekaart goes: horizon columns, packed theme rows, pages, milestones and notes (in mm)."""
from dataclasses import dataclass, field

from ..schema import STATUSSEN
from .packing import Bar, pack_lanes
from .quarters import label

PAPER = {"A3": (420.0, 297.0), "A4": (297.0, 210.0)}
MARGIN, TITLE_H, FOOTER_H = 10.0, 15.0, 7.0
LABEL_W, HEADER_H, LEGEND_H = 34.0, 9.0, 17.0
LANE_H, THEME_GAP, MILESTONE_ROW = 7.2, 2.0, 3.6
TEXT_PT, SMALL_PT = 7.0, 7.0
NOTE_LINE = 3.4
MAX_TITLE_MM = 80.0
STATUS_COLOURS = dict(zip(STATUSSEN, ("#bdbdbd", "#9ecae1", "#4292c6", "#31a354", "#a1d99b", "#fdae6b")))
PARTNER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                   "#bcbd22", "#17becf", "#393b79", "#ad494a")
OTHER_COLOUR = "#969696"


@dataclass
class Row:
    """One theme block (or its continuation) on a page."""

    theme: str
    continued: bool
    y: float
    lanes: int
    bars: list


@dataclass
class Page:
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # lines of the 'niet gepland' block (last page)


@dataclass
class ChartPlan:
    """The whole routekaart: geometry shared by its pages, and the pages."""

    data: object
    horizon: object
    width: float
    height: float
    colour_by: str
    colours: dict
    milestones: list  # (x, row, text, besluit)
    milestone_rows: int
    pages: list
    today: object = None  # (quarter, fraction of it passed)
    review: int = None
    legend: list = field(default_factory=list)  # (colour, text)

    @property
    def col_w(self):
        return (self.width - LABEL_W) / self.horizon.count

    def x_of(self, quarter, fraction=0.0):
        return LABEL_W + (quarter - self.horizon.first + fraction) * self.col_w

    @property
    def top(self):
        return HEADER_H + self.milestone_rows * MILESTONE_ROW + 4.0

    def bar_of(self, measure_id):
        """(page index, row, bar) of a measure; None when not drawn."""
        for p, page in enumerate(self.pages):
            for row in page.rows:
                for bar in row.bars:
                    if bar.measure.id == measure_id:
                        return p, row, bar
        return None


def chart_size(paper):
    width, height = PAPER[paper]
    return width - 2 * MARGIN, height - 2 * MARGIN - TITLE_H - FOOTER_H


def colours_for(data, colour_by):
    """(colour of a measure function, legend entries)."""
    if colour_by == "trekker":
        used = sorted({m.trekker for m in data.measures if m.planned and m.trekker},
                      key=lambda t: data.partners.get(t, t))
        table = {t: PARTNER_COLOURS[i] for i, t in enumerate(used[:len(PARTNER_COLOURS)])}
        legend = [(c, data.partners.get(t, t) or t) for t, c in table.items()]
        if len(used) > len(table) or any(m.planned and not m.trekker for m in data.measures):
            legend.append((OTHER_COLOUR, "andere of geen trekker"))
        return table, legend
    legend = [(c, s) for s, c in STATUS_COLOURS.items() if any(m.planned and m.status == s for m in data.measures)]
    if any(m.planned and m.status not in STATUS_COLOURS for m in data.measures):
        legend.append((OTHER_COLOUR, "status onbekend"))
    return dict(STATUS_COLOURS), legend


def elide(text, text_mm, limit):
    """`text` shortened with '…' until it is at most `limit` mm wide."""
    width = text_mm(text)
    if width <= limit:
        return text
    keep = max(4, int(len(text) * limit / width))
    while keep > 4 and text_mm(text[:keep].rstrip() + "…") > limit:
        keep -= 1
    return text[:keep].rstrip() + "…"


def _bars(plan, measures, text_mm):
    horizon, right = plan.horizon, plan.width
    bars, outside = [], []
    for m in measures:
        if m.end < horizon.first or m.start > horizon.last:
            outside.append(m)
            continue
        bar = Bar(m, max(m.start, horizon.first), min(m.end, horizon.last), m.titel,
                  cut_left=m.start < horizon.first, cut_right=m.end > horizon.last)
        if bar.cut_left:
            bar.text = f"◂ {bar.text} (sinds {label(m.start)})"
        if bar.cut_right:
            bar.text = f"{bar.text} (t/m {label(m.end)}) ▸"
        bar.x0, end = plan.x_of(bar.first), plan.x_of(bar.last + 1)
        bar.text = elide(bar.text, text_mm, max(MAX_TITLE_MM, end - bar.x0 - 1.5))
        width = text_mm(bar.text) + 1.0
        bar.text_x = min(bar.x0 + 0.6, right - width)
        bar.x0, bar.x1 = min(bar.x0, bar.text_x), max(end, bar.text_x + width)
        bars.append(bar)
    return bars, outside


def _milestones(plan, text_mm, max_rows=10):
    """Besluitmomenten on the horizon, their labels packed into at most `max_rows` rows."""
    ends, placed = [], []
    for b in plan.data.besluiten:
        if not plan.horizon.contains(b.quarter):
            continue
        x = plan.x_of(b.quarter, 0.5)
        text = elide(f"{b.orgaan}: {b.onderwerp}" if b.orgaan else b.onderwerp, text_mm, 70.0)
        width = text_mm(text) + 4.0
        row = next((i for i, end in enumerate(ends) if end + 1.0 <= x), None)
        if row is None and len(ends) < max_rows:
            row = len(ends)
            ends.append(0.0)
        if row is None:
            placed.append((x, None, "", b))  # a diamond without label; counted in the notes
            continue
        ends[row] = x + width
        placed.append((x, row, text, b))
    if any(row is None for _, row, _, _ in placed):  # unlabelled diamonds get a row of their own
        placed = [(x, len(ends) if row is None else row, text, b) for x, row, text, b in placed]
        return placed, len(ends) + 1
    return placed, len(ends)


def _notes(plan, outside, text_mm):
    lines = []
    unplanned = [m for m in plan.data.measures if not m.planned]
    if unplanned:
        lines.append("Niet gepland of onjuist gepland (niet getekend):")
        lines += [f"• {m.titel} – {m.problem}" for m in unplanned]
    if outside:
        lines.append("Buiten de horizon (niet getekend):")
        lines += [f"• {m.titel} – {label(m.start)} t/m {label(m.end)}" for m in outside]
    odd = [m for m in plan.data.measures if m.note]
    if odd:
        lines.append("Onder 'overig' omdat het thema niet in de lijst staat: "
                     + ", ".join(f"{m.id or m.titel} ({m.note})" for m in odd))
    unlabelled = sum(1 for _, _, text, _ in plan.milestones if not text)
    if unlabelled:
        lines.append(f"{unlabelled} besluitmoment(en) zonder label wegens ruimte (zie de tabel).")
    if plan.data.skipped_besluiten:
        lines.append(f"{plan.data.skipped_besluiten} besluitmoment(en) zonder leesbaar kwartaal niet getekend.")
    return lines


def make_plan(data, horizon, paper="A3", colour_by="status", text_mm=None, today=None, review=None):
    """Lay the routekaart out over as many pages as it needs; `text_mm(text)` measures a 7-pt title in mm."""
    width, height = chart_size(paper)
    colours, legend = colours_for(data, colour_by)
    plan = ChartPlan(data, horizon, width, height, colour_by, colours, [], 0, [], today, review, legend)
    plan.milestones, plan.milestone_rows = _milestones(plan, text_mm)
    bottom = height - LEGEND_H - 5.0  # room for the 'vandaag' and 'evaluatie' labels under the rows
    pages, page, y = [], Page(), plan.top
    outside = []
    for theme in data.themes():
        bars, out = _bars(plan, [m for m in data.measures if m.planned and m.thema == theme], text_mm)
        outside += out
        lanes = pack_lanes(bars)
        done = 0
        while done < lanes:
            room = int((bottom - y - THEME_GAP) // LANE_H)
            if room < 1:
                pages.append(page)
                page, y = Page(), plan.top
                continue
            take = min(room, lanes - done)
            chunk = [b for b in bars if done <= b.lane < done + take]
            for b in chunk:
                b.slot = b.lane - done
            page.rows.append(Row(theme, done > 0, y + THEME_GAP, take, chunk))
            y += THEME_GAP + take * LANE_H
            done += take
    notes = _notes(plan, outside, text_mm)
    per_page = max(2, int((bottom - plan.top - 8) // NOTE_LINE))
    while notes:
        room = int((bottom - y - 8) // NOTE_LINE) if page.rows else per_page
        if room < 2:
            pages.append(page)
            page, y = Page(), plan.top
            continue
        page.notes, notes = notes[:room], notes[room:]
        if notes:
            pages.append(page)
            page, y = Page(), plan.top
    pages.append(page)
    plan.pages = pages
    return plan
