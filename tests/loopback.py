"""A loopback HTTP server for tests that really goes away when stopped.

ThreadingHTTPServer's shutdown() only stops accepting: handler threads of keep-alive (HTTP/1.1) connections live on,
and Qt keeps those connections in its pool per host and port. When a later test's server gets the same port, Qt
could send its request down a connection a stopped server still answers. stop() closes every open connection and
empties Qt's connection pool, so each server starts from nothing.
"""
import socket
import threading
from http.server import ThreadingHTTPServer

from qgis.core import QgsNetworkAccessManager


class LoopbackServer(ThreadingHTTPServer):
    """ThreadingHTTPServer on 127.0.0.1 (a free port) that tracks its connections and closes them on stop()."""

    daemon_threads = True

    def __init__(self, handler):
        self._open = set()
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), handler)
        self._thread = None

    @property
    def port(self):
        return self.server_address[1]

    def start(self):
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def process_request(self, request, client_address):
        with self._lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def stop(self):
        """Stop accepting, close every connection still open, and forget Qt's pooled connections."""
        if self._thread is not None:
            self.shutdown()
            self._thread = None
        self.server_close()
        with self._lock:
            still_open, self._open = list(self._open), set()
        for sock in still_open:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        QgsNetworkAccessManager.instance().clearConnectionCache()
