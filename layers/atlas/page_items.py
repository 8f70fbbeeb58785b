"""Painted page furniture for the wijk pages: the header band with footer, and a small wrapped table. One item per
page instead of a dozen labels keeps a layout of many pages fast (QGIS adds items in time growing with their count).
"""
import math

from qgis.core import QgsLayoutItemRegistry

from .layout_items import DARK, MUTED, RULE
from .painted_items import PaintedItem

HEADER_H = 30.0


def text_height(text, width, size):
    """Estimated height (mm) of wrapped text in the atlas font: ~0.52 em per character, 1.3 line spacing."""
    per_line = max(10, int(width / (size * 0.3528 * 0.52)))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
    return lines * size * 0.3528 * 1.3 + 1.0


class PageFrameItem(PaintedItem):
    """A whole page: dark header band with heading and subheading, footer rule and footer text."""

    TYPE = QgsLayoutItemRegistry.ItemType.PluginItem + 1521

    def __init__(self, layout, heading, subheading="", footer="", margin=12.0):
        super().__init__(layout)
        self.heading, self.subheading, self.footer, self.margin = heading, subheading, footer, margin
        self.page_label = ""  # 'Pagina n van N', set before export (WijkBook.number_pages)

    def paint_chart(self, canvas, width, height):
        m = self.margin
        canvas.rect(0, 0, width, HEADER_H, DARK)
        canvas.text(m, 8, width - 2 * m, 11, self.heading, 18, bold=True, color="#ffffff")
        if self.subheading:
            canvas.text(m, 20, width - 2 * m, 6, self.subheading, 9.5, color="#dfe6ea")
        canvas.rect(m, height - 12.5, width - 2 * m, 0.3, RULE)
        canvas.text(m, height - 11, width - 2 * m - 30, 7, self.footer, 7, color=MUTED, wrap=True)
        if self.page_label:
            canvas.text(width - m - 30, height - 11, 30, 7, self.page_label, 7, color=MUTED, align="right")


class TableItem(PaintedItem):
    """Rows of text in columns (widths in mm, alignments), wrapped, with a thin rule under each row."""

    TYPE = QgsLayoutItemRegistry.ItemType.PluginItem + 1522

    def __init__(self, layout, header, rows, widths, aligns, size=7.5):
        super().__init__(layout)
        self.header, self.rows, self.widths, self.aligns, self.size = header, rows, widths, aligns, size

    def row_heights(self):
        """Height of every row (mm), from the longest wrapped cell."""
        return [max(text_height(text, w - 1, self.size) for text, w in zip(row, self.widths)) for row in self.rows]

    def paint_chart(self, canvas, width, height):
        xs = [sum(self.widths[:i]) for i in range(len(self.widths))]
        for text, x, w, align in zip(self.header, xs, self.widths, self.aligns):
            canvas.text(x, 0, w, 4, text, 7, color=MUTED, align=align)
        y = 5.0
        for row, row_h in zip(self.rows, self.row_heights()):
            for text, x, w, align in zip(row, xs, self.widths, self.aligns):
                canvas.text(x, y, w - 1, row_h, text, self.size, align=align, wrap=True)
            canvas.rect(0, y + row_h + 0.4, width, 0.2, RULE)
            y += row_h + 1.5
