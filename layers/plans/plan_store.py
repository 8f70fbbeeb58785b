"""Writing imported plans (new or updated by the partner's own id), a new partner and the saved mapping, at once."""
import datetime
import json

from qgis.core import QgsFeature, QgsFeatureRequest, QgsGeometry, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QDate, Qt

from ..common import DossierError
from ..participatie import read_layer_records
from ..schema import PLAN_LAYERS, PROFILES_TABLE, layer_uri, staged


def _layer(path, name):
    layer = QgsVectorLayer(layer_uri(path, name), name, "ogr")
    if not layer.isValid():
        raise DossierError(f"Laag '{name}' ontbreekt in het dossier; werk het dossier eerst bij.")
    return layer


def saved_profile(path, partner_id):
    """(column mapping, category mapping) saved at an earlier import for this partner, or ({}, {})."""
    for attrs, _ in read_layer_records(path, PROFILES_TABLE):
        if attrs.get("partner_id") == partner_id:
            return json.loads(attrs.get("kolommen") or "{}"), json.loads(attrs.get("categorieen") or "{}")
    return {}, {}


def existing_plan_ids(path):
    """Every plan id already in the dossier."""
    return {a["plan_id"] for name in PLAN_LAYERS for a, _ in read_layer_records(path, name) if a.get("plan_id")}


def _delete_where(layer, field, values):
    if not values:
        return True
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(values))
    request = QgsFeatureRequest().setFilterExpression(f'"{field}" IN ({quoted})').setNoAttributes()
    ids = [f.id() for f in layer.getFeatures(request.setFlags(QgsFeatureRequest.Flag.NoGeometry))]
    return layer.dataProvider().deleteFeatures(ids) if ids else True


def _add(layer, rows):
    feats = []
    for row in rows:
        feat = QgsFeature(layer.fields())
        for name in layer.fields().names():
            if name in row:
                value = row[name]
                if isinstance(value, str) and name == "bron_datum":
                    value = QDate.fromString(value, Qt.DateFormat.ISODate)
                feat.setAttribute(name, value)
        geom = row.get("geometry")
        if geom is not None:
            geom = QgsGeometry(geom)
            if not QgsWkbTypes.isMultiType(geom.wkbType()):
                geom.convertToMultiType()
            feat.setGeometry(geom)
        feats.append(feat)
    ok = layer.dataProvider().addFeatures(feats)[0] if feats else True
    if not ok:
        raise DossierError(f"Kon de rijen niet in '{layer.name()}' schrijven; er is niets veranderd.",
                           details="\n".join(layer.dataProvider().errors()))


def write_plans(path, rows_by_layer, partner_row, profile):
    """Replace plans with the same plan_id (in any plan layer) and add the rest; all or nothing."""
    ids = {row["plan_id"] for rows in rows_by_layer.values() for row in rows}
    with staged(path, copy=True) as tmp:
        for name in PLAN_LAYERS:
            layer = _layer(tmp, name)
            if not _delete_where(layer, "plan_id", ids):
                raise DossierError("Kon oude versies van plannen niet vervangen; er is niets veranderd.")
            _add(layer, rows_by_layer.get(name, []))
            del layer
        if partner_row is not None:
            partners = _layer(tmp, "partners")
            _add(partners, [partner_row])
            del partners
        profiles = _layer(tmp, PROFILES_TABLE)
        _delete_where(profiles, "partner_id", {profile["partner_id"]})
        _add(profiles, [dict(profile, kolommen=json.dumps(profile["kolommen"], ensure_ascii=False),
                             categorieen=json.dumps(profile["categorieen"], ensure_ascii=False),
                             bijgewerkt=datetime.date.today().isoformat())])
        del profiles
