"""What the benchmark scripts share: QGIS started headless, peak memory, a grid of square buurten, writing results.

Each benchmark runs as its own script (`.venv/bin/python bench/bench_x.py`), so this folder is on sys.path.
"""
import json
import os
import resource
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")


def start_qgis(with_provider=False):
    """A running QgsApplication (keep the reference), with the plugin's provider when asked; scripts/ and tests/
    (for the test fixtures some benchmarks generate data with) go on sys.path."""
    for folder in ("scripts", "tests"):
        path = os.path.join(ROOT, folder)
        if path not in sys.path:
            sys.path.insert(0, path)
    from bootstrap import start_qgis as start  # lazy: needs scripts/ on sys.path first
    return start(with_provider=with_provider)[0]


def peak_mb():
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def square_wkt(i, cols, cell):
    """WKT of square number `i` of a grid `cols` wide with sides of `cell` metres, in RD New near Utrecht."""
    x0, y0 = 110000 + (i % cols) * cell, 480000 + (i // cols) * cell
    return (f"POLYGON(({x0} {y0},{x0 + cell} {y0},{x0 + cell} {y0 + cell},{x0} {y0 + cell},{x0} {y0}))")


def save_results(name, results, indent=1):
    """Write `results` to bench/results/<name>.json and print them."""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"{name}.json"), "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=indent)
    print(json.dumps(results, indent=indent))
