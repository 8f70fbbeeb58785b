"""A measure's 'participatie_ids' field picks notes from every notes layer (one view over all), not typed ids."""
from qgis.core import QgsEditorWidgetSetup

from .participatie_forms import _widget


def set_notes_picker(measures, notes_view):
    """The measures' note links: a multi-choice ValueRelation over the notes view (key notitie_id), showing id, buurt,
    theme and the start of the text. Values are stored as QGIS writes multiple choices: {P-1,P-2}."""
    # By layer id only (as the koppelkansen picker): a stored file path breaks a renamed dossier and the PostGIS copy.
    config = {"Layer": notes_view.id(), "LayerName": notes_view.name(), "Key": "notitie_id", "Value": "omschrijving",
              "AllowMulti": True, "AllowNull": True, "OrderByValue": True, "UseCompleter": True, "NofColumns": 1}
    for layer in measures:
        _widget(layer, "participatie_ids", QgsEditorWidgetSetup("ValueRelation", config))
