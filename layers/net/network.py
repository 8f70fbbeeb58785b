"""HTTP GET through QGIS's network stack (proxy, TLS, authcfg): timeouts, bounded retries, cancel, clear errors."""
import email.utils
import json
import time
from urllib.parse import urlsplit

from qgis.core import QgsBlockingNetworkRequest, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ..common import WijkatlasCancelled, WijkatlasNetworkError, plugin_version

RETRY_STATUSES = {429, 500, 502, 503, 504}
_E = QNetworkReply.NetworkError
# The HTTP status Qt's error code stands for, used when the status attribute disagrees with it (a reply that says
# 200 while Qt reports "Service Unavailable"): the error is what Qt acted on, so it decides.
_STATUS_OF_ERROR = {
    _E.AuthenticationRequiredError: 401, _E.ContentAccessDenied: 403, _E.ContentNotFoundError: 404,
    _E.ContentOperationNotPermittedError: 405, _E.ContentConflictError: 409, _E.ContentGoneError: 410,
    _E.InternalServerError: 500, _E.OperationNotImplementedError: 501, _E.ServiceUnavailableError: 503,
}
# QgsNetworkAccessManager rewrites User-Agent after the caller sets it; a request preprocessor (it runs later)
# appends our product token to QGIS's own agent, only for requests that carry this marker header.
_MARKER = b"X-Wijkatlas-Agent"
_preprocessor_id = None


def user_agent():
    """'Wijkatlas/<version>', the version read from metadata.txt."""
    return f"Wijkatlas/{plugin_version()}"


def _tag_user_agent(request):
    """Request preprocessor: append the Wijkatlas token to the agent QGIS set, then drop the marker."""
    if request.hasRawHeader(_MARKER):
        qgis_agent = bytes(request.rawHeader(b"User-Agent")).decode("latin-1")
        request.setRawHeader(b"User-Agent", f"{qgis_agent} {user_agent()}".strip().encode("latin-1"))
        request.setRawHeader(_MARKER, b"")


def install_user_agent():
    """Register the preprocessor once (first request, never at import or plugin load)."""
    global _preprocessor_id
    if _preprocessor_id is None:
        _preprocessor_id = QgsNetworkAccessManager.setRequestPreprocessor(_tag_user_agent)


def uninstall_user_agent():
    """Remove the preprocessor again (plugin unload)."""
    global _preprocessor_id
    if _preprocessor_id is not None:
        QgsNetworkAccessManager.removeRequestPreprocessor(_preprocessor_id)
        _preprocessor_id = None


def effective_status(status, error):
    """The HTTP status of a reply: its status attribute, unless Qt's error names a different HTTP error."""
    status = int(status) if status is not None else None
    if status in (None, 200) and error in _STATUS_OF_ERROR:
        return _STATUS_OF_ERROR[error]
    return status


def retry_after_seconds(value, default, cap):
    """Seconds to wait from a Retry-After header (seconds or HTTP date), within [0, cap]."""
    text = (value or "").strip()
    seconds = default
    if text.isdigit():
        seconds = int(text)
    elif text:
        try:
            seconds = email.utils.parsedate_to_datetime(text).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = default
    return max(0.0, min(float(seconds), float(cap)))


class HttpClient:
    """GET requests with a transfer timeout, retries with back-off on 429/5xx, cancel via feedback and a cache."""

    def __init__(self, feedback=None, timeout_s=60, retries=3, backoff_s=1.0, max_retry_after_s=30,
                 cache=None, refresh=False, authcfg=""):
        self.feedback = feedback
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_retry_after_s = max_retry_after_s
        self.cache = cache
        self.refresh = refresh
        self.authcfg = authcfg
        self.requests_sent = 0

    def canceled(self):
        """True when the user asked to stop."""
        return self.feedback is not None and self.feedback.isCanceled()

    def _sleep(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.canceled():
                raise WijkatlasCancelled()
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))

    def _once(self, url):
        """One attempt: (status, body bytes, Retry-After header, reply)."""
        request = QNetworkRequest(QUrl(url))
        request.setRawHeader(_MARKER, b"1")
        request.setRawHeader(b"Accept", b"application/json, application/geo+json;q=0.9, */*;q=0.1")
        request.setTransferTimeout(int(self.timeout_s * 1000))
        blocking = QgsBlockingNetworkRequest()
        if self.authcfg:
            blocking.setAuthCfg(self.authcfg)
        fresh = self.refresh or self.cache is None  # "cache uit" means fresh: not even QGIS's own network cache
        if fresh:
            request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                                 QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        self.requests_sent += 1
        blocking.get(request, fresh, self.feedback)
        reply = blocking.reply()
        if self.canceled():
            raise WijkatlasCancelled()
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        retry_after = bytes(reply.rawHeader(b"Retry-After")).decode("latin-1")
        return effective_status(status, reply.error()), bytes(reply.content()), retry_after, reply

    def get_bytes(self, url):
        """The body of a 200 answer for url; raises WijkatlasNetworkError/WijkatlasCancelled otherwise."""
        if self.canceled():
            raise WijkatlasCancelled()
        if self.cache is not None and not self.refresh:
            cached = self.cache.get(url)
            if cached is not None:
                return cached
        host = urlsplit(url).netloc or url
        attempt = 0
        while True:
            status, body, retry_after, reply = self._once(url)
            error = reply.error()
            if error == QNetworkReply.NetworkError.NoError and status == 200:
                if self.cache is not None:
                    self.cache.put(url, body)
                return body
            # A 200 whose transfer broke off (connection closed mid-body) is retried like a 5xx.
            broken = status == 200 and error != QNetworkReply.NetworkError.NoError
            if (status in RETRY_STATUSES or broken) and attempt < self.retries:
                wait = retry_after_seconds(retry_after, self.backoff_s * (2 ** attempt), self.max_retry_after_s)
                if hasattr(self.feedback, "pushInfo"):
                    what = "een onvolledig antwoord" if broken else f"HTTP {status}"
                    self.feedback.pushInfo(f"{host} gaf {what}; nieuwe poging over {wait:.0f} s.")
                attempt += 1
                self._sleep(wait)
                continue
            raise self._error(url, host, status, body, reply, attempt)

    def _error(self, url, host, status, body, reply, attempt):
        details = f"{url}\n{reply.errorString()}\n{body[:500].decode('utf-8', 'replace')}"
        if status is None and reply.error() == QNetworkReply.NetworkError.OperationCanceledError:
            return WijkatlasNetworkError(
                f"Geen (volledig) antwoord van {host} binnen {self.timeout_s:g} s. Probeer het later opnieuw "
                "of verhoog de time-out.", url, None, details)
        if status is None:
            return WijkatlasNetworkError(
                f"Kan {host} niet bereiken ({reply.errorString()}). Controleer de netwerk- en proxy-instellingen "
                "van QGIS.", url, None, details)
        tries = f" (ook na {attempt + 1} pogingen)" if attempt else ""
        if status == 200:  # the status line arrived, the body did not (completely)
            return WijkatlasNetworkError(
                f"Het antwoord van {host} kwam onvolledig binnen{tries} ({reply.errorString()}); probeer het later "
                "opnieuw.", url, status, details)
        hint = "probeer het later opnieuw" if status >= 500 or status == 429 else "controleer de URL en het jaar"
        return WijkatlasNetworkError(f"{host} gaf HTTP {status}{tries} voor {url}; {hint}.", url, status, details)

    def get_json(self, url):
        """The parsed JSON body of url; a body that is not JSON raises WijkatlasNetworkError."""
        body = self.get_bytes(url)
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            if self.cache is not None:
                self.cache.discard(url)  # never serve a broken body twice
            raise WijkatlasNetworkError(
                f"Het antwoord van {urlsplit(url).netloc or url} is geen geldige JSON; de dienst gaf een "
                f"onverwacht of afgebroken antwoord.", url, 200, f"{url}\n{err}\n{body[:300]!r}") from err
