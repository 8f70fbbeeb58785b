"""Explainable knelpunt flags per buurt, references, stapeling, clusters and the Gi* hot-spot statistic."""
from .analysis import GI_DEFAULT, analyse, result_fields
from .contiguity import geometries_from_wkb
from .flags import DEFAULT_MIN_INWONERS, SUMMARY_FIELDS, summarize
from .hotspots import GI_CAVEAT
from .rules import DEFAULT_RULES_PATH, load_rules
from .style import style_knelpunten
from .text import describe_rule_thresholds

__all__ = [
    "DEFAULT_MIN_INWONERS", "DEFAULT_RULES_PATH", "GI_CAVEAT", "GI_DEFAULT", "SUMMARY_FIELDS", "analyse",
    "geometries_from_wkb", "describe_rule_thresholds", "load_rules", "result_fields", "style_knelpunten", "summarize"
]
