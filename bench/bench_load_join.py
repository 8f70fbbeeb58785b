"""Benchmark: load ~14,500 buurten from a local OGC API (ours vs GDAL's OAPIF driver) and join 40 CBS indicators.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_load_join.py [--buurten 14500]
Every measured step runs in its own process, so peak memory (max RSS) is that step's own. Results: bench/results/.
"""
import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")
YEAR = 2023
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))


def catalogue():
    with open(os.path.join(ROOT, "layers", "common", "indicators.json"), encoding="utf-8") as fh:
        return json.load(fh)["indicators"]


def polygon(cx, cy, r, rng, n=40):
    """A closed, star-shaped ring of n vertices around (cx, cy): plausible buurt outline in RD metres."""
    ring = []
    for i in range(n):
        a = 2 * math.pi * i / n
        d = r * (0.75 + 0.25 * rng.random())
        ring.append([round(cx + d * math.cos(a), 3), round(cy + d * math.sin(a), 3)])
    return ring + [ring[0]]


def make_fixture(count, seed=1):
    """(features, cbs rows, indicator entries): count buurten in ~345 gemeenten on a grid over the Netherlands."""
    rng = random.Random(seed)
    cols = int(math.sqrt(count * 265 / 314)) + 1
    dx = 265000 / cols
    inds = catalogue()
    pdok = [e for e in inds if e["sources"]["pdok_ogc"]]
    odata = [e for e in inds if e["sources"]["odata_v3"] and " > " not in e["sources"]["odata_v3"][0]]  # no groups here
    features, rows = [], []
    for i in range(count):
        gm, rest = divmod(i, 42)
        wk, bu = divmod(rest, 6)
        code = f"BU{gm:04d}{wk:02d}{bu:02d}"
        cx, cy = 13000 + (i % cols + 0.5) * dx, 306000 + (i // cols + 0.5) * dx
        props = {"buurtcode": code, "buurtnaam": f"Buurt {i}", "wijkcode": code[:8].replace("BU", "WK"),
                 "wijknaam": f"Wijk {gm}-{wk}", "gemeentecode": f"GM{gm:04d}", "gemeentenaam": f"Gemeente {gm}",
                 "water": "NEE", "jrstatcode": f"{YEAR}{code}", "indelingswijziging_wijken_en_buurten": 1}
        for e in pdok:
            props[e["sources"]["pdok_ogc"][0]] = -99997 if rng.random() < 0.05 else round(rng.uniform(0, 900), 1)
        features.append({"type": "Feature", "id": code, "properties": props,
                         "geometry": {"type": "Polygon", "coordinates": [polygon(cx, cy, dx * 0.48, rng)]}})
        row = {"WijkenEnBuurten": code.ljust(10)}
        for n, e in enumerate(odata):
            row[f"{e['sources']['odata_v3'][0]}_{n + 5}"] = None if rng.random() < 0.05 else rng.uniform(0, 900)
        rows.append(row)
    return features, rows, odata


def serve(fixture_path, port_file):
    """Child process: serve the fixture on 127.0.0.1 until killed."""
    from fake_cbs_pdok import CbsTable, FakeServer, PdokCollection

    with open(fixture_path, encoding="utf-8") as fh:
        doc = json.load(fh)
    server = FakeServer()
    server.pdok[YEAR] = {"buurten": PdokCollection(doc["features"]), "wijken": PdokCollection([]),
                         "gemeenten": PdokCollection([])}
    props = [{"Key": f"{e['sources']['odata_v3'][0]}_{n + 5}", "Title": e["label"], "Type": "Topic",
              "Datatype": "Double", "Unit": e["unit"]} for n, e in enumerate(doc["odata"])]
    title = f"Kerncijfers wijken en buurten {YEAR}"
    server.cbs["85618NED"] = CbsTable("85618NED", title, {"Title": title}, props, doc["rows"])
    server.start()
    with open(port_file, "w", encoding="utf-8") as fh:
        fh.write(server.base_url)
    while True:
        time.sleep(3600)


def qgis_start():
    os.environ["QGIS_CUSTOM_CONFIG_PATH"] = tempfile.mkdtemp(prefix="wijkatlas-bench-")
    from bootstrap import start_qgis

    app, provider = start_qgis()
    import processing

    return app, provider, processing


def step_load(base_url, out):
    """Child process: our 'Buurtgrenzen laden (PDOK)' for the whole country."""
    app, provider, processing = qgis_start()

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = processing.run("wijkatlas:buurtgrenzenladen", {
        "GEMEENTE": "", "JAAR": str(YEAR), "NIVEAU": 0, "WATER": 0, "CACHE": False,
        "BASIS_URL": base_url + "/pdok/wijken-en-buurten-{jaar}/ogc/v1", "OUTPUT": out})
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "features": result["AANTAL"], "max_rss_mb": _rss_mb(), "rss_before_mb": rss0 / 1024}


def step_join(base_url, layer_path, out):
    """Child process: the pure join function and the whole 'CBS-kerncijfers koppelen' algorithm."""
    app, provider, processing = qgis_start()
    from qgis.core import QgsVectorLayer

    from wijkatlas.layers.common.catalogue import themes
    from wijkatlas.layers.data.kerncijfers_join import join_figures

    with open(os.path.join(RESULTS, "fixture.json"), encoding="utf-8") as fh:
        doc = json.load(fh)
    ids = [e["id"] for e in doc["odata"]]
    keys = [f"{e['sources']['odata_v3'][0]}_{n + 5}" for n, e in enumerate(doc["odata"])]
    figures = {r["WijkenEnBuurten"].strip(): {i: r[k] for i, k in zip(ids, keys)} for r in doc["rows"]}
    codes = [r["WijkenEnBuurten"].strip() for r in doc["rows"]]
    del doc
    start = time.perf_counter()
    result = join_figures(codes, figures, ids)
    pure = time.perf_counter() - start
    layer = QgsVectorLayer(layer_path, "buurten", "ogr")
    start = time.perf_counter()
    res = processing.run("wijkatlas:cbskerncijferskoppelen", {
        "INPUT": layer, "CODEVELD": "buurtcode", "JAAR": str(YEAR),
        "THEMAS": [themes()[t] for t in ("energie", "inkomen", "woningvoorraad", "bevolking")],
        "ODATA_URL": base_url + "/cbs/ODataApi/odata", "CATALOGUS_URL": base_url + "/cbs/ODataCatalog",
        "CACHE": False, "OUTPUT": out, "NIET_GEKOPPELD": "TEMPORARY_OUTPUT"})
    full = time.perf_counter() - start
    return {"join_function_seconds": pure, "buurten": len(codes), "indicators": len(ids), "matched": result.matched,
            "algorithm_seconds": full, "algorithm_matched": res["GEKOPPELD"], "max_rss_mb": _rss_mb()}


def _rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args):
    """Run one step in a child process and return its JSON result."""
    proc = subprocess.run([sys.executable, __file__] + args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def gdal_load(base_url, out):
    """ogr2ogr with GDAL's OGC API Features driver from the same server, timed with /usr/bin/time."""
    url = f"OAPIF:{base_url}/pdok/wijken-en-buurten-{YEAR}/ogc/v1"
    cmd = ["/usr/bin/time", "-f", "%e %M", "ogr2ogr", "-f", "GPKG", out, url, "buurten", "-oo", "PAGE_SIZE=1000"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    _, rss_kb = proc.stderr.strip().splitlines()[-1].split()
    info = subprocess.run(["ogrinfo", "-so", out, "buurten"], capture_output=True, text=True, check=False).stdout
    count = next((int(line.split(":")[1]) for line in info.splitlines() if "Feature Count" in line), None)
    return {"seconds": seconds, "features": count, "max_rss_mb": int(rss_kb) / 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=14500)
    parser.add_argument("--serve", nargs=2)
    parser.add_argument("--load", nargs=2)
    parser.add_argument("--join", nargs=3)
    args = parser.parse_args()
    if args.serve:
        return serve(*args.serve)
    if args.load:
        return print(json.dumps(step_load(*args.load)))
    if args.join:
        return print(json.dumps(step_join(*args.join)))
    os.makedirs(RESULTS, exist_ok=True)
    start = time.perf_counter()
    features, rows, odata = make_fixture(args.buurten)
    fixture = os.path.join(RESULTS, "fixture.json")
    with open(fixture, "w", encoding="utf-8") as fh:
        json.dump({"features": features, "rows": rows, "odata": odata}, fh)
    gen = time.perf_counter() - start
    port_file = os.path.join(RESULTS, "server.url")
    if os.path.exists(port_file):
        os.remove(port_file)
    server = subprocess.Popen([sys.executable, __file__, "--serve", fixture, port_file])
    try:
        while not os.path.exists(port_file) or not open(port_file, encoding="utf-8").read():
            time.sleep(0.2)
        base = open(port_file, encoding="utf-8").read()
        outs = {k: os.path.join(RESULTS, f"{k}.gpkg") for k in ("ours", "gdal", "joined")}
        for path in outs.values():
            if os.path.exists(path):
                os.remove(path)
        report = {"buurten": args.buurten, "fixture_mb": os.path.getsize(fixture) / 1e6, "fixture_seconds": gen,
                  "gdal": gdal_load(base, outs["gdal"]), "ours": child(["--load", base, outs["ours"]])}
        report["join"] = child(["--join", base, outs["ours"], outs["joined"]])
        report["gdal_version"] = subprocess.run(["ogr2ogr", "--version"], capture_output=True,
                                                text=True).stdout.strip()
    finally:
        server.kill()
        server.wait()
    with open(os.path.join(RESULTS, "bench_load_join.json"), "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
