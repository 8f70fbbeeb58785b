"""The routekaart's print layout: A3 (or A4) landscape pages, each with title, the chart item and a footer."""

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemPage,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt

from ..common import WijkatlasCancelled, WijkatlasError, pdf_settings, replaced_when_complete, text_format
from .chart_item import RoutekaartItem, register_item_type
from .plan import FOOTER_H, MARGIN, PAPER, TITLE_H

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


def _place(item, x, y, w, h, page):
    item.attemptMove(QgsLayoutPoint(x, y, MM), page=page)
    item.attemptResize(QgsLayoutSize(w, h, MM))


def add_label(layout, text, page, x, y, w, h, size, bold=False, colour="#222222", align="left"):
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    label.setTextFormat(text_format(size, bold, colour))
    label.setHAlign(Qt.AlignmentFlag.AlignRight if align == "right" else Qt.AlignmentFlag.AlignLeft)
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    _place(label, x, y, w, h, page)
    return label


def add_chart_page(layout, page_no, paper, title, subtitle, footer, plan=None, chart_page=0, plans=None,
                   key_field=None):
    """Title, subtitle, chart item and footer on layout page `page_no` (which must exist)."""
    register_item_type()
    width, height = PAPER[paper]
    inner = width - 2 * MARGIN
    add_label(layout, title, page_no, MARGIN, MARGIN - 1.0, inner, 8.0, 15.0 if paper == "A3" else 13.0, bold=True,
              colour="#1f2d3a")
    add_label(layout, subtitle, page_no, MARGIN, MARGIN + 7.5, inner, 5.0, 8.5, colour="#3b4a55")
    item = RoutekaartItem(layout, plan, chart_page, plans, key_field)
    layout.addLayoutItem(item)
    _place(item, MARGIN, MARGIN + TITLE_H, inner, height - 2 * MARGIN - TITLE_H - FOOTER_H, page_no)
    add_label(layout, footer, page_no, MARGIN, height - MARGIN - FOOTER_H + 2.5, inner, FOOTER_H - 2.5, 7.0,
              colour="#3b4a55")
    return item


def build_layout(plan, paper, title, subtitle, footer, project=None):
    """A QgsPrintLayout with one page per page of `plan`."""
    layout = QgsPrintLayout(project or QgsProject.instance())
    layout.initializeDefaults()
    layout.setName(title)
    pages = layout.pageCollection()
    pages.page(0).setPageSize(paper, QgsLayoutItemPage.Orientation.Landscape)
    for index in range(len(plan.pages)):
        if index > 0:
            page = QgsLayoutItemPage(layout)
            page.setPageSize(paper, QgsLayoutItemPage.Orientation.Landscape)
            pages.addPage(page)
        add_chart_page(layout, index, paper, title, subtitle, footer, plan, index)
    return layout


def export_pdf(layout, out_pdf, feedback=None, dpi=300):
    """Write the layout to `out_pdf` as vectors with real text; the file is replaced only when complete."""
    with replaced_when_complete(out_pdf, ".routekaart_") as tmp:
        result = QgsLayoutExporter(layout).exportToPdf(tmp, pdf_settings(dpi, vector=True))
        if feedback is not None and feedback.isCanceled():
            raise WijkatlasCancelled("Het maken van de wijkroutekaart is afgebroken.")
        if result != QgsLayoutExporter.ExportResult.Success:
            raise WijkatlasError(f"De wijkroutekaart kon niet als PDF worden geschreven ({result}). Controleer of de "
                                 "map schrijfbaar is en het bestand niet open staat.")
    return out_pdf
