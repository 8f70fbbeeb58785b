"""From found pairs to koppelkansen: stable id, meeting place, buurten, strength, influence and a Dutch sentence."""
import hashlib

import numpy as np
from shapely.geometry import LineString
from shapely.ops import nearest_points, unary_union
from shapely.prepared import prep

from ..common import quarter_label as label
from .geos_fast import bounds
from .search import BREEKVERBOD, KIND_NAMES, OPEN_END

WIDEN = 2.0   # metres: a meeting point or line is drawn as a narrow area
ROUND = 4     # segments per quarter circle of that widening


def kans_id(plan_a, plan_b):
    """A stable id from the pair of plan ids (order does not matter)."""
    a, b = sorted((str(plan_a), str(plan_b)))
    return "KK-" + hashlib.sha1(f"{a}|{b}".encode("utf-8")).hexdigest()[:12]


def meeting_geometry(a, b, touching):
    """Where two plans meet: their overlap (an area), or the connecting stretch, widened to a narrow area."""
    if touching and a.intersects(b):
        inter = a.intersection(b)
        if inter.geom_type in ("Polygon", "MultiPolygon") and inter.area > 0:
            return inter
        parts = [g for g in getattr(inter, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
        area = unary_union(parts) if parts else None
        return area if area is not None and area.area > 0 else inter.buffer(WIDEN, ROUND)
    pa, pb = nearest_points(a, b)
    return LineString([pa, pb]).buffer(WIDEN, ROUND)


def shared_quarters(s1, e1, s2, e2):
    """'2027-Q1 t/m 2027-Q4', 'vanaf 2027-Q1 (open einde)' or '' when the periods do not overlap."""
    first, last = max(s1, s2), min(e1, e2)
    if first > last:
        return ""
    return f"vanaf {label(first)} (open einde)" if last >= OPEN_END else f"{label(first)} t/m {label(last)}"


def _period(start, end):
    return f"{label(start)}–{'open einde' if end >= OPEN_END else label(end)}"


def sentence(kind, pa, pb, distance, touch, gap, shared, explanation, influence):
    """The Dutch explanation of one koppelkans, conflict or breekverbod."""
    who_a = f"'{pa['titel']}' ({pa['categorie']}, {pa['partner_naam']}, {_period(pa['start'], pa['end'])})"
    who_b = f"'{pb['titel']}' ({pb['categorie']}, {pb['partner_naam']}, {_period(pb['start'], pb['end'])})"
    where = "raken elkaar" if touch else f"liggen {distance:.0f} m van elkaar".replace(".", ",")
    if kind == BREEKVERBOD:
        first, later = (pa, pb) if pa["end"] < pb["start"] else (pb, pa)
        after = later["start"] - first["end"]
        text = (f"Breekverbod: {who_a} en {who_b} {where}; '{later['titel']}' graaft {_quarters(after)} na het "
                f"einde van de herinrichting '{first['titel']}': {explanation}.")
    else:
        when = f"lopen tegelijk ({shared})" if shared else (
            "sluiten in de tijd op elkaar aan" if gap == 0 else f"liggen {_quarters(gap)} uit elkaar")
        text = f"{KIND_NAMES[kind].capitalize()}: {who_a} en {who_b} {where} en {when}: {explanation}."
    return text + (" Nog te beïnvloeden: het eerste plan begint over minstens twee jaar." if influence else
                   " Weinig ruimte meer: het eerste plan begint binnen twee jaar of loopt al.")


def _quarters(n):
    return f"{n} kwartaal" if n == 1 else f"{n} kwartalen"


def _with_end(plan):
    """The plan with a numeric end (OPEN_END for an open-ended plan)."""
    return plan if plan["end"] is not None else dict(plan, end=OPEN_END)


class BuurtLookup:
    """Buurtcodes of the buurten a geometry meets (bounding-box prefilter with numpy, then GEOS)."""

    def __init__(self, buurten):
        self.codes = [code for code, _ in buurten]
        self.geoms = [prep(geom) for _, geom in buurten]
        self.bounds = bounds([geom for _, geom in buurten])

    def codes_of(self, geom, box):
        x0, y0, x1, y1 = box
        b = self.bounds
        hit = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
        return sorted(self.codes[k] for k in hit.tolist() if self.geoms[k].intersects(geom))


def kansen_rows(plans, pairs, groups, matrix, params, buurten):
    """One dict per pair with every koppelkansen field and a shapely 'geometry'."""
    lookup = BuurtLookup(buurten)
    rows = []
    places = []
    for n in range(len(pairs["i"])):
        a, b = int(pairs["i"][n]), int(pairs["j"][n])
        if plans[a]["plan_id"] > plans[b]["plan_id"]:
            a, b = b, a
        pa, pb = _with_end(plans[a]), _with_end(plans[b])
        kind = int(pairs["kind"][n])
        touch, distance, gap = bool(pairs["touch"][n]), float(pairs["distance"][n]), int(pairs["gap"][n])
        overlap = bool(pairs["overlap"][n])
        shared = shared_quarters(pa["start"], pa["end"], pb["start"], pb["end"]) if overlap else ""
        explanation = matrix.breekverbod_text if kind == BREEKVERBOD else \
            matrix.kind(pa["categorie"], pb["categorie"])[1]
        influence = min(pa["start"], pb["start"]) >= params.now + params.influence_quarters
        geom = meeting_geometry(pa["geometry"], pb["geometry"], touch)
        rows.append({
            "kans_id": kans_id(pa["plan_id"], pb["plan_id"]), "plan_a": pa["plan_id"], "plan_b": pb["plan_id"],
            "titel_a": pa["titel"], "titel_b": pb["titel"], "partner_a": pa["partner_id"],
            "partner_b": pb["partner_id"], "categorie_a": pa["categorie"], "categorie_b": pb["categorie"],
            "afstand": round(distance, 2), "band": "raakt" if touch else "nabij", "kwartalen_gedeeld": shared,
            "kwartalen_tussen": gap, "soort": KIND_NAMES[kind], "sterkte": 1 + int(touch) + int(overlap),
            "beinvloedbaar": int(influence),
            "groep": f"G{int(groups[a])}",
            "uitleg": sentence(kind, pa, pb, distance, touch, gap, shared, explanation, influence),
            "geometry": geom})
        places.append(geom)
    for row, geom, box in zip(rows, places, bounds(places)):
        row["buurtcodes"] = ", ".join(lookup.codes_of(geom, box))
    return rows
