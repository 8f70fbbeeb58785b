"""Adaptive OData paging against a loopback CBS that refuses large answers and $skip as users report it."""
import pytest
from fake_cbs_data import cbs_table_83765
from fake_cbs_pdok import FakeServer

from wijkatlas.layers.common import WijkatlasNetworkError
from wijkatlas.layers.data.cbs_odata import CbsOData, odata_indicators
from wijkatlas.layers.data.odata_paging import split_clauses
from wijkatlas.layers.net.network import HttpClient


@pytest.fixture(scope="module")
def table(shared_data):
    return cbs_table_83765(shared_data)


@pytest.fixture()
def fake(table, qgis_app):
    server = FakeServer()
    server.cbs[table.table_id] = table
    server.start()
    yield server
    server.stop()


def published(table):
    return {r["WijkenEnBuurten"].strip() for r in table.rows if r["WijkenEnBuurten"].startswith(("BU", "GM"))}


def test_http_500_above_100_rows_and_on_skip_still_gives_every_row(fake, table):
    fake.cbs_fail_over = 100
    fake.cbs_fail_on_skip = True
    cbs = CbsOData(HttpClient(timeout_s=5, backoff_s=0), fake.cbs_api(), fake.cbs_catalog())
    fetched = cbs.figures(2017, {"GM0363": 479}, odata_indicators(["energie"]), table.table_id)
    assert set(fetched.values) == published(table) | {"NL00"}
    assert cbs.page == 250  # halved from 10000 down to the minimum page
    served = [p for p, _ in fake.requests if "TypedDataSet" in p and "skip" not in p.lower()]
    assert any("startswith%28WijkenEnBuurten%2C%27BU03631%27%29" in p or "BU03631" in p for p in served)
    row = next(r for r in table.rows if r["WijkenEnBuurten"].strip() == "BU03630000")
    key = fetched.keys["aardgas"]
    assert fetched.values["BU03630000"]["aardgas"] == row[key]


def test_row_limit_message_400_halves_the_page(fake, table):
    fake.cbs_max_rows = 300
    cbs = CbsOData(HttpClient(timeout_s=5, backoff_s=0), fake.cbs_api(), fake.cbs_catalog())
    fetched = cbs.figures(2017, ["GM0363"], odata_indicators(["inkomen"]), table.table_id)
    assert set(fetched.values) == published(table) | {"NL00"} and cbs.page <= 300
    assert fake.count("skip=") >= 1


def test_refusing_everything_is_an_error_not_a_partial_table(fake, table):
    fake.cbs_fail_over = 0
    cbs = CbsOData(HttpClient(timeout_s=5, backoff_s=0, retries=0), fake.cbs_api(), fake.cbs_catalog())
    with pytest.raises(WijkatlasNetworkError, match="niets geschreven"):
        cbs.figures(2017, ["GM0363"], odata_indicators(["energie"]), table.table_id)


def test_split_covers_wijk_codes_with_letters():
    halves = split_clauses(["startswith(WijkenEnBuurten,'BU0363')"])
    prefixes = [c.split("'")[1] for half in halves for c in half]
    assert len(prefixes) == 36 and "BU0363A" in prefixes and "BU03639" in prefixes
    assert split_clauses(["WijkenEnBuurten eq 'GM0363    '"]) is None
    assert split_clauses(["a", "b", "c"]) == [["a"], ["b", "c"]]
