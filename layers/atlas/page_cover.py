"""The cover page: title, overview map of all buurten (stapeling or a key indicator), legend, date and sources."""
from qgis.core import Qgis, QgsFillSymbol, QgsGeometryGeneratorSymbolLayer, QgsLayoutItemShape

from ..common import NO_FIGURES_NOTE, is_null, no_figures_expression, no_figures_names
from .buurt_texts import SMALL_BUURT
from .layout_items import (
    MUTED,
    add_front_footer,
    add_label,
    add_north_arrow,
    add_rect,
    add_scalebar,
    place,
    text_format,
)
from .map_styles import cover_renderer, legend_entries, overview_labeling, styled_map
from .options import LICENCE, Box
from .text_fit import fit_size

SOURCES = ("Bronnen: CBS, Kerncijfers wijken en buurten{jaar}; buurtgrenzen: {grenzen}. "
           "Referentiecijfers van gemeente en Nederland uit dezelfde CBS-tabel.")
DEFAULT_BOUNDARIES = "CBS / Kadaster, Wijk- en Buurtkaart"


def boundary_source(layer):
    """Where the buurt polygons come from, as the dossier's 'grens_bron' field says (without per-buurt details)."""
    idx = layer.fields().indexOf("grens_bron")
    if idx < 0:
        return DEFAULT_BOUNDARIES
    names = []
    for value in layer.uniqueValues(idx, 50):
        text = "" if is_null(value) else str(value)
        text = text.split(" (", 1)[0].strip()
        if text and text not in names:
            names.append(text)
    return "; ".join(sorted(names)[:3]) if names else DEFAULT_BOUNDARIES


TITLE_SIZES = (24.0, 20.0, 18.0, 16.0, 14.0)
INFO_SIZES = (8.0, 7.5, 7.0, 6.5)


def add_cover_page(layout, page, grid, layer, map_layers, options, stapeling_expr, year, buurt_count, front_count=1):
    """Place the cover items on `page` (the page is only exported with the first atlas feature)."""
    w, h = grid.width, grid.height
    margin = 12.0
    landscape = w > h
    add_rect(layout, Box(0, 0, w, 40 if not landscape else 34), page, fill="#1f2d3a")
    title_box = Box(margin, 9, w - 2 * margin, 15)
    size, title = fit_size(lambda s: text_format(s, True), options.title, title_box.w, title_box.h, TITLE_SIZES)
    add_label(layout, title, title_box, page, size=size, bold=True, color="#ffffff", item_id="Titel")
    no_figures = no_figures_names(layer)  # hatched and named on the map
    atlas = layout.atlas()
    in_atlas = no_figures_names(layer, atlas.filterExpression() if atlas.filterFeatures() else "")
    without = f", waarvan {len(in_atlas)} zonder CBS-cijfers" if in_atlas else ""
    sub = options.subtitle or f"Buurtatlas met {buurt_count} buurten{without}"
    sub_box = Box(margin, 24.5, w - 2 * margin, (40 if not landscape else 34) - 25)
    size, sub = fit_size(text_format, sub, sub_box.w, sub_box.h, (11.0, 10.0, 9.0))
    add_label(layout, sub, sub_box, page, size=size, color="#dfe6ea")
    top = 46 if not landscape else 40
    map_box = Box(margin, top, w - 2 * margin, h * 0.56) if not landscape else Box(margin, top, 185, 150)
    renderer, legend_title = cover_renderer(layer, stapeling_expr, options.cover_indicator or
                                            key_indicator(options.indicators))
    small = small_buurt_expression(layer)
    map_item = styled_map(layout, page, map_box, "Overzichtskaart", layer, map_layers, renderer,
                          overview_labeling(6.0, stapeling_expr, small,
                                            no_figures_expression(layer.fields().names()) if no_figures else ""))
    extent = layer.extent()
    map_item.zoomToExtent(extent.buffered(max(extent.width(), extent.height()) * 0.04))
    for item in (add_scalebar(layout, map_item, Box(map_box.x + 3, map_box.y + map_box.h - 11, 60, 8), page),
                 add_north_arrow(layout, map_item, Box(map_box.x + map_box.w - 13, map_box.y + 3, 10, 14), page)):
        map_item.addLabelBlockingItem(item)  # no buurt name hides under the map furniture
    if landscape:
        side = Box(map_box.x + map_box.w + 8, top, w - margin - (map_box.x + map_box.w + 8), 150)
    else:
        side = Box(margin, map_box.y + map_box.h + 6, (w - 2 * margin) / 2 - 4, h - map_box.y - map_box.h - 20)
    notes = []
    if small and any(True for _ in layer.getFeatures(small)):
        notes.append(f"* minder dan {SMALL_BUURT} inwoners: weinig of onzekere cijfers")
    if no_figures:
        notes.append(f"Gearceerd ({NO_FIGURES_NOTE.split(': ', 1)[1]}): {', '.join(no_figures)}")
    if options.unplaced:
        notes.append(f"Niet op de kaart (geen grens): {options.unplaced}")
    _add_legend(layout, page, side, legend_title, legend_entries(renderer), notes)
    info = side if landscape else Box(w / 2 + 4, side.y, w / 2 - margin - 4, side.h)
    if landscape:
        info = Box(side.x, side.y + 12 + 6 * len(legend_entries(renderer)) + 8, side.w, 80)
    _add_info(layout, page, info, options, year, layer)
    add_front_footer(layout, page, front_count, w, h, margin)
    return map_item


def key_indicator(indicators):
    """The cover map's indicator when there is no stapeling: aardgas when chosen, else the first 'worse' one."""
    ids = [ind.id for ind in indicators]
    if "aardgas" in ids:
        return "aardgas"
    return next((ind.id for ind in indicators if ind.higher_is_worse), ids[0])


def small_buurt_expression(layer):
    """Expression true for a buurt with few inhabitants ('' when the layer has no inwoners)."""
    return f"\"inwoners\" < {SMALL_BUURT}" if "inwoners" in layer.fields().names() else ""


def _add_legend(layout, page, box, title, entries, notes=()):
    """A drawn legend: title, one colour swatch per class, and notes below."""
    add_label(layout, "Legenda", Box(box.x, box.y, box.w, 6), page, size=10.5, bold=True, item_id="Legenda")
    add_label(layout, title, Box(box.x, box.y + 6.5, box.w, 5), page, size=8.5, color=MUTED)
    y = box.y + 13
    for label, _ in entries:
        add_label(layout, label, Box(box.x + 9, y + 0.2, box.w - 9, 4.5), page, size=8)
        y += 6
    if notes:
        note_box = Box(box.x, y + 1, box.w, max(6.0, box.y + box.h - y - 1))
        size, text = fit_size(text_format, "\n".join(notes), note_box.w, note_box.h, (7.5, 7.0, 6.5))
        add_label(layout, text, note_box, page, size=size, color=MUTED, item_id="Legendanoten")
    if entries:
        swatches = QgsLayoutItemShape(layout)
        swatches.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
        swatches.setSymbol(_swatch_symbol([symbol for _, symbol in entries], 7, 4.2, 6))
        layout.addLayoutItem(swatches)
        place(swatches, Box(box.x, box.y + 13, 7.2, 6 * len(entries)), page)
        swatches.setId("Legendavlakken")


def _swatch_symbol(symbols, width, height, step):
    """The legend's class boxes as one static symbol (one item is refreshed once per atlas page, not five)."""
    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)
    for i, class_symbol in enumerate(symbols):
        y = i * step
        layer = QgsGeometryGeneratorSymbolLayer.create({
            "geometryModifier": f"geom_from_wkt('POLYGON((0 {y}, {width} {y}, {width} {y + height}, 0 {y + height}, "
                                f"0 {y}))')",
            "SymbolType": "Fill"})
        layer.setUnits(Qgis.RenderUnit.Millimeters)
        swatch = QgsFillSymbol.createSimple({"color": class_symbol.color().name(), "outline_color": "#4d4d4d",
                                             "outline_width": "0.2", "outline_width_unit": "MM"})
        for extra in range(class_symbol.symbolLayerCount()):  # a hatch is drawn as it is on the map
            if class_symbol.symbolLayer(extra).layerType() == "LinePatternFill":
                swatch = QgsFillSymbol.createSimple({"color": "#ffffff", "outline_color": "#4d4d4d",
                                                     "outline_width": "0.2", "outline_width_unit": "MM"})
                swatch.appendSymbolLayer(class_symbol.symbolLayer(extra).clone())
        layer.setSubSymbol(swatch)
        symbol.appendSymbolLayer(layer)
    return symbol


def _add_info(layout, page, box, options, year, layer):
    jaar = f" {year}" if year else ""
    add_label(layout, "Over deze atlas", Box(box.x, box.y, box.w, 6), page, size=10.5, bold=True)
    lines = ["[% 'Gemaakt op ' || format_date(now(), 'd MMMM yyyy', 'nl') %]",
             SOURCES.format(jaar=jaar, grenzen=boundary_source(layer)), LICENCE]
    if options.credits:
        lines.append(options.credits)
    lines.append("Per buurt: kaart met de buurt en haar buren, kerncijfers naast gemeente en Nederland, "
                 "knelpunten en ruimte voor participatie en maatregelen. Een streepje (–) betekent: geen gegevens.")
    text_box = Box(box.x, box.y + 7, box.w, box.h - 7)
    # The date is an expression: measure it as its longest form.
    sample = "\n\n".join(lines).replace(lines[0], "Gemaakt op 30 september 2026")
    size, fitted = fit_size(text_format, sample, text_box.w, text_box.h, INFO_SIZES)
    text = fitted.replace("Gemaakt op 30 september 2026", lines[0], 1) if fitted.startswith("Gemaakt op") else fitted
    add_label(layout, text, text_box, page, size=size, item_id="Bronnen")
