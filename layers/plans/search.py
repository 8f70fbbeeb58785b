"""The koppelkansen search: every pair of plans of different partners or categories that meet in space and time.

Vectorised with numpy: a sort-and-sweep over the bounding boxes (widened by the nabij distance) gives candidate
pairs, the period, partner and category-matrix tests run on whole arrays, and only the few pairs that pass them get
an exact GEOS distance. The tests compare this with a brute-force check of all pairs.
"""
from dataclasses import dataclass

import numpy as np

from ..common import component_roots
from .geos_fast import bounds, pair_distances

OPEN_END = 10 ** 7          # quarter index standing for 'no end'
NONE, KANS, CONFLICT, BREEKVERBOD = 0, 1, 2, 3
KIND_NAMES = {KANS: "koppelkans", CONFLICT: "conflict", BREEKVERBOD: "breekverbod"}
CHUNK = 2_000_000           # candidate pairs expanded at once (bounds memory)


@dataclass
class SearchParams:
    """Distances in metres, gaps in quarters; now is the quarter index of 'today' (for beïnvloedbaar)."""

    touch: float = 0.0
    near: float = 25.0
    max_gap: int = 4
    now: int = 0
    influence_quarters: int = 8


@dataclass
class PlanArrays:
    """The plans as arrays: one entry per plan (geometries are shapely objects)."""

    ids: list
    geoms: list
    start: np.ndarray
    end: np.ndarray          # OPEN_END for an open-ended plan
    partner: np.ndarray      # integer codes
    category: np.ndarray     # index into the category names


def plan_arrays(plans, category_names):
    """PlanArrays from dicts with plan_id, partner_id, categorie, start, end (None = open) and geometry."""
    cat_index = {name: i for i, name in enumerate(category_names)}
    partners = {}
    return PlanArrays(
        ids=[p["plan_id"] for p in plans], geoms=[p["geometry"] for p in plans],
        start=np.array([p["start"] for p in plans], dtype=np.int64),
        end=np.array([OPEN_END if p["end"] is None else p["end"] for p in plans], dtype=np.int64),
        partner=np.array([partners.setdefault(p["partner_id"], len(partners)) for p in plans], dtype=np.int64),
        category=np.array([cat_index[p["categorie"]] for p in plans], dtype=np.int64))


def kind_tables(categories, matrix):
    """(kind[ncat, ncat], reshapes[ncat], digs[ncat]) as numpy arrays from the categories and the matrix."""
    names = categories.names
    kinds = np.zeros((len(names), len(names)), dtype=np.int8)
    for a, ia in enumerate(names):
        for b, ib in enumerate(names):
            kind, _ = matrix.kind(ia, ib)
            kinds[a, b] = {"koppelkans": KANS, "conflict": CONFLICT}.get(kind, NONE)
    reshapes = np.array([n in categories.reshapes for n in names])
    digs = np.array([n in categories.digs for n in names])
    return kinds, reshapes, digs


def candidate_pairs(bounds, reach):
    """(i, j) with i < j of every pair whose bounding boxes lie within `reach` of each other.

    Boxes widened by reach/2 go into horizontal strips; within a strip a sort-and-sweep along x finds the boxes that
    overlap, and a pair is kept only in the strip where the overlap of the two boxes starts (no duplicates).
    """
    n = len(bounds)
    empty = np.empty(0, np.int64)
    if n < 2:
        return empty, empty
    half = reach / 2.0
    box = bounds + np.array([-half, -half, half, half])
    height = max(4.0 * float(np.median(box[:, 3] - box[:, 1])), 1.0)
    s0, s1 = np.floor(box[:, 1] / height).astype(np.int64), np.floor(box[:, 3] / height).astype(np.int64)
    span = s1 - s0 + 1
    owner = np.repeat(np.arange(n), span)
    strip = np.repeat(s0, span) + np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
    width = float(box[:, 2].max() - box[:, 0].min()) + 1.0
    key = (strip - strip.min()) * width * 2 + (box[owner, 0] - box[:, 0].min())
    order = np.argsort(key, kind="stable")
    key, owner, strip = key[order], owner[order], strip[order]
    stop = np.searchsorted(key, key - box[owner, 0] + box[owner, 2], side="right")
    counts = np.maximum(stop - np.arange(1, len(key) + 1), 0)
    out_i, out_j = [empty], [empty]
    first = 0
    while first < len(key):
        last = first + max(1, int(np.searchsorted(np.cumsum(counts[first:]), CHUNK, side="right")))
        rows = np.arange(first, min(last, len(key)))
        cnt = counts[rows]
        p = np.repeat(rows, cnt)
        q = p + 1 + np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        a, b = owner[p], owner[q]
        keep = (box[b, 1] <= box[a, 3]) & (box[a, 1] <= box[b, 3]) & (a != b)
        keep &= np.floor(np.maximum(box[a, 1], box[b, 1]) / height).astype(np.int64) == strip[p]
        a, b = a[keep], b[keep]
        out_i.append(np.minimum(a, b))
        out_j.append(np.maximum(a, b))
        first = min(last, len(key))
    return np.concatenate(out_i), np.concatenate(out_j)


def quarter_gap(s1, e1, s2, e2):
    """Empty quarters between two periods (0 when they overlap or follow each other directly)."""
    return np.maximum(0, np.maximum(s2 - e1 - 1, s1 - e2 - 1))


def find_pairs(arrays, categories, matrix, params):
    """Every meeting pair as a dict of arrays: i, j, distance, gap, overlap (bool), kind (KANS/CONFLICT/BREEKVERBOD)."""
    kinds, reshapes, digs = kind_tables(categories, matrix)
    i, j = candidate_pairs(bounds(arrays.geoms), params.near)
    ci, cj = arrays.category[i], arrays.category[j]
    differ = (arrays.partner[i] != arrays.partner[j]) | (ci != cj)
    si, ei, sj, ej = arrays.start[i], arrays.end[i], arrays.start[j], arrays.end[j]
    gap = quarter_gap(si, ei, sj, ej)
    window = matrix.breekverbod_quarters
    breek = ((reshapes[ci] & digs[cj] & (sj > ei) & (sj - ei <= window))
             | (reshapes[cj] & digs[ci] & (si > ej) & (si - ej <= window)))
    matrix_kind = kinds[ci, cj]
    kind = np.where(breek, BREEKVERBOD, np.where(gap <= params.max_gap, matrix_kind, NONE))
    keep = differ & (kind != NONE)
    i, j, gap, kind = i[keep], j[keep], gap[keep], kind[keep]
    distance = pair_distances(arrays.geoms, i, j)
    near = distance <= params.near
    i, j, gap, kind, distance = i[near], j[near], gap[near], kind[near], distance[near]
    overlap = (arrays.start[i] <= arrays.end[j]) & (arrays.start[j] <= arrays.end[i])
    return {"i": i, "j": j, "distance": distance, "gap": gap, "overlap": overlap, "kind": kind,
            "touch": distance <= params.touch}


def connected_groups(n, i, j):
    """A group number per plan (-1 for plans in no pair); groups numbered from 1 in order of their first plan."""
    roots = component_roots(n, i, j)
    used = np.zeros(n, bool)
    used[i] = used[j] = True
    groups = np.full(n, -1)
    numbers = {}
    for x in np.flatnonzero(used).tolist():
        groups[x] = numbers.setdefault(roots[x], len(numbers) + 1)
    return groups
