"""The wijkdossier schema: which layers and fields a dossier holds, per schema version."""
from dataclasses import dataclass

from qgis.PyQt.QtCore import QMetaType

from .catalogue import load_catalogue
from .participatie_schema import participatie_layer_defs

# Bump when a layer or field is added; older dossiers are upgraded by adding what is missing.
SCHEMA_VERSION = 2
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


BUURT_ID_FIELDS = (
    FieldDef("buurtcode", STRING, "Buurtcode"),
    FieldDef("buurtnaam", STRING, "Buurt"),
    FieldDef("wijkcode", STRING, "Wijkcode"),
    FieldDef("wijknaam", STRING, "Wijk"),
    FieldDef("gemeentecode", STRING, "Gemeentecode"),
    FieldDef("gemeentenaam", STRING, "Gemeente"),
    FieldDef("jaar", INT, "Jaar van de cijfers"),
    FieldDef("grens_bron", STRING, "Bron van de grens"),
)

REFERENCE_ID_FIELDS = (
    FieldDef("code", STRING, "Code"),
    FieldDef("naam", STRING, "Naam"),
    FieldDef("niveau", STRING, "Niveau (land, gemeente, wijk)"),
    FieldDef("jaar", INT, "Jaar van de cijfers"),
)

META_FIELDS = (FieldDef("sleutel", STRING, "Sleutel"), FieldDef("waarde", STRING, "Waarde"))


def indicator_fields():
    """One Double field per catalogue indicator, aliased with label and unit."""
    return tuple(FieldDef(ind.id, DOUBLE, ind.alias) for ind in load_catalogue())


def layer_defs():
    """Every layer of the current schema, in drawing order (tables last)."""
    return (
        LayerDef("buurten", "Buurten", "MultiPolygon", BUURT_ID_FIELDS + indicator_fields()),
        LayerDef("referentie", "Referentiecijfers (gemeente, Nederland)", None,
                 REFERENCE_ID_FIELDS + indicator_fields()),
    ) + participatie_layer_defs()


def layers_added_after(version):
    """Layers an older dossier of `version` lacks."""
    return [d for d in layer_defs() if d.since > version]
