"""Geldstromen door de wijk: amounts as finance writes them, the import (all or nothing), summaries per area, theme,
partner, status and year, spreading to the cent, and the Sankey layout of the flows.
"""
from .amounts import cents_of, euros, parse_amount
from .context import Area, DossierContext, Flow, read_context, read_flows
from .importer import GeldImportResult, import_geldstromen, parse_years
from .rows import MAP_FIELDS, TABLE_FIELDS, map_rows, table_rows
from .sankey import Band, Node, SankeyLayout, euro_text, sankey_layout
from .spread import largest_remainder, years_of
from .style import geldstromen_renderer, style_geldstromen_layer
from .summary import DIMENSIONS, DOSSIER_NAME, Allocation, Summary, allocate, summarise_flows

__all__ = [
    "Allocation", "Area", "DIMENSIONS", "DOSSIER_NAME", "DossierContext", "Flow", "GeldImportResult", "MAP_FIELDS",
    "Summary", "TABLE_FIELDS", "allocate", "cents_of", "euros", "import_geldstromen", "largest_remainder",
    "map_rows", "parse_amount", "parse_years", "read_context", "read_flows", "summarise_flows", "table_rows",
    "years_of", "geldstromen_renderer", "style_geldstromen_layer", "Band", "Node", "SankeyLayout", "euro_text",
    "sankey_layout",
]
