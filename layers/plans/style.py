"""Map styles of plans (by category) and koppelkansen (kans versus conflict, stronger is more opaque)."""
from qgis.core import (
    QgsFillSymbol,
    QgsRuleBasedRenderer,
)
from qgis.PyQt.QtGui import QColor

from ..common import categorized_renderer
from ..schema import KOPPELKANSEN_LAYER, PLAN_LAYERS
from .categories import load_categories

PALETTE = ("#1f78b4", "#e31a1c", "#33a02c", "#a6cee3", "#ff7f00", "#6a3d9a", "#b15928", "#fb9a99", "#b2df8a",
           "#cab2d6", "#fdbf6f", "#8c510a", "#01665e", "#737373")
KIND_COLOURS = {"koppelkans": "#1a9850", "conflict": "#f46d43", "breekverbod": "#a50026"}
OPACITY = {1: 0.35, 2: 0.6, 3: 0.9}


def categorized(layer, field, colours):
    """A categorised renderer on `field` (common.styling.categorized_renderer with this layer kind's sizes)."""
    return categorized_renderer(layer, field, colours, opacity=0.5, line_width=1.4, point_size=3.4)


def category_colours():
    """{category: colour} in the order of the categories file."""
    names = load_categories().names
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def kansen_renderer():
    """Rule-based: one rule per kind and strength; vanished pairs grey and hatched."""
    root = QgsRuleBasedRenderer.Rule(None)
    gone = QgsFillSymbol.createSimple({"color": "#bdbdbd", "style": "b_diagonal", "outline_color": "#737373",
                                       "outline_style": "dash", "outline_width": "0.3"})
    root.appendChild(QgsRuleBasedRenderer.Rule(gone, 0, 0, "\"stand\" = 'verdwenen'", "verdwenen"))
    for kind, colour in KIND_COLOURS.items():
        for strength, opacity in OPACITY.items():
            fill = QColor(colour)
            fill.setAlphaF(opacity)
            symbol = QgsFillSymbol.createSimple({"color": fill.name(QColor.NameFormat.HexArgb),
                                                 "outline_color": colour, "outline_width": "0.4"})
            rule = (f"coalesce(\"stand\", 'actueel') <> 'verdwenen' AND \"soort\" = '{kind}' AND "
                    f"\"sterkte\" = {strength}")
            root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, rule, f"{kind}, sterkte {strength}"))
    return QgsRuleBasedRenderer(root)


def style_plan_layers(layers):
    """Style the plan layers and the koppelkansen in `layers` (name -> QgsVectorLayer)."""
    colours = category_colours()
    for name in PLAN_LAYERS:
        if name in layers:
            layers[name].setRenderer(categorized(layers[name], "categorie", colours))
    if KOPPELKANSEN_LAYER in layers:
        layers[KOPPELKANSEN_LAYER].setRenderer(kansen_renderer())
