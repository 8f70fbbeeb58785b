"""Map style of the geldstromen per buurt: euros per inhabitant in quantile classes, 'geen gegevens' apart."""
from qgis.core import QgsFillSymbol, QgsRuleBasedRenderer

from ..common import format_nl, is_null
from ..common.styling import label_buurten, quantile_breaks

COLOURS = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
NO_DATA = "#d9d9d9"


def _fill(color):
    return QgsFillSymbol.createSimple({"color": color, "outline_color": "#4d4d4d", "outline_width": "0.2"})


def geldstromen_renderer(layer, field="per_inwoner"):
    """Rule-based classes of `field` (euro); negative totals get their own class; NULL is 'geen gegevens'."""
    values = [f[field] for f in layer.getFeatures()]
    values = [None if is_null(v) else float(v) for v in values]
    root = QgsRuleBasedRenderer.Rule(None)
    if any(v is not None and v < 0 for v in values):
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill("#c2a5cf"), 0, 0, f'"{field}" < 0', "minder dan € 0"))
    breaks = quantile_breaks([v for v in values if v is not None and v >= 0])
    for i, upper in enumerate(breaks):
        colour = COLOURS[round(i * (len(COLOURS) - 1) / max(1, len(breaks) - 1))]
        lower = 0 if i == 0 else breaks[i - 1]
        expr = (f'"{field}" >= 0 AND "{field}" <= {upper!r}' if i == 0
                else f'"{field}" > {lower!r} AND "{field}" <= {upper!r}')
        label = f"€ {format_nl(lower, 0)} – {format_nl(upper, 0)}"
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(colour), 0, 0, expr, label))
    root.appendChild(QgsRuleBasedRenderer.Rule(_fill(NO_DATA), 0, 0, f'"{field}" IS NULL',
                                               "geen gegevens (zie reden_leeg)"))
    return QgsRuleBasedRenderer(root)


def style_geldstromen_layer(layer, field="per_inwoner"):
    """Style the per-buurt geldstromen layer: classes of euros per inhabitant, buurt names as labels."""
    layer.setRenderer(geldstromen_renderer(layer, field))
    if layer.fields().indexOf("buurtnaam") >= 0:
        label_buurten(layer)
    layer.triggerRepaint()
