"""Benchmark geldstromen: 10,000 flows over 500 buurten imported, summarised (with and without spreading) and drawn.

A synthetic grid of buurten (default 500 in 50 wijken) with CBS-like inhabitants, dwellings and income; 40 partners;
10,000 flows written as a finance department would (€ 1.250.000,00, 1,25 mln, (12.500)), 80 % on a buurt, 10 % on a
wijk, 10 % gemeente-wide, a quarter of them over a span of years. Times the import (all rows checked, one write),
the summary (allocation, totals per area × theme/partner/status/year, table and map rows) and the wijk pages PDF
(coalition + 50 wijken with a Sankey and year bars each). The totals are checked against a pandas groupby.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_geldstromen.py [--buurten 500] [--flows 10000]
"""
import argparse
import csv
import os
import random
import tempfile
import time

from bench_common import peak_mb, save_results, square_wkt, start_qgis

CELL = 300.0
THEMES = ("wonen", "circulariteit", "energie", "klimaat", "mobiliteit", "gezondheid", "werken", "leefbaarheid")
STATUS = ("begroot", "toegezegd", "besteed")


def _buurten(n, rnd):
    from qgis.core import QgsGeometry
    cols = int(n ** 0.5) + 1
    rows = []
    for i in range(n):
        geom = QgsGeometry.fromWkt(square_wkt(i, cols, CELL))
        rows.append({"buurtcode": f"BU9999{i:04d}", "buurtnaam": f"Buurt {i}", "wijkcode": f"WK9999{i // 10:02d}",
                     "wijknaam": f"Wijk {i // 10}", "gemeentecode": "GM9999", "gemeentenaam": "Benchstad",
                     "jaar": 2023, "inwoners": float(rnd.randint(200, 4000)),
                     "woningen": float(rnd.randint(100, 2000)), "ink_inwoner": round(rnd.uniform(18, 45), 1),
                     "geometry": geom})
    return rows


def _amount_text(cents, rnd):
    euros = cents / 100
    style = rnd.random()
    if cents < 0:
        return f"({abs(euros):,.0f})".replace(",", ".")
    if style < 0.4:
        return "€ " + f"{euros:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if style < 0.6 and euros >= 100_000:
        return f"{euros / 1e6:.2f} mln".replace(".", ",")
    return f"{euros:,.0f}".replace(",", ".")


def _flows(path, n, buurten, partners, rnd):
    """Write the CSV; returns the exact cents of every row (as the importer must read them)."""
    from wijkatlas.layers.geldstromen import parse_amount
    wijken = sorted({b["wijkcode"] for b in buurten})
    cents_list = []
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(("van", "naar", "thema", "gebiedscode", "bedrag", "jaar", "status", "zekerheid"))
        for i in range(n):
            kind = rnd.random()
            area = rnd.choice(buurten)["buurtcode"] if kind < 0.8 else rnd.choice(wijken) if kind < 0.9 else ""
            cents = rnd.randint(100_000, 500_000_000) * (-1 if rnd.random() < 0.03 else 1)
            first = rnd.randint(2024, 2029)
            year = f"{first}-{first + rnd.randint(1, 3)}" if rnd.random() < 0.25 else str(first)
            text = _amount_text(cents, rnd)
            cents_list.append(parse_amount(text)[0])
            out.writerow((rnd.choice(partners)["naam"], "", rnd.choice(THEMES), area, text, year, rnd.choice(STATUS),
                          rnd.choice(("bekend", "geschat"))))
    return cents_list


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=500)
    parser.add_argument("--flows", type=int, default=10000)
    args = parser.parse_args()
    app = start_qgis()
    import pandas
    from qgis.core import QgsLayoutExporter

    from wijkatlas.layers.atlas import build_wijk_book, export_wijkpaginas
    from wijkatlas.layers.common import pdf_settings
    from wijkatlas.layers.dossier.create import create_dossier
    from wijkatlas.layers.geldstromen import (
        import_geldstromen,
        map_rows,
        read_context,
        read_flows,
        summarise_flows,
        table_rows,
    )
    from wijkatlas.layers.participatie import append_rows

    rnd = random.Random(15)
    work = tempfile.mkdtemp(prefix="bench_geld_")
    dossier = os.path.join(work, "d.gpkg")
    buurten = _buurten(args.buurten, rnd)
    partners = [{"partner_id": f"PA-{i:03d}", "naam": f"Partner {i}", "partnertype": "overig",
                 "coalitierol": ("trekker", "deelnemer", "adviseur", "geïnformeerd")[i % 4], "wijkcoalitie": 1,
                 "toezegging": f"toezegging {i}", "contact": f"team {i}"} for i in range(40)]
    create_dossier(dossier, buurten, title="Bench")
    append_rows(dossier, {"partners": partners})
    source = os.path.join(work, "geldstromen.csv")
    expected = _flows(source, args.flows, buurten, partners, rnd)
    results = {"buurten": args.buurten, "flows": args.flows}

    t = time.perf_counter()
    imported = import_geldstromen(source, dossier)
    results["import_s"] = time.perf_counter() - t
    assert imported.written == args.flows and not imported.rejected, imported.report[:5]
    assert imported.total_cents == sum(expected)

    t = time.perf_counter()
    ctx, flows = read_context(dossier), read_flows(dossier)
    results["read_s"] = time.perf_counter() - t
    for spread in (None, "inwoners"):
        t = time.perf_counter()
        summary = summarise_flows(flows, ctx, spread)
        rows, per_buurt = table_rows(summary), map_rows(summary)
        results[f"summary_{spread or 'eigen'}_s"] = time.perf_counter() - t
        assert summary.total("gemeente", "GM9999") == sum(expected)
        results[f"table_rows_{spread or 'eigen'}"] = len(rows)
        if spread:
            spread_sum = round(sum(r["bedrag_totaal"] for r in per_buurt.values()) * 100)
            wijk_own = sum(summary.own[k] for k in summary.own if k[0] == "wijk")
            assert spread_sum + wijk_own == sum(expected), (spread_sum, wijk_own)
    t = time.perf_counter()
    frame = pandas.DataFrame({"code": [f.gebiedscode for f in flows], "thema": [f.thema for f in flows],
                              "cents": [f.cents for f in flows]})
    grouped = frame.groupby(["code", "thema"])["cents"].sum()
    results["pandas_groupby_s"] = time.perf_counter() - t
    own = summarise_flows(flows, ctx)
    for (code, theme), cents in grouped.items():
        level = "buurt" if code.startswith("BU") else "wijk" if code.startswith("WK") else "gemeente"
        if level == "buurt":
            assert own.total("buurt", code, "thema", theme) == cents
    t = time.perf_counter()
    book = build_wijk_book(dossier)
    layout, wijken = book.layout, book.wijken
    results["wijkpaginas_build_s"] = time.perf_counter() - t
    t = time.perf_counter()
    pdf = os.path.join(work, "wijkpaginas.pdf")
    assert QgsLayoutExporter(layout).exportToPdf(pdf, pdf_settings()) == QgsLayoutExporter.ExportResult.Success
    results["wijkpaginas_pdf_s"] = time.perf_counter() - t
    t = time.perf_counter()
    drawn = export_wijkpaginas(dossier, pdf)
    results["wijkpaginas_s"] = time.perf_counter() - t
    assert drawn["wijken"] == wijken
    results.update(pages=drawn["pages"], wijken=drawn["wijken"], pdf_mb=os.path.getsize(pdf) / 1e6,
                   peak_mb=peak_mb())
    save_results("bench_geldstromen", results)
    app.exitQgis()


if __name__ == "__main__":
    main()
