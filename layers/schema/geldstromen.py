"""Schema of the geldstromen (money flowing through the wijk) and the verhaal van de wijk (schema version 3).

A geldstroom runs from a partner (its partner_id) or an outside source (Rijk, provincie, bewoners, fondsen) to a
partner or a purpose, for one theme and one area: a buurt, a wijk or the whole gemeente (gebiedscode empty or the
gemeentecode). Amounts are euros with cents; a span of years (jaar_tot > jaar) is one amount for the whole span.
"""
from .definitions import BLOB, DATE, DOUBLE, INT, STRING, FieldDef, LayerDef

BRONNEN_BUITEN = ("Rijk", "provincie", "bewoners", "fondsen")
INSTRUMENTEN = ("investering", "exploitatie", "subsidie", "regeling", "uitkering")
GELD_STATUSSEN = ("begroot", "toegezegd", "besteed")
ZEKERHEDEN = ("bekend", "geschat")
GEBIEDSNIVEAUS = ("buurt", "wijk", "gemeente")
VERHAAL_NIVEAUS = ("wijk", "buurt")
HORIZON = (2015, 2040)   # years a geldstroom may name


def geldstroom_fields():
    """Fields of the geldstromen table."""
    return (
        FieldDef("geldstroom_id", STRING, "Id"),
        FieldDef("van", STRING, "Van (partner-id of Rijk, provincie, bewoners, fondsen)"),
        FieldDef("naar", STRING, "Naar (partner-id of doel)"),
        FieldDef("thema", STRING, "Thema"),
        FieldDef("gebied_niveau", STRING, "Gebied (buurt, wijk, gemeente)"),
        FieldDef("gebiedscode", STRING, "Buurt- of wijkcode"),
        FieldDef("maatregel_id", STRING, "Maatregel (optioneel)"),
        FieldDef("instrument", STRING, "Instrument"),
        FieldDef("bedrag", DOUBLE, "Bedrag (€)"),
        FieldDef("jaar", INT, "Jaar (of eerste jaar)"),
        FieldDef("jaar_tot", INT, "Laatste jaar (bij een reeks jaren)"),
        FieldDef("status", STRING, "Status (begroot, toegezegd, besteed)"),
        FieldDef("zekerheid", STRING, "Zekerheid (bekend, geschat)"),
        FieldDef("bron", STRING, "Bron"),
    )


def wijkverhaal_fields():
    """Fields of the verhaal van de wijk: stories per wijk or buurt, an optional photo kept in the dossier."""
    return (
        FieldDef("verhaal_id", STRING, "Id"),
        FieldDef("niveau", STRING, "Niveau (wijk, buurt)"),
        FieldDef("gebiedscode", STRING, "Wijk- of buurtcode"),
        FieldDef("titel", STRING, "Titel"),
        FieldDef("tekst", STRING, "Verhaal (geen namen of adressen)"),
        FieldDef("bron", STRING, "Bron"),
        FieldDef("datum", DATE, "Datum"),
        FieldDef("foto", BLOB, "Foto (optioneel)"),
        FieldDef("foto_credit", STRING, "Foto: maker of bron"),
    )


def geldstromen_layer_defs():
    """The layers schema version 3 adds for issue 15."""
    return (LayerDef("geldstromen", "Geldstromen", None, geldstroom_fields(), since=3),
            LayerDef("wijkverhalen", "Verhaal van de wijk", None, wijkverhaal_fields(), since=3))
