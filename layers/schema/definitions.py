"""The building blocks of the wijkdossier schema: field and layer definitions, version and fixed names."""
from dataclasses import dataclass

from qgis.PyQt.QtCore import QMetaType

# Bump when a layer or field is added; older dossiers are upgraded by adding what is missing.
SCHEMA_VERSION = 3
META_TABLE = "wijkatlas_meta"
PROJECT_NAME = "wijkdossier"
CRS = "EPSG:28992"

STRING, INT, DOUBLE, DATE = (QMetaType.Type.QString, QMetaType.Type.Int, QMetaType.Type.Double,
                             QMetaType.Type.QDate)


@dataclass(frozen=True)
class FieldDef:
    """One attribute field: name, QMetaType type, Dutch alias."""

    name: str
    type: int
    alias: str = ""


@dataclass(frozen=True)
class LayerDef:
    """One dossier layer; geometry None means a plain table; `since` is the schema version that added it."""

    name: str
    title: str
    geometry: object
    fields: tuple
    since: int = 1


META_FIELDS = (FieldDef("sleutel", STRING, "Sleutel"), FieldDef("waarde", STRING, "Waarde"))
