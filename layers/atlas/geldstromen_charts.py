"""The geldstromen charts of the atlas, painted natively: a Sankey partners → themes → buurten, bars per year by
status. Widths and heights are amounts times one scale, so a band twice as wide carries twice the money.
"""
from qgis.core import QgsLayoutItemRegistry

from ..geldstromen import euro_text, sankey_layout
from ..participatie.style import THEME_COLOURS
from .layout_items import MUTED, RULE
from .painted_items import PaintedItem

NODE_W = 3.5
LABEL_SIZE = 6.5
LINE_H = 2.9   # mm per label line at LABEL_SIZE
STATUS_COLOURS = {"begroot": "#9ecae1", "toegezegd": "#4292c6", "besteed": "#08519c", "onbekend": "#bdbdbd"}
PARTNER_COLOUR, AREA_COLOUR = "#4d5b66", "#7a6a55"


def _wrap(text, chars):
    """Text broken into lines of at most `chars` characters, on spaces (a word longer than that stays whole)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


class SankeyItem(PaintedItem):
    """Partners (left) → themes (middle) → areas (right); band width proportional to the amount."""

    TYPE = QgsLayoutItemRegistry.ItemType.PluginItem + 1511

    def __init__(self, layout, triples=(), left_label=40.0, right_label=36.0):
        super().__init__(layout)
        self.triples = list(triples)
        self.left_label, self.right_label = left_label, right_label
        self.last_layout = None    # the geometry drawn last, for checks

    def columns_x(self, width):
        """x of the three node columns (left edge of each node bar)."""
        x0 = self.left_label
        x2 = width - self.right_label - NODE_W
        return x0, (x0 + x2) / 2.0, x2

    def paint_chart(self, canvas, width, height):
        layout = sankey_layout(self.triples, height - 6.0)
        self.last_layout = layout
        if not layout.nodes:
            canvas.text(0, 0, width, height, "Geen (positieve) geldstromen om te tekenen.", 8, color=MUTED,
                        align="center", valign="middle")
            return
        xs = self.columns_x(width)
        top = 0.0
        for band in layout.bands:
            src, dst = layout.nodes[band.source], layout.nodes[band.target]
            theme = src.key if src.column == 1 else dst.key
            canvas.band(xs[src.column] + NODE_W, top + band.y_source, xs[dst.column], top + band.y_target,
                        band.width, THEME_COLOURS.get(theme, "#9e9e9e"))
        for node in layout.nodes:
            colour = (PARTNER_COLOUR, THEME_COLOURS.get(node.key, "#9e9e9e"), AREA_COLOUR)[node.column]
            canvas.rect(xs[node.column], top + node.y, NODE_W, max(node.h, 0.15), colour)
        for column in range(3):
            self._labels(canvas, [n for n in layout.nodes if n.column == column], xs, top, height - 6.0)
        if layout.left_out_cents:
            canvas.text(0, height - 4.5, width, 4.5, f"Niet getekend: negatieve bedragen (correcties) "
                        f"{euro_text(layout.left_out_cents)}.", 6, color=MUTED)

    def _labels(self, canvas, nodes, xs, top, bottom):
        """Name and amount beside each node; labels that would overlap are pushed apart, staying in the item."""
        if not nodes:
            return
        column = nodes[0].column
        wrap = (28, 20, 24)[column]
        boxes = []
        for node in sorted(nodes, key=lambda n: n.y):
            lines = _wrap(node.label, wrap) + [euro_text(node.cents)]
            h = LINE_H * len(lines)
            boxes.append([lines, top + node.y + node.h / 2.0 - h / 2.0, h])
        for prev, box in zip(boxes, boxes[1:]):
            box[1] = max(box[1], prev[1] + prev[2] + 0.4)
        overflow = boxes[-1][1] + boxes[-1][2] - bottom
        if overflow > 0:
            boxes[-1][1] -= overflow
            for nxt, box in zip(reversed(boxes), list(reversed(boxes))[1:]):
                box[1] = min(box[1], nxt[1] - box[2] - 0.4)
        for lines, y, h in boxes:
            if column == 0:
                canvas.text(0, y, self.left_label - 1.5, h, lines, LABEL_SIZE, align="right")
            elif column == 2:
                canvas.text(xs[2] + NODE_W + 1.5, y, self.right_label - 1.5, h, lines, LABEL_SIZE)
            else:
                w = max(canvas.text_width(line, LABEL_SIZE) for line in lines) + 1.2
                canvas.rect(xs[1] + NODE_W + 0.6, y - 0.3, w, h + 0.6, "#e6ffffff")
                canvas.text(xs[1] + NODE_W + 1.2, y, w, h, lines, LABEL_SIZE)


class YearBarsItem(PaintedItem):
    """One stacked bar per year, split by status (begroot, toegezegd, besteed); negatives below the zero line."""

    TYPE = QgsLayoutItemRegistry.ItemType.PluginItem + 1512

    def __init__(self, layout, per_year=None):
        super().__init__(layout)
        self.per_year = dict(per_year or {})   # year -> {status: cents}

    def paint_chart(self, canvas, width, height):
        years = sorted(self.per_year)
        if not years:
            canvas.text(0, 0, width, height, "Geen geldstromen per jaar.", 8, color=MUTED, align="center",
                        valign="middle")
            return
        legend_h, axis_h, label_w = 9.0, 5.0, 16.0
        plot_h = height - legend_h - axis_h
        pos = [sum(c for c in self.per_year[y].values() if c > 0) for y in years]
        neg = [sum(c for c in self.per_year[y].values() if c < 0) for y in years]
        top, bottom = max(pos + [0]), min(neg + [0])
        span = (top - bottom) or 1
        scale = plot_h / span
        zero = legend_h + top * scale
        step = (width - label_w) / len(years)
        bar_w = min(step * 0.6, 14.0)
        canvas.line(label_w, zero, width, zero, RULE, 0.3)
        canvas.text(0, zero - 2.5, label_w - 1.5, 5, euro_text(0).replace("€ 0", "0"), 6, color=MUTED,
                    align="right")
        canvas.text(0, legend_h - 1.0, label_w - 1.5, 5, euro_text(top), 6, color=MUTED, align="right")
        for i, year in enumerate(years):
            x = label_w + i * step + (step - bar_w) / 2
            up, down = zero, zero
            for status in STATUS_COLOURS:
                cents = self.per_year[year].get(status, 0)
                if cents > 0:
                    up -= cents * scale
                    canvas.rect(x, up, bar_w, cents * scale, STATUS_COLOURS[status])
                elif cents < 0:
                    canvas.rect(x, down, bar_w, -cents * scale, STATUS_COLOURS[status])
                    down -= cents * scale
            total = sum(self.per_year[year].values())
            canvas.text(x - 6, up - 3.2, bar_w + 12, 3, euro_text(total), 5.5, align="center")
            canvas.text(x - 4, height - axis_h + 0.8, bar_w + 8, 4, str(year), 6.5, align="center")
        x = label_w
        for status, colour in STATUS_COLOURS.items():
            if not any(self.per_year[y].get(status) for y in years):
                continue
            canvas.rect(x, 0.5, 3, 3, colour)
            canvas.text(x + 4, 0.2, 25, 4, status, 6.5)
            x += 6 + canvas.text_width(status, 6.5)
