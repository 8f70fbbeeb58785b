"""Buurt polygons without CBS figures (their code found no match): drawn hatched and named, never as a hole.

A boundary whose code did not match the CBS table keeps its polygon with every indicator NULL (never 0). Maps draw
such a buurt with a line hatch over its class fill, so it reads as 'here is a buurt, but without figures' instead of
an empty patch that looks like water.
"""
from qgis.core import (
    Qgis,
    QgsExpression,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
)
from qgis.PyQt.QtGui import QColor

from .catalogue import load_catalogue

NO_FIGURES_NOTE = "gearceerd: geen CBS-cijfers voor deze grens"
HATCH_COLOR = "#7b8790"


def no_figures_expression(field_names):
    """Expression true for a buurt whose every catalogue indicator is NULL ('' when the layer has none of them)."""
    names = set(field_names)
    ids = [ind.id for ind in load_catalogue() if ind.id in names]
    if not ids:
        return ""
    return "(" + " AND ".join(f'"{i}" IS NULL' for i in ids) + ")"


def no_figures_names(layer, extra_filter=""):
    """The names (or codes) of the layer's buurten without CBS figures, sorted."""
    expr = no_figures_expression(layer.fields().names())
    if not expr:
        return []
    if extra_filter:
        expr = f"{expr} AND ({extra_filter})"
    field = "buurtnaam" if "buurtnaam" in layer.fields().names() else "buurtcode"
    if field not in layer.fields().names():
        return []
    request = QgsFeatureRequest(QgsExpression(expr))
    names = {str(f[field]) for f in layer.getFeatures(request)}
    return sorted(names)


def hatch_symbol(fill=None):
    """A 45° line hatch (with an optional solid fill under it and a thin outline)."""
    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)
    if fill:
        base = QgsSimpleFillSymbolLayer(QColor(fill), strokeColor=QColor("#4d4d4d"), strokeWidth=0.25)
        symbol.appendSymbolLayer(base)
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.5)
    hatch.setDistanceUnit(Qgis.RenderUnit.Millimeters)
    hatch.setLineWidth(0.25)
    hatch.setLineWidthUnit(Qgis.RenderUnit.Millimeters)
    hatch.setColor(QColor(HATCH_COLOR))
    hatch.subSymbol().setColor(QColor(HATCH_COLOR))
    hatch.subSymbol().setWidth(0.25)
    symbol.appendSymbolLayer(hatch)
    return symbol


def add_hatch_rule(renderer, layer):
    """Append a hatch rule for buurten without figures to a rule-based renderer, when the layer has any.

    The hatch is drawn over the class fill (an overlay rule, not an exclusive class), so the buurt keeps its
    'geen gegevens' colour and gains the hatch; the rule's label is the legend line.
    """
    expr = no_figures_expression(layer.fields().names())
    if not expr or not isinstance(renderer, QgsRuleBasedRenderer):
        return renderer
    if not any(True for _ in layer.getFeatures(QgsFeatureRequest(QgsExpression(expr)).setLimit(1))):
        return renderer
    renderer.rootRule().appendChild(QgsRuleBasedRenderer.Rule(hatch_symbol(), 0, 0, expr, NO_FIGURES_NOTE))
    return renderer
