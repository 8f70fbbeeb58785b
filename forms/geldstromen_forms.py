"""Edit forms for the partners' coalition fields, the geldstromen and the verhaal van de wijk (schema version 3)."""
from qgis.core import QgsEditorWidgetSetup

from ..layers.schema import (
    BUURTCODE_PATTERN,
    COALITIEROLLEN,
    GEBIEDSNIVEAUS,
    GELD_STATUSSEN,
    HORIZON,
    INSTRUMENTEN,
    PARTNERTYPES,
    THEMAS,
    VERHAAL_NIVEAUS,
    WIJKCODE_PATTERN,
    ZEKERHEDEN,
)
from .form_layouts import PRIVACY_HINT, tabbed_form
from .participatie_forms import (
    MULTILINE,
    _choice,
    _expression,
    _id_default,
    _require,
    _required_choice,
    _widget,
    no_contact_details,
)

STORY_TABS = (
    ("Verhaal", ("titel", "tekst", ("tekst:Privacy", PRIVACY_HINT), "niveau", "gebiedscode", "bron", "datum")),
    ("Foto", ("foto", "foto_credit", "verhaal_id")),
)


def setup_partner_coalition(layer):
    """The partner register's coalition fields: type and role from lists, contact as a function or team."""
    _choice(layer, "partnertype", PARTNERTYPES, "soort partner")
    _choice(layer, "coalitierol", COALITIEROLLEN, "rol in de wijkcoalitie (trekker, deelnemer, adviseur, "
                                                  "geïnformeerd)")
    _widget(layer, "toezegging", MULTILINE)
    _expression(layer, "contact", no_contact_details("contact"),
                "Noem een functie of team (bijv. 'team Wijkaanpak'), geen naam, e-mailadres of telefoonnummer.")


def setup_geldstroom_form(layer):
    """Form of the geldstromen table: lists for theme, area level, instrument, status and certainty."""
    _id_default(layer, "geldstroom_id", "G-")
    _require(layer, "van", "Van wie komt het geld? Een partner-id, of Rijk, provincie, bewoners, fondsen.")
    _required_choice(layer, "thema", THEMAS, "thema")
    _required_choice(layer, "gebied_niveau", GEBIEDSNIVEAUS, "gebied (buurt, wijk of gemeente)")
    _expression(layer, "gebiedscode", "\"gebied_niveau\" = 'gemeente' OR regexp_match(coalesce(\"gebiedscode\", ''), "
                f"'^({BUURTCODE_PATTERN}|{WIJKCODE_PATTERN})$')",
                "Geef de buurtcode (BU + 8 tekens, bijv. BU03632700) of wijkcode (WK + 6 tekens, bijv. WK036327).")
    _choice(layer, "instrument", INSTRUMENTEN, "instrument")
    _required_choice(layer, "status", GELD_STATUSSEN, "status")
    _choice(layer, "zekerheid", ZEKERHEDEN, "zekerheid (bekend of geschat)")
    _require(layer, "bedrag", "Vul het bedrag in euro in (negatief voor een correctie).")
    _expression(layer, "jaar", f"\"jaar\" BETWEEN {HORIZON[0]} AND {HORIZON[1]}",
                f"Het jaar ligt tussen {HORIZON[0]} en {HORIZON[1]}.")
    _expression(layer, "jaar_tot", f"\"jaar_tot\" IS NULL OR (\"jaar_tot\" >= \"jaar\" AND \"jaar_tot\" <= "
                f"{HORIZON[1]})", "Het laatste jaar ligt niet vóór het eerste en binnen de horizon.")
    layer.setDisplayExpression("\"van\" || ' → ' || coalesce(\"naar\", '') || ': ' || \"thema\"")


def setup_wijkverhaal_form(layer):
    """Form of the verhaal van de wijk: text without contact details, photo with its credit."""
    _id_default(layer, "verhaal_id", "V-")
    _require(layer, "titel", "Geef het verhaal een titel.")
    _require(layer, "tekst", "Schrijf het verhaal op (zonder namen of adressen).", no_contact=True)
    _widget(layer, "tekst", MULTILINE)
    _required_choice(layer, "niveau", VERHAAL_NIVEAUS, "niveau (wijk of buurt)")
    _require(layer, "gebiedscode", "Geef de wijkcode (WK…) of buurtcode (BU…).")
    _widget(layer, "datum", QgsEditorWidgetSetup("DateTime", {
        "field_format": "yyyy-MM-dd", "display_format": "d-M-yyyy", "calendar_popup": True, "allow_null": True}))
    _widget(layer, "foto", QgsEditorWidgetSetup("Binary", {}))
    _expression(layer, "foto_credit", "\"foto\" IS NULL OR length(coalesce(\"foto_credit\", '')) > 0",
                "Bij een foto hoort de maker of bron.")
    layer.setDisplayExpression("\"titel\"")
    tabbed_form(layer, STORY_TABS)


def install_geldstromen_forms(layers):
    """Configure the schema-3 forms for the layers in `layers` (name -> QgsVectorLayer) that are present."""
    if "partners" in layers and layers["partners"].fields().indexOf("partnertype") >= 0:
        setup_partner_coalition(layers["partners"])
    if "geldstromen" in layers:
        setup_geldstroom_form(layers["geldstromen"])
    if "wijkverhalen" in layers:
        setup_wijkverhaal_form(layers["wijkverhalen"])
