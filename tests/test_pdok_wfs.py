"""Boundaries of years without an OGC API come from PDOK's WFS; a gemeente filter the service refuses falls back to
the bbox of the gemeente's WHOLE geometry (every part, land and water) - also in the OGC API client."""
import json

import pytest
from fake_cbs_data import expected_2017
from fake_cbs_pdok import FakeServer
from fake_editions import legacy_wfs_2017, pdok_collections, real_geojson_rd
from fake_wfs import WfsYear
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsVectorLayer

GEMEENTEN_2022 = "pdok_wfs_wijkenbuurten_2022_gemeenten_westfriesland.geojson"
WIJKEN_2024 = "pdok_wfs_wijkenbuurten_2024_wijken_hoorn_medemblik_dijkenwaard.geojson"


@pytest.fixture()
def fake(qgis_app):
    server = FakeServer().start()
    yield server
    server.stop()


def run_load(fake, tmp_path, name="grenzen.gpkg", **extra):
    import processing

    params = {"GEMEENTE": "GM0363", "JAAR": "2017", "NIVEAU": 0, "WATER": 0, "BASIS_URL": fake.pdok_template(),
              "WFS_URL": fake.wfs_template(), "TIMEOUT": 5, "CACHE": False, "OUTPUT": str(tmp_path / name)}
    params.update(extra)
    result = processing.run("wijkatlas:buurtgrenzenladen", params)
    layer = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    assert layer.isValid()
    return result, layer


def values(layer, key, field):
    return {f[key]: (None if f[field] is None or (hasattr(f[field], "isNull") and f[field].isNull()) else f[field])
            for f in layer.getFeatures()}


def test_2017_from_the_wfs_with_legacy_names(provider, fake, tmp_path, shared_data):
    fake.wfs[2017] = legacy_wfs_2017(shared_data)
    result, layer = run_load(fake, tmp_path)
    inwoners = values(layer, "buurtcode", "inwoners")
    assert result["AANTAL"] == 439 == len(inwoners)
    for code in ("BU03630000", "BU03633306", "BU03630100"):
        assert inwoners[code] == expected_2017(shared_data, "inwoners", code)
    sentinel = [c for c, v in inwoners.items() if expected_2017(shared_data, "inwoners", c) is None]
    assert all(inwoners[c] is None for c in sentinel)  # -99999999 became NULL
    assert {f["jaar"] for f in layer.getFeatures()} == {2017}
    filtered = [p for p, _ in fake.requests if "cbs_buurten_2017" in p and "FILTER=" in p]
    assert filtered and all("GM_CODE" in p and "GM0363" in p for p in filtered)


def test_wfs_filter_refused_uses_whole_gemeente_bbox(provider, fake, tmp_path, shared_data):
    wfs = legacy_wfs_2017(shared_data)
    wfs.filterable = set()
    fake.wfs[2017] = wfs
    _, layer = run_load(fake, tmp_path, GEMEENTE="Amsterdam")
    assert layer.featureCount() == 439
    assert any("BBOX=" in p for p, _ in fake.requests)


def test_partial_wfs_answer_is_an_error(provider, fake, tmp_path, shared_data):
    fake.wfs[2017] = legacy_wfs_2017(shared_data)
    fake.wfs_page_cap = 100
    fake.wfs_matched_extra = 5
    path = tmp_path / "bestaand.gpkg"
    path.write_bytes(b"bestaand")
    with pytest.raises(QgsProcessingException, match="niets geschreven"):
        run_load(fake, tmp_path, name=path.name)
    assert path.read_bytes() == b"bestaand"


def test_real_2022_gemeenten_with_water_parts_over_the_wfs(provider, fake, tmp_path, shared_data):
    gemeenten = real_geojson_rd(shared_data, GEMEENTEN_2022)
    fake.wfs[2022] = WfsYear({"wijkenbuurten:gemeenten": gemeenten}, filterable=())
    result, layer = run_load(fake, tmp_path, JAAR="2022", DIENST=2, NIVEAU=2, GEMEENTE="Hoorn")
    rows = values(layer, "gemeentecode", "inwoners")
    assert rows == {"GM0405": 74298} and result["WATER_WEGGELATEN"] == 1


def test_ogc_bbox_fallback_uses_every_part_of_the_gemeente(provider, fake, tmp_path, shared_data):
    gemeenten = real_geojson_rd(shared_data, GEMEENTEN_2022)
    wijken = real_geojson_rd(shared_data, WIJKEN_2024)
    hoorn = [f for f in wijken if f["properties"]["gemeentecode"] == "GM0405"]
    parts = [f for f in gemeenten if f["properties"]["gemeentecode"] == "GM0405"]
    assert len(parts) == 2 and parts[0]["properties"]["water"] == "JA"  # the first part is the water part

    def bbox(feature):
        return ogr.CreateGeometryFromJson(json.dumps(feature["geometry"])).GetEnvelope()
    first = bbox(parts[0])
    inside_first = [w for w in hoorn if not (bbox(w)[0] > first[1] or bbox(w)[1] < first[0]
                                              or bbox(w)[2] > first[3] or bbox(w)[3] < first[2])]
    assert len(inside_first) < len(hoorn)  # the old 'first part' bbox would have lost wijken
    fake.pdok[2024] = pdok_collections(wijken=wijken, gemeenten=gemeenten, queryables=("buurtcode",))
    _, layer = run_load(fake, tmp_path, JAAR="2024", NIVEAU=1, GEMEENTE="GM0405")
    assert sorted(values(layer, "wijkcode", "wijkcode")) == sorted(f["properties"]["wijkcode"] for f in hoorn)
