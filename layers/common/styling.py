"""Map styles for dossier layers, built from the indicator catalogue (no hard-coded field lists)."""
import math

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSymbol,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor, QFont

from .catalogue import indicator
from .formatting import format_nl
from .no_figures import add_hatch_rule
from .values import SENTINEL_LIMIT, cbs_number, plain

# A sequential palette that prints well and reads for colour-blind users (light = low, dark = high).
PALETTE = ("#fff5d6", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000")
NEUTRAL = ("#eef4f8", "#bcd7e6", "#6baed6", "#2b7bba", "#08306b")
NO_DATA = "#d9d9d9"


def quantile_breaks(values, classes=5):
    """Class upper bounds at equal-count quantiles of the non-missing values (unique, ascending)."""
    data = sorted(v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v)))
    if not data:
        return []
    breaks = []
    for k in range(1, classes + 1):
        idx = min(len(data) - 1, max(0, math.ceil(k * len(data) / classes) - 1))
        if not breaks or data[idx] > breaks[-1]:
            breaks.append(data[idx])
    return breaks


def text_format(size, bold=False, color="#222222", family="DejaVu Sans"):
    """A QgsTextFormat in points: one font setting for maps, layouts and labels."""
    font = QFont(family)
    font.setBold(bold)
    fmt = QgsTextFormat()
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(color))
    return fmt


def _fill(color, outline="#4d4d4d", width=0.2, style="solid"):
    return QgsFillSymbol.createSimple({"color": color, "outline_color": outline,
                                       "outline_width": str(width), "style": style})


def indicator_renderer(layer, ind_id, classes=5):
    """A rule-based renderer with quantile classes for one indicator, a 'geen gegevens' class, and a hatch over
    buurten without any CBS figures."""
    ind = indicator(ind_id)
    root = QgsRuleBasedRenderer.Rule(None)
    if layer.fields().indexOf(ind_id) < 0:  # the layer lacks this indicator: every buurt 'geen gegevens'
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(NO_DATA), 0, 0, "", "geen gegevens"))
        return QgsRuleBasedRenderer(root)
    values = [f[ind_id] for f in layer.getFeatures()]
    values = [cbs_number(plain(v)) for v in values]  # sentinels: NULL
    breaks = quantile_breaks(values, classes)
    colors = PALETTE if ind.higher_is_worse else NEUTRAL
    lower = min((v for v in values if v is not None), default=None)
    for i, upper in enumerate(breaks):
        color = colors[round(i * (len(colors) - 1) / max(1, len(breaks) - 1))]
        low_txt, up_txt = format_nl(lower, ind.decimals), format_nl(upper, ind.decimals)
        expr = f'"{ind_id}" <= {upper!r}' if i == 0 else f'"{ind_id}" > {breaks[i - 1]!r} AND "{ind_id}" <= {upper!r}'
        label = f"{low_txt} – {up_txt}" if i == 0 else f"> {format_nl(breaks[i - 1], ind.decimals)} – {up_txt}"
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(color), 0, 0, expr, label))
    root.appendChild(QgsRuleBasedRenderer.Rule(_fill(NO_DATA, style="solid"), 0, 0,
                                               f'"{ind_id}" IS NULL OR "{ind_id}" <= {SENTINEL_LIMIT}',
                                               "geen gegevens"))
    return add_hatch_rule(QgsRuleBasedRenderer(root), layer)


def label_buurten(layer, field="buurtnaam", size=7.0):
    """Small buffered labels with the buurt name."""
    fmt = text_format(size)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor(255, 255, 255, 200))
    fmt.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def style_buurten(layer, ind_id="aardgas"):
    """The dossier's default buurten style: a key indicator in classes, buurt names as labels."""
    layer.setRenderer(indicator_renderer(layer, ind_id))
    label_buurten(layer)
    layer.triggerRepaint()


def _class_symbol(layer, colour, opacity, line_width, point_size):
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    symbol.setColor(QColor(colour))
    if layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry:
        symbol.setOpacity(opacity)
    elif layer.geometryType() == QgsWkbTypes.GeometryType.LineGeometry:
        symbol.symbolLayer(0).setWidth(line_width)
    else:
        symbol.symbolLayer(0).setSize(point_size)
    return symbol


def categorized_renderer(layer, field, colours, opacity=0.55, line_width=1.2, point_size=3.2):
    """A categorised renderer on `field`: one class per value ({value: colour}) plus 'overig / leeg' in grey;
    areas translucent, lines and points sized so they stay visible above the buurten."""
    sizes = (opacity, line_width, point_size)
    cats = [QgsRendererCategory(value, _class_symbol(layer, colour, *sizes), value)
            for value, colour in colours.items()]
    cats.append(QgsRendererCategory(None, _class_symbol(layer, "#cccccc", *sizes), "overig / leeg"))
    return QgsCategorizedSymbolRenderer(field, cats)
