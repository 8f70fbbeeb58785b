"""Reading buurten and reference rows from QGIS layers into the dossier schema, with checks and repairs."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
)

from ..common import DossierError, WijkatlasCancelled
from ..schema import BUURT_ID_FIELDS, CRS, REFERENCE_ID_FIELDS, indicator_fields

CODE_ALIASES = ("buurtcode", "bu_code", "statcode", "code")


def _null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def _value(value):
    return None if _null(value) else value


def _field_map(layer_fields, wanted):
    """Schema field name -> index in the layer (case-insensitive), for the fields the layer has."""
    names = {f.name().lower(): i for i, f in enumerate(layer_fields)}
    return {f.name: names[f.name.lower()] for f in wanted if f.name.lower() in names}


def buurten_rows_from_layer(source, transform_context=None, feedback=None):
    """Rows for the dossier's buurten layer from any polygon source; returns (rows, notes).

    Geometries are transformed to EPSG:28992 and invalid ones repaired (reported in notes). Missing or duplicate
    buurtcodes and empty input raise a DossierError, so nothing is dropped silently.
    """
    fields = source.fields()
    names = {f.name().lower(): i for i, f in enumerate(fields)}
    code_idx = next((names[a] for a in CODE_ALIASES if a in names), None)
    if code_idx is None:
        raise DossierError("De buurtenlaag heeft geen veld 'buurtcode' (of BU_CODE/statcode); "
                           "zonder codes kunnen cijfers niet worden gekoppeld.")
    mapping = _field_map(fields, BUURT_ID_FIELDS[1:] + indicator_fields())
    target = QgsCoordinateReferenceSystem(CRS)
    transform = None
    if source.sourceCrs().isValid() and source.sourceCrs() != target:
        transform = QgsCoordinateTransform(source.sourceCrs(), target, transform_context or
                                           QgsCoordinateTransformContext())
    elif not source.sourceCrs().isValid():
        raise DossierError("De buurtenlaag heeft geen (geldig) coördinatenstelsel; stel het eerst in.")
    rows, notes, missing, seen, dupes = [], [], [], set(), set()
    total = source.featureCount() or 0
    for n, feat in enumerate(source.getFeatures(QgsFeatureRequest())):
        if feedback is not None and feedback.isCanceled():
            raise WijkatlasCancelled()
        code = feat[code_idx]
        if _null(code) or not str(code).strip():
            missing.append(str(feat.id()))
            continue
        code = str(code).strip()
        if code in seen:
            dupes.add(code)
        seen.add(code)
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            raise DossierError(f"Buurt {code} heeft geen geometrie.")
        if transform is not None:
            geom.transform(transform)
        if not geom.isGeosValid():
            geom = geom.makeValid()
            notes.append(f"Geometrie van {code} was ongeldig en is gerepareerd.")
        row = {name: _value(feat[idx]) for name, idx in mapping.items()}
        row.update(buurtcode=code, geometry=geom)
        rows.append(row)
        if feedback is not None and total:
            feedback.setProgress(100.0 * (n + 1) / total)
    if missing:
        raise DossierError(f"{len(missing)} buurten hebben geen buurtcode (feature-id's: "
                           f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}).")
    if dupes:
        raise DossierError(f"Buurtcodes komen dubbel voor: {', '.join(sorted(dupes)[:10])}.")
    if not rows:
        raise DossierError("De buurtenlaag is leeg.")
    return rows, notes


def reference_rows_from_layer(table):
    """Rows for the dossier's referentie table from a table with the same field names."""
    if table is None:
        return []
    mapping = _field_map(table.fields(), REFERENCE_ID_FIELDS + indicator_fields())
    if "code" not in mapping:
        raise DossierError("De referentietabel heeft geen veld 'code'.")
    return [{name: _value(f[idx]) for name, idx in mapping.items()} for f in table.getFeatures()]
