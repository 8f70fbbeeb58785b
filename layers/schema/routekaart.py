"""Schema of the wijkroutekaart (schema version 3): besluitmomenten and the measures each one decides on.

A besluitmoment has a quarter (`2027-Q2`) and optionally an exact date, the body that decides (one of
participatie.BESLUITORGANEN) and the subject. The link table `besluit_maatregelen` says which measures it decides on
(many to many). The measures' actual start and end quarters are fields of the measure layers (maatregel_fields).
"""
from .definitions import DATE, STRING, FieldDef, LayerDef


def besluitmoment_fields():
    """Fields of one besluitmoment."""
    return (
        FieldDef("besluit_id", STRING, "Id"),
        FieldDef("kwartaal", STRING, "Kwartaal (jaar-kwartaal)"),
        FieldDef("datum", DATE, "Datum (als bekend)"),
        FieldDef("orgaan", STRING, "Besluit door"),
        FieldDef("partner_id", STRING, "Partner (bij bestuur partner)"),
        FieldDef("onderwerp", STRING, "Onderwerp"),
        FieldDef("toelichting", STRING, "Toelichting"),
    )


def besluit_maatregel_fields():
    """Fields of the link table between besluitmomenten and measures."""
    return (FieldDef("besluit_id", STRING, "Besluitmoment"), FieldDef("maatregel_id", STRING, "Maatregel"))


def routekaart_layer_defs():
    """The layers schema version 3 added for the wijkroutekaart."""
    return (
        LayerDef("besluitmomenten", "Besluitmomenten", None, besluitmoment_fields(), since=3),
        LayerDef("besluit_maatregelen", "Maatregelen per besluitmoment", None, besluit_maatregel_fields(), since=3),
    )
