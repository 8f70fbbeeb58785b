"""Helpers the form tests share: the values of a value-map widget and a hard-constraint check of one field."""
from qgis.core import QgsFeature, QgsFieldConstraints, QgsVectorLayerUtils


def map_values(layer, name):
    """The values a ValueMap widget of field `name` offers (without QGIS's NULL entry)."""
    setup = layer.editorWidgetSetup(layer.fields().indexOf(name))
    assert setup.type() == "ValueMap", name
    return [v for entry in setup.config()["map"] for v in entry.values() if not v.startswith("{")]


def validate(layer, values, field):
    """(ok, error messages) of the hard constraints of `field` for a feature with these attribute values."""
    feat = QgsFeature(layer.fields())
    for key, value in values.items():
        feat.setAttribute(key, value)
    return QgsVectorLayerUtils.validateAttribute(layer, feat, layer.fields().indexOf(field),
                                                 QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
