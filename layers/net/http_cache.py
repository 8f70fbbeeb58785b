"""A size-bounded disk cache of service responses under the QGIS settings folder."""
import hashlib
import os
import time

from qgis.core import QgsApplication

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
DEFAULT_MAX_AGE_S = 30 * 24 * 3600


def default_cache_dir():
    """<QGIS settings folder>/wijkatlas/cache, the place every Wijkatlas response is cached."""
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "wijkatlas", "cache")


class ResponseCache:
    """Response bodies stored per URL; the oldest files go first when the cache outgrows max_bytes."""

    def __init__(self, directory=None, max_bytes=DEFAULT_MAX_BYTES, max_age_s=DEFAULT_MAX_AGE_S):
        self.directory = directory or default_cache_dir()
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s

    def _path(self, url):
        return os.path.join(self.directory, hashlib.sha256(url.encode("utf-8")).hexdigest() + ".bin")

    def get(self, url):
        """The cached body of url, or None when absent or older than max_age_s."""
        path = self._path(url)
        try:
            if time.time() - os.path.getmtime(path) > self.max_age_s:
                return None
            with open(path, "rb") as fh:
                return fh.read()
        except OSError:
            return None

    def put(self, url, body):
        """Store body for url (atomically), then trim the cache to max_bytes."""
        if len(body) > self.max_bytes:
            return
        os.makedirs(self.directory, exist_ok=True)
        path = self._path(url)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)
        self.trim()

    def discard(self, url):
        """Forget the body of url."""
        try:
            os.remove(self._path(url))
        except OSError:
            pass

    def entries(self):
        """(mtime, size, path) of every cached body."""
        found = []
        if os.path.isdir(self.directory):
            for entry in os.scandir(self.directory):
                if entry.name.endswith(".bin"):
                    stat = entry.stat()
                    found.append((stat.st_mtime, stat.st_size, entry.path))
        return found

    def size(self):
        """Total bytes held."""
        return sum(size for _, size, _ in self.entries())

    def trim(self):
        """Remove the oldest bodies until the total fits in max_bytes."""
        entries = sorted(self.entries())
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            try:
                os.remove(path)
                total -= size
            except OSError:
                pass

    def clear(self):
        """Remove every cached body."""
        for _, _, path in self.entries():
            try:
                os.remove(path)
            except OSError:
                pass
