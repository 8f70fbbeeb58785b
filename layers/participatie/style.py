"""Map styles of the note and measure layers: notes coloured by theme, measures by status."""
from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory, QgsSymbol, QgsWkbTypes
from qgis.PyQt.QtGui import QColor

from ..schema import MEASURE_LAYERS, NOTE_LAYERS, STATUSSEN, THEMAS

THEME_COLOURS = dict(zip(THEMAS, ("#8c510a", "#01665e", "#f1a340", "#2166ac", "#762a83", "#d6604d", "#5ab4ac",
                                  "#1b7837")))
STATUS_COLOURS = dict(zip(STATUSSEN, ("#bdbdbd", "#6baed6", "#2171b5", "#fd8d3c", "#31a354", "#737373")))


def _symbol(layer, colour):
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    symbol.setColor(QColor(colour))
    if layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry:
        symbol.setOpacity(0.55)
    elif layer.geometryType() == QgsWkbTypes.GeometryType.LineGeometry:
        symbol.symbolLayer(0).setWidth(1.2)
    else:
        symbol.symbolLayer(0).setSize(3.2)
    return symbol


def categorized(layer, field, colours):
    """A categorised renderer on `field` with one class per value and 'overig' for the rest."""
    cats = [QgsRendererCategory(value, _symbol(layer, colour), value) for value, colour in colours.items()]
    cats.append(QgsRendererCategory(None, _symbol(layer, "#cccccc"), "overig / leeg"))
    return QgsCategorizedSymbolRenderer(field, cats)


def style_participatie_layers(layers):
    """Style every spatial note and measure layer in `layers` (name -> QgsVectorLayer)."""
    for name, geometry in NOTE_LAYERS.items():
        if geometry and name in layers:
            layers[name].setRenderer(categorized(layers[name], "thema", THEME_COLOURS))
    for name, geometry in MEASURE_LAYERS.items():
        if geometry and name in layers:
            layers[name].setRenderer(categorized(layers[name], "status", STATUS_COLOURS))
