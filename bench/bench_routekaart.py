"""Benchmark the wijkroutekaart: 500 measures, 40 besluitmomenten, 200 koppelkansen -> A3 PDF (+ XLSX, CSV).

Each repeat runs in its own process: QGIS starts, then only the work is timed (reading the dossier, planning,
drawing the pages, writing the PDF; the tables separately). Peak memory is the process's maximum RSS (so it
includes QGIS itself, measured separately before the work).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_routekaart.py [--measures 500] [--repeats 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench_common import peak_mb as _rss_mb
from bench_common import save_results, start_qgis


def make(path, measures, besluiten, koppelkansen):
    from routekaart_fixture import generated_besluiten, generated_dossier, generated_measures, q_num
    first = q_num(2027, 1)
    rows = generated_measures(measures, first, seed=11)
    for i, row in enumerate(rows[::10]):  # every tenth measure has started
        row["werkelijk_start"] = row["start_kwartaal"]
    ids = [r["maatregel_id"] for r in rows]
    b, links = generated_besluiten(besluiten, first, ids)
    pairs = [(ids[i % len(ids)], ids[(i * 7 + 3) % len(ids)]) for i in range(koppelkansen)]
    generated_dossier(path, rows, b, links, koppelkansen=[p for p in pairs if p[0] != p[1]])


def child(gpkg, out):
    app = start_qgis()  # noqa: F841
    from datetime import date

    from wijkatlas.layers.routekaart import build_layout, export_pdf, make_routekaart, prepare, texts
    before = _rss_mb()
    t0 = time.perf_counter()
    result = make_routekaart(gpkg, out + ".pdf", today=date(2027, 2, 10))
    t1 = time.perf_counter()
    data, horizon, plan, area = prepare(gpkg, today=date(2027, 2, 10))  # the same again, in two parts
    tp = time.perf_counter()
    export_pdf(build_layout(plan, "A3", *texts(data, horizon, area, gpkg, date(2027, 2, 10))), out + "_2.pdf")
    te = time.perf_counter()
    make_routekaart(gpkg, None, out + ".xlsx", out + ".csv", today=date(2027, 2, 10))
    t2 = time.perf_counter()
    print(json.dumps({"pdf_s": round(t1 - t0, 3), "read_plan_s": round(tp - t1, 3), "draw_export_s": round(te - tp, 3),
                      "tables_s": round(t2 - te, 3), "pages": result["pages"],
                      "koppelkansen": result["koppelkansen"], "qgis_mb": round(before), "peak_mb": round(_rss_mb()),
                      "pdf_mb": round(os.path.getsize(out + ".pdf") / 1e6, 2)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--besluiten", type=int, default=40)
    parser.add_argument("--koppelkansen", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("GPKG", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    app = start_qgis()  # noqa: F841
    work = tempfile.mkdtemp(prefix="bench_routekaart_")
    gpkg = os.path.join(work, "bench.gpkg")
    make(gpkg, args.measures, args.besluiten, args.koppelkansen)
    runs = []
    for i in range(args.repeats):
        proc = subprocess.run([sys.executable, __file__, "--child", gpkg, os.path.join(work, f"rk{i}")],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"run failed:\n{proc.stderr[-3000:]}")
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(runs[-1], file=sys.stderr)
    summary = {"measures": args.measures, "besluiten": args.besluiten, "koppelkansen": args.koppelkansen,
               "median_pdf_s": statistics.median(r["pdf_s"] for r in runs),
               "median_tables_s": statistics.median(r["tables_s"] for r in runs),
               "median_read_plan_s": statistics.median(r["read_plan_s"] for r in runs),
               "median_draw_export_s": statistics.median(r["draw_export_s"] for r in runs), "runs": runs}
    save_results("bench_routekaart", summary, indent=2)


if __name__ == "__main__":
    main()
