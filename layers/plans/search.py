"""The koppelkansen search: every pair of plans of different partners or categories that meet in space and time.

Vectorised with numpy: a sort-and-sweep over the bounding boxes (widened by the nabij distance) gives candidate
pairs, the period, partner and category-matrix tests run on whole arrays, and only the few pairs that pass them get
an exact GEOS distance. The tests compare this with a brute-force check of all pairs.
"""
from dataclasses import dataclass

import numpy as np

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


def _bounds(geoms):
    return np.array([g.bounds for g in geoms], dtype=float).reshape(-1, 4)


def candidate_pairs(bounds, reach):
    """(i, j) with i < j of every pair whose bounding boxes lie within `reach` of each other (sort and sweep)."""
    n = len(bounds)
    if n < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.argsort(bounds[:, 0], kind="stable")
    b = bounds[order]
    stop = np.searchsorted(b[:, 0], b[:, 2] + reach, side="right")
    counts = np.maximum(stop - np.arange(1, n + 1), 0)
    out_i, out_j = [], []
    first = 0
    while first < n:
        total = np.cumsum(counts[first:])
        last = first + max(1, int(np.searchsorted(total, CHUNK, side="right")))
        rows = np.arange(first, min(last, n))
        cnt = counts[rows]
        p = np.repeat(rows, cnt)
        offsets = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        q = p + 1 + offsets
        keep = (b[q, 1] <= b[p, 3] + reach) & (b[p, 1] <= b[q, 3] + reach)
        p, q = order[p[keep]], order[q[keep]]
        out_i.append(np.minimum(p, q))
        out_j.append(np.maximum(p, q))
        first = min(last, n)
    return np.concatenate(out_i), np.concatenate(out_j)


def quarter_gap(s1, e1, s2, e2):
    """Empty quarters between two periods (0 when they overlap or follow each other directly)."""
    return np.maximum(0, np.maximum(s2 - e1 - 1, s1 - e2 - 1))


def find_pairs(arrays, categories, matrix, params):
    """Every meeting pair as a dict of arrays: i, j, distance, gap, overlap (bool), kind (KANS/CONFLICT/BREEKVERBOD)."""
    kinds, reshapes, digs = kind_tables(categories, matrix)
    i, j = candidate_pairs(_bounds(arrays.geoms), params.near)
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
    geoms = arrays.geoms
    distance = np.fromiter((geoms[a].distance(geoms[b]) for a, b in zip(i.tolist(), j.tolist())), float, len(i))
    near = distance <= params.near
    i, j, gap, kind, distance = i[near], j[near], gap[near], kind[near], distance[near]
    overlap = (arrays.start[i] <= arrays.end[j]) & (arrays.start[j] <= arrays.end[i])
    return {"i": i, "j": j, "distance": distance, "gap": gap, "overlap": overlap, "kind": kind,
            "touch": distance <= params.touch}


def connected_groups(n, i, j):
    """A group number per plan (-1 for plans in no pair); groups numbered from 1 in order of their first plan."""
    parent = np.arange(n)

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(i.tolist(), j.tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    used = np.zeros(n, bool)
    used[i] = used[j] = True
    groups = np.full(n, -1)
    numbers = {}
    for x in np.flatnonzero(used).tolist():
        groups[x] = numbers.setdefault(root(x), len(numbers) + 1)
    return groups
