"""Map styles of the note and measure layers: notes coloured by theme, measures by status."""

from ..common import categorized_renderer
from ..schema import MEASURE_LAYERS, NOTE_LAYERS, STATUSSEN, THEMAS

THEME_COLOURS = dict(zip(THEMAS, ("#8c510a", "#01665e", "#f1a340", "#2166ac", "#762a83", "#d6604d", "#5ab4ac",
                                  "#1b7837")))
STATUS_COLOURS = dict(zip(STATUSSEN, ("#bdbdbd", "#6baed6", "#2171b5", "#fd8d3c", "#31a354", "#737373")))


def categorized(layer, field, colours):
    """A categorised renderer on `field` (common.styling.categorized_renderer with this layer kind's sizes)."""
    return categorized_renderer(layer, field, colours)


def style_participatie_layers(layers):
    """Style every spatial note and measure layer in `layers` (name -> QgsVectorLayer)."""
    for name, geometry in NOTE_LAYERS.items():
        if geometry and name in layers:
            layers[name].setRenderer(categorized(layers[name], "thema", THEME_COLOURS))
    for name, geometry in MEASURE_LAYERS.items():
        if geometry and name in layers:
            layers[name].setRenderer(categorized(layers[name], "status", STATUS_COLOURS))
