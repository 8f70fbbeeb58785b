"""Benchmark: fetch 40+ kerncijfers for ~14,500 buurten (345 gemeenten) from a loopback CBS OData v3 that (a) only
enforces the documented 10,000-row limit, (b) also answers HTTP 500 above 5,000 rows and to every $skip, as users
report for the real service, (c) the same above 500 rows (forces page halving and filter splits).
Measures wall time and requests; checks every row arrived.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_odata_paging.py [--buurten 14500]
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, HERE)

from bench_load_join import make_fixture  # noqa: E402
from bootstrap import start_qgis  # noqa: E402


def run(rows, odata, fail_over, fail_on_skip):
    from fake_cbs_pdok import CbsTable, FakeServer

    from wijkatlas.layers.common import load_catalogue
    from wijkatlas.layers.data.cbs_odata import CbsOData
    from wijkatlas.layers.net.network import HttpClient

    server = FakeServer()
    props = [{"Key": f"{e['sources']['odata_v3'][0]}_{n + 5}", "Title": e["label"], "Type": "Topic",
              "Datatype": "Double", "Unit": e["unit"]} for n, e in enumerate(odata)]
    title = "Kerncijfers wijken en buurten 2023"
    server.cbs["85618NED"] = CbsTable("85618NED", title, {"Title": title}, props, rows)
    server.cbs_fail_over, server.cbs_fail_on_skip = fail_over, fail_on_skip
    server.start()
    try:
        ids = {e["id"] for e in odata}
        inds = [i for i in load_catalogue() if i.id in ids]
        gemeenten = {}
        for r in rows:
            code = r["WijkenEnBuurten"].strip()
            if code.startswith("BU"):
                gemeenten["GM" + code[2:6]] = gemeenten.get("GM" + code[2:6], 0) + 1
        cbs = CbsOData(HttpClient(timeout_s=30, backoff_s=0), server.cbs_api(), server.cbs_catalog())
        start = time.perf_counter()
        fetched = cbs.figures(2023, gemeenten, inds, "85618NED")
        elapsed = time.perf_counter() - start
        got = {c for c in fetched.values if c.startswith("BU")}
        want = {r["WijkenEnBuurten"].strip() for r in rows if r["WijkenEnBuurten"].startswith("BU")}
        assert got == want, f"{len(want - got)} rows missing"
        typed = sum(1 for p, _ in server.requests if "TypedDataSet" in p)
        return {"seconds": round(elapsed, 2), "typed_requests": typed, "rows": len(got), "final_page": cbs.page}
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=14500)
    args = parser.parse_args()
    app, _ = start_qgis(with_provider=False)  # keep the application alive
    _, rows, odata = make_fixture(args.buurten)
    out = {"documented_limit": run(rows, odata, None, False),
           "http500_over_5000_and_skip": run(rows, odata, 5000, True),
           "http500_over_500_and_skip": run(rows, odata, 500, True)}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "odata_paging.json"), "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
