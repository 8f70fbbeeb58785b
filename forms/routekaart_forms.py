"""Edit forms for the wijkroutekaart: the measures' actual quarters and the besluitmomenten with their measures."""
from qgis.core import QgsEditorWidgetSetup

from ..layers.schema import BESLUITORGANEN, MEASURE_LAYERS, QUARTER_REGEX_EXPR, quarters
from .participatie_forms import (
    MULTILINE,
    _expression,
    _id_default,
    _relation,
    _require,
    _widget,
    relation_reference,
    value_map,
)

QUARTER_MESSAGE = "Schrijf een kwartaal als jaar-kwartaal, bijv. 2027-Q2."


def _quarter(layer, name, not_before=None, message=QUARTER_MESSAGE):
    _widget(layer, name, value_map(quarters()))
    rule = f"\"{name}\" IS NULL OR (regexp_match(\"{name}\", '{QUARTER_REGEX_EXPR}')"
    if not_before:
        rule += f" AND (\"{not_before}\" IS NULL OR \"{name}\" >= \"{not_before}\")"
    _expression(layer, name, rule + ")", message)


def setup_actual_quarters(layer):
    """The actual start and end of a measure: quarter pickers, end not before start."""
    _quarter(layer, "werkelijk_start")
    _quarter(layer, "werkelijk_eind", "werkelijk_start",
             "Het werkelijke eind (bijv. 2028-Q4) mag niet vóór de werkelijke start liggen.")


def setup_besluit_form(layer, partner_relation_id):
    """Form of the besluitmomenten table."""
    _id_default(layer, "besluit_id", "B-")
    _require(layer, "kwartaal", "Geef het kwartaal van het besluit, bijv. 2027-Q2.")
    _quarter(layer, "kwartaal")
    _widget(layer, "orgaan", value_map(BESLUITORGANEN))
    _require(layer, "orgaan", "Kies wie besluit: " + ", ".join(BESLUITORGANEN) + ".")
    _require(layer, "onderwerp", "Geef het onderwerp van het besluit.")
    _widget(layer, "datum", QgsEditorWidgetSetup("DateTime", {
        "field_format": "yyyy-MM-dd", "display_format": "d-M-yyyy", "calendar_popup": True, "allow_null": True}))
    _widget(layer, "partner_id", relation_reference(partner_relation_id))
    _widget(layer, "toelichting", MULTILINE)
    layer.setDisplayExpression("\"kwartaal\" || ' ' || \"orgaan\" || ': ' || \"onderwerp\"")


def install_routekaart_forms(project, layers):
    """Forms and relations of the schema-3 routekaart layers in `layers` (name -> QgsVectorLayer in project)."""
    for name in MEASURE_LAYERS:
        setup_actual_quarters(layers[name])
    besluiten, link = layers["besluitmomenten"], layers["besluit_maatregelen"]
    rel = _relation(project, "besluitmomenten_partner", "Partner", besluiten, "partner_id", layers["partners"],
                    "partner_id")
    setup_besluit_form(besluiten, rel.id())
    _relation(project, "besluit_maatregelen_besluit", "Besluitmoment", link, "besluit_id", besluiten, "besluit_id")
    _widget(link, "besluit_id", relation_reference("besluit_maatregelen_besluit"))
    _require(link, "besluit_id", "Kies een besluitmoment.")
    _require(link, "maatregel_id", "Geef de maatregel (id, bijv. M-…) waarover besloten wordt.")
