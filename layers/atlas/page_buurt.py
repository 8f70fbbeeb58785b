"""The atlas page repeated for every buurt: header, map with neighbours, key figures, knelpunten, participatie."""
from qgis.core import QgsLayoutItemMap, QgsRuleBasedLabeling
from qgis.PyQt.QtGui import QColor

from .atlas_data import page_number_expression, quote_field
from .buurt_texts import (
    BOX_MARGIN_X,
    BOX_MARGIN_Y,
    BOX_TEXT_SIZES,
    NAME_HEIGHT,
    NAME_SIZES,
    SUB_HEIGHT,
    SUB_SIZE,
    box_key,
    name_key,
    text_expression,
)
from .figures_table import add_figures_block
from .layout_items import (
    ACCENT,
    MUTED,
    RULE,
    add_box_title,
    add_label,
    add_north_arrow,
    add_rect,
    add_scalebar,
    frame,
    place,
    text_format,
)
from .map_styles import atlas_labeling, atlas_renderer, style_xml, styled_map
from .options import LICENCE, Box
from .text_fit import fit_size, shorten

TEXT_BOX_FILL = "#f6f8f9"
PAGE_NUMBER = page_number_expression()


def add_buurt_page(layout, page, grid, layer, map_layers, exprs, options, basemap=False):
    """Place every item of the buurt page on `page`; returns the atlas-driven map item."""
    h = grid.header
    for i, size in enumerate(NAME_SIZES):  # one name per buurt is filled, at the largest size that fits
        add_label(layout, f"[% {text_expression(name_key(i))} %]", Box(h.x, h.y, h.w * 0.68, NAME_HEIGHT), page,
                  size=size, bold=True, item_id="Buurtnaam" if i == 0 else f"Buurtnaam {size:g} pt")
    add_label(layout, f"[% {text_expression('sub')} %]", Box(h.x, h.y + 10, h.w * 0.68, SUB_HEIGHT), page,
              size=SUB_SIZE, color=MUTED)
    right = Box(h.x + h.w * 0.68, h.y + 1, h.w * 0.32, 6 if options.subtitle else h.h - 2)
    size, title = fit_size(lambda s: text_format(s, True), options.title, right.w, right.h, (9.0, 8.0, 7.0))
    add_label(layout, title, right, page, size=size, bold=True, color=ACCENT, align="right")
    if options.subtitle:
        sub_box = Box(h.x + h.w * 0.68, h.y + 7, h.w * 0.32, h.h - 7)
        add_label(layout, shorten(text_format(7.5), options.subtitle, sub_box.w, sub_box.h), sub_box, page,
                  size=7.5, color=MUTED, align="right")
    add_rect(layout, Box(h.x, h.y + h.h, h.w, 0.3), page, fill=RULE)
    map_item = _add_map(layout, page, grid.map, layer, map_layers, basemap)
    year = quote_field("jaar") if "jaar" in layer.fields().names() else "NULL"
    add_figures_block(layout, grid.table, page, options.indicators, exprs, year)
    _add_text_block(layout, page, grid.knelpunten, "Knelpunten", "knelpunten", "Knelpunten")
    _add_text_block(layout, page, grid.participatie, "Participatie en maatregelen", "participatie",
                    "Participatie en maatregelen")
    _add_footer(layout, page, grid.footer, options)
    return map_item


def _add_map(layout, page, box, layer, map_layers, basemap):
    map_item = styled_map(layout, page, box, "Buurtkaart", layer, map_layers, atlas_renderer(basemap, layer),
                          atlas_labeling(basemap))
    map_item.setAtlasDriven(True)
    map_item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    map_item.setAtlasMargin(0.6)
    map_item.zoomToExtent(layer.extent())
    furniture = [add_scalebar(layout, map_item, Box(box.x + 3, box.y + box.h - 11, 60, 8), page),
                 add_north_arrow(layout, map_item, Box(box.x + box.w - 13, box.y + 3, 10, 14), page),
                 _add_locator(layout, page, box, layer, map_item)]
    for item in furniture:  # labels make way for the scale bar, the north arrow and the inset
        if item is not None:
            map_item.addLabelBlockingItem(item)
    return map_item


def _add_locator(layout, page, box, layer, main_map):
    """A small overview of all buurten in the map's corner, with the current one highlighted."""
    extent = layer.extent()
    if extent.isEmpty():
        return None
    width = min(38.0, box.w * 0.24)
    height = max(12.0, min(width * extent.height() / max(extent.width(), 1e-9), box.h * 0.4))
    locator = QgsLayoutItemMap(layout)
    locator.setId("Overzichtskaartje")
    layout.addLayoutItem(locator)
    place(locator, Box(box.x + box.w - width - 2, box.y + box.h - height - 2, width, height), page)
    locator.setCrs(layer.crs())
    locator.setLayers([layer])
    locator.setKeepLayerStyles(True)
    locator.setLayerStyleOverrides({layer.id(): style_xml(layer, atlas_renderer(False),
                                                          QgsRuleBasedLabeling(QgsRuleBasedLabeling.Rule(None)))})
    locator.setBackgroundColor(QColor("#ffffff"))
    locator.zoomToExtent(extent.buffered(max(extent.width(), extent.height()) * 0.03))
    frame(locator, "#5b6770", 0.3)
    return locator


def _add_text_block(layout, page, box, title, key, item_id):
    content = add_box_title(layout, title, box, page)
    # One label per text size, only one of which has text for a buurt. Only the lowest paints the background:
    # a background on a label above would hide the text of the one below.
    for index, size in enumerate(BOX_TEXT_SIZES):
        label = add_label(layout, f"[% {text_expression(box_key(key, index))} %]", content, page, size=size,
                          item_id=item_id if index == 0 else f"{item_id} {size:g} pt")
        label.setBackgroundEnabled(index == 0)
        label.setBackgroundColor(QColor(TEXT_BOX_FILL))
        label.setMarginX(BOX_MARGIN_X)
        label.setMarginY(BOX_MARGIN_Y)


def _add_footer(layout, page, box, options):
    add_rect(layout, Box(box.x, box.y - 1.5, box.w, 0.3), page, fill=RULE)
    credits = f" · {options.credits}" if options.credits else ""
    left = Box(box.x, box.y, box.w * 0.75, box.h)
    size, text = fit_size(text_format, f"{options.title} · {LICENCE}{credits}", left.w, left.h, (6.5, 6.0, 5.5))
    add_label(layout, text, left, page, size=size, color=MUTED)
    add_label(layout, PAGE_NUMBER, Box(box.x + box.w * 0.75, box.y, box.w * 0.25, box.h), page, size=7,
              color=MUTED, align="right", item_id="Paginanummer")
