"""Tabbed (drag-and-drop) layouts of the note and measure forms, with the other partners as a relation editor."""
from qgis.core import (
    Qgis,
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsAttributeEditorTextElement,
)

PRIVACY_HINT = ("Geen namen, adressen of telefoonnummers. Alleen groepen; ze dienen om te zien wie er gehoord "
                "is (Betrokkenheid controleren).")
NOTE_TABS = (
    ("Notitie", ("tekst", "thema", "soort", "methode", "datum", "bron", "opvolging", "buurtcode", "notitie_id")),
    ("Deelnemer", (("tekst:Privacy", PRIVACY_HINT), "deelnemer_id", "leeftijdsgroep", "huishouden", "woonsituatie")),
)
MEASURE_TABS = (
    ("Maatregel", ("titel", "omschrijving", "thema", "soort", "status", "doel", "indicator")),
    ("Wie", ("trekker", ("relatie", "{layer}_partners"))),
    ("Planning en geld", ("start_kwartaal", "eind_kwartaal", "werkelijk_start", "werkelijk_eind", "besluitmoment",
                          "besluitorgaan", "budget", "dekking")),
    ("Koppelingen", ("knelpunten", "participatie_ids", "koppelkansen", "monitoring", "buurtcodes", "maatregel_id")),
)


def tabbed_form(layer, tabs, relation_manager=None):
    """Give `layer` a drag-and-drop form with one tab per (title, items); items are field names,
    ('relatie', relation id) or ('tekst:<name>', text)."""
    config = layer.editFormConfig()
    config.setLayout(Qgis.AttributeFormLayout.DragAndDrop)
    config.clearTabs()
    root = config.invisibleRootContainer()
    for title, items in tabs:
        tab = QgsAttributeEditorContainer(title, root)
        tab.setType(Qgis.AttributeEditorContainerType.Tab)
        for item in items:
            if isinstance(item, tuple) and item[0] == "relatie":
                relation = relation_manager.relation(item[1].format(layer=_layer_name(layer)))
                element = QgsAttributeEditorRelation(relation, tab)
                element.setLabel("Andere partners")
                element.setRelationWidgetTypeId("relation_editor")
            elif isinstance(item, tuple):
                # A hint in its own titled box, one column wide, so it shows in full under its name.
                element = QgsAttributeEditorContainer(item[0].split(":", 1)[1], tab)
                element.setType(Qgis.AttributeEditorContainerType.GroupBox)
                element.setColumnCount(1)
                hint = QgsAttributeEditorTextElement("hint", element)
                hint.setText(item[1])
                hint.setShowLabel(False)
                element.addChildElement(hint)
            elif layer.fields().indexOf(item) < 0:
                continue  # a field of a newer schema than this layer has
            else:
                element = QgsAttributeEditorField(item, layer.fields().indexOf(item), tab)
            tab.addChildElement(element)
        config.addTab(tab)
    layer.setEditFormConfig(config)


def _layer_name(layer):
    return layer.source().split("layername=")[-1].split("|")[0]
