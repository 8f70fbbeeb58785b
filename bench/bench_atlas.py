"""Benchmark the buurtatlas: a 100-buurt atlas with our exporter vs a bare QGIS atlas export of the same map.

Each run happens in its own child process (clean peak memory); runs alternate bare/ours so load on a shared machine
hits both alike. Reports seconds per page, peak RSS and the overhead ratio (goal < 1.5x).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_atlas.py [--buurten 100] [--repeats 2]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")


def _qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", tempfile.mkdtemp())
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from bootstrap import load_plugin_package
    load_plugin_package()
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    return app


def bare_export(buurten, out, settings):
    """A plain QGIS atlas: one A4 page, an atlas-driven map of the same layer and a name label."""
    from qgis.core import (QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemMap, QgsLayoutPoint, QgsLayoutSize,
                           QgsPrintLayout, QgsProject)
    project = QgsProject()
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
    result, error = QgsLayoutExporter.exportToPdf(atlas, out, settings)
    assert result == QgsLayoutExporter.ExportResult.Success, error
    return atlas.count()


def child(mode, gpkg, out):
    """Run one export in this process and print its figures as JSON."""
    app = _qgis()  # noqa: F841 - keep QGIS alive until the export is done
    from atlas_fixture import open_layers

    from wijkatlas.layers.atlas import export_buurtatlas
    from wijkatlas.layers.atlas.export import pdf_settings
    buurten, ref = open_layers(gpkg)
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu = time.perf_counter(), time.process_time()
    if mode == "bare":
        pages = bare_export(buurten, out, pdf_settings())
    else:
        pages = export_buurtatlas(buurten, out, reference_layer=ref, title="Benchmarkatlas")["pages"]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"mode": mode, "pages": pages, "seconds": seconds, "cpu_seconds": cpu, "rss_start_mb": rss_start,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "pdf_mb": os.path.getsize(out) / 1e6}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "GPKG", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    app = _qgis()  # noqa: F841
    from atlas_fixture import make_dossier
    work = tempfile.mkdtemp(prefix="bench_atlas_")
    gpkg = make_dossier(os.path.join(work, "bench.gpkg"), count=args.buurten, cols=10, knelpunten=True)
    runs = {"bare": [], "ours": []}
    for _ in range(args.repeats):
        for mode in ("bare", "ours"):
            out = subprocess.run([sys.executable, __file__, "--child", mode, gpkg, os.path.join(work, f"{mode}.pdf")],
                                 check=True, capture_output=True, text=True).stdout
            runs[mode].append(json.loads(out.strip().splitlines()[-1]))
    summary = {}
    for mode, items in runs.items():
        secs = statistics.median(r["seconds"] for r in items)
        cpu = statistics.median(r["cpu_seconds"] for r in items)
        summary[mode] = {"pages": items[0]["pages"], "seconds": round(secs, 2),
                         "seconds_per_page": round(secs / items[0]["pages"], 3),
                         "cpu_seconds_per_page": round(cpu / items[0]["pages"], 3),
                         "peak_mb": round(max(r["peak_mb"] for r in items)),
                         "rss_after_start_mb": round(max(r["rss_start_mb"] for r in items)),
                         "pdf_mb": round(items[0]["pdf_mb"], 2), "all_seconds": [round(r["seconds"], 2) for r in items]}
    summary["overhead_per_page"] = round(summary["ours"]["seconds_per_page"] / summary["bare"]["seconds_per_page"], 2)
    summary["overhead_total"] = round(summary["ours"]["seconds"] / summary["bare"]["seconds"], 2)
    summary["overhead_cpu_per_page"] = round(summary["ours"]["cpu_seconds_per_page"] /
                                             summary["bare"]["cpu_seconds_per_page"], 2)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "bench_atlas.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
