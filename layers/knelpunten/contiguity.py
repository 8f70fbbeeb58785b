"""Contiguity neighbours (queen/rook: shared border) between buurt polygons, and clusters of flagged buurten.

Shared vertices are found with numpy hashing (the same rule as PySAL's Queen/Rook); pairs whose bounding boxes meet
(STRtree) but share no vertex, or share vertices but no edge, get an exact geometric test, so T-junctions and
slightly different vertex lists are still found. Islands get no neighbours; multipart buurten are one unit.
"""
import warnings
from struct import unpack_from

import numpy as np

from ..common import WijkatlasError, component_roots

DEFAULT_PRECISION = 0.001  # metres in EPSG:28992: vertices within a millimetre grid cell are the same point


def _shapely():
    try:
        import shapely  # lazy: optional dependency, a Dutch message when it is missing
        from shapely.strtree import STRtree  # lazy: optional dependency
    except ImportError as err:
        raise WijkatlasError("De Python-bibliotheek 'shapely' ontbreekt; installeer shapely om buren te "
                             "bepalen.") from err
    return shapely, STRtree, int(shapely.__version__.split(".")[0]) >= 2


def geometries_from_wkb(blobs):
    """Shapely geometries from WKB bytes (None stays None); clear Dutch error when shapely is missing."""
    _shapely()
    from shapely import wkb  # lazy: optional dependency, checked just above

    return [None if blob is None else wkb.loads(bytes(blob)) for blob in blobs]


def _wkb_rings(data, pid, out):
    """Append (coords, polygon id) of every ring in one (Multi)Polygon WKB/EWKB; returns nothing."""
    pos = 0

    def header():
        nonlocal pos
        order = "<" if data[pos] == 1 else ">"
        code = unpack_from(order + "I", data, pos + 1)[0]
        pos += 5
        if code & 0x20000000:  # EWKB SRID
            pos += 4
        dims = 2 + bool(code & 0x80000000) + bool(code & 0x40000000)
        base = code & 0x0FFFFFFF
        dims += {1: 1, 2: 1, 3: 2}.get(base // 1000, 0)
        return order, base % 1000, dims

    def polygon(order, dims):
        nonlocal pos
        nrings = unpack_from(order + "I", data, pos)[0]
        pos += 4
        for _ in range(nrings):
            npts = unpack_from(order + "I", data, pos)[0]
            pos += 4
            coords = np.frombuffer(data, order + "f8", npts * dims, pos).reshape(npts, dims)[:, :2]
            pos += 8 * npts * dims
            out.append((coords, pid))

    order, kind, dims = header()
    if kind == 3:
        polygon(order, dims)
    elif kind == 6:
        nparts = unpack_from(order + "I", data, pos)[0]
        pos += 4
        for _ in range(nparts):
            sub_order, _, sub_dims = header()
            polygon(sub_order, sub_dims)


def _rings(geoms):
    """(xy, ring id, polygon id) of every ring vertex of every polygon part, read from WKB (fast on shapely 1.8)."""
    rings = []
    blobs = [None if g is None or g.is_empty else g.wkb for g in geoms]
    for pid, blob in enumerate(blobs):
        if blob is not None:
            _wkb_rings(bytes(blob), pid, rings)
    rings = [(c, p) for c, p in rings if len(c)]
    if not rings:
        return np.empty((0, 2)), np.empty(0, int), np.empty(0, int)
    sizes = np.array([len(c) for c, _ in rings])
    xy = np.concatenate([c for c, _ in rings])
    return xy, np.repeat(np.arange(len(rings)), sizes), np.repeat([p for _, p in rings], sizes)


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


def _parts(geoms, valid):
    """(part geometries, owner index): multipart buurten are queried per part, so a buurt with a far-away part
    does not drag in every buurt under its overall bounding box."""
    parts, owners = [], []
    for i in np.flatnonzero(valid):
        sub = list(getattr(geoms[i], "geoms", [geoms[i]]))
        parts.extend(sub)
        owners.extend([i] * len(sub))
    return parts, np.asarray(owners, dtype=np.int64)


def _bbox_pairs(geoms, valid, n, STRtree, modern):
    """Pairs (a < b, encoded) with parts whose bounding boxes intersect."""
    parts, owner = _parts(geoms, valid)
    if not parts:
        return np.empty(0, np.int64)
    if modern:
        arr = np.asarray(parts, dtype=object)
        src, dst = STRtree(arr).query(arr)
    else:
        with warnings.catch_warnings():  # shapely 1.8 announces its 2.0 API change; we handle both
            warnings.simplefilter("ignore")
            tree = STRtree(parts)
        hits = [np.asarray(tree.query_items(part), dtype=np.int64) for part in parts]
        src = np.repeat(np.arange(len(parts)), [len(h) for h in hits])
        dst = np.concatenate(hits) if hits else np.empty(0, np.int64)
    a, b = owner[src], owner[dst]
    keep = a < b
    return np.unique(a[keep] * n + b[keep])


def _exact(codes, geoms, n, test):
    """The encoded pairs for which test(a, b) holds (few pairs: those the vertex hashing could not decide)."""
    if len(codes) == 0:
        return codes
    a, b = codes // n, codes % n
    ok = np.fromiter((test(geoms[i], geoms[j]) for i, j in zip(a.tolist(), b.tolist())), bool, len(codes))
    return codes[ok]


def contiguity_pairs(geoms, kind="queen", precision=DEFAULT_PRECISION):
    """Symmetric neighbour pairs (i, j) as two int arrays: queen = any shared point, rook = a shared edge."""
    if kind not in ("queen", "rook"):
        raise WijkatlasError(f"Onbekend soort buren '{kind}' (kies 'queen' of 'rook').")
    _, STRtree, modern = _shapely()
    geoms = list(geoms)
    n = len(geoms)
    xy, ring, poly = _rings(geoms)
    if n == 0 or len(xy) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    vid = _vertex_ids(xy, precision)
    by_vertex = _pairs_sharing(vid, poly, n)
    valid = np.zeros(n, dtype=bool)
    valid[poly] = True
    bbox = _bbox_pairs(geoms, valid, n, STRtree, modern)

    def touches(a, b):
        return a.intersects(b)

    def share_edge(a, b):
        return a.boundary.intersection(b.boundary).length > precision

    queen = np.union1d(by_vertex, _exact(np.setdiff1d(bbox, by_vertex), geoms, n, touches))
    if kind == "queen":
        codes = queen
    else:
        seg = ring[:-1] == ring[1:]
        v1, v2 = vid[:-1][seg], vid[1:][seg]
        real = v1 != v2
        nv = int(vid.max()) + 1
        edge_keys = np.minimum(v1, v2)[real].astype(np.int64) * nv + np.maximum(v1, v2)[real]
        by_edge = _pairs_sharing(edge_keys, poly[:-1][seg][real], n)
        codes = np.union1d(by_edge, _exact(np.setdiff1d(queen, by_edge), geoms, n, share_edge))
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
    i, j = pairs
    keep = flagged[i] & flagged[j] & (i < j)
    roots = component_roots(n, i[keep], j[keep])
    sizes = np.bincount(roots[flagged], minlength=n) if flagged.any() else np.zeros(n, int)
    big = [r for r in np.flatnonzero(sizes >= min_size)]
    big.sort(key=lambda r: (-sizes[r], r))
    number = {r: k + 1 for k, r in enumerate(big)}
    return [number.get(roots[k]) if flagged[k] else None for k in range(n)]
