"""Benchmark participation: import, attaching, per-buurt summary and betrokkenheid at a large gemeente's size.

A synthetic grid of buurten (default 500, 300 m squares, Amsterdam has ~480) with CBS-like figures; 5,000 notes
(80 % points, 15 % buurt-only, 5 % lines/areas) and 300 measures. Compares attaching points with QGIS's
native:joinattributesbylocation on the same points, and times geocoding against a loopback Locatieserver
(first pass through QgsBlockingNetworkRequest, second pass from the disk cache).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_participatie.py [--buurten 500] [--notes 5000]
"""
import argparse
import os
import random
import tempfile
import time

from bench_common import peak_mb, save_results, square_wkt, start_qgis

CELL = 300.0


def _grid(n, rnd):
    from qgis.core import QgsGeometry
    cols = int(n ** 0.5) + 1
    rows = []
    for i in range(n):
        geom = QgsGeometry.fromWkt(square_wkt(i, cols, CELL))
        figures = {k: float(rnd.randint(50, 600)) for k in ("inw_0_15", "inw_15_25", "inw_25_45", "inw_45_65",
                                                           "inw_65plus", "hh_eenpersoons", "hh_zonder_kinderen",
                                                           "hh_met_kinderen")}
        figures.update(woningen=float(rnd.randint(300, 1500)), pct_koop=40.0, pct_huur=60.0, pct_corporatie=35.0)
        rows.append(dict(figures, buurtcode=f"BU9999{i:04d}", buurtnaam=f"Buurt {i}", wijkcode=f"WK9999{i // 10:02d}",
                         wijknaam=f"Wijk {i // 10}", geometry=geom))
    return rows, cols


def _notes(n, n_buurten, cols, rnd):
    from wijkatlas.layers.schema.participatie import HUISHOUDENS, LEEFTIJDSGROEPEN, THEMAS, WOONSITUATIES
    height = (n_buurten // cols + 1) * CELL
    csv_rows, buurt_rows, other = [], [], {"participatie_lijnen": [], "participatie_vlakken": []}
    for i in range(n):
        base = {"thema": rnd.choice(THEMAS), "tekst": f"notitie {i}", "deelnemer_id": f"D{rnd.randint(0, n // 2)}",
                "leeftijdsgroep": rnd.choice(list(LEEFTIJDSGROEPEN)), "huishouden": rnd.choice(list(HUISHOUDENS)),
                "woonsituatie": rnd.choice(WOONSITUATIES)}
        x, y = 110000 + rnd.uniform(0, cols * CELL), 480000 + rnd.uniform(0, height)
        kind = rnd.random()
        if kind < 0.80:
            csv_rows.append(dict(base, x=f"{x:.1f}", y=f"{y:.1f}"))
        elif kind < 0.95:
            buurt_rows.append(dict(base, buurtcode=f"BU9999{rnd.randrange(n_buurten):04d}"))
        else:
            from qgis.core import QgsGeometry
            layer = "participatie_lijnen" if kind < 0.975 else "participatie_vlakken"
            wkt = (f"LINESTRING({x} {y},{x + 400} {y + 100})" if layer == "participatie_lijnen" else
                   f"POLYGON(({x} {y},{x + 250} {y},{x + 250} {y + 250},{x} {y}))")
            other[layer].append(dict(base, notitie_id=f"P-b{i}", geometry=QgsGeometry.fromWkt(wkt)))
    return csv_rows, buurt_rows, other


def _measures(n, cols, n_buurten, rnd):
    from qgis.core import QgsGeometry
    height = (n_buurten // cols + 1) * CELL
    out = {"maatregelen_vlakken": [], "maatregelen_lijnen": []}
    for i in range(n):
        x, y = 110000 + rnd.uniform(0, cols * CELL - 900), 480000 + rnd.uniform(0, height - 900)
        if i % 2:
            geom = f"POLYGON(({x} {y},{x + 900} {y},{x + 900} {y + 700},{x} {y + 700},{x} {y}))"
            layer = "maatregelen_vlakken"
        else:
            geom = f"LINESTRING({x} {y},{x + 1200} {y + 500},{x + 1500} {y + 1100})"
            layer = "maatregelen_lijnen"
        out[layer].append({"maatregel_id": f"M-b{i}", "titel": f"Maatregel {i}", "thema": "energie",
                           "status": "gepland", "geometry": QgsGeometry.fromWkt(geom)})
    return out


def _timed(label, func, results):
    start = time.perf_counter()
    value = func()
    results[label] = round(time.perf_counter() - start, 3)
    print(f"{label:45s} {results[label]:8.3f} s")
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=500)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--measures", type=int, default=300)
    parser.add_argument("--addresses", type=int, default=500)
    args = parser.parse_args()
    app = start_qgis(with_provider=True)  # noqa: F841  (keep QGIS alive)
    import csv

    from participatie_fixture import FakeLocatieserver
    from qgis.core import QgsVectorLayer

    import processing
    from wijkatlas.layers.data.locatieserver import Geocoder
    from wijkatlas.layers.dossier.create import create_dossier
    from wijkatlas.layers.net.http_cache import ResponseCache
    from wijkatlas.layers.net.network import HttpClient
    from wijkatlas.layers.participatie.attach import BuurtIndex, attach_all
    from wijkatlas.layers.participatie.betrokkenheid import representation
    from wijkatlas.layers.participatie.importer import import_participatie
    from wijkatlas.layers.participatie.store import append_rows, read_layer_records
    from wijkatlas.layers.participatie.summary import summarise

    rnd = random.Random(7)
    work = tempfile.mkdtemp(prefix="bench-participatie-")
    results = {"buurten": args.buurten, "notes": args.notes, "measures": args.measures}
    rows, cols = _grid(args.buurten, rnd)
    dossier = os.path.join(work, "d.gpkg")
    _timed("create dossier", lambda: create_dossier(dossier, rows, title="bench"), results)
    csv_rows, buurt_rows, other = _notes(args.notes, args.buurten, cols, rnd)
    path = os.path.join(work, "notes.csv")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=sorted({k for r in csv_rows + buurt_rows for k in r}), delimiter=";")
        writer.writeheader()
        writer.writerows(csv_rows + buurt_rows)
    result = _timed(f"import CSV ({len(csv_rows) + len(buurt_rows)} rows, RD + buurtcode)",
                    lambda: import_participatie(path, dossier), results)
    results["import_rejected_outside_grid"] = len(result.rejected)  # the grid's last row is not full
    assert all("buiten de buurten" in r[2] for r in result.rejected)
    _timed("append lines/areas + measures", lambda: append_rows(
        dossier, dict(other, **_measures(args.measures, cols, args.buurten, rnd))), results)
    index = _timed("buurt index", lambda: BuurtIndex(dossier), results)
    links = _timed("attach all notes and measures", lambda: attach_all(dossier, index=index), results)
    buurten = {c: {k: b[k] for k in ("buurtnaam", "wijkcode", "wijknaam")} for c, b in index.buurten.items()}
    _timed("per-buurt summary", lambda: summarise(links, buurten), results)
    attrs = {a["buurtcode"]: a for a, _ in read_layer_records(dossier, "buurten")}
    _timed("betrokkenheid per buurt", lambda: representation(links, attrs, "buurt"), results)
    _timed("betrokkenheid per wijk", lambda: representation(links, attrs, "wijk"), results)
    _timed("native:joinattributesbylocation (points only)", lambda: processing.run(
        "native:joinattributesbylocation",
        {"INPUT": QgsVectorLayer(f"{dossier}|layername=participatie_punten", "p", "ogr"),
         "JOIN": QgsVectorLayer(f"{dossier}|layername=buurten", "b", "ogr"), "PREDICATE": [0],
         "JOIN_FIELDS": ["buurtcode"], "METHOD": 1, "OUTPUT": "TEMPORARY_OUTPUT"}), results)
    addresses = [{"postcode": f"{1000 + i // 26:04d}{chr(65 + i % 26)}A", "huisnummer": 1, "straat": "S",
                  "woonplaats": "W", "x": 110100 + i % 50, "y": 480100} for i in range(args.addresses)]
    server = FakeLocatieserver(addresses).start()
    try:
        cache = ResponseCache(os.path.join(work, "cache"))
        geocoder = Geocoder(HttpClient(retries=0, cache=cache), server.url)
        _timed(f"geocode {args.addresses} postcodes (loopback)",
               lambda: [geocoder.postcode(a["postcode"], "1") for a in addresses], results)
        second = Geocoder(HttpClient(retries=0, cache=cache), server.url)
        _timed(f"geocode {args.addresses} postcodes (disk cache)",
               lambda: [second.postcode(a["postcode"], "1") for a in addresses], results)
    finally:
        server.stop()
    results["links"] = len(links)
    results["peak_rss_mb"] = round(peak_mb(), 1)
    print(f"{'peak RSS':45s} {results['peak_rss_mb']:8.1f} MB")
    save_results("participatie", results)


if __name__ == "__main__":
    main()
