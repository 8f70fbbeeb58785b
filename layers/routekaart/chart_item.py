"""The routekaart as a layout item: a QgsLayoutItem that draws one page of a ChartPlan with QPainter (vector PDF)."""
from qgis.core import QgsApplication, QgsLayoutItem, QgsLayoutItemAbstractMetadata, QgsLayoutItemRegistry

from .canvas import Canvas
from .chart_draw import draw_page

_PLUGIN = QgsLayoutItemRegistry.ItemType.PluginItem
ITEM_TYPE = getattr(_PLUGIN, "value", _PLUGIN) + 1414
_METADATA = []  # keeps the registered metadata alive


class RoutekaartItem(QgsLayoutItem):
    """Draws page `page` of a ChartPlan; with `plans` (key -> plan) it picks the plan of the current atlas feature
    through `key_field` (e.g. the wijkcode of the buurt on the atlas page)."""

    def __init__(self, layout, plan=None, page=0, plans=None, key_field=None):
        super().__init__(layout)
        self.plan, self.page, self.plans, self.key_field = plan, page, plans or {}, key_field
        self.setBackgroundEnabled(False)
        self.setFrameEnabled(False)

    def type(self):
        return ITEM_TYPE

    def displayName(self):  # noqa: N802
        return "Wijkroutekaart"

    def current_plan(self):
        """The plan to draw now: the fixed one, or the one of the atlas feature's key."""
        if self.plan is not None or not self.plans:
            return self.plan
        feature = self.createExpressionContext().feature()
        if not feature.isValid() or feature.fieldNameIndex(self.key_field) < 0:
            return None
        return self.plans.get(str(feature[self.key_field]))

    def draw(self, context):
        canvas = Canvas(context.renderContext())
        plan = self.current_plan()
        if plan is None or self.page >= len(plan.pages):
            canvas.text(2.0, 6.0, "Wijkroutekaart: maak haar opnieuw met 'Wijkroutekaart maken' (Processing ▸ "
                                  "Wijkatlas ▸ 4. Atlas).", 8.0)
            return
        draw_page(canvas, plan, self.page)


class RoutekaartItemMetadata(QgsLayoutItemAbstractMetadata):
    """Registry entry, so a layout holding the item can be opened in the layout designer."""

    def __init__(self):
        super().__init__(ITEM_TYPE, "Wijkroutekaart")

    def createItem(self, layout):  # noqa: N802
        return RoutekaartItem(layout)


def register_item_type():
    """Register the item type once per QGIS session (main thread)."""
    registry = QgsApplication.layoutItemRegistry()
    if registry.itemMetadata(ITEM_TYPE) is None:
        metadata = RoutekaartItemMetadata()
        _METADATA.append(metadata)
        registry.addLayoutItemType(metadata)
