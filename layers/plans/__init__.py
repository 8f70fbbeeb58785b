"""Partners' plans and koppelkansen: categories, quarters, import with saved mappings, the search and its results."""
from .categories import load_categories, load_matrix
from .dossier_plans import check_plans_dossier
from .importer import import_plannen
from .koppelkansen import SearchResult, current_quarter, find_koppelkansen, search_plans
from .plan_source import parse_pairs
from .quarters import parse_period, parse_start_end
from .search import SearchParams
from .style import kansen_renderer, style_plan_layers

__all__ = [
    "SearchParams", "SearchResult", "check_plans_dossier", "current_quarter", "find_koppelkansen", "import_plannen",
    "load_categories", "load_matrix", "parse_pairs", "parse_period", "parse_start_end",
    "kansen_renderer", "search_plans", "style_plan_layers",
]
