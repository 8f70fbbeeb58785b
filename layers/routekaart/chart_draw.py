"""Drawing one page of a routekaart plan: header, theme rows, bars, milestones, lines, connectors, legend, notes."""
from .plan import HEADER_H, LABEL_W, LANE_H, LEGEND_H, MILESTONE_ROW, NOTE_LINE, OTHER_COLOUR
from .quarters import year_of

GRID, YEAR_GRID, BAND, HEADER_FILL = "#dddddd", "#9a9a9a", "#f3f3f3", "#e6e6e6"
ACTUAL, TODAY, REVIEW, LINK, MILESTONE = "#252525", "#d7301f", "#54278f", "#7b3294", "#08519c"
BAR_TOP, BAR_H, ACTUAL_TOP, ACTUAL_H, TITLE_BASE = 3.3, 2.3, 5.85, 0.9, 2.6


def rows_bottom(plan, page):
    if not page.rows:
        return plan.top
    last = page.rows[-1]
    return last.y + last.lanes * LANE_H


def draw_page(c, plan, index):
    """Draw page `index` of `plan` on Canvas `c`."""
    page = plan.pages[index]
    bottom = max(rows_bottom(plan, page), plan.top + 4.0)
    _bands(c, plan, page)
    _grid(c, plan, bottom)
    _header(c, plan)
    _milestones(c, plan)
    for row in page.rows:
        for bar in row.bars:
            _bar(c, plan, row, bar)
    if not page.rows and index == 0:
        c.text(LABEL_W + 2.0, plan.top + 5.0, "Geen maatregelen met een planning in dit gebied.", 8.0,
               colour="#555555")
    _connectors(c, plan, index)
    _lines(c, plan, bottom)
    _notes(c, plan, page, bottom)
    _legend(c, plan, index)


def _bands(c, plan, page):
    for i, row in enumerate(page.rows):
        c.rect(0, row.y, plan.width, row.lanes * LANE_H, BAND if i % 2 == 0 else "#fafafa")
        name = row.theme[:1].upper() + row.theme[1:]
        c.text(1.0, row.y + 3.2, name, 8.0, bold=True)
        if row.continued:
            c.text(1.0, row.y + 6.4, "(vervolg)", 7.0, colour="#555555")


def _grid(c, plan, bottom):
    for q in range(plan.horizon.first, plan.horizon.last + 2):
        x = plan.x_of(q)
        year_edge = q % 4 == 0
        c.line(x, 0 if year_edge else HEADER_H / 2, x, bottom, YEAR_GRID if year_edge else GRID,
               0.25 if year_edge else 0.12)


def _header(c, plan):
    h = plan.horizon
    c.rect(LABEL_W, 0, plan.width - LABEL_W, HEADER_H, HEADER_FILL)
    c.text(1.0, HEADER_H - 1.8, "Thema", 8.0, bold=True)
    for year in range(year_of(h.first), year_of(h.last) + 1):
        lo, hi = max(h.first, year * 4), min(h.last, year * 4 + 3)
        c.text((plan.x_of(lo) + plan.x_of(hi + 1)) / 2, 3.6, str(year), 8.0, bold=True, align="center")
    for q in h.quarters():
        c.text(plan.x_of(q, 0.5), HEADER_H - 1.5, f"Q{q % 4 + 1}", 7.0, align="center")
    c.line(0, HEADER_H, plan.width, HEADER_H, YEAR_GRID, 0.3)


def _diamond(c, x, y, r=1.1, fill=MILESTONE):
    c.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill)


def _milestones(c, plan):
    top = HEADER_H + 1.0
    if plan.milestone_rows == 0 and not plan.milestones:
        c.text(1.0, top + 2.6, "Besluitmomenten: geen", 7.0, colour="#555555")
        return
    c.text(1.0, top + 2.6, "Besluitmomenten", 8.0, bold=True)
    for x, row, text, _ in plan.milestones:
        y = top + row * MILESTONE_ROW + 1.6
        _diamond(c, x, y)
        if text:
            c.text(x + 1.6, y + 1.0, text, 7.0, colour="#08306b")
    c.line(0, plan.top - 1.5, plan.width, plan.top - 1.5, YEAR_GRID, 0.2)


def _bar(c, plan, row, bar):
    m = bar.measure
    top = row.y + bar.slot * LANE_H
    colour = plan.colours.get(m.trekker if plan.colour_by == "trekker" else m.status, OTHER_COLOUR)
    x0, x1 = plan.x_of(bar.first) + 0.3, plan.x_of(bar.last + 1) - 0.3
    y0, y1 = top + BAR_TOP, top + BAR_TOP + BAR_H
    points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    if bar.cut_right:
        points[1:3] = [(x1 - 1.6, y0), (x1, (y0 + y1) / 2), (x1 - 1.6, y1)]
    if bar.cut_left:
        points = points[:-1] + [(x0, y1), (x0 + 1.6, (y0 + y1) / 2), (x0, y0)]
    c.polygon(points, colour, "#555555", 0.12)
    c.text(bar.text_x, top + TITLE_BASE, bar.text, 7.0)
    if m.actual_start is not None and m.actual_start <= plan.horizon.last:
        end = m.actual_end
        if end is None:  # started, not finished: up to today
            end = plan.today[0] if plan.today else m.actual_start
        a0, a1 = max(m.actual_start, plan.horizon.first), min(end, plan.horizon.last)
        if a1 >= a0:
            c.rect(plan.x_of(a0) + 0.3, top + ACTUAL_TOP, plan.x_of(a1 + 1) - plan.x_of(a0) - 0.6, ACTUAL_H, ACTUAL)


def _connectors(c, plan, index):
    for a_id, b_id in plan.data.koppelkansen:
        a, b = plan.bar_of(a_id), plan.bar_of(b_id)
        if a is None or b is None or a[0] != index or b[0] != index:
            continue
        (_, ra, ba), (_, rb, bb) = a, b
        lo, hi = max(ba.first, bb.first), min(ba.last, bb.last)
        x = plan.x_of((lo + hi + 1) / 2) if lo <= hi else (plan.x_of(min(ba.last, bb.last) + 1) +
                                                           plan.x_of(max(ba.first, bb.first))) / 2
        ya = ra.y + ba.slot * LANE_H + BAR_TOP + BAR_H / 2
        yb = rb.y + bb.slot * LANE_H + BAR_TOP + BAR_H / 2
        c.line(x, ya, x, yb, LINK, 0.35, dash=True)
        c.circle(x, ya, 0.7, LINK)
        c.circle(x, yb, 0.7, LINK)


def _lines(c, plan, bottom):
    if plan.review is not None and plan.horizon.contains(plan.review):
        x = plan.x_of(plan.review)
        c.line(x, HEADER_H, x, bottom, REVIEW, 0.4, dash=True)
        c.text(x + 0.8, bottom + 3.0, "evaluatie na twee jaar", 7.0, colour=REVIEW)
    if plan.today and plan.horizon.contains(plan.today[0]):
        x = plan.x_of(*plan.today)
        c.line(x, HEADER_H, x, bottom, TODAY, 0.4)
        c.text(x - 0.8, bottom + 3.0, "vandaag", 7.0, colour=TODAY, align="right")


def _notes(c, plan, page, bottom):
    y = bottom + 7.5
    for line in page.notes:
        bold = not line.startswith("•")
        c.text(1.0 if bold else 3.0, y, line, 7.0, bold=bold and line.endswith(":"))
        y += NOTE_LINE


def _legend(c, plan, index):
    y = plan.height - LEGEND_H + 3.0
    c.line(0, y - 2.5, plan.width, y - 2.5, YEAR_GRID, 0.2)
    c.rect(0, y - 1.0, 6.0, 2.4, "#cccccc", "#555555", 0.12)
    c.text(7.0, y + 1.2, "gepland", 7.0)
    c.rect(22.0, y - 0.2, 6.0, 0.9, ACTUAL)
    c.text(29.0, y + 1.2, "werkelijk (start tot eind of tot vandaag)", 7.0)
    _diamond(c, 86.0, y + 0.2)
    c.text(88.0, y + 1.2, "besluitmoment", 7.0)
    c.line(110.0, y - 1.2, 110.0, y + 1.8, TODAY, 0.4)
    c.text(111.5, y + 1.2, "vandaag", 7.0)
    c.line(126.0, y - 1.2, 126.0, y + 1.8, REVIEW, 0.4, dash=True)
    c.text(127.5, y + 1.2, "evaluatie", 7.0)
    c.line(143.0, y - 1.2, 143.0, y + 1.8, LINK, 0.35, dash=True)
    c.text(144.5, y + 1.2, "koppelkans", 7.0)
    c.polygon([(163.0, y - 0.9), (166.0, y - 0.9), (167.6, y + 0.3), (166.0, y + 1.5), (163.0, y + 1.5)], "#cccccc",
              "#555555", 0.12)
    c.text(169.0, y + 1.2, "loopt door na de horizon", 7.0)
    c.text(plan.width, y + 1.2, f"pagina {index + 1} van {len(plan.pages)}", 7.0, align="right")
    y += 5.0
    c.text(0, y + 1.2, "Kleur: trekker" if plan.colour_by == "trekker" else "Kleur: status", 7.0, bold=True)
    x = 24.0
    for colour, text in plan.legend:
        step = 9.0 + len(text) * 1.45
        if x + step > plan.width and x > 24.0:
            x, y = 24.0, y + 4.0
        c.rect(x, y - 1.0, 5.0, 2.4, colour, "#555555", 0.12)
        c.text(x + 6.0, y + 1.2, text, 7.0)
        x += step
