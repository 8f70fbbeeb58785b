"""Figures the atlas shows, as layout variables (JSON) and QGIS expressions that read them per atlas feature."""
import json
from collections import Counter

from ..common import SENTINEL_LIMIT, WijkatlasError, cbs_code, cbs_number, plain

VAR_REFERENCE = "wijkatlas_referentie"
VAR_KNELPUNTEN = "wijkatlas_knelpunten"
VAR_COVER = "wijkatlas_voorblad"
VAR_FRONT = "wijkatlas_voorpaginas"  # pages before the buurt pages (cover, leeswijzer, inhoud, …)
VAR_PART = "wijkatlas_deel"  # set during the whole-atlas export: which pages show ('voor', 'buurt', 'route')
VAR_PAGE = "wijkatlas_pagina"  # … the page number of the step's first page
VAR_TOTAL = "wijkatlas_paginas"  # … and the number of pages of the PDF (atlas_sequence.py)


def quote_field(name):
    """A field name as a QGIS expression column reference."""
    return '"' + name.replace('"', '""') + '"'


def quote_text(text):
    """A string as a QGIS expression literal."""
    return "'" + str(text).replace("'", "''") + "'"


def common_year(buurten_layer):
    """The most frequent 'jaar' of the buurten (None when the field is absent or empty)."""
    if buurten_layer.fields().indexOf("jaar") < 0:
        return None
    years = Counter(plain(f["jaar"]) for f in buurten_layer.getFeatures())
    years.pop(None, None)
    return int(years.most_common(1)[0][0]) if years else None


def reference_values(reference_layer, indicators, year=None):
    """{'<gemeentecode>|<ind>': value, 'land|<ind>': value, '<code>|naam': naam} from the referentie table.

    Per code the row of `year` wins, else the latest year; values pass through cbs_number (missing stays missing).
    """
    if reference_layer is None:
        return {}
    names = reference_layer.fields().names()
    best = {}
    for feat in reference_layer.getFeatures():
        niveau = str(plain(feat["niveau"]) or "").strip().lower() if "niveau" in names else ""
        code = cbs_code(plain(feat["code"])) if "code" in names else ""
        key = "land" if niveau == "land" else code
        if not key or niveau not in ("land", "gemeente"):
            continue
        row_year = plain(feat["jaar"]) if "jaar" in names else None
        rank = (row_year == year, row_year or 0)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, feat)
    values = {}
    for key, (_, feat) in best.items():
        values[f"{key}|naam"] = str(plain(feat["naam"]) or "")
        for ind in indicators:
            if ind.id in names:
                number = cbs_number(plain(feat[ind.id]))
                if number is not None:
                    values[f"{key}|{ind.id}"] = number
    return values


def knelpunten_values(knelpunten_layer):
    """{buurtcode: {'stapeling': int|None, 'toelichting': str}} from a separate knelpunten layer."""
    if knelpunten_layer is None:
        return {}
    names = knelpunten_layer.fields().names()
    if "buurtcode" not in names or "stapeling" not in names:
        raise WijkatlasError("De knelpuntenlaag mist het veld 'buurtcode' of 'stapeling'.")
    out = {}
    for feat in knelpunten_layer.getFeatures():
        stapeling = cbs_number(plain(feat["stapeling"]))
        out[cbs_code(plain(feat["buurtcode"]))] = {
            "stapeling": None if stapeling is None else int(stapeling),
            "toelichting": str(plain(feat["toelichting"]) or "") if "toelichting" in names else "",
        }
    return out


def total_pages_expression(front_count):
    """The number of pages of the whole atlas: set by the export, else (a layout in a project) buurten + front."""
    return f"coalesce(@{VAR_TOTAL}, @atlas_totalfeatures + {front_count})"


def exclude_unless_part(part, otherwise="false"):
    """ExcludeFromExports of a page shown in step `part` of the whole-atlas export; `otherwise` outside it."""
    return f"CASE WHEN coalesce(@{VAR_PART}, '') = '' THEN {otherwise} ELSE @{VAR_PART} <> '{part}' END"


def page_number_expression(offset_var=VAR_FRONT):
    """Footer text of a buurt page: 'Pagina n van N' in the whole atlas, 'Buurt n van N' in a PDF per buurt."""
    return (f"[% CASE WHEN @{VAR_COVER} = 1 THEN 'Pagina ' || coalesce(@{VAR_PAGE}, @atlas_featurenumber + "
            f"@{offset_var}) || ' van ' || coalesce(@{VAR_TOTAL}, @atlas_totalfeatures + @{offset_var}) "
            f"ELSE 'Buurt ' || @atlas_featurenumber || ' van ' || @atlas_totalfeatures END %]")


def to_json(mapping):
    """Compact JSON for a layout variable."""
    return json.dumps(mapping, ensure_ascii=False, separators=(",", ":"))


class AtlasExpressions:
    """QGIS expressions for one atlas: buurt values, reference values and knelpunten, per atlas feature."""

    def __init__(self, layer_fields, has_reference, knelpunten_source):
        self.fields = set(layer_fields)
        self.has_reference = has_reference
        self.knelpunten_source = knelpunten_source  # 'fields', 'layer' or None

    def buurt(self, ind_id):
        """The buurt's own value (NULL when the field is absent or holds a CBS sentinel such as -99997)."""
        if ind_id not in self.fields:
            return "NULL"
        return f"CASE WHEN {quote_field(ind_id)} > {SENTINEL_LIMIT} THEN {quote_field(ind_id)} END"

    def reference(self, level, ind_id):
        """The gemeente ('gemeente') or national ('land') reference value."""
        if not self.has_reference:
            return "NULL"
        key = f"{quote_field('gemeentecode')} || '|{ind_id}'" if level == "gemeente" else f"'land|{ind_id}'"
        return f"map_get(json_to_map(@{VAR_REFERENCE}), {key})"

    def with_parsed_reference(self, expression):
        """The expression with the reference JSON parsed once instead of at every use."""
        parsed = f"json_to_map(@{VAR_REFERENCE})"
        if parsed not in expression:
            return expression
        return f"with_variable('wijkatlas_ref', {parsed}, {expression.replace(parsed, '@wijkatlas_ref')})"

    def reference_name(self, level, fallback):
        """The reference column header: the gemeente's name or 'Nederland'."""
        if level == "land":
            return quote_text(fallback)
        name = f"map_get(json_to_map(@{VAR_REFERENCE}), {quote_field('gemeentecode')} || '|naam')" \
            if self.has_reference else "NULL"
        own = quote_field("gemeentenaam") if "gemeentenaam" in self.fields else "NULL"
        return f"coalesce(nullif({name}, ''), {own}, {quote_text(fallback)})"

    @staticmethod
    def formatted(expr, decimals):
        """A value in Dutch notation (1.234,5) or an en dash when missing."""
        return f"coalesce(format_number({expr}, {int(decimals)}, 'nl'), '–')"

    def all_missing(self, indicators):
        """True when none of the indicators has a value for the buurt."""
        present = [quote_field(i.id) for i in indicators if i.id in self.fields]
        if not present:
            return "true"
        return " AND ".join(f"{p} IS NULL" for p in present)

    def knelpunt(self, key):
        """stapeling or toelichting for the buurt, from its own fields or the knelpunten variable."""
        if self.knelpunten_source == "fields":
            return quote_field(key) if key in self.fields else "NULL"
        if self.knelpunten_source == "layer":
            return f"map_get(map_get(json_to_map(@{VAR_KNELPUNTEN}), {quote_field('buurtcode')}), '{key}')"
        return "NULL"

    def sort_expression(self, sort):
        """Atlas sort expression: by code, by name, or by stapeling (highest first, then code)."""
        if sort == "naam" and "buurtnaam" in self.fields:
            return quote_field("buurtnaam"), True
        if sort == "stapeling" and self.knelpunten_source:
            return f"lpad(to_string(999 - coalesce({self.knelpunt('stapeling')}, -1)), 4, '0') || " \
                   f"{quote_field('buurtcode')}", True
        return quote_field("buurtcode"), True


def detect_knelpunten(buurten_layer, knelpunten_layer):
    """Where knelpunten come from: 'layer', 'fields' (stapeling on the buurten) or None."""
    if knelpunten_layer is not None:
        return "layer"
    return "fields" if "stapeling" in buurten_layer.fields().names() else None
