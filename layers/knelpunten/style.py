"""Map styles for the knelpunten layer: stapeling classes with cluster outlines, or one rule's flags."""
from qgis.core import QgsFillSymbol, QgsRuleBasedRenderer

from ..common import NO_DATA, PALETTE


def _fill(color, outline="#4d4d4d", width="0.2", style="solid"):
    return QgsFillSymbol.createSimple({"color": color, "outline_color": outline, "outline_width": width,
                                       "style": style})


def stapeling_renderer(rule_count):
    """Rule-based renderer: 0, 1, 2, 3+ knelpunten, 'geen gegevens' when every rule is unknown, cluster outlines."""
    root = QgsRuleBasedRenderer.Rule(None)
    classes = (
        ('"stapeling" >= 3', "3 of meer knelpunten", PALETTE[4]),
        ('"stapeling" = 2', "2 knelpunten", PALETTE[3]),
        ('"stapeling" = 1', "1 knelpunt", PALETTE[2]),
        (f'"stapeling" = 0 AND "let_op_aantal" > 0 AND "onbekend_aantal" < {rule_count}',
         "geen knelpunt, wel 'let op'", PALETTE[1]),
        (f'"stapeling" = 0 AND "let_op_aantal" = 0 AND "onbekend_aantal" < {rule_count}', "geen knelpunt",
         PALETTE[0]),
        # NULL = every rule unknown; a layer of an older Wijkatlas has 0 there, with onbekend_aantal = all rules.
        (f'"stapeling" IS NULL OR ("stapeling" = 0 AND "onbekend_aantal" >= {rule_count})', "geen gegevens",
         NO_DATA),
    )
    for expr, label, color in classes:
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(color), 0, 0, expr, label))
    outline = _fill("#000000", outline="#1a1a1a", width="0.8", style="no")
    root.appendChild(QgsRuleBasedRenderer.Rule(outline, 0, 0, '"cluster_id" IS NOT NULL',
                                               "in een cluster van buurten met knelpunten"))
    return QgsRuleBasedRenderer(root)


def style_knelpunten(layer, rule_count):
    """Apply the stapeling style to a knelpunten layer."""
    layer.setRenderer(stapeling_renderer(rule_count))
    layer.triggerRepaint()
