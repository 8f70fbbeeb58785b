"""The layers of a wijkdossier per schema version: buurten, referentie and the participatie layers."""
from ..common.catalogue import load_catalogue
from .definitions import DOUBLE, INT, STRING, FieldDef, LayerDef
from .geldstromen import geldstromen_layer_defs
from .participatie import participatie_layer_defs
from .plans import plans_layer_defs
from .routekaart import routekaart_layer_defs

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


def indicator_fields():
    """One Double field per catalogue indicator, aliased with label and unit."""
    return tuple(FieldDef(ind.id, DOUBLE, ind.alias) for ind in load_catalogue())


def layer_defs():
    """Every layer of the current schema, in drawing order (tables last)."""
    return (
        LayerDef("buurten", "Buurten", "MultiPolygon", BUURT_ID_FIELDS + indicator_fields()),
        LayerDef("referentie", "Referentiecijfers (gemeente, Nederland)", None,
                 REFERENCE_ID_FIELDS + indicator_fields()),
    ) + participatie_layer_defs() + routekaart_layer_defs() + geldstromen_layer_defs() + plans_layer_defs()


def layer_def(name):
    """The definition of one layer of the current schema; KeyError for a name the schema does not have."""
    for defn in layer_defs():
        if defn.name == name:
            return defn
    raise KeyError(name)


def layers_added_after(version):
    """Layers an older dossier of `version` lacks."""
    return [d for d in layer_defs() if d.since > version]
