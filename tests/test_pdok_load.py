"""'Buurtgrenzen laden (PDOK)' against a loopback OGC API built from real Amsterdam polygons and 2017 figures."""
import os
import threading

import pytest
from fake_cbs_data import WATER_CODE, amsterdam_buurten, expected_2017, other_gemeente_buurten, pdok_year
from fake_cbs_pdok import FakeServer
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

YEAR = 2023  # the fake serves the Amsterdam fixture as this map year


@pytest.fixture(scope="module")
def features(shared_data):
    return amsterdam_buurten(shared_data) + other_gemeente_buurten()


@pytest.fixture()
def fake(features):
    server = FakeServer()
    server.pdok[YEAR] = pdok_year(features)
    server.page_cap = 100
    server.start()
    yield server
    server.stop()


def run_load(fake, tmp_path, feedback=None, name="buurten.gpkg", **extra):
    import processing

    params = {"GEMEENTE": "GM0363", "JAAR": str(YEAR), "NIVEAU": 0, "WATER": 0,
              "BASIS_URL": fake.pdok_template(), "TIMEOUT": 5, "CACHE": False,
              "OUTPUT": str(tmp_path / name)}
    params.update(extra)
    result = processing.run("wijkatlas:buurtgrenzenladen", params, feedback=feedback)
    layer = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    assert layer.isValid()
    return result, layer


def py(value):
    """A QGIS attribute as plain Python (NULL -> None)."""
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def by_code(layer):
    names = layer.fields().names()
    return {f["buurtcode"]: {n: py(f[n]) for n in names} for f in layer.getFeatures()}


def test_loads_all_pages_with_filter_and_real_values(provider, fake, tmp_path, shared_data, features):
    result, layer = run_load(fake, tmp_path)
    rows = by_code(layer)
    amsterdam = [f for f in features if f["properties"]["gemeentecode"].strip() == "GM0363"
                 and f["properties"]["water"] == "NEE"]
    assert len(rows) == len(amsterdam) == 439 and result["AANTAL"] == 439
    assert fake.count("cursor=") == 4  # 439 features at 100 a page: 5 pages, 4 next links followed
    assert all("gemeentecode=GM0363" in p for p, _ in fake.requests if "/buurten/items" in p)
    assert not any(code.startswith("BU0405") for code in rows) and WATER_CODE not in rows
    assert layer.crs().authid() == "EPSG:28992" and layer.wkbType() == 6  # MultiPolygon
    kop = rows["BU03630000"]
    assert (kop["buurtnaam"], kop["wijkcode"], kop["gemeentecode"], kop["gemeentenaam"]) == (
        "Kop Zeedijk", "WK036300", "GM0363", "Amsterdam")
    assert kop["jaar"] == YEAR and str(YEAR) in kop["grens_bron"]
    for ind_id in ("inwoners", "woningen", "woz", "pct_koop", "aardgas", "elektriciteit", "ink_inwoner"):
        for code in ("BU03630000", "BU03633306", "BU03630100"):
            expected = expected_2017(shared_data, ind_id, code)
            value = rows[code][ind_id]
            assert (value is None or value == expected) and (value is None) == (expected is None), (ind_id, code)
    assert rows["BU03630100"]["woz"] is None  # '.' served as sentinel -99997 becomes NULL, not 0 or -99997


def test_name_lookup_and_bbox_fallback(provider, fake, tmp_path, features):
    fake.pdok[YEAR] = pdok_year(features, queryables=("buurtcode",))
    _, layer = run_load(fake, tmp_path, GEMEENTE="amsterdam")
    assert layer.featureCount() == 439
    assert any("bbox=" in p and "bbox-crs=" in p for p, _ in fake.requests if "/buurten/items" in p)
    assert not any("gemeentecode=" in p for p, _ in fake.requests if "/buurten/items" in p)


def test_unknown_gemeente_name_suggests(provider, fake, tmp_path):
    with pytest.raises(QgsProcessingException, match="Bedoelde u: Amsterdam"):
        run_load(fake, tmp_path, GEMEENTE="Amsterdm")


def test_water_marked_when_asked(provider, fake, tmp_path):
    _, layer = run_load(fake, tmp_path, WATER=1)
    rows = by_code(layer)
    assert len(rows) == 440 and rows[WATER_CODE]["water"] == "JA" and rows[WATER_CODE]["inwoners"] is None
    assert rows[WATER_CODE]["woningen"] is None  # -99995 (published later) is NULL


def test_wijk_level_uses_wijken_collection(provider, fake, tmp_path):
    with pytest.raises(QgsProcessingException, match="geen wijken"):
        run_load(fake, tmp_path, NIVEAU=1)


def test_retry_after_503_then_success(provider, fake, tmp_path):
    fake.fail_items = 1
    _, layer = run_load(fake, tmp_path)
    assert layer.featureCount() == 439


def keep_existing(tmp_path):
    path = tmp_path / "bestaand.gpkg"
    path.write_bytes(b"bestaande inhoud")
    return path


@pytest.mark.parametrize("setup, message", [
    (lambda f: setattr(f, "loop_after_page", 2), "twee keer"),
    (lambda f: setattr(f, "broken_page", 3), "geen geldige JSON"),
    (lambda f: setattr(f, "slow_items_s", 6), "binnen 5 s"),
    (lambda f: setattr(f, "fail_status", 404) or setattr(f, "fail_items", 99), "HTTP 404"),
])
def test_errors_leave_output_untouched(provider, fake, tmp_path, setup, message):
    path = keep_existing(tmp_path)
    setup(fake)
    with pytest.raises(QgsProcessingException, match=message):
        run_load(fake, tmp_path, name=path.name)
    assert path.read_bytes() == b"bestaande inhoud"


def test_cancel_mid_download_leaves_output_untouched(provider, fake, tmp_path):
    path = keep_existing(tmp_path)
    fake.slow_items_s = 0.4
    feedback = QgsProcessingFeedback()
    threading.Timer(1.0, feedback.cancel).start()
    with pytest.raises(QgsProcessingException, match="Afgebroken"):
        run_load(fake, tmp_path, feedback=feedback, name=path.name)
    assert path.read_bytes() == b"bestaande inhoud" and os.path.getsize(path) == 16
