"""The atlas page repeated for every buurt: header, map with neighbours, key figures, knelpunten, participatie."""
from qgis.core import QgsLayoutItemMap, QgsRuleBasedLabeling
from qgis.PyQt.QtGui import QColor

from .atlas_data import VAR_COVER, quote_field
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
)
from .map_styles import atlas_labeling, atlas_renderer, style_xml, styled_map
from .options import LICENCE, NO_NOTES, Box

TEXT_BOX_FILL = "#f6f8f9"
PAGE_NUMBER = (f"[% CASE WHEN @{VAR_COVER} = 1 THEN 'Pagina ' || (@atlas_featurenumber + 1) || ' van ' || "
               f"(@atlas_totalfeatures + 1) ELSE 'Buurt ' || @atlas_featurenumber || ' van ' || "
               f"@atlas_totalfeatures END %]")


def _field(fields, name, fallback="''"):
    return quote_field(name) if name in fields else fallback


def add_buurt_page(layout, page, grid, layer, map_layers, exprs, options, basemap=False):
    """Place every item of the buurt page on `page`; returns the atlas-driven map item."""
    fields = layer.fields().names()
    h = grid.header
    add_label(layout, f"[% {_field(fields, 'buurtnaam', quote_field('buurtcode'))} %]",
              Box(h.x, h.y, h.w * 0.68, 9), page, size=18, bold=True, item_id="Buurtnaam")
    sub = " || ' · ' || ".join(f"coalesce({_field(fields, n)}, '')" for n in ("buurtcode", "wijknaam", "gemeentenaam")
                               if n in fields) or "''"
    add_label(layout, f"[% 'Buurt ' || {sub} %]", Box(h.x, h.y + 10, h.w * 0.68, 6), page, size=9, color=MUTED)
    add_label(layout, options.title, Box(h.x + h.w * 0.68, h.y + 1, h.w * 0.32, 6), page, size=9, bold=True,
              color=ACCENT, align="right")
    if options.subtitle:
        add_label(layout, options.subtitle, Box(h.x + h.w * 0.68, h.y + 7, h.w * 0.32, 10), page, size=7.5,
                  color=MUTED, align="right")
    add_rect(layout, Box(h.x, h.y + h.h, h.w, 0.3), page, fill=RULE)
    map_item = _add_map(layout, page, grid.map, layer, map_layers, basemap)
    add_figures_block(layout, grid.table, page, options.indicators, exprs, _field(fields, "jaar", "NULL"))
    _add_text_block(layout, page, grid.knelpunten, "Knelpunten", exprs.knelpunten_text(), "Knelpunten")
    _add_text_block(layout, page, grid.participatie, "Participatie en maatregelen",
                    exprs.participatie_text(NO_NOTES), "Participatie en maatregelen")
    _add_footer(layout, page, grid.footer, options)
    return map_item


def _add_map(layout, page, box, layer, map_layers, basemap):
    map_item = styled_map(layout, page, box, "Buurtkaart", layer, map_layers, atlas_renderer(basemap),
                          atlas_labeling(basemap))
    map_item.setAtlasDriven(True)
    map_item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    map_item.setAtlasMargin(0.6)
    map_item.zoomToExtent(layer.extent())
    add_scalebar(layout, map_item, Box(box.x + 3, box.y + box.h - 11, 60, 8), page)
    add_north_arrow(layout, map_item, Box(box.x + box.w - 13, box.y + 3, 10, 14), page)
    _add_locator(layout, page, box, layer, map_item)
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


def _add_text_block(layout, page, box, title, expression, item_id):
    content = add_box_title(layout, title, box, page)
    # The label paints its own background: one item instead of a rectangle plus a label.
    label = add_label(layout, f"[% {expression} %]", content, page, size=8.5, item_id=item_id)
    label.setBackgroundEnabled(True)
    label.setBackgroundColor(QColor(TEXT_BOX_FILL))
    label.setMarginX(2.0)
    label.setMarginY(1.5)


def _add_footer(layout, page, box, options):
    add_rect(layout, Box(box.x, box.y - 1.5, box.w, 0.3), page, fill=RULE)
    credits = f" · {options.credits}" if options.credits else ""
    add_label(layout, f"{options.title} · {LICENCE}{credits}", Box(box.x, box.y, box.w * 0.75, box.h), page,
              size=6.5, color=MUTED)
    add_label(layout, PAGE_NUMBER, Box(box.x + box.w * 0.75, box.y, box.w * 0.25, box.h), page, size=7,
              color=MUTED, align="right", item_id="Paginanummer")
