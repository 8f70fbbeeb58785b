"""Benchmark the PostGIS dossier: copying the sample and a 14,500-buurt dossier to PostgreSQL and back, beside GDAL's
ogr2ogr (GeoPackage -> PostgreSQL, layers only: no project, styles, safeguards or single transaction), the
participation attach as SQL beside the local path, and what any algorithm pays on a PostGIS dossier: a read round
(snapshot) and a write round (snapshot, one story imported, carried back row by row, commit). Starts and stops its
own throw-away cluster.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_postgis.py [--buurten 14500]
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", tempfile.mkdtemp())
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from bench_common import peak_mb, save_results  # noqa: E402
from bootstrap import load_plugin_package, start_qgis  # noqa: E402

load_plugin_package()


def _timed(label, func, results):
    start = time.perf_counter()
    value = func()
    results[label] = round(time.perf_counter() - start, 2)
    print(f"{label}: {results[label]} s", flush=True)
    return value


def _big_dossier(path, n):
    from bench_knelpunten import synthetic_buurten
    from qgis.core import QgsGeometry

    from wijkatlas.layers.dossier.create import create_dossier

    rows, geoms, refs = synthetic_buurten(n)
    for row, geom in zip(rows, geoms):
        qgeom = QgsGeometry()
        qgeom.fromWkb(geom.wkb)
        row["geometry"] = qgeom
    create_dossier(path, rows, refs, title="bench")
    return len(rows)


def _ogr2ogr(cluster, gpkg, schema):
    env = dict(os.environ, PGPASSWORD=cluster["PGPASSWORD"])  # the subprocess's environment only
    subprocess.run(["psql", "-q", "-h", cluster["PGHOST"], "-p", cluster["PGPORT"], "-U", cluster["PGUSER"],
                    "-d", "wijkatlas", "-c", f"CREATE SCHEMA {schema}"], check=True, env=env)
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", f"PG:host={cluster['PGHOST']} port={cluster['PGPORT']} "
                    f"dbname=wijkatlas user={cluster['PGUSER']}", gpkg, "-lco", f"SCHEMA={schema}",
                    "--config", "PG_USE_COPY", "YES"], check=True, env=env, capture_output=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=14500)
    args = parser.parse_args()
    app, _ = start_qgis(with_provider=False)  # noqa: F841 (keep QGIS alive)
    from pg_fixture import add_auth, start_cluster, stop_cluster

    from wijkatlas.layers.participatie import attach_all
    from wijkatlas.layers.postgis import dossier_to_postgis, make_ref, pg_dossier_copy, postgis_to_dossier
    from wijkatlas.layers.postgis.attach_sql import attach_all_sql
    from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
    from wijkatlas.layers.wijkverhaal import import_wijkverhalen

    def read_round(target):
        with pg_dossier_copy(target):
            pass

    def write_round(target, code):
        story = os.path.join(work, f"verhaal_{code}.csv")
        with open(story, "w", encoding="utf-8") as fh:
            fh.write(f"titel;tekst;gebiedscode\nBench;Een verhaal.;{code}\n")
        with pg_dossier_copy(target, write=True) as gpkg:
            assert import_wijkverhalen(story, gpkg).written == 1

    work = tempfile.mkdtemp(prefix="wijkatlas-bench-pg-")
    folder, cluster = start_cluster()
    results = {}
    try:
        auth = add_auth(cluster["PGUSER"], cluster["PGPASSWORD"])

        service_file = os.path.join(work, "pg_service.conf")
        with open(service_file, "w", encoding="utf-8") as fh:
            fh.write(f"[bench]\nhost={cluster['PGHOST']}\nport={cluster['PGPORT']}\ndbname=wijkatlas\n")
        os.environ["PGSERVICEFILE"] = service_file

        def ref(schema):
            return make_ref(schema, service="bench", authcfg=auth)

        sample = create_sample_dossier(os.path.join(work, "sample.gpkg"))
        _timed("sample: GeoPackage -> PostGIS", lambda: dossier_to_postgis(sample, ref("sample")), results)
        _timed("sample: PostGIS -> GeoPackage", lambda: postgis_to_dossier(ref("sample"),
                                                                           os.path.join(work, "s2.gpkg")), results)
        _timed("sample: ogr2ogr GeoPackage -> PostgreSQL", lambda: _ogr2ogr(cluster, sample, "sample_ogr"), results)
        local = _timed("sample: attach local", lambda: attach_all(sample), results)
        in_db = _timed("sample: attach SQL", lambda: attach_all_sql(ref("sample")), results)
        results["sample: attach links"] = [len(local), len(in_db)]
        _timed("sample: algorithm read round (snapshot)", lambda: read_round(ref("sample")), results)
        _timed("sample: algorithm write round (1 story)", lambda: write_round(ref("sample"), "BU03632900"), results)
        big = os.path.join(work, "big.gpkg")
        results["big: buurten"] = _timed("big: create dossier", lambda: _big_dossier(big, args.buurten), results)
        results["big: MB"] = round(os.path.getsize(big) / 1e6, 1)
        _timed("big: GeoPackage -> PostGIS", lambda: dossier_to_postgis(big, ref("groot")), results)
        _timed("big: PostGIS -> GeoPackage", lambda: postgis_to_dossier(ref("groot"),
                                                                        os.path.join(work, "b2.gpkg")), results)
        _timed("big: ogr2ogr GeoPackage -> PostgreSQL", lambda: _ogr2ogr(cluster, big, "groot_ogr"), results)
        _timed("big: algorithm read round (snapshot)", lambda: read_round(ref("groot")), results)
        con = sqlite3.connect(big)
        code = con.execute("SELECT min(buurtcode) FROM buurten").fetchone()[0]
        con.close()
        _timed("big: algorithm write round (1 story)", lambda: write_round(ref("groot"), code), results)
        results["peak MB"] = round(peak_mb())
    finally:
        stop_cluster(folder)
    save_results("bench_postgis", results)


if __name__ == "__main__":
    main()
