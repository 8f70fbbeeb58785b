"""Wijkroutekaart: the multi-year plan by theme and quarter, read from the dossier and drawn as a layout item."""
from .chart_item import RoutekaartItem, register_item_type
from .export import make_routekaart, prepare, selection_of, texts
from .layout import add_chart_page, build_layout, export_pdf
from .model import DossierReader, read_routekaart
from .plan import make_plan
from .quarters import label, make_horizon, parse_quarter
from .temporal import set_temporal_properties

__all__ = [
    "DossierReader", "RoutekaartItem", "add_chart_page", "build_layout", "export_pdf", "label", "make_horizon",
    "make_plan", "make_routekaart", "parse_quarter", "prepare", "read_routekaart", "register_item_type",
    "selection_of", "set_temporal_properties", "texts",
]
