"""Edit forms for plans and koppelkansen: category and certainty lists, partner picker, a decision per koppelkans."""
from qgis.core import QgsEditorWidgetSetup

from ..layers.schema import (
    KANS_STATUSSEN,
    KOPPELKANSEN_LAYER,
    MEASURE_LAYERS,
    PLAN_LAYERS,
    PLAN_ZEKERHEDEN,
    quarters,
)
from .form_layouts import tabbed_form
from .participatie_forms import (
    MULTILINE,
    _choice,
    _relation,
    _require,
    _required_choice,
    _widget,
    relation_reference,
    value_map,
)

PLAN_TABS = (
    ("Plan", ("titel", "categorie", "partner_id", "zekerheid", "omschrijving")),
    ("Planning", ("start_kwartaal", "eind_kwartaal", "open_einde")),
    ("Bron", ("bron", "bron_datum", "bron_id", "bron_categorie", "plek", "buurtcodes", "plan_id")),
)
KANS_TABS = (
    ("Besluit", ("uitleg", "status", "reden")),
    ("Plannen", ("titel_a", "categorie_a", "partner_a", "titel_b", "categorie_b", "partner_b")),
    ("Ruimte en tijd", ("soort", "sterkte", "band", "afstand", "kwartalen_gedeeld", "kwartalen_tussen",
                        "beinvloedbaar", "buurtcodes", "groep")),
    ("Herkomst", ("stand", "eerst_gevonden", "laatst_gevonden", "kans_id", "plan_a", "plan_b")),
)
DECISION_FIELDS = ("status", "reden")


def setup_plan_form(layer, categories, partner_relation_id):
    """Form of a plan layer."""
    _require(layer, "titel", "Geef het plan een titel.")
    _required_choice(layer, "categorie", categories, "categorie")
    _choice(layer, "zekerheid", PLAN_ZEKERHEDEN, "zekerheid (idee, voorgenomen, besloten, in uitvoering)")
    _widget(layer, "partner_id", relation_reference(partner_relation_id))
    for name in ("start_kwartaal", "eind_kwartaal"):
        _widget(layer, name, value_map(quarters()))
    _widget(layer, "open_einde", QgsEditorWidgetSetup("CheckBox", {"CheckedState": "1", "UncheckedState": "0"}))
    _widget(layer, "omschrijving", MULTILINE)
    layer.setDisplayExpression("\"titel\"")
    tabbed_form(layer, PLAN_TABS)


def set_kans_picker(measures, kansen):
    """A measure's 'koppelkansen' field picks from the dossier's current koppelkansen (several at once), shown by
    their Dutch explanation, instead of typed ids."""
    # By layer id only: a stored source path would point at the file the project was built in (and break in PostGIS).
    config = {"Layer": kansen.id(), "LayerName": kansen.name(), "Key": "kans_id", "Value": "uitleg", "AllowMulti": True,
              "AllowNull": True, "OrderByValue": True, "UseCompleter": True,
              "FilterExpression": "coalesce(\"stand\", 'actueel') = 'actueel'"}
    for layer in measures:
        _widget(layer, "koppelkansen", QgsEditorWidgetSetup("ValueRelation", config))


def setup_kans_form(layer):
    """Form of the koppelkansen: only status and reason are edited; the rest comes from the search."""
    _required_choice(layer, "status", KANS_STATUSSEN, "status")
    _widget(layer, "reden", MULTILINE)
    _widget(layer, "uitleg", MULTILINE)
    config = layer.editFormConfig()
    for idx, name in enumerate(layer.fields().names()):
        config.setReadOnly(idx, name not in DECISION_FIELDS)
    layer.setEditFormConfig(config)
    layer.setDisplayExpression("\"soort\" || ': ' || \"titel_a\" || ' × ' || \"titel_b\"")
    tabbed_form(layer, KANS_TABS)


def install_plan_forms(project, layers, categories):
    """Forms for the plan layers and the koppelkansen (name -> QgsVectorLayer in project; category names)."""
    if KOPPELKANSEN_LAYER not in layers:
        return
    for name in PLAN_LAYERS:
        rel = _relation(project, f"{name}_partner", "Partner", layers[name], "partner_id", layers["partners"],
                        "partner_id")
        setup_plan_form(layers[name], categories, rel.id())
    setup_kans_form(layers[KOPPELKANSEN_LAYER])
    set_kans_picker([layers[n] for n in MEASURE_LAYERS if n in layers], layers[KOPPELKANSEN_LAYER])
