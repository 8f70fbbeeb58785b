"""The key-figures block of a buurt page: a table (buurt, gemeente, Nederland) with small bars beside each row."""
from qgis.core import (
    Qgis,
    QgsFillSymbol,
    QgsGeometryGeneratorSymbolLayer,
    QgsLayoutFrame,
    QgsLayoutItemManualTable,
    QgsLayoutItemShape,
    QgsLayoutTable,
    QgsProperty,
    QgsTableCell,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from .layout_items import ACCENT, MUTED, RULE, add_box_title, add_label, place, text_format
from .options import FONT_CONDENSED, NO_FIGURES, Box

BAR_COLORS = (("buurt", "#b2371b"), ("gemeente", "#6b8fa8"), ("Nederland", "#b9c4cc"))
HEADER_FILL = "#eef2f4"
CELL_MARGIN = 0.8
GRID = 0.15


def _cell(content, bold=False, align="left", size=7.5, color="#1f2d3a", fill=None):
    cell = QgsTableCell(content)
    cell.setTextFormat(text_format(size, bold, color, FONT_CONDENSED))
    cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignRight if align == "right" else Qt.AlignmentFlag.AlignLeft)
    cell.setVerticalAlignment(Qt.AlignmentFlag.AlignVCenter)
    if fill:
        cell.setBackgroundColor(QColor(fill))
    return cell


def _expr(expression):
    return QgsProperty.fromExpression(expression)


def _columns(width, compact, chart_w):
    """Column widths (mm): indicator, unit, buurt, gemeente, Nederland, bars; the indicator column takes the rest."""
    fixed = (14, 17, 17, 17, chart_w) if compact else (19, 21, 21, 21, chart_w)
    return [width - sum(fixed)] + list(fixed)


def _rows(indicators, exprs):
    header = [_cell("Indicator", True, fill=HEADER_FILL), _cell("Eenheid", True, fill=HEADER_FILL),
              _cell("Buurt", True, "right", fill=HEADER_FILL),
              _cell(_expr(exprs.reference_name("gemeente", "Gemeente")), True, "right", fill=HEADER_FILL),
              _cell(_expr(exprs.reference_name("land", "Nederland")), True, "right", fill=HEADER_FILL),
              _cell("   Vergelijking", True, fill=HEADER_FILL)]
    rows = [header]
    for ind in indicators:
        rows.append([
            _cell(ind.label),
            _cell(ind.unit, color=MUTED),
            _cell(_expr(exprs.formatted(exprs.buurt(ind.id), ind.decimals)), True, "right"),
            _cell(_expr(exprs.formatted(exprs.reference("gemeente", ind.id), ind.decimals)), align="right"),
            _cell(_expr(exprs.formatted(exprs.reference("land", ind.id), ind.decimals)), align="right"),
            _cell("" if has_bars(ind) else "   (aantal: geen balk)", size=6, color=MUTED),
        ])
    return rows


def has_bars(ind):
    """Bars compare like with like: averages and shares, not counts (a buurt never rivals the country's total)."""
    return ind.kind != "count"


def _bar_width(values, index, max_width):
    """Expression: width of bar `index` as share of the row's largest value (0 when missing)."""
    parts = [f"coalesce({v}, 0)" for v in values]
    return f"{parts[index]} / max({', '.join(parts)}, 1e-12) * {max_width:.2f} + 0.001"


def add_figures_block(layout, box, page, indicators, exprs, year_expr):
    """Title, note for buurten without figures, the table and the bars; returns the table item."""
    content = add_box_title(layout, "Kerncijfers", box, page)
    add_label(layout, f"[% 'cijfers ' || coalesce(to_string({year_expr}), 'jaar onbekend') || ', CBS' %]",
              Box(box.x + 30, box.y + 2.6, 50, 5), page, size=7.5, color=MUTED)
    add_label(layout, f"[% CASE WHEN {exprs.all_missing(indicators)} THEN "
                             f"'{NO_FIGURES.capitalize()} bij CBS' "
                             f"ELSE '' END %]", Box(box.x + 80, box.y + 2.2, box.w - 80, 5), page, size=8,
                     bold=True, color=ACCENT, align="right", item_id="Geen cijfers")
    compact = box.w < 160
    chart_w = 26.0 if compact else 34.0
    table_w = box.w
    legend_h = 5.0
    header_h = 6.0
    row_h = min(9.0 if compact else 6.5, (content.h - legend_h - header_h - 1) / max(1, len(indicators)))
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    table.setTableContents(_rows(indicators, exprs))
    table.setIncludeTableHeader(False)
    # Widths and heights exclude the cell margins and grid lines, so take those off to land on the mm grid.
    inner = 2 * CELL_MARGIN + GRID
    table.setColumnWidths([w - inner for w in _columns(table_w - GRID, compact, chart_w)])
    table.setRowHeights([header_h - inner] + [row_h - inner] * len(indicators))
    table.setCellMargin(CELL_MARGIN)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setShowGrid(True)
    table.setVerticalGrid(False)
    table.setHorizontalGrid(True)
    table.setGridColor(QColor(RULE))
    table.setGridStrokeWidth(GRID)
    table.setContentTextFormat(text_format(7.5, family=FONT_CONDENSED))
    table_frame = QgsLayoutFrame(layout, table)
    place(table_frame, Box(content.x, content.y, table_w, content.h - legend_h), page)
    table.addFrame(table_frame)
    table_frame.setId("Kerncijfers")
    _add_bars(layout, page, indicators, exprs, Box(content.x + table_w - chart_w, content.y, chart_w, content.h),
              header_h, row_h)
    return table


def _bar_rect(x, y, width_expr, height):
    """Expression: a bar rectangle in mm relative to the bars item (y grows downwards)."""
    right = f"({x:.2f} + {width_expr})"
    return (f"make_rectangle_3points(make_point({x:.2f}, {y:.3f}), make_point({right}, {y:.3f}), "
            f"make_point({right}, {y + height:.3f}))")


def bars_symbol(indicators, exprs, header_h, row_h, bar_h, max_w, origin=(0.0, 0.0), swatches=()):
    """One fill symbol that draws every bar of the page with geometry generators (one layer per colour).

    A single layout item instead of three shapes per row: QGIS refreshes every item on every atlas page, so
    thirty data-defined shapes cost far more than one symbol whose expressions run once per page. `origin` is
    where the bars start inside the item (mm); `swatches` holds one legend box (x, y, size) per colour.
    """
    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)
    ox, oy = origin
    for k, (_, color) in enumerate(BAR_COLORS):
        rects = []
        for i, ind in enumerate(indicators):
            if not has_bars(ind):
                continue
            values = [exprs.buurt(ind.id), exprs.reference("gemeente", ind.id), exprs.reference("land", ind.id)]
            top = oy + header_h + i * row_h + (row_h - 3 * bar_h - 0.5) / 2 + k * (bar_h + 0.25)
            rects.append(_bar_rect(ox + 1.5, top, f"({_bar_width(values, k, max_w)})", bar_h))
        if not rects:
            continue
        if k < len(swatches):
            x, y, size = swatches[k]
            rects.append(_bar_rect(x, y, f"{size:.2f}", size))
        layer = QgsGeometryGeneratorSymbolLayer.create({
            "geometryModifier": exprs.with_parsed_reference(f"collect_geometries(array({', '.join(rects)}))"),
            "SymbolType": "Fill"})
        layer.setUnits(Qgis.RenderUnit.Millimeters)
        layer.setSubSymbol(QgsFillSymbol.createSimple({"color": color, "outline_style": "no"}))
        symbol.appendSymbolLayer(layer)
    return symbol


def _add_bars(layout, page, indicators, exprs, box, header_h, row_h):
    bar_h = min(1.5, (row_h - 2.4) / 3)
    max_w = box.w - 3
    legend_y = box.y + header_h + len(indicators) * row_h + 1.5
    x = box.x + box.w - 3 * 22
    if not any(has_bars(ind) for ind in indicators):
        return
    # Bars and legend swatches in one item spanning from the first swatch to the right edge of the bars.
    left = min(box.x, x)
    swatches = [(x + 22 * k - left, legend_y + 0.5 - box.y, 2.5) for k in range(len(BAR_COLORS))]
    shape = QgsLayoutItemShape(layout)
    shape.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    shape.setSymbol(bars_symbol(indicators, exprs, header_h, row_h, bar_h, max_w, (box.x - left, 0.0), swatches))
    layout.addLayoutItem(shape)
    place(shape, Box(left, box.y, box.x + box.w - left, legend_y + 3.5 - box.y), page)
    shape.setId("Staafjes")
    add_label(layout, "Balken per rij geschaald op de hoogste van de drie waarden:", Box(x - 92, legend_y, 90, 3.5),
              page, size=6.5, color=MUTED, align="right", family=FONT_CONDENSED)
    for name, _ in BAR_COLORS:
        add_label(layout, name, Box(x + 3.5, legend_y, 18, 3.5), page, size=6.5, color=MUTED,
                  family=FONT_CONDENSED)
        x += 22
