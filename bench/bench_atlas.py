"""Benchmark the buurtatlas: our export vs a bare QGIS atlas export of the very same layout, in one run.

Variants, each run in its own child process (so peak RSS is per variant), alternated per repeat:
  ours      export_buurtatlas(...) end to end: layout built from the data, then exported;
  bare      the identical layout built once with add_atlas_layout (untimed), then only
            QgsLayoutExporter.exportToPdf(layout.atlas(), ...): what QGIS alone costs for these pages;
  bare_alg  the same layout exported with processing.run('native:atlaslayouttopdf', ...);
  minimal   for context only: a one-map, one-label atlas over the same buurten.
'ours / bare' is our overhead (goal < 1.5x). CPU time (time.process_time) is the fair figure on a shared machine;
wall time is reported beside it. Results go to bench/results/bench_atlas.{json,md}.

    .venv/bin/python bench/bench_atlas.py [--buurten 100] [--repeats 2] [--variants ours,bare,...] [--profile]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench_common import RESULTS, save_results, start_qgis
from bench_common import peak_mb as _rss_mb

VARIANTS = ("ours", "bare", "bare_alg", "minimal")
TITLE = "Benchmarkatlas"


def minimal_layout(buurten):
    """A plain QGIS atlas: one A4 page, an atlas-driven map of the buurten layer and a name label."""
    from qgis.core import (
        QgsLayoutItemLabel,
        QgsLayoutItemMap,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
    )
    project = QgsProject()
    project.addMapLayer(buurten)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    map_item = QgsLayoutItemMap(layout)
    layout.addLayoutItem(map_item)
    map_item.attemptMove(QgsLayoutPoint(12, 30))
    map_item.attemptResize(QgsLayoutSize(186, 98))
    map_item.setLayers([buurten])
    map_item.setAtlasDriven(True)
    map_item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    map_item.setAtlasMargin(0.6)
    label = QgsLayoutItemLabel(layout)
    label.setText('[% "buurtnaam" %]')
    layout.addLayoutItem(label)
    label.attemptMove(QgsLayoutPoint(12, 10))
    label.attemptResize(QgsLayoutSize(150, 10))
    atlas = layout.atlas()
    atlas.setCoverageLayer(buurten)
    atlas.setEnabled(True)
    return project, layout


def our_layout(buurten, ref, project=None):
    """The buurtatlas layout exactly as export_buurtatlas builds it, stored in a project."""
    from qgis.core import QgsProject

    from wijkatlas.layers.atlas import add_atlas_layout
    project = project or QgsProject()
    project.addMapLayers([buurten, ref])
    return project, add_atlas_layout(project, buurten, reference_layer=ref, title=TITLE)


def _export_pdf(layout, out, settings):
    from qgis.core import QgsLayoutExporter
    result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), out, settings)
    assert result == QgsLayoutExporter.ExportResult.Success, error
    return layout.atlas().count()


def _export_alg(layout, out, dpi):
    import processing
    processing.run("native:atlaslayouttopdf", {
        "LAYOUT": layout.name(), "DPI": dpi, "FORCE_VECTOR": False, "GEOREFERENCE": False,
        "INCLUDE_METADATA": True, "TEXT_FORMAT": 1, "OUTPUT": out})  # 1 = text as text objects, like ours
    return layout.atlas().count()


def _prepare(mode, buurten, ref, out):
    """(build seconds, build CPU seconds, export callable returning the page count); only the callable is timed."""
    from qgis.core import QgsProject

    from wijkatlas.layers.atlas import export_buurtatlas
    from wijkatlas.layers.atlas.export import pdf_settings
    if mode == "ours":
        return 0.0, 0.0, lambda: export_buurtatlas(buurten, out, reference_layer=ref, title=TITLE)["pages"]
    start, cpu = time.perf_counter(), time.process_time()
    if mode == "minimal":
        project, layout = minimal_layout(buurten)
    else:  # the algorithm looks the layout up by name in the current project
        project, layout = our_layout(buurten, ref, QgsProject.instance() if mode == "bare_alg" else None)
    build_s, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    cover = 0 if mode == "minimal" else 1

    def export():
        assert project.layoutManager() is not None  # keeps the project (owner of the layout) alive
        if mode == "bare_alg":
            return _export_alg(layout, out, 200) + cover
        return _export_pdf(layout, out, pdf_settings()) + cover
    return build_s, build_cpu, export


def child(mode, gpkg, out, profile=False):
    """Run one variant in this process and print its figures as JSON (last line of stdout)."""
    app = start_qgis()  # noqa: F841 - keep QGIS alive until the export is done
    from atlas_fixture import open_layers
    buurten, ref = open_layers(gpkg)
    rss_start = _rss_mb()
    build_s, build_cpu, export = _prepare(mode, buurten, ref, out)
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        pages = prof.runcall(export)
        stats = pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(40)
    else:
        pages = export()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"mode": mode, "pages": pages, "seconds": seconds, "cpu_seconds": cpu,
                      "build_seconds": build_s, "build_cpu_seconds": build_cpu, "rss_start_mb": rss_start,
                      "peak_mb": _rss_mb(), "pdf_mb": os.path.getsize(out) / 1e6}), flush=True)
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: QGIS objects owned by Python and C++ can crash it on exit


def _summary(runs):
    summary = {}
    for mode, items in runs.items():
        pages = items[0]["pages"]
        secs = statistics.median(r["seconds"] for r in items)
        cpu = statistics.median(r["cpu_seconds"] for r in items)
        summary[mode] = {"pages": pages, "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2),
                         "seconds_per_page": round(secs / pages, 3), "cpu_seconds_per_page": round(cpu / pages, 3),
                         "build_cpu_seconds": round(statistics.median(r["build_cpu_seconds"] for r in items), 2),
                         "peak_mb": round(max(r["peak_mb"] for r in items)),
                         "rss_after_start_mb": round(max(r["rss_start_mb"] for r in items)),
                         "pdf_mb": round(items[0]["pdf_mb"], 2),
                         "all_seconds": [round(r["seconds"], 2) for r in items],
                         "all_cpu_seconds": [round(r["cpu_seconds"], 2) for r in items]}
    if "ours" in summary and "bare" in summary:
        ours, bare = summary["ours"], summary["bare"]
        summary["overhead_wall"] = round(ours["seconds_per_page"] / bare["seconds_per_page"], 2)
        summary["overhead_cpu"] = round(ours["cpu_seconds_per_page"] / bare["cpu_seconds_per_page"], 2)
    return summary


def _markdown(summary, buurten, repeats):
    lines = [f"# Buurtatlas benchmark ({buurten} synthetic buurten, median of {repeats} runs, "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
             "| variant | pages | wall s/page | CPU s/page | peak RSS MB | PDF MB |", "|---|---|---|---|---|---|"]
    for mode in VARIANTS:
        if mode in summary:
            r = summary[mode]
            lines.append(f"| {mode} | {r['pages']} | {r['seconds_per_page']:.3f} | {r['cpu_seconds_per_page']:.3f} | "
                         f"{r['peak_mb']} | {r['pdf_mb']:.2f} |")
    if "overhead_cpu" in summary:
        lines += ["", f"Overhead ours / bare QGIS export of the same layout: {summary['overhead_cpu']}x CPU, "
                      f"{summary['overhead_wall']}x wall (goal < 1.5x)."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--profile", action="store_true", help="cProfile the timed part; stats go to stderr")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "GPKG", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child, profile=args.profile)
        return
    app = start_qgis()  # noqa: F841
    from atlas_fixture import make_dossier
    work = tempfile.mkdtemp(prefix="bench_atlas_")
    gpkg = make_dossier(os.path.join(work, "bench.gpkg"), count=args.buurten, cols=10, knelpunten=True)
    modes = [m for m in args.variants.split(",") if m]
    runs = {mode: [] for mode in modes}
    for _ in range(args.repeats):
        for mode in modes:
            cmd = [sys.executable, __file__, "--child", mode, gpkg, os.path.join(work, f"{mode}.pdf")]
            proc = subprocess.run(cmd + (["--profile"] if args.profile else []), capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"{mode} failed:\n{proc.stderr[-3000:]}")
            if args.profile:
                print(proc.stderr, file=sys.stderr)
            runs[mode].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(mode, runs[mode][-1], file=sys.stderr)
    summary = _summary(runs)
    save_results("bench_atlas", summary, indent=2)
    with open(os.path.join(RESULTS, "bench_atlas.md"), "w", encoding="utf-8") as fh:
        fh.write(_markdown(summary, args.buurten, args.repeats))
    print(_markdown(summary, args.buurten, args.repeats))


if __name__ == "__main__":
    main()
