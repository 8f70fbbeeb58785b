"""Contiguity, clusters and Gi*: hand-checked neighbours, PySAL's Queen/Rook and esda.G_Local as oracles."""
import warnings

import numpy as np
import pytest
from knelpunt_fixture import REFERENCES, buurten, expected_neighbours
from shapely.geometry import MultiPoint, Polygon, box
from shapely.ops import voronoi_diagram

from wijkatlas.layers.knelpunten.analysis import analyse
from wijkatlas.layers.knelpunten.contiguity import clusters, contiguity_pairs, neighbour_lists
from wijkatlas.layers.knelpunten.hotspots import gi_class, gi_star
from wijkatlas.layers.knelpunten.rules import load_rules

warnings.filterwarnings("ignore", message=".*(not fully connected|islands|STRtree).*")


def _esda_z(values, neighbours):
    """esda's Gi* (star=True, binary weights) on the units that have a value; NaN elsewhere."""
    from esda.getisord import G_Local
    from libpysal.weights import W

    y = np.array([np.nan if v is None else v for v in values], dtype=float)
    keep = np.flatnonzero(~np.isnan(y))
    pos = {k: i for i, k in enumerate(keep)}
    w = W({pos[k]: [pos[x] for x in neighbours[k] if x in pos] for k in keep}, silence_warnings=True)
    g = G_Local(y[keep], w, transform="B", star=True, permutations=0)
    out = np.full(len(y), np.nan)
    out[keep] = g.Zs
    return out


def _voronoi(n, seed):
    rng = np.random.default_rng(seed)
    env = box(0, 0, 10000, 10000)
    cells = voronoi_diagram(MultiPoint([tuple(p) for p in rng.uniform(0, 10000, (n, 2))]), envelope=env)
    return [c.intersection(env) for c in cells.geoms], rng


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_neighbours_of_grid_island_and_multipart(kind):
    rows = buurten()
    codes = [r["buurtcode"] for r in rows]
    lists = neighbour_lists(len(rows), contiguity_pairs([r["geometry"] for r in rows], kind))
    got = {codes[k]: {codes[x] for x in lists[k]} for k in range(len(rows))}
    assert got == expected_neighbours(kind)
    assert got["ISL"] == set()
    assert got["E"] >= {"M"}  # E borders both parts of the multipart buurt M


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_neighbours_equal_libpysal_on_voronoi(kind):
    from libpysal.weights import Queen, Rook

    cells, _ = _voronoi(300, 7)
    ours = neighbour_lists(len(cells), contiguity_pairs(cells, kind))
    oracle = (Queen if kind == "queen" else Rook).from_iterable(cells)
    assert [set(x) for x in ours] == [set(oracle.neighbors[k]) for k in range(len(cells))]


def test_t_junction_and_near_vertices_are_found():
    # B and C share the vertex (100, 50) that A's edge x=100 does not have: PySAL's vertex rule misses A-B, A-C.
    a = box(0, 0, 100, 100)
    b = Polygon([(100, 0), (200, 0), (200, 50), (100, 50)])
    c = Polygon([(100, 50), (200, 50), (200, 100), (100, 100.0004)])  # 0.4 mm off: same point at 1 mm grid
    d = box(300, 0, 400, 100)
    for kind in ("queen", "rook"):
        lists = neighbour_lists(4, contiguity_pairs([a, b, c, d], kind))
        assert [set(x) for x in lists] == [{1, 2}, {0, 2}, {0, 1}, set()]


def test_clusters_are_connected_flagged_neighbours():
    rows = buurten()
    pairs = contiguity_pairs([r["geometry"] for r in rows], "rook")
    codes = [r["buurtcode"] for r in rows]
    flagged = [c in {"G00", "G10", "G30", "M", "E", "ISL", "G02"} for c in codes]
    ids = dict(zip(codes, clusters(flagged, pairs)))
    # rook: {G30, M, E} (3) is largest, {G00, G10} (2) next; G02 and ISL stand alone.
    assert ids["G30"] == ids["M"] == ids["E"] == 1
    assert ids["G00"] == ids["G10"] == 2
    assert ids["G02"] is None and ids["ISL"] is None and ids["G20"] is None


def test_gi_star_matches_esda_on_fixture_with_nulls():
    rows = buurten()
    lists = neighbour_lists(len(rows), contiguity_pairs([r["geometry"] for r in rows], "queen"))
    pairs = contiguity_pairs([r["geometry"] for r in rows], "queen")
    for field in ("pct_hh_laag_inkomen", "aardgas", "woz"):
        values = [r[field] for r in rows]
        assert None in values
        ours, oracle = gi_star(values, pairs), _esda_z(values, lists)
        assert np.array_equal(np.isnan(ours), np.isnan(oracle))
        assert np.nanmax(np.abs(ours - oracle)) < 1e-6


def test_gi_star_matches_esda_with_libpysal_weights_on_voronoi():
    from esda.getisord import G_Local
    from libpysal.weights import Queen

    cells, rng = _voronoi(400, 11)
    values = rng.gamma(2.0, 10.0, len(cells))
    values[:200] += np.linspace(0, 30, 200)  # a gradient so there are real hot spots
    oracle = G_Local(values, Queen.from_iterable(cells), transform="B", star=True, permutations=0).Zs
    ours = gi_star(values.tolist(), contiguity_pairs(cells, "queen"))
    assert np.max(np.abs(ours - oracle)) < 1e-6
    assert (np.abs(ours) > 1.96).any()


def test_gi_class_and_constant_values():
    assert gi_class(2.6) == "hotspot (99%)" and gi_class(-2.0) == "coldspot (95%)"
    assert gi_class(1.0) == "niet significant" and gi_class(float("nan")) is None
    pairs = contiguity_pairs([r["geometry"] for r in buurten()], "queen")
    assert np.isnan(gi_star([5.0] * 15, pairs)).all()  # no spread: no z-score rather than a division by zero


def test_analyse_adds_clusters_and_gi_on_stapeling():
    rows = buurten()
    rules = load_rules()
    results = analyse(rows, [r["geometry"] for r in rows], rules, REFERENCES)
    by_code = {r["buurtcode"]: res for r, res in zip(rows, results)}
    # Stapeling >= 1: G00, G20, G01, G21 (WOZ), G31, M, E, ISL; G10's old housing stock is context only (let op).
    # With queen contiguity G00-G01 touch, and G20-G21-G31-M/E; ISL is alone and G30, G10 have no knelpunt.
    clusters = {}
    for code, res in by_code.items():
        if res["cluster_id"] is not None:
            clusters.setdefault(res["cluster_id"], set()).add(code)
    assert sorted(clusters.values(), key=len) == [{"G00", "G01"}, {"G20", "G21", "G31", "M", "E"}]
    assert by_code["G30"]["cluster_id"] is None
    assert by_code["ISL"]["cluster_id"] is None
    assert by_code["G11"]["gi_z"] is None  # every rule unknown: left out of Gi*, not counted as 0
    lists = neighbour_lists(len(rows), contiguity_pairs([r["geometry"] for r in rows], "queen"))
    stapeling = [None if res["onbekend_aantal"] == len(rules) else res["stapeling"] for res in results]
    oracle = _esda_z(stapeling, lists)
    ours = np.array([np.nan if res["gi_z"] is None else res["gi_z"] for res in results])
    assert np.nanmax(np.abs(ours - oracle)) < 1e-6


def test_gi_on_indicator_leaves_out_small_and_missing_buurten():
    rows = buurten()
    geoms = [r["geometry"] for r in rows]
    results = analyse(rows, geoms, load_rules(), REFERENCES, gi_variable="pct_hh_laag_inkomen")
    by_code = {r["buurtcode"]: res for r, res in zip(rows, results)}
    assert by_code["G11"]["gi_z"] is None  # NULL figure
    assert by_code["G21"]["gi_z"] is None  # 40 inhabitants: below the default floor of 200
    values = [None if r["buurtcode"] in ("G11", "G21") else r["pct_hh_laag_inkomen"] for r in rows]
    oracle = _esda_z(values, neighbour_lists(len(rows), contiguity_pairs(geoms, "queen")))
    ours = np.array([np.nan if res["gi_z"] is None else res["gi_z"] for res in results])
    assert np.nanmax(np.abs(ours - oracle)) < 1e-6


def test_missing_geometry_and_z_coordinates():
    from qgis.core import QgsGeometry

    from wijkatlas.layers.knelpunten.contiguity import geometries_from_wkb

    wkts = ["MultiPolygonZ (((0 0 1, 100 0 1, 100 100 2, 0 100 2, 0 0 1)))",
            "PolygonZ ((100 0 5, 200 0 5, 200 100 5, 100 100 5, 100 0 5))"]
    blobs = [QgsGeometry.fromWkt(w).asWkb() for w in wkts]  # ISO WKB with Z, as QGIS writes it
    geoms = geometries_from_wkb([blobs[0], None, blobs[1]])
    assert geoms[1] is None
    lists = neighbour_lists(3, contiguity_pairs(geoms, "rook"))
    assert lists == [[2], [], [0]]
