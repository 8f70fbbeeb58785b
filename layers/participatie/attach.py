"""Attaching notes and measures to the buurten they lie in or overlap (with the overlapping share)."""
from dataclasses import dataclass

from qgis.core import QgsGeometry, QgsSpatialIndex, QgsWkbTypes

from ..common import WijkatlasCancelled
from ..schema import MEASURE_LAYERS, NOTE_LAYERS
from .store import check_dossier, open_layer, read_layer_records

POINT = QgsWkbTypes.GeometryType.PointGeometry
LINE = QgsWkbTypes.GeometryType.LineGeometry
# Shares below this are touching boundaries or digitising noise, not an overlap.
MIN_SHARE = 1e-4


@dataclass
class Link:
    """One object attached to one buurt (buurtcode None when it could not be attached)."""

    soort: str          # 'notitie' or 'maatregel'
    laag: str
    object_id: str
    buurtcode: object
    aandeel: object     # share of the object in this buurt (1.0 for points and notes)
    koppeling: str      # how: 'ligt in', 'op grens', 'grootste deel', 'overlap', 'buurtcode', or why not
    attrs: dict


OUTSIDE = "ligt buiten de buurten van het dossier"


class BuurtIndex:
    """The dossier's buurten with a spatial index and prepared geometries."""

    def __init__(self, path):
        layer = open_layer(path, "buurten", read_only=True)
        self.buurten = {}
        self._by_fid = {}
        self.index = QgsSpatialIndex()
        for feat in layer.getFeatures():
            code = feat["buurtcode"]
            geom = QgsGeometry(feat.geometry())
            engine = QgsGeometry.createGeometryEngine(geom.constGet())
            engine.prepareGeometry()
            self.buurten[code] = {"geometry": geom, "engine": engine, "buurtnaam": feat["buurtnaam"],
                                  "wijkcode": feat["wijkcode"], "wijknaam": feat["wijknaam"]}
            self._by_fid[feat.id()] = code
            self.index.addFeature(feat)

    def candidates(self, geom):
        """Buurtcodes whose bounding box meets the geometry's, sorted."""
        return sorted(self._by_fid[fid] for fid in self.index.intersects(geom.boundingBox()))

    def shares(self, geom):
        """[(buurtcode, share)] for a line or area: the part of its length/area inside each buurt."""
        total = geom.length() if geom.type() == LINE else geom.area()
        out = []
        for code in self.candidates(geom):
            if not self.buurten[code]["engine"].intersects(geom.constGet()):
                continue
            part = geom.intersection(self.buurten[code]["geometry"])
            size = part.length() if geom.type() == LINE else part.area()
            share = size / total if total > 0 else 0.0
            if share >= MIN_SHARE:
                out.append((code, share))
        return out

    def point_hits(self, geom):
        """The buurten a point lies in (more than one on a border), lowest buurtcode first."""
        return [c for c in self.candidates(geom) if self.buurten[c]["engine"].intersects(geom.constGet())]

    def point_buurt(self, geom):
        """(buurtcode, how) for a point: the buurt it lies in; on a border the lowest buurtcode."""
        hits = self.point_hits(geom)
        if not hits:
            return None, OUTSIDE
        return hits[0], ("op grens" if len(hits) > 1 else "ligt in")


def _split_codes(text):
    return [c.strip() for c in str(text or "").split(",") if c.strip()]


def _point_link(soort, name, oid, attrs, hits):
    if not hits:
        return Link(soort, name, oid, None, None, OUTSIDE, attrs)
    return Link(soort, name, oid, hits[0], 1.0, "op grens" if len(hits) > 1 else "ligt in", attrs)


def note_links(name, attrs, kind, spatial, known):
    """The link of one note. `kind` is None (no geometry: its buurtcode counts), 'point' (`spatial`: the buurten it
    lies in, lowest code first) or 'area' (`spatial`: [(buurtcode, share)]); `known` holds the dossier's buurtcodes.
    The local (BuurtIndex) and the database (postgis.attach_sql) lookups both end here."""
    oid = attrs.get("notitie_id") or f"{name}:{attrs.get('fid')}"
    if kind is None:
        code = attrs.get("buurtcode")
        if code in known:
            return [Link("notitie", name, oid, code, 1.0, "buurtcode", attrs)]
        reason = "geen plek en geen buurtcode" if not code else f"onbekende buurtcode {code}"
        return [Link("notitie", name, oid, None, None, reason, attrs)]
    if kind == "point":
        return [_point_link("notitie", name, oid, attrs, spatial)]
    if not spatial:
        return [Link("notitie", name, oid, None, None, OUTSIDE, attrs)]
    # A note is counted once: in the buurt holding most of it (ties: lowest buurtcode).
    code, _ = sorted(spatial, key=lambda cs: (-cs[1], cs[0]))[0]
    return [Link("notitie", name, oid, code, 1.0, "grootste deel", attrs)]


def measure_links(name, attrs, kind, spatial, known):
    """The links of one measure (as note_links): spread over the buurten it overlaps, or its buurtcodes."""
    oid = attrs.get("maatregel_id") or f"{name}:{attrs.get('fid')}"
    if kind is None:
        codes = _split_codes(attrs.get("buurtcodes") or attrs.get("buurtcode"))
        ok = [c for c in codes if c in known]
        links = [Link("maatregel", name, oid, c, 1.0 / len(ok), "buurtcode", attrs) for c in ok]
        links += [Link("maatregel", name, oid, None, None, f"onbekende buurtcode {c}", attrs)
                  for c in codes if c not in known]
        return links or [Link("maatregel", name, oid, None, None, "geen plek en geen buurtcode", attrs)]
    if kind == "point":
        return [_point_link("maatregel", name, oid, attrs, spatial)]
    if not spatial:
        return [Link("maatregel", name, oid, None, None, OUTSIDE, attrs)]
    return [Link("maatregel", name, oid, code, share, "overlap" if len(spatial) > 1 else "ligt in", attrs)
            for code, share in spatial]


def _located(index, geom):
    """(kind, spatial) of a geometry for note_links/measure_links, from the local index."""
    if geom is None:
        return None, None
    if geom.type() == POINT:
        return "point", index.point_hits(geom)
    return "area", index.shares(geom)


def _attach_note(index, name, attrs, geom):
    return note_links(name, attrs, *_located(index, geom), index.buurten)


def _attach_measure(index, name, attrs, geom):
    return measure_links(name, attrs, *_located(index, geom), index.buurten)


def attach_all(path, feedback=None, index=None):
    """Every note and measure of the dossier attached to buurten: a list of Links (unattached ones included)."""
    check_dossier(path)
    index = index or BuurtIndex(path)
    links = []
    layers = [(n, _attach_note) for n in NOTE_LAYERS] + [(n, _attach_measure) for n in MEASURE_LAYERS]
    for step, (name, attach) in enumerate(layers):
        if feedback is not None:
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            feedback.setProgress(100.0 * step / len(layers))
        for attrs, geom in read_layer_records(path, name):
            links.extend(attach(index, name, attrs, geom))
    return links
