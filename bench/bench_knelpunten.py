"""Benchmark 'Knelpunten signaleren' on a national-size synthetic fixture (~14,500 buurten).

Times rules + contiguity + clusters + Gi* and reports peak memory, beside esda's own Gi* (and libpysal's Queen
contiguity) on the same data when esda/libpysal are installed (requirements-dev.txt).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_knelpunten.py [--buurten 14500] [--no-esda]
"""
import argparse
import os
import resource
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", tempfile.mkdtemp())
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from bootstrap import load_plugin_package  # noqa: E402

load_plugin_package()
import numpy as np  # noqa: E402

from wijkatlas.layers.knelpunten.analysis import analyse  # noqa: E402
from wijkatlas.layers.knelpunten.contiguity import contiguity_pairs, neighbour_lists  # noqa: E402
from wijkatlas.layers.knelpunten.hotspots import gi_star  # noqa: E402
from wijkatlas.layers.knelpunten.rules import load_rules  # noqa: E402

EXTENT = (13000.0, 306000.0, 278000.0, 619000.0)  # RD New bounding box of the Netherlands


def synthetic_buurten(n, seed=2019):
    """Voronoi buurten, dense in ~60 'cities', ~350 gemeenten, spatially smooth figures with NULLs and islands."""
    from shapely.geometry import MultiPoint, MultiPolygon, box
    from shapely.ops import voronoi_diagram

    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = EXTENT
    cities = rng.uniform((x0, y0), (x1, y1), (60, 2))
    n_city = int(n * 0.6)
    pts = np.vstack([cities[rng.integers(0, 60, n_city)] + rng.normal(0, 4000, (n_city, 2)),
                     rng.uniform((x0, y0), (x1, y1), (n - n_city - 20, 2))])
    pts = np.clip(pts, (x0 + 1, y0 + 1), (x1 - 1, y1 - 1))
    env = box(x0, y0, x1, y1)
    cells = [c.intersection(env) for c in voronoi_diagram(MultiPoint([tuple(p) for p in pts]), envelope=env).geoms]
    # Wadden-like islands: 20 small squares north of the extent without neighbours.
    cells += [box(x0 + 10000 * k, y1 + 5000, x0 + 10000 * k + 3000, y1 + 8000) for k in range(20)]
    # 1% multipart buurten: a cell joined with a far-away cell (like a buurt with a detached part).
    geoms = [MultiPolygon([c]) for c in cells]
    for k in range(0, len(cells) // 100):
        a, b = 2 * k, len(cells) - 40 - 2 * k
        geoms[a] = MultiPolygon([cells[a], cells[b]])
    centres = np.array([c.centroid.coords[0] for c in cells])
    gm_centres = rng.uniform((x0, y0), (x1, y1), (350, 2))
    gm = np.argmin(((centres[:, None, :] - gm_centres[None, :, :]) ** 2).sum(axis=2), axis=1)
    smooth = np.sin(centres[:, 0] / 20000.0) + np.cos(centres[:, 1] / 25000.0)
    rows = []
    for k in range(len(cells)):
        inw = float(rng.choice([rng.integers(5, 190), rng.integers(200, 6000)], p=[0.08, 0.92]))
        row = {"buurtcode": f"BU{k:08d}", "gemeentecode": f"GM{gm[k]:04d}", "inwoners": inw,
               "woningen": round(inw / 2.1), "huishoudens": round(inw / 2.1),
               "pct_hh_laag_inkomen": max(0.5, 8 + 3 * smooth[k] + rng.normal(0, 3)),
               "pct_hh_sociaal_minimum": max(0.5, 7 + 3 * smooth[k] + rng.normal(0, 3)),
               "aardgas": max(50.0, 1200 + 200 * smooth[k] + rng.normal(0, 250)),
               "woz": max(60.0, 300 - 40 * smooth[k] + rng.normal(0, 60)),
               "pct_bouwjaar_voor_2000": min(100.0, max(0.0, 80 + 8 * smooth[k] + rng.normal(0, 12))),
               "pct_onbewoond": max(0.0, 4 + rng.normal(0, 2))}
        for field in ("pct_hh_laag_inkomen", "aardgas", "woz"):
            if rng.random() < 0.05:
                row[field] = None  # suppressed by CBS
        rows.append(row)
    refs = [{"code": "NL00", "niveau": "land", "pct_hh_laag_inkomen": 8.0, "pct_hh_sociaal_minimum": 7.0,
             "aardgas": 1180.0, "woz": 290.0, "pct_bouwjaar_voor_2000": 80.0, "pct_onbewoond": 4.0}]
    return rows, geoms, refs


def processing_run(rows, geoms, refs):
    """Time the whole algorithm through processing.run on a memory layer (reading, analysis, writing)."""
    from bootstrap import start_qgis
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QMetaType

    app, provider = start_qgis()  # noqa: F841 (keep QGIS alive)
    import processing

    numeric = [k for k in rows[0] if k not in ("buurtcode", "gemeentecode")]
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:28992", "buurten", "memory")
    layer.dataProvider().addAttributes([QgsField("buurtcode", QMetaType.Type.QString),
                                        QgsField("gemeentecode", QMetaType.Type.QString)]
                                       + [QgsField(k, QMetaType.Type.Double) for k in numeric])
    layer.updateFields()
    feats = []
    for row, geom in zip(rows, geoms):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([row["buurtcode"], row["gemeentecode"]] + [row[k] for k in numeric])
        qgeom = QgsGeometry()
        qgeom.fromWkb(geom.wkb)
        feat.setGeometry(qgeom)
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    out = os.path.join(tempfile.mkdtemp(), "knelpunten.gpkg")
    t = time.perf_counter()
    processing.run("wijkatlas:knelpuntensignaleren", {"INPUT": layer, "OUTPUT": out, "SAMENVATTING": "memory:"})
    print(f"processing.run end to end (memory layer in, GeoPackage out, no reference table): "
          f"{time.perf_counter() - t:.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buurten", type=int, default=14500)
    parser.add_argument("--no-esda", action="store_true")
    parser.add_argument("--processing", action="store_true", help="also time processing.run end to end")
    args = parser.parse_args()
    t = time.perf_counter()
    rows, geoms, refs = synthetic_buurten(args.buurten)
    print(f"fixture: {len(rows)} buurten, {sum(len(g.geoms) > 1 for g in geoms)} multipart, "
          f"{sum(len(np.asarray(p.exterior.coords)) for g in geoms for p in g.geoms)} vertices "
          f"(built in {time.perf_counter() - t:.1f} s, not timed below)")
    rules = load_rules()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    results = analyse(rows, geoms, rules, refs)
    total = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t1 = time.perf_counter()
    pairs = contiguity_pairs(geoms, "queen")
    t_cont = time.perf_counter() - t1
    print(f"rules + contiguity + clusters + Gi* (analyse): {total:.2f} s; contiguity alone (rerun) {t_cont:.2f} s")
    print(f"process peak RSS {rss:.0f} MiB after analyse (was {rss_before:.0f} MiB before it, incl. QGIS libraries "
          f"and the fixture)")
    print(f"neighbour pairs: {len(pairs[0]) // 2}; stapeling >= 1: {sum(r['stapeling'] >= 1 for r in results)}; "
          f"clusters: {len({r['cluster_id'] for r in results} - {None})}")
    if args.processing:
        processing_run(rows, geoms, refs)
    if args.no_esda:
        return
    from esda.getisord import G_Local
    from libpysal.weights import Queen, W

    warnings.filterwarnings("ignore")
    rules_only = [None if r["onbekend_aantal"] == len(rules) else r["stapeling"] for r in results]
    y = np.array([np.nan if v is None else v for v in rules_only])
    keep = np.flatnonzero(~np.isnan(y))
    lists = neighbour_lists(len(rows), pairs)
    pos = {k: i for i, k in enumerate(keep)}
    t2 = time.perf_counter()
    w = W({pos[k]: [pos[x] for x in lists[k] if x in pos] for k in keep}, silence_warnings=True)
    t_w = time.perf_counter() - t2
    t3 = time.perf_counter()
    g = G_Local(y[keep], w, transform="B", star=True, permutations=0)
    t_g = time.perf_counter() - t3
    ours = np.array([results[k]["gi_z"] for k in keep])
    t6 = time.perf_counter()
    gi_star(rules_only, pairs)
    print(f"our gi_star (numpy) on the same data: {time.perf_counter() - t6:.3f} s")
    print(f"esda G_Local(star=True, transform='B', permutations=0): {t_g:.2f} s (+ libpysal W build {t_w:.2f} s); "
          f"max |z - esda| = {np.max(np.abs(ours - g.Zs)):.1e}")
    t4 = time.perf_counter()
    Queen.from_iterable(geoms)
    print(f"libpysal Queen.from_iterable (contiguity only): {time.perf_counter() - t4:.2f} s")
    t5 = time.perf_counter()
    G_Local(y[keep], w, transform="B", star=True, permutations=999, n_jobs=1, seed=1)
    print(f"esda G_Local with its default 999 permutations (n_jobs=1): {time.perf_counter() - t5:.2f} s")


if __name__ == "__main__":
    main()
