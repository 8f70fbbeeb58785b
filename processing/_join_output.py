"""Shared output of the join algorithms: the joined layer (every input feature kept) and the unmatched table."""
from qgis.core import QgsFeature, QgsFeatureSink, QgsField, QgsFields
from qgis.PyQt.QtCore import QMetaType

from ..layers.common import WijkatlasCancelled, WijkatlasError
from ..layers.schema import REFERENCE_ID_FIELDS

UNMATCHED_FIELDS = (("code", "Code"), ("naam", "Naam"), ("kant", "Waar (invoerlaag/bron)"), ("reden", "Reden"))


def joined_fields(source_fields, new_fields, feedback=None, overwrite=False, suffix="2"):
    """Input fields plus new (name, QMetaType type, alias) fields; returns (fields, positions, reused positions).

    A field the input already has is never replaced silently: the new one gets a clear new name (`<name>_<suffix>`,
    then `_<suffix>_2` …) and a line in the log. Only with overwrite=True is the existing field reused (and then
    only the matched rows change; see write_joined).
    """
    fields = QgsFields(source_fields)
    index, reused = [], set()
    for name, vtype, alias in new_fields:
        pos = fields.indexFromName(name)
        if pos >= 0 and overwrite:
            reused.add(pos)
            if feedback is not None:
                feedback.pushWarning(f"Veld '{name}' bestond al en wordt overschreven voor de gekoppelde rijen "
                                     "(gevraagd); niet-gekoppelde rijen houden hun waarde.")
        elif pos >= 0:
            new_name, n = f"{name}_{suffix}", 2
            while fields.indexFromName(new_name) >= 0:
                new_name, n = f"{name}_{suffix}_{n}", n + 1
            if feedback is not None:
                feedback.pushWarning(f"Veld '{name}' bestaat al in de invoerlaag en blijft ongewijzigd; de "
                                     f"gekoppelde waarden staan in het nieuwe veld '{new_name}'.")
            name, pos = new_name, -1
        if pos < 0:
            field = QgsField(name, vtype)
            field.setAlias(alias)
            fields.append(field)
            pos = fields.count() - 1
        index.append(pos)
    return fields, index, reused


def unmatched_fields():
    fields = QgsFields()
    for name, alias in UNMATCHED_FIELDS:
        field = QgsField(name, QMetaType.Type.QString)
        field.setAlias(alias)
        fields.append(field)
    return fields


def write_joined(alg, parameters, context, feedback, key, source, features, fields, index, values, reused=(),
                 matched=None):
    """Write every input feature with its joined values to the sink `key`; returns the destination id.

    reused: positions of existing fields the user asked to overwrite; those keep their value on rows whose
    matched[i] is False (a row without a partner never loses what it had).
    """
    sink, dest = alg.sink(parameters, key, context, fields, source.wkbType(), source.sourceCrs())
    out = []
    for n, (feature, vals) in enumerate(zip(features, values)):
        if n % 1000 == 0 and feedback.isCanceled():
            raise WijkatlasCancelled()
        attrs = list(feature.attributes()) + [None] * (fields.count() - len(feature.attributes()))
        for pos, val in zip(index, vals):
            if pos in reused and matched is not None and not matched[n]:
                continue
            attrs[pos] = val
        new = QgsFeature(fields, feature.id())
        new.setGeometry(feature.geometry())
        new.setAttributes(attrs)
        out.append(new)
    if not sink.addFeatures(out, QgsFeatureSink.Flag.FastInsert):
        raise WijkatlasError(f"Schrijven naar de uitvoer mislukte: {sink.lastError()}")
    return dest


def write_unmatched(alg, parameters, context, key, rows):
    """Write (code, naam, kant, reden) rows to the table sink `key`; returns the destination id."""
    sink, dest = alg.sink(parameters, key, context, unmatched_fields())
    for row in rows:
        feature = QgsFeature(unmatched_fields())
        feature.setAttributes(list(row))
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
    return dest


def log_unmatched(feedback, rows, what):
    """Report the count and the first codes of unmatched rows in the log."""
    if rows:
        shown = ", ".join(r[0] for r in rows[:20]) + (" …" if len(rows) > 20 else "")
        feedback.pushWarning(f"{len(rows)} {what}: {shown}")


def write_reference(alg, parameters, context, key, new_fields, rows):
    """Write reference rows (code, naam, niveau, jaar + indicators) to the optional table sink `key`."""
    if parameters.get(key) is None:
        return None
    fields = QgsFields()
    for fdef in REFERENCE_ID_FIELDS:
        field = QgsField(fdef.name, fdef.type)
        field.setAlias(fdef.alias)
        fields.append(field)
    for name, vtype, alias in new_fields:
        field = QgsField(name, vtype)
        field.setAlias(alias)
        fields.append(field)
    sink, dest = alg.sink(parameters, key, context, fields, optional=True)
    if sink is None:
        return None
    for row in rows:
        feature = QgsFeature(fields)
        feature.setAttributes(list(row))
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
    return dest
