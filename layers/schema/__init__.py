"""The wijkdossier schema (fields, layers, versions) and its GeoPackage primitives; the bottom layer every domain
uses.
"""
from .definitions import (
    BUURTCODE_PATTERN,
    CRS,
    DATE,
    EMAIL_PATTERN,
    META_FIELDS,
    META_TABLE,
    PHONE_PATTERN,
    PROJECT_NAME,
    SCHEMA_VERSION,
    WIJKCODE_PATTERN,
)
from .dossier_layers import (
    BUURT_ID_FIELDS,
    REFERENCE_ID_FIELDS,
    indicator_fields,
    layer_def,
    layer_defs,
    layers_added_after,
)
from .geldstromen import (
    BRONNEN_BUITEN,
    GEBIEDSNIVEAUS,
    GELD_STATUSSEN,
    HORIZON,
    INSTRUMENTEN,
    VERHAAL_NIVEAUS,
    ZEKERHEDEN,
    geldstroom_fields,
    wijkverhaal_fields,
)
from .geopackage import (
    check_dossier_file,
    check_new_path,
    dossier_path_of_project,
    features_from_rows,
    gpkg_tables,
    layer_uri,
    project_uri,
    qgs_fields,
    read_meta,
    schema_version,
    set_meta,
    staged,
    write_layer,
)
from .notes_view import NOTES_VIEW, NOTES_VIEW_TITLE, create_notes_view, is_view, notes_view_sql
from .participatie import (
    BESLUITORGANEN,
    COALITIEROLLEN,
    DEKKING,
    DOMEINEN,
    HUISHOUDENS,
    LEEFTIJDSGROEPEN,
    MEASURE_LAYERS,
    METHODES,
    NOTE_LAYERS,
    OPVOLGINGEN,
    PARTNERTYPES,
    QUARTER_REGEX_EXPR,
    SOORTEN_MAATREGEL,
    SOORTEN_NOTITIE,
    STATUSSEN,
    THEMAS,
    WOONSITUATIES,
    quarters,
)
from .plans import (
    KANS_STATUSSEN,
    KOPPELKANSEN_LAYER,
    PLAN_LAYERS,
    PROFILES_TABLE,
)
from .plans import ZEKERHEDEN as PLAN_ZEKERHEDEN
from .routekaart import besluit_maatregel_fields, besluitmoment_fields, routekaart_layer_defs
from .staging import remove_stale_staging

__all__ = [
    "WIJKCODE_PATTERN", "BUURTCODE_PATTERN", "EMAIL_PATTERN", "PHONE_PATTERN",
    "BESLUITORGANEN", "BUURT_ID_FIELDS", "CRS", "DATE", "DEKKING", "DOMEINEN", "HUISHOUDENS", "LEEFTIJDSGROEPEN",
    "MEASURE_LAYERS", "META_FIELDS", "META_TABLE", "METHODES", "NOTE_LAYERS", "OPVOLGINGEN", "PROJECT_NAME",
    "QUARTER_REGEX_EXPR",
    "REFERENCE_ID_FIELDS", "SCHEMA_VERSION", "SOORTEN_MAATREGEL", "SOORTEN_NOTITIE", "STATUSSEN", "THEMAS",
    "WOONSITUATIES", "check_new_path", "dossier_path_of_project", "features_from_rows", "gpkg_tables",
    "indicator_fields", "layer_def", "layer_defs", "layer_uri", "layers_added_after", "project_uri", "qgs_fields",
    "quarters",
    "read_meta", "schema_version", "set_meta", "staged", "write_layer",
    "besluit_maatregel_fields", "besluitmoment_fields", "routekaart_layer_defs",
    "BRONNEN_BUITEN", "COALITIEROLLEN", "GEBIEDSNIVEAUS", "GELD_STATUSSEN", "HORIZON", "INSTRUMENTEN", "PARTNERTYPES",
    "VERHAAL_NIVEAUS", "ZEKERHEDEN", "geldstroom_fields", "wijkverhaal_fields",
    "KANS_STATUSSEN", "KOPPELKANSEN_LAYER", "PLAN_LAYERS", "PLAN_ZEKERHEDEN",
    "PROFILES_TABLE",
]
__all__ += ["check_dossier_file", "remove_stale_staging",
            "NOTES_VIEW", "NOTES_VIEW_TITLE", "create_notes_view", "is_view", "notes_view_sql"]
