"""Reading and writing notes, measures and partners in a wijkdossier; writes are all-or-nothing (temp copy, replace)."""
import json
import os

from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QDate, Qt

from ..common import PLUGIN_ROOT, DossierError, WijkatlasCancelled, plain
from ..schema import DATE, MEASURE_LAYERS, NOTE_LAYERS, SCHEMA_VERSION, layer_def, layer_uri, schema_version, staged

SAMPLE_JSON = os.path.join(PLUGIN_ROOT, "layers", "sample", "participatie_voorbeeld.json")
SAMPLE_MARK = "voorbeeld, verzonnen"
ID_FIELD = {**{n: "notitie_id" for n in NOTE_LAYERS}, **{n: "maatregel_id" for n in MEASURE_LAYERS},
            "partners": "partner_id"}


def open_layer(path, name, read_only=False):
    """One dossier layer; DossierError when it is missing (dossier older than schema 2)."""
    options = QgsVectorLayer.LayerOptions()
    options.forceReadOnly = read_only  # reading must not touch the file (OGR opens GeoPackages for update)
    layer = QgsVectorLayer(layer_uri(path, name), name, "ogr", options)
    if not layer.isValid():
        raise DossierError(f"Laag '{name}' ontbreekt in {os.path.basename(path)}. Werk het dossier eerst bij "
                           "(open het met deze Wijkatlas-versie of voer 'Nieuw wijkdossier' opnieuw uit).")
    return layer


def check_dossier(path):
    """Refuse a file that is not a wijkdossier of schema version >= 2."""
    version = schema_version(path)
    if version < 2:
        raise DossierError(f"{os.path.basename(path)} heeft schemaversie {version}; participatie en maatregelen "
                           f"vragen versie {SCHEMA_VERSION}. Werk het dossier eerst bij.")


def existing_ids(path, names):
    """Every id already present in the given layers."""
    ids = set()
    for name in names:
        layer = open_layer(path, name, read_only=True)
        field = ID_FIELD[name]
        request_idx = layer.fields().indexOf(field)
        for feat in layer.getFeatures():
            value = feat.attribute(request_idx)
            if value:
                ids.add(str(value))
    return ids


def _qdate(value):
    if isinstance(value, str):
        date = QDate.fromString(value.strip()[:10], Qt.DateFormat.ISODate)
        return date if date.isValid() else None
    return value


def _append(path, name, rows):
    defn = layer_def(name)
    layer = open_layer(path, name)
    dates = [f.name for f in defn.fields if f.type == DATE]
    rows = [dict(row, **{d: _qdate(row.get(d)) for d in dates}) for row in rows]
    feats = []
    for row in rows:
        feat = QgsFeature(layer.fields())
        for f in defn.fields:
            feat.setAttribute(f.name, row.get(f.name))
        geom = row.get("geometry")
        if geom is not None and defn.geometry is not None:
            geom = QgsGeometry(geom)
            if not QgsWkbTypes.isMultiType(geom.wkbType()):
                geom.convertToMultiType()
            feat.setGeometry(geom)
        feats.append(feat)
    ok, _ = layer.dataProvider().addFeatures(feats)
    if not ok or layer.dataProvider().hasErrors():
        raise DossierError(f"Kon de rijen niet in '{name}' schrijven.", details="\n".join(
            layer.dataProvider().errors()))


def append_rows(path, rows_by_layer, feedback=None):
    """Add rows (dicts with schema fields and an optional 'geometry') to dossier layers, all or nothing.

    The work happens on a copy beside the dossier that replaces it only when every layer was written.
    """
    check_dossier(path)
    with staged(path, copy=True) as tmp:
        for name, rows in rows_by_layer.items():
            if feedback is not None and feedback.isCanceled():
                raise WijkatlasCancelled()
            if rows:
                _append(tmp, name, rows)
    return {name: len(rows) for name, rows in rows_by_layer.items()}


def _row(record, geometry_key="wkt"):
    row = {k: v for k, v in record.items() if k not in (geometry_key, "laag", "partners")}
    if record.get(geometry_key):
        row["geometry"] = QgsGeometry.fromWkt(record[geometry_key])
    return row


def sample_rows():
    """The invented example notes, measures and partners (layers/sample), as rows per dossier layer."""
    with open(SAMPLE_JSON, encoding="utf-8") as fh:
        doc = json.load(fh)
    rows = {"partners": [_row(p) for p in doc["partners"]], "maatregel_partners": []}
    for record in doc["participatie"] + doc["maatregelen"]:
        rows.setdefault(record["laag"], []).append(_row(record))
    for measure in doc["maatregelen"]:
        for partner in measure.get("partners", []):
            rows["maatregel_partners"].append({"maatregel_id": measure["maatregel_id"], "partner_id": partner,
                                               "rol": f"partner ({SAMPLE_MARK})"})
    return rows


def read_layer_records(path, name):
    """(attributes dict, QgsGeometry or None) for every feature of a dossier layer."""
    layer = open_layer(path, name, read_only=True)
    names = layer.fields().names()
    out = []
    for feat in layer.getFeatures():
        attrs = {n: plain(v) for n, v in zip(names, feat.attributes())}
        geom = feat.geometry() if feat.hasGeometry() else None
        out.append((attrs, geom))
    return out
