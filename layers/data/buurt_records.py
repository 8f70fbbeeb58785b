"""PDOK wijk/buurt GeoJSON features to QGIS features with the dossier's field names and catalogue indicators."""
import json
import struct
from array import array
from itertools import chain

from qgis.core import QgsFeature, QgsField, QgsFields, QgsGeometry, QgsJsonUtils
from qgis.PyQt.QtCore import QMetaType

from ..common import SENTINEL_LIMIT, cbs_code, cbs_number, load_catalogue
from ..schema import BUURT_ID_FIELDS

WATER_FIELD = "water"
FICTITIOUS_BUURT = ("9997", "9998")
ID_KEYS = ("buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam")
LEVEL_KEYS = {"buurt": ID_KEYS, "wijk": ID_KEYS[2:], "gemeente": ID_KEYS[4:]}


def is_water(props, level="buurt"):
    """True for water='JA' and for the fictitious water buurten ending in 9997/9998."""
    if cbs_code(props.get("water")).upper() == "JA":
        return True
    return level == "buurt" and cbs_code(props.get("buurtcode")).endswith(FICTITIOUS_BUURT)


def present_indicators(features, source="pdok_ogc"):
    """(indicator, [aliases present]) for every catalogue indicator whose alias occurs in the features' properties.

    source: one catalogue source name, or a tuple of them (the WFS: camelCase and legacy shapefile names)."""
    sources = (source,) if isinstance(source, str) else tuple(source)
    keys = set()
    for feat in features:
        keys.update((feat.get("properties") or {}).keys())
    found = []
    for ind in load_catalogue():
        aliases = [a for src in sources for a in ind.source_fields(src) if a in keys]
        if aliases:
            found.append((ind, aliases))
    return found


def output_fields(indicators, mark_water=False):
    """Dossier id fields, optionally 'water', then one aliased Double field per indicator."""
    fields = QgsFields()
    for fdef in BUURT_ID_FIELDS:
        field = QgsField(fdef.name, fdef.type)
        field.setAlias(fdef.alias)
        fields.append(field)
    if mark_water:
        field = QgsField(WATER_FIELD, QMetaType.Type.QString)
        field.setAlias("Water (JA/NEE/B)")
        fields.append(field)
    for ind, _ in indicators:
        field = QgsField(ind.id, QMetaType.Type.Double)
        field.setAlias(ind.alias)
        fields.append(field)
    return fields


def first_number(props, aliases):
    """The first alias with a real (non-missing, non-sentinel) number, else None."""
    for alias in aliases:
        value = props.get(alias)
        if type(value) in (int, float):  # fast path for JSON numbers; cbs_number handles everything else
            value = float(value) if value > SENTINEL_LIMIT and value == value else None
        else:
            value = cbs_number(value)
        if value is not None:
            return value
    return None


def _rings_wkb(rings):
    parts = [struct.pack("<I", len(rings))]
    for ring in rings:
        parts.append(struct.pack("<I", len(ring)))
        parts.append(array("d", chain.from_iterable((p[0], p[1]) for p in ring)).tobytes())
    return b"".join(parts)


def multipolygon(geometry):
    """A GeoJSON (Multi)Polygon as a MultiPolygon QgsGeometry, built from WKB (fast); other types via QGIS."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        coords = [coords]
    elif kind != "MultiPolygon":
        geom = QgsJsonUtils.geometryFromGeoJson(json.dumps(geometry))
        geom.convertToMultiType()
        return geom
    wkb = [struct.pack("<BII", 1, 6, len(coords))]
    wkb += [struct.pack("<BI", 1, 3) + _rings_wkb(polygon) for polygon in coords]
    geom = QgsGeometry()
    geom.fromWkb(b"".join(wkb))
    return geom


def compact_page(features):
    """Replace each feature's GeoJSON geometry by a QgsGeometry right after a page arrives (saves memory)."""
    for feat in features:
        geometry = feat.get("geometry")
        if isinstance(geometry, dict):
            feat["geometry"] = multipolygon(geometry)


def to_features(raw_features, level, jaar, indicators, mark_water=False, feedback=None):
    """QgsFeatures for the raw GeoJSON features (water left out unless marked); returns (features, water_count)."""
    fields = output_fields(indicators, mark_water)
    keys = LEVEL_KEYS[level]
    bron = f"PDOK CBS Wijk- en Buurtkaart {jaar}"
    out, water = [], 0
    total = len(raw_features) or 1
    for i, raw in enumerate(raw_features):
        if feedback is not None and i % 500 == 0:
            if feedback.isCanceled():
                return None, water
            feedback.setProgress(80 + 15 * i / total)
        props = raw.get("properties") or {}
        wet = is_water(props, level)
        if wet:
            water += 1
            if not mark_water:
                continue
        attrs = [cbs_code(props.get(k)) if k in keys and props.get(k) is not None else None for k in ID_KEYS]
        attrs += [int(jaar), bron]
        if mark_water:
            attrs.append(cbs_code(props.get(WATER_FIELD)) or ("JA" if wet else None))
        attrs += [first_number(props, aliases) for _, aliases in indicators]
        feature = QgsFeature(fields)
        feature.setAttributes(attrs)
        geometry = raw.get("geometry")
        if isinstance(geometry, dict):
            geometry = multipolygon(geometry)
        if geometry is not None:
            feature.setGeometry(geometry)
        out.append(feature)
    return out, water
