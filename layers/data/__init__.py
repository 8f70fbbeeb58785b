"""Data in: PDOK and CBS clients, the Locatieserver, StatLine CSV, buurt records, the kerncijfers join, own figures
and one table reader.
"""
from .buurt_records import compact_page, present_indicators, to_features
from .buurtcodes import derived_codes, indicator_field_map, is_buurtcode
from .buurten_input import buurten_rows_from_layer, check_polygon_source, reference_rows_from_layer
from .cbs_odata import CbsOData, odata_indicators
from .columns import column_key, is_personal_header, map_columns
from .kerncijfers_join import boundary_years, join_figures, vintage_problem
from .locatieserver import LOCATIESERVER_URL, Geocoder
from .own_figures import figures_by_code, find_code_column
from .pdok_client import LEVELS, PdokClient
from .pdok_wfs import PdokWfsClient
from .tables import read_table

__all__ = [
    "column_key", "is_personal_header", "map_columns",
    "LEVELS", "LOCATIESERVER_URL", "boundary_years", "buurten_rows_from_layer", "CbsOData", "compact_page",
    "figures_by_code", "find_code_column", "Geocoder", "join_figures", "odata_indicators", "PdokClient",
    "PdokWfsClient", "present_indicators", "read_table", "reference_rows_from_layer",
    "to_features",
    "vintage_problem"
]
__all__ += ["check_polygon_source", "derived_codes", "indicator_field_map", "is_buurtcode"]
