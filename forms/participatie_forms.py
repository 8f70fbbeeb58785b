"""Edit forms for notes, measures and partners: value lists, quarter picker, Dutch constraints, partner relations."""
from qgis.core import (
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsRelation,
    QgsRelationContext,
)

from ..layers.common import DossierError
from ..layers.schema import (
    BESLUITORGANEN,
    BUURTCODE_PATTERN,
    DEKKING,
    DOMEINEN,
    EMAIL_PATTERN,
    HUISHOUDENS,
    LEEFTIJDSGROEPEN,
    MEASURE_LAYERS,
    METHODES,
    NOTE_LAYERS,
    OPVOLGINGEN,
    PHONE_PATTERN,
    QUARTER_REGEX_EXPR,
    SOORTEN_MAATREGEL,
    SOORTEN_NOTITIE,
    STATUSSEN,
    THEMAS,
    WOONSITUATIES,
    quarters,
)
from .form_layouts import MEASURE_TABS, NOTE_TABS, tabbed_form

# QGIS's ValueMap marker for "no value" (QgsValueMapFieldFormatter::NULL_VALUE).
NULL_VALUE = "{2839923C-8B7D-419E-B84B-CA2FE9B80EC7}"
HARD = QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard

MULTILINE = QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})  # free text over several lines


def value_map(values, allow_null=True):
    """A ValueMap widget offering `values` (stored as shown), with an empty choice when allow_null."""
    entries = [{"(leeg)": NULL_VALUE}] if allow_null else []
    entries += [{v: v} for v in values]
    return QgsEditorWidgetSetup("ValueMap", {"map": entries})


def _idx(layer, name):
    idx = layer.fields().indexOf(name)
    if idx < 0:
        raise KeyError(f"{layer.name()}: veld {name} ontbreekt")
    return idx


def _widget(layer, name, setup):
    layer.setEditorWidgetSetup(_idx(layer, name), setup)


def _require(layer, name, message, no_contact=False):
    """NotNull plus a non-blank expression constraint carrying the Dutch message; with no_contact the same (one)
    expression also refuses e-mail addresses and phone numbers (a field has a single constraint expression)."""
    idx = _idx(layer, name)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintNotNull, HARD)
    rule = f"\"{name}\" IS NOT NULL AND trim(to_string(\"{name}\")) <> ''"
    if no_contact:
        rule += f" AND {no_contact_details(name)}"
        message += " Geen e-mailadressen of telefoonnummers."
    layer.setConstraintExpression(idx, rule, message)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintExpression, HARD)


def _expression(layer, name, expression, message):
    idx = _idx(layer, name)
    layer.setConstraintExpression(idx, expression, message)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintExpression, HARD)


def no_contact_details(name):
    """Constraint: no e-mail address and no phone number in field `name` (the import's rule, schema.PHONE_PATTERN)."""
    pattern = f"{EMAIL_PATTERN}|{PHONE_PATTERN}".replace("\\", "\\\\").replace("'", "''")
    return f"NOT regexp_match(coalesce(\"{name}\", ''), '{pattern}')"


def _in_list(name, values):
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"\"{name}\" IS NULL OR \"{name}\" IN ({quoted})"


def _id_default(layer, name, prefix):
    idx = _idx(layer, name)
    layer.setDefaultValueDefinition(
        idx, QgsDefaultValue(f"'{prefix}' || left(regexp_replace(uuid(), '[^0-9a-f]', ''), 10)", False))
    config = layer.editFormConfig()
    config.setReadOnly(idx, True)
    layer.setEditFormConfig(config)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintUnique, HARD)


def _choice(layer, name, values, label):
    _widget(layer, name, value_map(values))
    _expression(layer, name, _in_list(name, values), f"Kies een {label} uit de lijst.")


def _required_choice(layer, name, values, label):
    _widget(layer, name, value_map(values, allow_null=False))
    idx = _idx(layer, name)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintNotNull, HARD)
    _expression(layer, name, f"\"{name}\" IS NOT NULL AND " + _in_list(name, values).split(" OR ", 1)[1],
                f"Kies een {label}: " + ", ".join(values) + ".")


def setup_note_form(layer, buurt_only=False):
    """Form of a participation layer."""
    _id_default(layer, "notitie_id", "P-")
    _required_choice(layer, "thema", THEMAS, "thema")
    _choice(layer, "methode", METHODES, "methode")
    _choice(layer, "soort", SOORTEN_NOTITIE, "soort (zorg, kans, idee, vraag)")
    _choice(layer, "leeftijdsgroep", tuple(LEEFTIJDSGROEPEN), "leeftijdsgroep")
    _choice(layer, "huishouden", tuple(HUISHOUDENS), "huishoudtype")
    _choice(layer, "woonsituatie", WOONSITUATIES, "woonsituatie")
    if layer.fields().indexOf("opvolging") >= 0:  # schema 3
        _choice(layer, "opvolging", OPVOLGINGEN, "opvolging")
    _require(layer, "tekst", "Schrijf de notitie op (zonder namen of adressen).", no_contact=True)
    _widget(layer, "tekst", MULTILINE)
    _widget(layer, "datum", QgsEditorWidgetSetup("DateTime", {
        "field_format": "yyyy-MM-dd", "display_format": "d-M-yyyy", "calendar_popup": True, "allow_null": True}))
    code_rule = f"\"buurtcode\" IS NULL OR regexp_match(\"buurtcode\", '^{BUURTCODE_PATTERN}$')"
    if buurt_only:
        _require(layer, "buurtcode", "Geef de buurtcode (BU + 8 tekens, bijv. BU03632700); deze notitie heeft geen "
                 "plek op de kaart.")
        code_rule = f"regexp_match(\"buurtcode\", '^{BUURTCODE_PATTERN}$')"
    _expression(layer, "buurtcode", code_rule, "Een buurtcode is BU gevolgd door 8 cijfers (sinds 2022 soms met "
                "letters), bijv. BU03632700 of BU0363AA01.")


def setup_measure_form(layer, trekker_relation_id):
    """Form of a measure layer; the lead partner is picked through the relation to partners."""
    _id_default(layer, "maatregel_id", "M-")
    _require(layer, "titel", "Geef de maatregel een titel.")
    _required_choice(layer, "thema", THEMAS, "thema")
    _choice(layer, "soort", SOORTEN_MAATREGEL, "soort maatregel")
    _required_choice(layer, "status", STATUSSEN, "status")
    _choice(layer, "dekking", DEKKING, "dekking")
    _choice(layer, "besluitorgaan", BESLUITORGANEN, "besluitorgaan")
    for name in ("start_kwartaal", "besluitmoment"):
        _widget(layer, name, value_map(quarters()))
        _expression(layer, name, f"\"{name}\" IS NULL OR regexp_match(\"{name}\", '{QUARTER_REGEX_EXPR}')",
                    "Schrijf een kwartaal als jaar-kwartaal, bijv. 2027-Q2.")
    _widget(layer, "eind_kwartaal", value_map(quarters()))
    _expression(layer, "eind_kwartaal",
                f"\"eind_kwartaal\" IS NULL OR (regexp_match(\"eind_kwartaal\", '{QUARTER_REGEX_EXPR}') AND "
                "(\"start_kwartaal\" IS NULL OR \"eind_kwartaal\" >= \"start_kwartaal\"))",
                "Het eind (jaar-kwartaal, bijv. 2028-Q4) mag niet vóór de start liggen.")
    _expression(layer, "budget", "\"budget\" IS NULL OR \"budget\" >= 0", "Het budget kan niet negatief zijn.")
    # Whole euros with thousands separators in form and attribute table (QGIS's locale: 6.400.000 €).
    _widget(layer, "budget", QgsEditorWidgetSetup("Range", {
        "Style": "SpinBox", "Precision": 0, "Min": 0, "Max": 1e12, "Step": 1000, "Suffix": " €", "AllowNull": True}))
    for name in ("omschrijving", "monitoring"):
        _widget(layer, name, MULTILINE)
    _widget(layer, "trekker", relation_reference(trekker_relation_id))
    if layer.fields().indexOf("buurtcodes") >= 0 and not layer.isSpatial():
        _require(layer, "buurtcodes", "Geef de buurtcode(s) (BU + 8 tekens, met komma's) of teken de maatregel.")
        codes = f"^{BUURTCODE_PATTERN}( *, *{BUURTCODE_PATTERN})*$"
        _expression(layer, "buurtcodes", f"regexp_match(\"buurtcodes\", '{codes}')",
                    "Buurtcodes zijn BU + 8 tekens (bijv. BU03632700), gescheiden door komma's.")


def relation_reference(relation_id):
    """A partner picker through a project relation."""
    return QgsEditorWidgetSetup("RelationReference", {
        "Relation": relation_id, "AllowNULL": True, "ShowForm": False, "ShowOpenFormButton": True,
        "MapIdentification": False, "ReadOnly": False, "AllowAddFeatures": True, "OrderByValue": True})


def setup_partner_form(layer):
    """Form of the partner register."""
    _id_default(layer, "partner_id", "PA-")
    _require(layer, "naam", "Geef de naam van de organisatie.")
    layer.setFieldConstraint(_idx(layer, "naam"), QgsFieldConstraints.Constraint.ConstraintUnique, HARD)
    _choice(layer, "domein", DOMEINEN, "domein")
    _widget(layer, "wijkcoalitie", QgsEditorWidgetSetup("CheckBox", {"CheckedState": "1", "UncheckedState": "0"}))
    layer.setDisplayExpression("\"naam\"")


def _relation(project, rel_id, name, referencing, ref_field, referenced, key):
    rel = QgsRelation(QgsRelationContext(project))
    rel.setId(rel_id)
    rel.setName(name)
    rel.setReferencingLayer(referencing.id())
    rel.setReferencedLayer(referenced.id())
    rel.addFieldPair(ref_field, key)
    if not rel.isValid():
        raise DossierError(f"Relatie {rel_id} is ongeldig: {rel.validationError()}")
    project.relationManager().addRelation(rel)
    return rel


def install_forms(project, layers):
    """Configure forms and relations for the schema-2 layers in `layers` (name -> QgsVectorLayer in project)."""
    partners = layers["partners"]
    setup_partner_form(partners)
    for name in NOTE_LAYERS:
        setup_note_form(layers[name], buurt_only=NOTE_LAYERS[name] is None)
        tabbed_form(layers[name], NOTE_TABS)
    link = layers["maatregel_partners"]
    _relation(project, "maatregel_partners_partner", "Partner", link, "partner_id", partners, "partner_id")
    _widget(link, "partner_id", relation_reference("maatregel_partners_partner"))
    _require(link, "partner_id", "Kies een partner.")
    _require(link, "maatregel_id", "Deze koppeling hoort bij een maatregel.")
    for name in MEASURE_LAYERS:
        measure = layers[name]
        rel = _relation(project, f"{name}_trekker", "Trekker", measure, "trekker", partners, "partner_id")
        setup_measure_form(measure, rel.id())
        _relation(project, f"{name}_partners", "Andere partners", link, "maatregel_id", measure, "maatregel_id")
        measure.setDisplayExpression("\"titel\"")
        tabbed_form(measure, MEASURE_TABS, project.relationManager())
