"""The HTTP helper against a real loopback server: retries, Retry-After, timeout, cancel, errors, cache."""
import threading
import time

import pytest
from fake_cbs_pdok import FakeServer
from qgis.core import QgsFeedback
from qgis.PyQt.QtNetwork import QNetworkReply

from wijkatlas.layers.common.errors import WijkatlasCancelled, WijkatlasNetworkError
from wijkatlas.layers.net.http_cache import ResponseCache
from wijkatlas.layers.net.network import HttpClient, effective_status, retry_after_seconds, user_agent


@pytest.fixture()
def fake(qgis_app):
    from fake_cbs_data import other_gemeente_buurten, pdok_year

    server = FakeServer()
    server.pdok[2023] = pdok_year(other_gemeente_buurten(3))
    server.start()
    yield server
    server.stop()


def items_url(fake, extra=""):
    return fake.pdok_template().format(jaar=2023) + "/collections/buurten/items?f=json&limit=10" + extra


def test_json_and_user_agent(fake, provider):
    """The provider registers our product token once, on the main thread; every request then carries it."""
    doc = HttpClient(timeout_s=5).get_json(items_url(fake))
    assert doc["numberReturned"] == 3
    agent = fake.requests[-1][1]
    assert agent.endswith(" " + user_agent()) and "QGIS/" in agent
    assert user_agent().startswith("Wijkatlas/0.")


def test_retry_after_503_then_success(fake):
    fake.fail_items = 2
    client = HttpClient(timeout_s=5, retries=3, backoff_s=0.05)
    start = time.monotonic()
    doc = client.get_json(items_url(fake))
    assert doc["numberReturned"] == 3
    assert client.requests_sent == 3
    assert time.monotonic() - start >= 2.0  # Retry-After: 1 honoured twice


def test_retry_after_is_capped():
    assert retry_after_seconds("3600", 1, 30) == 30
    assert retry_after_seconds("", 2, 30) == 2
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 2, 30) == 0


def test_qt_error_decides_when_the_status_attribute_disagrees():
    error = QNetworkReply.NetworkError
    assert effective_status(200, error.ServiceUnavailableError) == 503  # retried and reported as HTTP 503
    assert effective_status(None, error.ContentNotFoundError) == 404
    assert effective_status(200, error.NoError) == 200
    assert effective_status(502, error.UnknownServerError) == 502
    assert effective_status(200, error.RemoteHostClosedError) == 200  # a 200 that broke off stays a broken 200
    assert effective_status(None, error.ConnectionRefusedError) is None


def test_retries_are_bounded(fake):
    fake.fail_items = 10
    fake.retry_after = "0"
    client = HttpClient(timeout_s=5, retries=2, backoff_s=0.01)
    with pytest.raises(WijkatlasNetworkError) as err:
        client.get_json(items_url(fake))
    assert err.value.status == 503 and client.requests_sent == 3
    assert "HTTP 503" in str(err.value) and "3 pogingen" in str(err.value)


def test_http_400_is_not_retried(fake):
    client = HttpClient(timeout_s=5)
    with pytest.raises(WijkatlasNetworkError) as err:
        client.get_json(items_url(fake, "&onbekend=1"))
    assert err.value.status == 400 and client.requests_sent == 1
    assert "unknown query parameter" in err.value.details


def test_transfer_timeout(fake):
    fake.slow_items_s = 3
    start = time.monotonic()
    with pytest.raises(WijkatlasNetworkError) as err:
        HttpClient(timeout_s=0.5).get_json(items_url(fake))
    assert time.monotonic() - start < 2.5
    assert "binnen 0.5 s" in str(err.value)


def test_cancel_is_reported_as_cancel(fake):
    fake.slow_items_s = 3
    feedback = QgsFeedback()
    threading.Timer(0.3, feedback.cancel).start()
    start = time.monotonic()
    with pytest.raises(WijkatlasCancelled):
        HttpClient(feedback=feedback, timeout_s=10).get_json(items_url(fake))
    assert time.monotonic() - start < 2.5


def test_cancel_during_back_off(fake):
    fake.fail_items = 5
    fake.retry_after = "20"
    feedback = QgsFeedback()
    client = HttpClient(feedback=feedback, timeout_s=5, retries=3)
    threading.Timer(0.5, feedback.cancel).start()
    start = time.monotonic()
    with pytest.raises(WijkatlasCancelled):
        client.get_json(items_url(fake))
    assert time.monotonic() - start < 3


def test_broken_json_is_a_clear_error(fake):
    fake.broken_page = 0
    with pytest.raises(WijkatlasNetworkError) as err:
        HttpClient(timeout_s=5).get_json(items_url(fake))
    assert "geen geldige JSON" in str(err.value)


def test_unreachable_host():
    with pytest.raises(WijkatlasNetworkError) as err:
        HttpClient(timeout_s=2, retries=0).get_json("http://127.0.0.1:9/niets")
    assert err.value.status is None and "bereiken" in str(err.value)


def test_cache_reuses_and_refreshes(fake, tmp_path):
    cache = ResponseCache(str(tmp_path / "cache"), max_bytes=10_000_000)
    url = items_url(fake)
    HttpClient(cache=cache).get_json(url)
    HttpClient(cache=cache).get_json(url)
    assert fake.count("/items") == 1
    HttpClient(cache=cache, refresh=True).get_json(url)
    assert fake.count("/items") == 2


def test_cache_lives_under_the_qgis_settings_folder(qgis_app):
    from qgis.core import QgsApplication

    assert ResponseCache().directory.startswith(QgsApplication.qgisSettingsDirPath())
    assert ResponseCache().directory.endswith("wijkatlas/cache")


def test_cache_is_size_bounded(tmp_path):
    cache = ResponseCache(str(tmp_path / "c"), max_bytes=2500)
    for i in range(5):
        cache.put(f"http://x/{i}", b"x" * 1000)
        time.sleep(0.01)
    assert cache.size() <= 2500
    assert cache.get("http://x/4") == b"x" * 1000 and cache.get("http://x/0") is None


def test_a_200_that_breaks_off_is_retried_then_explained(fake):
    """A status line of 200 whose body never completes is retried like a 5xx, and is never reported as 'HTTP 200'."""
    fake.cut_items = 1
    client = HttpClient(timeout_s=5, retries=2, backoff_s=0.05)
    assert client.get_json(items_url(fake))["numberReturned"] == 3
    assert client.requests_sent == 2
    fake.cut_items = 5
    with pytest.raises(WijkatlasNetworkError) as err:
        HttpClient(timeout_s=5, retries=1, backoff_s=0.05).get_json(items_url(fake))
    assert "onvolledig" in str(err.value) and "HTTP 200" not in str(err.value)
