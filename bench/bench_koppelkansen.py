"""Benchmark the koppelkansen search: 20,000 mixed plans across a large gemeente (20 x 20 km).

Three routes to the same pairs and kinds (default parameters: 0 m raakt, 25 m nabij, 4 quarters, breekverbod 12):
  ours      layers/plans: numpy sort-and-sweep + array tests + GEOS distance for the survivors (find_pairs), and
            the full search (pairs + groups + meeting places + buurten + Dutch sentences; search_plans);
  postgis   PostgreSQL/PostGIS started for this run (scripts/pg_cluster.sh): ST_DWithin on GiST-indexed geometries,
            daterange overlap (&&, GiST) as temporal prefilter, the kind from a matrix table; query time only
            (loading and indexing are reported beside it);
  qgis      native:buffer (25 m) + native:joinattributesbylocation (intersects, one-to-many), then the same period
            and matrix tests in Python on the joined pairs.
Each route's set of pairs is compared with ours. Results: bench/results/bench_koppelkansen.{json,md}.

    .venv/bin/python bench/bench_koppelkansen.py [--plans 20000] [--repeats 3] [--no-postgis] [--no-qgis]
"""
import argparse
import csv
import os
import shutil
import subprocess
import tempfile
import time

from bench_common import ROOT, save_results, start_qgis

SIZE = 20000.0


def _setup(n):
    app = start_qgis()
    from koppelkansen_fixture import X0, Y0, generated_plans
    from shapely.geometry import box

    from wijkatlas.layers.plans import load_categories, load_matrix
    categories = load_categories()
    plans = generated_plans(n, categories, size=SIZE, seed=11, partners=12)
    buurten = [(f"BU{i:03d}{j:03d}00", box(X0 + i * 1000, Y0 + j * 1000, X0 + (i + 1) * 1000, Y0 + (j + 1) * 1000))
               for i in range(21) for j in range(21)]
    return app, plans, buurten, categories, load_matrix(categories)


def run_ours(plans, buurten, categories, matrix, repeats):
    from wijkatlas.layers.plans import SearchParams, search_plans
    from wijkatlas.layers.plans.search import find_pairs, plan_arrays
    params = SearchParams()
    core, full = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        arrays = plan_arrays(plans, categories.names)
        pairs = find_pairs(arrays, categories, matrix, params)
        core.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rows = search_plans(plans, buurten, params, categories, matrix)
        full.append(time.perf_counter() - t0)
    found = {(arrays.ids[i], arrays.ids[j]): int(k) for i, j, k in zip(pairs["i"], pairs["j"], pairs["kind"])}
    return {"pairs_s": min(core), "full_s": min(full), "results": len(rows)}, found


def _psql(sql, env, out=None):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", "wijkatlas", "-c", sql],
                          env=env, check=True, capture_output=True, text=True).stdout


def run_postgis(plans, categories, matrix, repeats, period_index=False):
    folder = tempfile.mkdtemp(prefix="wijkatlas-pg-bench.", dir="/tmp")
    os.rmdir(folder)
    out = subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg_cluster.sh"), "start", folder], check=True,
                         capture_output=True, text=True).stdout
    env = dict(os.environ)
    for line in out.splitlines():
        for part in line.replace("export ", "").split():
            if "=" in part:
                key, value = part.split("=", 1)
                env[key] = value
    env["WIJKATLAS_PG_DATA"] = tempfile.mkdtemp(prefix="wijkatlas-pg-data.", dir="/tmp")
    try:
        return _postgis_queries(plans, categories, matrix, repeats, env, period_index)
    finally:
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg_cluster.sh"), "stop", folder], check=False)
        shutil.rmtree(env["WIJKATLAS_PG_DATA"], ignore_errors=True)


def _postgis_queries(plans, categories, matrix, repeats, env, period_index):
    data = os.path.join(env["WIJKATLAS_PG_DATA"], "plans.csv")
    with open(data, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for p in plans:
            writer.writerow([p["plan_id"], p["partner_id"], p["categorie"], p["start"],
                             "" if p["end"] is None else p["end"], p["geometry"].wkt])
    os.chmod(os.path.dirname(data), 0o755)
    os.chmod(data, 0o644)
    cats = ", ".join(f"('{n}', {n in categories.reshapes}, {n in categories.digs})" for n in categories.names)
    pairs = ", ".join(f"('{a}', '{b}', {1 if kind == 'koppelkans' else 2})"
                      for (a, b), (kind, _) in matrix.pairs.items())
    t0 = time.perf_counter()
    _psql("CREATE TABLE plans (id text, partner text, cat text, s int, e int, wkt text)", env)
    subprocess.run(["psql", "-X", "-q", "-d", "wijkatlas", "-c", f"\\copy plans FROM '{data}' CSV"], env=env,
                   check=True)
    _psql("CREATE FUNCTION qd(q bigint) RETURNS date IMMUTABLE LANGUAGE sql AS "
          "$$ SELECT make_date((q / 4)::int, ((q % 4) * 3 + 1)::int, 1) $$;"
          "ALTER TABLE plans ADD COLUMN geom geometry; UPDATE plans SET geom = ST_GeomFromText(wkt, 28992);"
          "ALTER TABLE plans ADD COLUMN period daterange, ADD COLUMN wide daterange;"
          "UPDATE plans SET period = daterange(qd(s), CASE WHEN e IS NULL THEN NULL ELSE qd(e + 1) END),"
          " wide = daterange(qd(s - 13), CASE WHEN e IS NULL THEN NULL ELSE qd(e + 14) END);"
          "CREATE INDEX ON plans USING gist (geom);"
          f"{'CREATE INDEX ON plans USING gist (period);' if period_index else ''}"
          f"CREATE TABLE cats (cat text PRIMARY KEY, reshapes bool, digs bool); INSERT INTO cats VALUES {cats};"
          f"CREATE TABLE matrix (a text, b text, kind int, PRIMARY KEY (a, b)); INSERT INTO matrix VALUES {pairs};"
          "ANALYZE plans;", env)
    load = time.perf_counter() - t0
    window = matrix.breekverbod_quarters
    query = f"""
        WITH c AS (
          SELECT a.id ia, b.id ib, a.cat ca, b.cat cb, a.s sa, coalesce(a.e, 10000000) ea, b.s sb,
                 coalesce(b.e, 10000000) eb
          FROM plans a JOIN plans b ON a.id < b.id AND ST_DWithin(a.geom, b.geom, 25) AND a.wide && b.period
          WHERE a.partner <> b.partner OR a.cat <> b.cat),
        k AS (
          SELECT c.ia, c.ib, CASE
            WHEN (fa.reshapes AND fb.digs AND sb > ea AND sb - ea <= {window})
              OR (fb.reshapes AND fa.digs AND sa > eb AND sa - eb <= {window}) THEN 3
            WHEN greatest(0, sb - ea - 1, sa - eb - 1) <= 4 THEN coalesce(m.kind, 0) ELSE 0 END kind
          FROM c JOIN cats fa ON fa.cat = c.ca JOIN cats fb ON fb.cat = c.cb
          LEFT JOIN matrix m ON m.a = c.ca AND m.b = c.cb)
        SELECT ia, ib, kind FROM k WHERE kind > 0"""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        text = _psql(query, env)
        times.append(time.perf_counter() - t0)
    found = {}
    for line in text.splitlines():
        ia, ib, kind = line.split("|")
        found[(ia, ib)] = int(kind)
    version = _psql("SELECT postgis_lib_version()", env).strip()
    plan = _psql("EXPLAIN " + query, env)
    return {"query_s": min(times), "load_index_s": load, "postgis": version, "period_index": period_index,
            "plan_uses_geom_index": "plans_geom_idx" in plan}, found


def run_qgis(plans, categories, matrix, repeats):
    import numpy as np
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    import processing
    from wijkatlas.layers.plans.search import KANS, OPEN_END, kind_tables
    layer = QgsVectorLayer("GeometryCollection?crs=EPSG:28992&field=k:integer", "plans", "memory")
    feats = []
    for k, p in enumerate(plans):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([k])
        # one layer of mixed points, lines and areas: a memory layer takes them as geometry collections
        feat.setGeometry(QgsGeometry.fromWkt(f"GEOMETRYCOLLECTION({p['geometry'].wkt})"))
        feats.append(feat)
    if not layer.dataProvider().addFeatures(feats)[0]:
        raise RuntimeError("memory layer refused the plans")
    kinds, reshapes, digs = kind_tables(categories, matrix)
    cat = {n: i for i, n in enumerate(categories.names)}
    start = np.array([p["start"] for p in plans])
    end = np.array([OPEN_END if p["end"] is None else p["end"] for p in plans])
    c = np.array([cat[p["categorie"]] for p in plans])
    partner = np.array([p["partner_id"] for p in plans])
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        buffered = processing.run("native:buffer", {"INPUT": layer, "DISTANCE": 25, "SEGMENTS": 8,
                                                    "OUTPUT": "memory:"})["OUTPUT"]
        joined = processing.run("native:joinattributesbylocation", {
            "INPUT": buffered, "JOIN": layer, "PREDICATE": [0], "METHOD": 0, "PREFIX": "j_",
            "DISCARD_NONMATCHING": True, "OUTPUT": "memory:"})["OUTPUT"]
        i, j = [], []
        for feat in joined.getFeatures():
            if feat["k"] < feat["j_k"]:
                i.append(feat["k"])
                j.append(feat["j_k"])
        i, j = np.array(i, dtype=np.int64), np.array(j, dtype=np.int64)
        ci, cj = c[i], c[j]
        gap = np.maximum(0, np.maximum(start[j] - end[i] - 1, start[i] - end[j] - 1))
        window = matrix.breekverbod_quarters
        breek = ((reshapes[ci] & digs[cj] & (start[j] > end[i]) & (start[j] - end[i] <= window))
                 | (reshapes[cj] & digs[ci] & (start[i] > end[j]) & (start[i] - end[j] <= window)))
        kind = np.where(breek, 3, np.where(gap <= 4, kinds[ci, cj], 0))
        keep = ((partner[i] != partner[j]) | (ci != cj)) & (kind > 0)
        times.append(time.perf_counter() - t0)
    found = {(plans[a]["plan_id"], plans[b]["plan_id"]): int(k)
             for a, b, k in zip(i[keep], j[keep], kind[keep])}
    assert KANS == 1
    return {"buffer_join_filter_s": min(times)}, found


def _compare(name, ours, theirs):
    missing, extra = set(ours) - set(theirs), set(theirs) - set(ours)
    differ = sum(1 for k in set(ours) & set(theirs) if ours[k] != theirs[k])
    return {"same": not (missing or extra or differ), "missing": len(missing), "extra": len(extra),
            "kind_differs": differ, "route": name}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-postgis", action="store_true")
    parser.add_argument("--no-qgis", action="store_true")
    parser.add_argument("--pg-period-index", action="store_true",
                        help="also a GiST index on the periods (the planner then drives the join by period: slow)")
    args = parser.parse_args()
    app, plans, buurten, categories, matrix = _setup(args.plans)
    result = {"plans": args.plans, "area_km": SIZE / 1000, "cpu_count": os.cpu_count()}
    result["ours"], ours = run_ours(plans, buurten, categories, matrix, args.repeats)
    result["pairs"] = len(ours)
    print("ours", result["ours"], "pairs", len(ours), flush=True)
    if not args.no_postgis:
        result["postgis"], found = run_postgis(plans, categories, matrix, args.repeats, args.pg_period_index)
        result["postgis"].update(_compare("postgis", ours, found))
        print("postgis", result["postgis"], flush=True)
    if not args.no_qgis:
        result["qgis"], found = run_qgis(plans, categories, matrix, args.repeats)
        result["qgis"].update(_compare("qgis", ours, found))
        print("qgis", result["qgis"], flush=True)
    save_results("bench_koppelkansen", result)
    app.exitQgis()


if __name__ == "__main__":
    main()
