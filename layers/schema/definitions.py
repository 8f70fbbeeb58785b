"""The building blocks of the wijkdossier schema: field and layer definitions, version and fixed names."""
from dataclasses import dataclass

from qgis.PyQt.QtCore import QMetaType

# Bump when a layer or field is added; older dossiers are upgraded by adding what is missing.
SCHEMA_VERSION = 3
META_TABLE = "wijkatlas_meta"
PROJECT_NAME = "wijkdossier"
CRS = "EPSG:28992"
# CBS area codes, as regular expressions without anchors (Python re and QGIS regexp_match alike): BU + 4 digits of
# the gemeente + 4 characters, WK + 4 + 2; digits, and since the 2022 division also letters (BU0363AA01, WK0363AA).
BUURTCODE_PATTERN = "BU[0-9]{4}[0-9A-Z]{4}"
WIJKCODE_PATTERN = "WK[0-9]{4}[0-9A-Z]{2}"
# Contact details in free text, one rule for the import scrub of notes, the check of wijkverhalen and the forms
# (Python re and QGIS regexp_match alike). A Dutch phone number is 0 or +31/0031 (optionally followed by "(0)") and
# then 9 digits, the first not 0, with at most three separators (space . - ( )) between digits: 06-12345678,
# (020) 123 45 67, 020 - 123 4567, +31 (0)6 1234 5678, 0031201234567. Not: 1234567, 2019, 4.500.
EMAIL_PATTERN = r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
PHONE_PATTERN = (r"(?<![\w+])(?:(?:\+|00)31[\s\-]*(?:\(0\))?|\(?0\)?)[\s\-]*[1-9]"
                 r"(?:[\s.\-()]{0,3}\d){8}(?!\d)")

STRING, INT, DOUBLE, DATE = (QMetaType.Type.QString, QMetaType.Type.Int, QMetaType.Type.Double,
                             QMetaType.Type.QDate)
BLOB = QMetaType.Type.QByteArray


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
