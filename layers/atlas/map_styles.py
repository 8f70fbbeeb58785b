"""Map styles for the atlas maps, applied as layout style overrides so the project's own layer style stays as it is."""
from qgis.core import (
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLayoutItemMap,
    QgsMapLayerStyle,
    QgsPalLayerSettings,
    QgsRuleBasedLabeling,
    QgsRuleBasedRenderer,
    QgsTextBufferSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from ..common import NO_DATA, PALETTE, add_hatch_rule, indicator, indicator_renderer, text_format
from .layout_items import frame, place
from .options import FONT

CURRENT = "$id = @atlas_featureid"
MAP_BACKGROUND = "#e8eef1"


def _fill(color, outline, width, alpha=255):
    symbol = QgsFillSymbol.createSimple({"color": color, "outline_color": outline, "outline_width": str(width),
                                         "outline_width_unit": "MM", "joinstyle": "round"})
    symbol.setOpacity(alpha / 255)
    return symbol


def _text(size, color="#333333", bold=False, buffer=True):
    fmt = text_format(size, bold, color, FONT)
    halo = QgsTextBufferSettings()
    halo.setEnabled(buffer)
    halo.setSize(0.9)
    halo.setColor(QColor(255, 255, 255, 220))
    fmt.setBuffer(halo)
    return fmt


def _label_rule(expr, size, color, bold=False, buffer=True, text='"buurtnaam"', priority=None):
    settings = QgsPalLayerSettings()
    settings.fieldName = text
    settings.isExpression = True
    settings.setFormat(_text(size, color, bold, buffer))
    settings.placement = QgsPalLayerSettings.Placement.Horizontal
    settings.autoWrapLength = 18
    if priority is not None:
        settings.priority = priority
    rule = QgsRuleBasedLabeling.Rule(settings)
    rule.setFilterExpression(expr)
    return rule


def _over(color, alpha, under):
    """The opaque colour of `color` at `alpha` (0-255) drawn over `under`."""
    top, bottom = QColor(color), QColor(under)
    mix = [round((alpha * a + (255 - alpha) * b) / 255)
           for a, b in zip(top.getRgb()[:3], bottom.getRgb()[:3])]
    return QColor(*mix).name()


def atlas_renderer(with_basemap=False, layer=None):
    """Current buurt strong (orange fill, dark red outline), neighbours light, for an atlas-driven map; buurten of
    `layer` without CBS figures hatched.

    Over a background map the symbols are see-through. Without one they are drawn in the equivalent opaque
    colours: Qt writes translucent strokes to PDF as outlined shapes, which made every page several times larger.
    """
    if with_basemap:
        current, other = _fill("#fdae6b", "#7f0000", 0.9, 150), _fill("#ffffff", "#6f7a80", 0.3, 40)
    else:
        fill = _over("#fdae6b", 210, MAP_BACKGROUND)
        current = _fill(fill, _over("#7f0000", 210, fill), 0.9)
        fill = _over("#ffffff", 235, MAP_BACKGROUND)
        other = _fill(fill, _over("#6f7a80", 235, fill), 0.3)
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(current, 0, 0, CURRENT, "Deze buurt"))
    other_rule = QgsRuleBasedRenderer.Rule(other, 0, 0, "", "Andere buurten")
    other_rule.setIsElse(True)
    root.appendChild(other_rule)
    renderer = QgsRuleBasedRenderer(root)
    # The current buurt last, so its dark outline lies above the neighbours' grey ones.
    renderer.setOrderBy(QgsFeatureRequest.OrderBy([QgsFeatureRequest.OrderByClause(CURRENT, True)]))
    renderer.setOrderByEnabled(True)
    return add_hatch_rule(renderer, layer) if layer is not None else renderer


def atlas_labeling(with_basemap=False):
    """Buurt names: the current one bold and dark, neighbours smaller and grey.

    Neighbour names sit on an almost white fill and need no halo unless a background map shows through; a halo
    is drawn as glyph outlines, which made it the largest part of every page in the PDF.
    """
    root = QgsRuleBasedLabeling.Rule(None)
    root.appendChild(_label_rule(CURRENT, 9.5, "#4a0000", True))
    root.appendChild(_label_rule(f"NOT ({CURRENT})", 7.0, "#555555", buffer=with_basemap))
    return QgsRuleBasedLabeling(root)


def stapeling_renderer(stapeling_expr):
    """Classes of the number of knelpunten per buurt (0, 1, 2, 3 or more, geen gegevens)."""
    root = QgsRuleBasedRenderer.Rule(None)
    classes = ((f"{stapeling_expr} = 0", "geen knelpunt", "#ffffd4"),
               (f"{stapeling_expr} = 1", "1 knelpunt", PALETTE[1]),
               (f"{stapeling_expr} = 2", "2 knelpunten", PALETTE[2]),
               (f"{stapeling_expr} >= 3", "3 of meer knelpunten", PALETTE[3]),
               (f"{stapeling_expr} IS NULL", "geen gegevens", NO_DATA))
    for expr, label, color in classes:
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(color, "#4d4d4d", 0.25), 0, 0, expr, label))
    return QgsRuleBasedRenderer(root)


def overview_labeling(size=6.0, stapeling_expr="", small_expr="", no_figures_expr=""):
    """Buurt names on the cover map: knelpunt buurten bold and placed first; '*' marks a buurt with few inhabitants;
    a buurt without CBS figures (hatched) is named with the knelpunt buurten' priority.

    Long names wrap on two lines; a name that finds no room inside its buurt may sit just outside it.
    """
    text = f"\"buurtnaam\" || CASE WHEN {small_expr} THEN ' *' ELSE '' END" if small_expr else '"buurtnaam"'
    root = QgsRuleBasedLabeling.Rule(None)
    others = f" AND NOT {no_figures_expr}" if no_figures_expr else ""
    if no_figures_expr:
        root.appendChild(_label_rule(no_figures_expr, size, "#333333", text='"buurtnaam"', priority=10))
    if stapeling_expr:
        root.appendChild(_label_rule(f"coalesce({stapeling_expr}, 0) >= 1{others}", size + 0.5, "#1f2d3a", True,
                                     text=text, priority=10))
        root.appendChild(_label_rule(f"coalesce({stapeling_expr}, 0) < 1{others}", size, "#333333", text=text,
                                     priority=4))
    else:
        plain = f"NOT {no_figures_expr}" if no_figures_expr else ""
        root.appendChild(_label_rule(plain, size, "#222222", text=text))
    for rule in root.children():
        settings = rule.settings()
        settings.fitInPolygonOnly = False
        settings.placement = QgsPalLayerSettings.Placement.AroundPoint
        settings.dist = 0
        rule.setSettings(settings)
    return QgsRuleBasedLabeling(root)


def style_xml(layer, renderer, labeling):
    """The layer style XML (renderer + labels) for QgsLayoutItemMap.setLayerStyleOverrides, without touching layer."""
    scratch = QgsVectorLayer(f"MultiPolygon?crs={layer.crs().authid()}", "stijl", "memory")
    scratch.setRenderer(renderer.clone())
    scratch.setLabeling(labeling.clone())
    scratch.setLabelsEnabled(True)
    style = QgsMapLayerStyle()
    style.readFromLayer(scratch)
    return style.xmlData()


def cover_renderer(layer, stapeling_expr, indicator_id):
    """(renderer, legend title) for the cover map: stapeling when known, else a key indicator in classes."""
    if stapeling_expr:
        return add_hatch_rule(stapeling_renderer(stapeling_expr), layer), "Stapeling van knelpunten"
    ind = indicator(indicator_id)
    return indicator_renderer(layer, indicator_id), f"{ind.label} ({ind.unit})"


def legend_entries(renderer):
    """(label, symbol) per class of a rule-based renderer, for a drawn legend."""
    return [(rule.label(), rule.symbol()) for rule in renderer.rootRule().children() if rule.symbol()]


def styled_map(layout, page, box, item_id, layer, map_layers, renderer, labeling):
    """A framed map item on `page` that draws `layer` with its own style, leaving the project's style alone."""
    map_item = QgsLayoutItemMap(layout)
    map_item.setId(item_id)
    layout.addLayoutItem(map_item)
    place(map_item, box, page)
    map_item.setCrs(layer.crs())
    map_item.setLayers(map_layers)
    map_item.setKeepLayerStyles(True)
    map_item.setLayerStyleOverrides({layer.id(): style_xml(layer, renderer, labeling)})
    map_item.setBackgroundColor(QColor(MAP_BACKGROUND))
    frame(map_item, "#8a969e", 0.3)
    return map_item
