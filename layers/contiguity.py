"""Contiguity neighbours (queen/rook: shared border) between buurt polygons, and clusters of flagged buurten.

Shared vertices are found with numpy hashing (the same rule as PySAL's Queen/Rook); pairs whose bounding boxes meet
(STRtree) but share no vertex, or share vertices but no edge, get an exact geometric test, so T-junctions and
slightly different vertex lists are still found. Islands get no neighbours; multipart buurten are one unit.
"""
import warnings

import numpy as np

from .errors import WijkatlasError

DEFAULT_PRECISION = 0.001  # metres in EPSG:28992: vertices within a millimetre grid cell are the same point


def _shapely():
    try:
        import shapely
        from shapely.strtree import STRtree
    except ImportError as err:
        raise WijkatlasError("De Python-bibliotheek 'shapely' ontbreekt; installeer shapely om buren te "
                             "bepalen.") from err
    return shapely, STRtree, int(shapely.__version__.split(".")[0]) >= 2


def _rings(geoms):
    """(xy, ring id, polygon id) of every ring vertex of every polygon part."""
    xy, ring_ids, poly_ids = [], [], []
    ring = 0
    for pid, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        parts = getattr(geom, "geoms", [geom])
        for part in parts:
            if part.geom_type != "Polygon":
                continue
            for r in [part.exterior, *part.interiors]:
                coords = np.asarray(r.coords)[:, :2]
                xy.append(coords)
                ring_ids.append(np.full(len(coords), ring))
                poly_ids.append(np.full(len(coords), pid))
                ring += 1
    if not xy:
        return np.empty((0, 2)), np.empty(0, int), np.empty(0, int)
    return np.concatenate(xy), np.concatenate(ring_ids), np.concatenate(poly_ids)


def _vertex_ids(xy, precision):
    """One integer id per distinct (snapped) vertex position."""
    q = np.round(xy / precision).astype(np.int64)
    qx, qy = q[:, 0] - q[:, 0].min(), q[:, 1] - q[:, 1].min()
    span = int(qy.max()) + 1
    if int(qx.max()) + 1 < (2 ** 62) // span:
        _, ids = np.unique(qx * span + qy, return_inverse=True)
    else:
        _, ids = np.unique(q, axis=0, return_inverse=True)
    return ids.ravel()


def _pairs_sharing(keys, polys, n):
    """Unique polygon pairs (a < b, encoded a * n + b) that have at least one key in common."""
    if len(keys) == 0:
        return np.empty(0, np.int64)
    kp = np.unique(keys.astype(np.int64) * n + polys)
    key, poly = kp // n, kp % n
    found = []
    d = 1
    while d < len(key):
        same = key[:-d] == key[d:]
        if not same.any():
            break
        a, b = poly[:-d][same], poly[d:][same]
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
        d += 1
    return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)


def _bbox_pairs(geoms, valid, n, shapely, STRtree, modern):
    """Pairs (a < b, encoded) whose bounding boxes intersect."""
    idx = np.flatnonzero(valid)
    if modern:
        tree = STRtree(np.asarray(geoms, dtype=object)[idx])
        src, dst = tree.query(np.asarray(geoms, dtype=object)[idx])
        a, b = idx[src], idx[dst]
    else:
        with warnings.catch_warnings():  # shapely 1.8 announces its 2.0 API change; we handle both
            warnings.simplefilter("ignore")
            tree = STRtree([geoms[i] for i in idx])
        a_list, b_list = [], []
        for k, i in enumerate(idx):
            hits = tree.query_items(geoms[i])
            a_list.append(np.full(len(hits), i))
            b_list.append(idx[np.asarray(hits, dtype=np.int64)])
        a = np.concatenate(a_list) if a_list else np.empty(0, np.int64)
        b = np.concatenate(b_list) if b_list else np.empty(0, np.int64)
    keep = a < b
    return np.unique(a[keep].astype(np.int64) * n + b[keep])


def _exact(codes, geoms, n, test, shapely, modern):
    """The encoded pairs for which test(a, b) holds."""
    if len(codes) == 0:
        return codes
    a, b = codes // n, codes % n
    if modern:
        arr = np.asarray(geoms, dtype=object)
        ok = test(arr[a], arr[b])
    else:
        ok = np.fromiter((test(geoms[i], geoms[j]) for i, j in zip(a, b)), bool, len(codes))
    return codes[ok]


def contiguity_pairs(geoms, kind="queen", precision=DEFAULT_PRECISION):
    """Symmetric neighbour pairs (i, j) as two int arrays: queen = any shared point, rook = a shared edge."""
    if kind not in ("queen", "rook"):
        raise WijkatlasError(f"Onbekend soort buren '{kind}' (kies 'queen' of 'rook').")
    shapely, STRtree, modern = _shapely()
    geoms = list(geoms)
    n = len(geoms)
    xy, ring, poly = _rings(geoms)
    if n == 0 or len(xy) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    vid = _vertex_ids(xy, precision)
    by_vertex = _pairs_sharing(vid, poly, n)
    valid = np.array([g is not None and not g.is_empty for g in geoms])
    bbox = _bbox_pairs(geoms, valid, n, shapely, STRtree, modern)
    if modern:
        touches = shapely.intersects
        def share_edge(a, b):  # noqa: E306
            return shapely.length(shapely.intersection(shapely.boundary(a), shapely.boundary(b))) > precision
    else:
        def touches(a, b):
            return a.intersects(b)

        def share_edge(a, b):
            return a.boundary.intersection(b.boundary).length > precision
    queen = np.union1d(by_vertex, _exact(np.setdiff1d(bbox, by_vertex), geoms, n, touches, shapely, modern))
    if kind == "queen":
        codes = queen
    else:
        seg = ring[:-1] == ring[1:]
        v1, v2 = vid[:-1][seg], vid[1:][seg]
        real = v1 != v2
        nv = int(vid.max()) + 1
        edge_keys = np.minimum(v1, v2)[real].astype(np.int64) * nv + np.maximum(v1, v2)[real]
        by_edge = _pairs_sharing(edge_keys, poly[:-1][seg][real], n)
        codes = np.union1d(by_edge, _exact(np.setdiff1d(queen, by_edge), geoms, n, share_edge, shapely, modern))
    a, b = codes // n, codes % n
    return np.concatenate([a, b]), np.concatenate([b, a])


def neighbour_lists(n, pairs):
    """Neighbours per unit as a list of sorted index lists (islands get [])."""
    i, j = pairs
    order = np.lexsort((j, i))
    i, j = i[order], j[order]
    bounds = np.searchsorted(i, np.arange(n + 1))
    return [j[bounds[k]:bounds[k + 1]].tolist() for k in range(n)]


def clusters(flagged, pairs, min_size=2):
    """Cluster id per unit: connected groups of flagged neighbours (largest first, 1-based); None otherwise."""
    flagged = np.asarray(flagged, dtype=bool)
    n = len(flagged)
    parent = np.arange(n)

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    i, j = pairs
    keep = flagged[i] & flagged[j] & (i < j)
    for a, b in zip(i[keep].tolist(), j[keep].tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([root(k) for k in range(n)])
    sizes = np.bincount(roots[flagged], minlength=n) if flagged.any() else np.zeros(n, int)
    big = [r for r in np.flatnonzero(sizes >= min_size)]
    big.sort(key=lambda r: (-sizes[r], r))
    number = {r: k + 1 for k, r in enumerate(big)}
    return [number.get(roots[k]) if flagged[k] else None for k in range(n)]
