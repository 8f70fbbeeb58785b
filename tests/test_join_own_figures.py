"""'Eigen cijfers koppelen' with a ; CSV and an XLSX made from the real 2019 StatLine export (comma decimals)."""
import csv
import os

import pytest
from fake_cbs_data import CROSSWALK, NEW_CODE, buurten_layer, csv_number
from qgis.core import QgsProcessingException, QgsVectorLayer

STATLINE_2019 = "cbs_statline_84583NED_kwb2019_amsterdam_GM0363.csv"
GAS = "Energie.Gemiddeld.aardgasverbruik.Gemiddeld.aardgasverbruik.totaal..m.."
VERMOGEN = "Inkomen.Inkomen.van.huishoudens.Mediaan.vermogen.van.particuliere.huish...x.1.000.euro."


def py(value):
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def own_rows(shared):
    """(code, gas cell, vermogen cell) for every buurt of the 2019 CSV, cells as published (comma, NA, '')."""
    with open(os.path.join(shared, STATLINE_2019), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    vermogen = next(k for k in rows[0] if k.startswith("Inkomen.") and "Mediaan.vermogen" in k)
    return [(r["Regioaanduiding.Codering..code."].strip(), r[GAS], r[vermogen]) for r in rows
            if r["Regioaanduiding.Codering..code."].startswith("BU")]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["BU_CODE", "Gas (m3)", "Mediaan vermogen"])
        for code, gas, verm in rows:
            out.writerow([code.lower() if code.endswith("1") else code, gas, verm])


def run(layer, tmp_path, **extra):
    import processing

    params = {"INPUT": layer, "CODEVELD": "buurtcode", "OUTPUT": str(tmp_path / "eigen.gpkg"),
              "NIET_GEKOPPELD": str(tmp_path / "nk.csv")}
    params.update(extra)
    return processing.run("wijkatlas:eigencijferskoppelen", params)


def check(result, rows, shared_data):
    out = QgsVectorLayer(result["OUTPUT"], "o", "ogr")
    assert out.featureCount() == 440
    expected = {c: (csv_number(g), csv_number(v)) for c, g, v in rows}
    got = {f["buurtcode"]: (py(f["gas_m3"]), py(f["mediaan_vermogen"])) for f in out.getFeatures()}
    assert got[NEW_CODE] == (None, None)
    matched = [c for c in got if c in expected]
    assert len(matched) == 439 and all(got[c] == expected[c] for c in matched)
    assert any(v[1] is not None and v[1] < 0 for v in got.values())  # real negative medians survive
    with open(os.path.join(shared_data, CROSSWALK), encoding="utf-8", newline="") as fh:
        polygons = {r["BUURTCODE_CBS_2015"] for r in csv.DictReader(fh)}
    nk = QgsVectorLayer(result["NIET_GEKOPPELD"], "nk", "ogr")
    table_side = {f["code"] for f in nk.getFeatures() if f["kant"] == "tabel"}
    assert table_side == set(expected) - polygons and len(table_side) == 40


def test_csv_semicolon_comma_decimals(provider, tmp_path, shared_data):
    rows = own_rows(shared_data)
    write_csv(tmp_path / "eigen.csv", rows)
    result = run(buurten_layer(shared_data), tmp_path, BESTAND=str(tmp_path / "eigen.csv"))
    check(result, rows, shared_data)


def test_xlsx(provider, tmp_path, shared_data):
    import openpyxl

    rows = own_rows(shared_data)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["buurtcode", "Gas (m3)", "Mediaan vermogen"])
    for code, gas, verm in rows:
        sheet.append([code, csv_number(gas), verm])  # numbers as numbers, the other column as published text
    book.save(tmp_path / "eigen.xlsx")
    result = run(buurten_layer(shared_data), tmp_path, BESTAND=str(tmp_path / "eigen.xlsx"))
    check(result, rows, shared_data)


def test_bad_input_leaves_output_untouched(provider, tmp_path, shared_data):
    (tmp_path / "eigen.gpkg").write_bytes(b"bestaand")
    write_csv(tmp_path / "eigen.csv", own_rows(shared_data))
    with pytest.raises(QgsProcessingException, match="staat niet in de tabel"):
        run(buurten_layer(shared_data), tmp_path, BESTAND=str(tmp_path / "eigen.csv"), BRON_CODEVELD="wijk")
    (tmp_path / "zonder_code.csv").write_text("naam;waarde\nKop Zeedijk;1,5\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="Geen kolom met buurtcodes"):
        run(buurten_layer(shared_data), tmp_path, BESTAND=str(tmp_path / "zonder_code.csv"))
    assert (tmp_path / "eigen.gpkg").read_bytes() == b"bestaand"
