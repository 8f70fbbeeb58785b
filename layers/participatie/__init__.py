"""Participation notes and measures: import, storage, attaching to buurten, summaries and betrokkenheid."""
from .atlas_texts import atlas_texts
from .attach import MIN_SHARE, BuurtIndex, Link, attach_all, measure_links, note_links
from .betrokkenheid import DEFAULT_MIN_GROUP, ROW_FIELDS, area_text, representation
from .import_values import normalise as normalise_value
from .import_values import parse_number
from .importer import LATLON_BOUNDS, RD_BOUNDS, import_participatie
from .store import append_rows, read_layer_records, sample_rows
from .style import style_participatie_layers
from .summary import count_fields, summarise

__all__ = [
    "DEFAULT_MIN_GROUP", "ROW_FIELDS", "append_rows", "area_text", "atlas_texts", "attach_all", "BuurtIndex",
    "count_fields", "import_participatie", "normalise_value", "read_layer_records",
    "representation", "sample_rows",
    "style_participatie_layers", "summarise",
    "Link", "MIN_SHARE", "measure_links", "note_links", "LATLON_BOUNDS", "RD_BOUNDS", "parse_number",
]
