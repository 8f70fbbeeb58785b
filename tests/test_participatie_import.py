"""'Participatie importeren': real-format CSV/XLSX with good and bad rows, geocoding on a loopback Locatieserver."""
import csv
import hashlib
import os
import sys

import pytest
from participatie_fixture import OX, OY, SQUARES, A, B, C, FakeLocatieserver, make_dossier
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject, QgsVectorLayer

from wijkatlas.layers.common.errors import WijkatlasError, WijkatlasNetworkError
from wijkatlas.layers.data.locatieserver import Geocoder
from wijkatlas.layers.net.http_cache import ResponseCache
from wijkatlas.layers.net.network import HttpClient
from wijkatlas.layers.participatie.importer import import_participatie

CSV = os.path.join(os.path.dirname(__file__), "data", "participatie", "notities_export.csv")
ADDRESSES = [
    {"postcode": "1093AB", "huisnummer": 12, "straat": "Teststraat", "woonplaats": "Amsterdam",
     "x": OX + 150, "y": OY + 50},
    {"postcode": "1093AC", "huisnummer": 3, "straat": "Proefweg", "woonplaats": "Amsterdam",
     "x": OX + 100, "y": OY + 180},
]
IMPORTED = {2, 3, 4, 6, 10, 13, 14, 15, 17}
REJECTED = {5, 7, 8, 9, 11, 12, 16, 18}
PERSONAL = ("Anna de Vries", "anna@example.nl", "Bert Bakker", "bert@example.nl")


def _digest(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _features(path, name):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    return list(layer.getFeatures())


def _buurt_of(x, y):
    for code, (x0, y0, x1, y1) in SQUARES.items():
        if OX + x0 < x < OX + x1 and OY + y0 < y < OY + y1:
            return code
    return None


@pytest.fixture()
def server():
    srv = FakeLocatieserver(ADDRESSES).start()
    yield srv
    srv.stop()


@pytest.fixture()
def geocoder(server, tmp_path):
    return Geocoder(HttpClient(retries=0, timeout_s=5, cache=ResponseCache(str(tmp_path / "cache"))), server.url)


@pytest.fixture()
def dossier(tmp_path, qgis_app):
    return make_dossier(tmp_path / "d.gpkg")


def test_csv_rows_are_placed_and_bad_rows_reported(dossier, geocoder, server):
    result = import_participatie(CSV, dossier, geocoder)
    assert {r[0] for r in result.rejected} == REJECTED
    reasons = {r[0]: r[2] for r in result.report}
    assert "niet gevonden in de PDOK Locatieserver" in reasons[5]
    assert "hoort niet bij dit dossier" in reasons[7]
    assert "lege notitie" in reasons[8]
    assert "'sport'" in reasons[9]
    assert "niet in Nederland" in reasons[11]
    assert "buiten de buurten" in reasons[12]
    assert "verwisseld" in reasons[16]
    assert "minder kolommen" in reasons[18]
    warned = {r[0] for r in result.report if r[1] == "ingelezen met waarschuwing"}
    assert warned == {10, 17}
    assert result.written == {"participatie_punten": 5, "participatie_lijnen": 1, "participatie_vlakken": 0,
                              "participatie_buurt": 3}
    assert result.geocoded == 2
    assert set(result.personal_columns) == {"Naam", "E-mail"}
    points = {f["tekst"]: f for f in _features(dossier, "participatie_punten")}
    for feat in points.values():
        pt = feat.geometry().asMultiPoint()[0]
        assert feat["buurtcode"] == _buurt_of(pt.x(), pt.y())
    # lat/lon with comma decimals: compare with an independent transform of the file's coordinates
    to_rd = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                   QgsCoordinateReferenceSystem("EPSG:28992"), QgsProject.instance())
    expected = to_rd.transform(QgsPointXY(4.8747332, 52.3082034))
    got = points["Meer woningen voor ouderen."].geometry().asMultiPoint()[0]
    assert abs(got.x() - expected.x()) < 0.01 and abs(got.y() - expected.y()) < 0.01
    assert points["Meer woningen voor ouderen."]["buurtcode"] == C
    assert points["Onze energierekening is te hoog."]["leeftijdsgroep"] == "65+"
    assert points["Onze energierekening is te hoog."]["woonsituatie"] == "huur corporatie"
    assert points["Zonnepanelen op het dak."]["leeftijdsgroep"] == "25-45"
    assert points["Te hard rijden."]["methode"] is None or str(points["Te hard rijden."]["methode"]) == "NULL"
    # addresses only place the note in its buurt (privacy default): no point stored
    by_buurt = {f["tekst"]: f["buurtcode"] for f in _features(dossier, "participatie_buurt")}
    assert by_buurt == {"Geveltuinen in onze straat.": B, "Afval naast de containers.": C,
                        "Beweegplek in het park.": C}
    line = _features(dossier, "participatie_lijnen")[0]
    assert line["buurtcode"] == A  # 50 m in A, 30 m in B
    # names and e-mail addresses never reach the dossier; participant ids are pseudonyms
    with open(dossier, "rb") as fh:
        raw = fh.read()
    for text in PERSONAL + ("R1;",):
        assert text.encode("utf-8") not in raw
    ids = {f["deelnemer_id"] for f in points.values()}
    assert all(str(i).startswith("D-") for i in ids)
    first, second = points["Onze energierekening is te hoog."], points["Zonnepanelen op het dak."]
    assert first["deelnemer_id"] == second["deelnemer_id"]


def test_import_twice_adds_nothing_and_strict_mode_writes_nothing(dossier, geocoder, tmp_path):
    import_participatie(CSV, dossier, geocoder)
    before = _digest(dossier)
    again = import_participatie(CSV, dossier, geocoder)
    assert sum(again.written.values()) == 0
    assert {r[0] for r in again.report if r[1] == "overgeslagen"} == IMPORTED
    assert _digest(dossier) == before
    fresh = make_dossier(tmp_path / "strikt.gpkg")
    digest = _digest(fresh)
    strict = import_participatie(CSV, fresh, geocoder, strict=True)
    assert strict.written == {} and len(strict.rejected) == len(REJECTED)
    assert _digest(fresh) == digest


def test_xlsx_gives_the_same_result_as_csv(dossier, geocoder, tmp_path):
    import openpyxl

    with open(CSV, encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Resultaten"
    for row in rows:
        sheet.append([_excel_value(v) for v in row])
    path = str(tmp_path / "notities.xlsx")
    book.save(path)
    from_xlsx = import_participatie(path, dossier, geocoder, sheet="Resultaten")
    csv_dossier = make_dossier(tmp_path / "csv.gpkg")
    from_csv = import_participatie(CSV, csv_dossier, geocoder)
    assert [r[:2] for r in from_xlsx.report] == [r[:2] for r in from_csv.report]
    assert from_xlsx.written == from_csv.written
    with pytest.raises(WijkatlasError, match="Blad 'Bestaat niet'"):
        import_participatie(path, dossier, geocoder, sheet="Bestaat niet")


def _excel_value(text):
    """Numbers as numbers (as Excel stores them), the rest as text."""
    try:
        return float(text.replace(",", ".")) if text and text[0] in "0123456789" and "-" not in text else text
    except ValueError:
        return text


def test_missing_openpyxl_gives_a_dutch_message(dossier, geocoder, tmp_path, monkeypatch):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(WijkatlasError, match="openpyxl"):
        import_participatie(str(path), dossier, geocoder)


def test_geocoding_is_cached_and_service_failure_changes_nothing(dossier, server, tmp_path):
    cache = ResponseCache(str(tmp_path / "cache2"))
    import_participatie(CSV, dossier, Geocoder(HttpClient(retries=0, cache=cache), server.url))
    sent = len(server.requests)
    assert sent == 3  # two postcodes (one unknown) and one address, each asked once
    other = make_dossier(tmp_path / "ander.gpkg")
    import_participatie(CSV, other, Geocoder(HttpClient(retries=0, cache=cache), server.url))
    assert len(server.requests) == sent
    broken = make_dossier(tmp_path / "kapot.gpkg")
    digest = _digest(broken)
    failing = FakeLocatieserver(ADDRESSES)  # a fresh address, so no cache of any kind can answer
    failing.status = 503
    failing.start()
    try:
        with pytest.raises(WijkatlasNetworkError, match="HTTP 503"):
            import_participatie(CSV, broken, Geocoder(HttpClient(retries=0, cache=None), failing.url))
    finally:
        failing.stop()
    assert _digest(broken) == digest
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".wijkatlas-")]


def test_algorithm_runs_with_the_url_parameter_and_reports(dossier, server, provider, qgis_processing):
    import processing

    result = processing.run("wijkatlas:participatieimporteren", {
        "INPUT": CSV, "DOSSIER": dossier, "LOCATIESERVER_URL": server.url, "CACHE": False, "TIMEOUT": 5,
        "RAPPORT": "TEMPORARY_OUTPUT"})
    assert result["INGELEZEN"] == len(IMPORTED)
    assert result["NIET_INGELEZEN"] == len(REJECTED)
    report = result["RAPPORT"]
    assert {f["rij"] for f in report.getFeatures() if f["status"] == "niet ingelezen"} == REJECTED
    assert report.fields().names() == ["rij", "status", "reden"]


def test_cancel_leaves_the_dossier_untouched(dossier, geocoder):
    from qgis.core import QgsFeedback

    from wijkatlas.layers.common.errors import WijkatlasCancelled

    feedback = QgsFeedback()
    feedback.cancel()
    digest = _digest(dossier)
    with pytest.raises(WijkatlasCancelled):
        import_participatie(CSV, dossier, geocoder, feedback=feedback)
    assert _digest(dossier) == digest
