"""Shared by every package: errors, CBS values, Dutch formatting, the indicator catalogue, service addresses and
styling.
"""
from .catalogue import (
    FIRST_EDITION,
    LAST_EDITION,
    NOT_IN_EDITION,
    edition_provenance,
    indicator,
    load_catalogue,
    themes,
)
from .errors import DossierError, WijkatlasCancelled, WijkatlasError, WijkatlasNetworkError
from .formatting import dutch_number_format, format_euro, format_euro_short, format_nl, format_value
from .graph import component_roots
from .no_figures import NO_FIGURES_NOTE, add_hatch_rule, no_figures_expression, no_figures_names
from .pdf_files import pdf_settings, replaced_when_complete
from .plugin_info import PLUGIN_ROOT, plugin_version
from .quarters import quarter_index, quarter_label, quarter_of
from .services import (
    attribution,
    boundary_service,
    boundary_years,
    default_year,
    kerncijfers_years,
    known_kerncijfers_table,
    pdok_url,
    pdok_wfs_url,
    pdok_wfs_years,
    pdok_years,
    services,
)
from .styling import NO_DATA, PALETTE, categorized_renderer, indicator_renderer, style_buurten, text_format
from .values import SENTINEL_LIMIT, cbs_code, cbs_number, is_null, plain

__all__ = [
    "categorized_renderer", "component_roots", "is_null", "plain", "pdf_settings", "replaced_when_complete",
    "quarter_index", "quarter_label", "quarter_of",
    "NO_FIGURES_NOTE", "add_hatch_rule", "no_figures_expression", "no_figures_names",
    "format_euro", "format_euro_short",
    "FIRST_EDITION", "LAST_EDITION", "NOT_IN_EDITION", "boundary_service", "boundary_years", "edition_provenance",
    "pdok_wfs_url", "pdok_wfs_years",
    "NO_DATA", "PALETTE", "PLUGIN_ROOT", "SENTINEL_LIMIT", "attribution", "cbs_code", "cbs_number", "default_year",
    "DossierError", "dutch_number_format", "format_nl", "format_value", "indicator",
    "indicator_renderer", "kerncijfers_years", "known_kerncijfers_table", "load_catalogue", "pdok_url",
    "pdok_years", "plugin_version", "services", "style_buurten", "text_format", "themes", "WijkatlasCancelled",
    "WijkatlasError", "WijkatlasNetworkError"
]
