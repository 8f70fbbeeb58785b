"""Bounding boxes and distances of many shapely geometries at GEOS speed.

Shapely 2 has vectorised functions for this; the shapely 1.8 of Debian 12 spends most of its time in Python per
call, so there we call the GEOS C functions of shapely's own GEOS handle directly (one ctypes call per value).
"""
import ctypes

import numpy as np
import shapely

VECTORISED = hasattr(shapely, "bounds") and hasattr(shapely, "distance")


def _geos():
    from shapely.geos import lgeos  # lazy: exists only in shapely < 2, where no vectorised functions exist
    double_p = ctypes.POINTER(ctypes.c_double)
    funcs = {}
    for name in ("XMin", "YMin", "XMax", "YMax"):
        fn = getattr(lgeos._lgeos, f"GEOSGeom_get{name}_r")
        fn.argtypes, fn.restype = [ctypes.c_void_p, ctypes.c_void_p, double_p], ctypes.c_int
        funcs[name] = fn
    dist = lgeos._lgeos.GEOSDistance_r
    dist.argtypes, dist.restype = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, double_p], ctypes.c_int
    return lgeos.geos_handle, funcs, dist


def bounds(geoms):
    """(n, 4) array of xmin, ymin, xmax, ymax."""
    if VECTORISED:
        return shapely.bounds(np.asarray(geoms, dtype=object)).reshape(-1, 4)
    handle, funcs, _ = _geos()
    out = np.empty((len(geoms), 4))
    value = ctypes.c_double()
    ref = ctypes.byref(value)
    order = [funcs[n] for n in ("XMin", "YMin", "XMax", "YMax")]
    for k, geom in enumerate(geoms):
        ptr = geom._geom
        for m, fn in enumerate(order):
            out[k, m] = value.value if fn(handle, ptr, ref) else np.nan   # 0 = error, e.g. an empty geometry
    return out


def pair_distances(geoms, i, j):
    """Distance between geoms[i[k]] and geoms[j[k]] for every k."""
    if VECTORISED:
        arr = np.asarray(geoms, dtype=object)
        return shapely.distance(arr[i], arr[j])
    handle, _, dist = _geos()
    out = np.empty(len(i))
    value = ctypes.c_double()
    ref = ctypes.byref(value)
    ptrs = [g._geom for g in geoms]
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        if not dist(handle, ptrs[a], ptrs[b], ref):
            raise ValueError("GEOS kon de afstand niet berekenen")
        out[k] = value.value
    return out
