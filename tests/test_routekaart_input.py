"""Bad input, the measure × quarter table, the algorithm, temporal properties and the sample's besluitmomenten."""
import csv
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from atlas_pdf_tools import page_size_mm, page_texts, render_page
from participatie_fixture import A, B, C
from qgis.core import (
    QgsApplication,
    QgsExpression,
    QgsExpressionContext,
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsVectorLayer,
)
from routekaart_fixture import generated_dossier, pdf_words, q_label, q_num

from wijkatlas.layers.common import WijkatlasError
from wijkatlas.layers.routekaart import make_routekaart
from wijkatlas.layers.routekaart.temporal import quarter_end_expression, quarter_start_expression

TODAY = date(2027, 1, 1)


def _m(i, start, end, thema="wonen", **extra):
    return dict({"maatregel_id": f"M-{i}", "titel": f"Maatregel{i}", "thema": thema, "status": "gepland",
                 "start_kwartaal": start, "eind_kwartaal": end, "buurtcodes": A}, **extra)


BAD = [_m(1, None, "2027-Q4"), _m(2, "2028-Q1", None), _m(3, "2028-Q3", "2027-Q2"),
       _m(4, "2027-Q2", "2027-Q4", thema="sport"), _m(5, "2027-Q3", "2041-Q4"), _m(6, "2027-Q1", "2027-Q2")]


def test_bad_measures_are_listed_or_marked_never_dropped(tmp_path, qgis_app):
    dossier = generated_dossier(tmp_path / "d.gpkg", BAD)
    pdf = str(tmp_path / "rk.pdf")
    result = make_routekaart(dossier, pdf, today=TODAY)
    text = "\n".join(page_texts(pdf))
    flat = re.sub(r"\s+", " ", text)
    for m in BAD:
        assert len(re.findall(rf"\bMaatregel{m['maatregel_id'][2:]}\b", text)) == 1, m["titel"]
    assert "Maatregel1 – niet gepland (start of eind ontbreekt)" in flat
    assert "Maatregel2 – niet gepland (start of eind ontbreekt)" in flat
    assert "Maatregel3 – eind 2027-Q2 ligt vóór start 2028-Q3" in flat
    assert "Overig" in text and "thema 'sport' staat niet in de lijst" in flat
    assert result["drawn"] == 3 and result["measures"] == 6
    # far beyond the horizon: the horizon stops after eight years and the bar ends in an arrow with its end quarter
    assert result["horizon"] == ("2027-Q1", "2034-Q4")
    assert "Maatregel5 (t/m 2041-Q4) ▸" in flat
    words = pdf_words(pdf)[0]
    title = next(w for w in words if w[0] == "Maatregel5")
    last_q = max((w for w in words if w[0] == "Q4"), key=lambda w: w[1])
    pixels = render_page(pdf, 1, str(tmp_path / "p"), dpi=72)
    x, y = int((last_q[1] + last_q[3]) / 2), int(title[4] + 4)
    r, g, b = (int(v) for v in pixels[y, x])
    assert abs(r - 0x9E) < 20 and abs(g - 0xCA) < 20 and abs(b - 0xE1) < 20  # bar reaches the last column


def test_horizon_shorter_than_a_year_is_refused(tmp_path, qgis_app):
    dossier = generated_dossier(tmp_path / "d.gpkg", BAD[-1:])
    with pytest.raises(WijkatlasError, match="korter dan een jaar"):
        make_routekaart(dossier, str(tmp_path / "rk.pdf"), start="2027-Q1", end="2027-Q3", today=TODAY)
    with pytest.raises(WijkatlasError, match="geen kwartaal"):
        make_routekaart(dossier, str(tmp_path / "rk.pdf"), start="2027 voorjaar", today=TODAY)
    assert not (tmp_path / "rk.pdf").exists()


def _xlsx_rows(path):
    """The first sheet's rows as lists of text, read straight from the XLSX's XML (independent of OGR)."""
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as book:
        strings = [si.findtext(".//x:t", "", ns) for si in ElementTree.fromstring(
            book.read("xl/sharedStrings.xml")).findall("x:si", ns)]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{ns['x']}}}row"):
        cells = {}
        for cell in row.findall("x:c", ns):
            col = re.match(r"[A-Z]+", cell.get("r")).group(0)
            index = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(col))) - 1
            value = cell.findtext("x:v", "", ns)
            cells[index] = strings[int(value)] if cell.get("t") == "s" and value else value
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    width = len(rows[0])
    return [r + [""] * (width - len(r)) for r in rows]


def test_table_is_measure_by_quarter_in_csv_and_xlsx(tmp_path, qgis_app):
    rows = [_m(1, "2027-Q2", "2027-Q4", werkelijk_start="2027-Q3", werkelijk_eind="2027-Q3"), _m(2, None, None),
            _m(3, "2028-Q1", "2029-Q2", thema="energie", buurtcodes=B)]
    besluit = [{"besluit_id": "B-1", "kwartaal": "2027-Q3", "orgaan": "raad", "onderwerp": "Krediet"}]
    dossier = generated_dossier(tmp_path / "d.gpkg", rows, besluit, [{"besluit_id": "B-1", "maatregel_id": "M-1"}])
    out_csv, out_xlsx = str(tmp_path / "t.csv"), str(tmp_path / "t.xlsx")
    make_routekaart(dossier, None, out_xlsx, out_csv, today=TODAY)
    with open(out_csv, encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh, delimiter=";"))
    horizon = [q_label(q) for q in range(q_num(2027, 1), q_num(2027, 1) + 16)]
    assert list(table[0])[-16:] == horizon
    by_id = {r["maatregel_id"]: r for r in table if r["soort"] == "maatregel"}
    assert set(by_id) == {"M-1", "M-2", "M-3"}
    for row in rows:
        rec = by_id[row["maatregel_id"]]
        for q in horizon:
            planned = row["start_kwartaal"] is not None and row["start_kwartaal"] <= q <= row["eind_kwartaal"]
            assert ("gepland" in rec[q]) == planned, (row["maatregel_id"], q)
    assert by_id["M-1"]["2027-Q3"] == "gepland, werkelijk" and by_id["M-1"]["2027-Q4"] == "gepland"
    assert "niet gepland" in by_id["M-2"]["opmerking"]
    besluit_row = next(r for r in table if r["soort"] == "besluitmoment")
    assert besluit_row["2027-Q3"] == "besluit raad" and besluit_row["maatregel_id"] == "M-1"
    sheet = _xlsx_rows(out_xlsx)
    assert sheet[0][-16:] == horizon and len(sheet) == len(table) + 1
    col = sheet[0].index("2027-Q3")
    assert [row[col] for row in sheet[1:]] == [r["2027-Q3"] for r in table]


def _run(params):
    """The algorithm through QGIS's own QgsProcessingAlgorithm.run (as Processing runs it); (results, ok, log)."""
    alg = QgsApplication.processingRegistry().createAlgorithmById("wijkatlas:wijkroutekaartmaken")
    feedback = QgsProcessingFeedback()
    results, ok = alg.run(params, QgsProcessingContext(), feedback)
    return results, ok, feedback.textLog()


def test_algorithm_selects_a_wijk_and_draws_koppelkansen(tmp_path, provider):
    rows = [_m(1, "2027-Q1", "2028-Q4"), _m(2, "2027-Q3", "2028-Q2", thema="energie"),
            _m(3, "2027-Q1", "2027-Q4", buurtcodes=C)]
    dossier = generated_dossier(tmp_path / "d.gpkg", rows, koppelkansen=[("M-1", "M-2"), ("M-1", "M-9")])
    pdf = str(tmp_path / "wijk.pdf")
    out, ok, log = _run({"DOSSIER": dossier, "WIJKCODE": "WK000100", "HORIZON_START": "2027-Q1", "PAPIER": 1,
                         "KLEUR": 1, "OUTPUT": pdf, "TABEL_CSV": str(tmp_path / "t.csv")})
    assert ok, log
    assert round(page_size_mm(pdf)[0]) == 297  # A4 landscape
    assert out["MAATREGELEN"] == 2 and out["NIET_GEPLAND"] == 0 and out["HORIZON"] == "2027-Q1 t/m 2030-Q4"
    text = "\n".join(page_texts(pdf))
    assert "Maatregel1" in text and "Maatregel2" in text and "Maatregel3" not in text
    assert "wijk Wijk Een" in text and "1 koppelkansen" in text and "Kleur: trekker" in text
    _, ok, log = _run({"DOSSIER": dossier, "WIJKCODE": "WK999999", "OUTPUT": str(tmp_path / "x.pdf")})
    assert not ok and "Wijk WK999999 staat niet in het dossier. Bekende wijken: WK000100, WK000101" in log


def test_temporal_expressions_span_the_quarters(qgis_app):
    layer = QgsVectorLayer("None?field=start_kwartaal:string&field=werkelijk_start:string", "m", "memory")
    fields = layer.fields()
    feat = QgsFeature(fields)
    feat.setAttributes(["2027-Q2", None])
    ctx = QgsExpressionContext()
    ctx.setFeature(feat)
    start = QgsExpression(quarter_start_expression("werkelijk_start", "start_kwartaal")).evaluate(ctx)
    end = QgsExpression(quarter_end_expression("start_kwartaal")).evaluate(ctx)
    assert start.toString("yyyy-MM-dd") == "2027-04-01" and end.toString("yyyy-MM-dd") == "2027-07-01"
    feat.setAttributes(["2027-Q2", "2027-Q4"])
    ctx.setFeature(feat)
    start = QgsExpression(quarter_start_expression("werkelijk_start", "start_kwartaal")).evaluate(ctx)
    assert start.toString("yyyy-MM-dd") == "2027-10-01"
