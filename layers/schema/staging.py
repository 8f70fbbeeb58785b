"""Staging folders beside a dossier: named after their owner, and stale ones (a killed run) removed by the next run.

A staging folder is `.wijkatlas-<host>-<pid>-<random>` beside the dossier and holds a full copy under the dossier's
own name. It never replaces the dossier unless its run finished (see geopackage.staged). When a run is killed, the
folder stays; the next staged() in the same folder removes every folder whose owner process no longer runs on this
machine (and folders of other machines, or of older Wijkatlas versions without an owner, after STALE_AFTER_S).
"""
import os
import shutil
import socket
import tempfile
import time

from ..common import DossierError

PREFIX = ".wijkatlas-"
STALE_AFTER_S = 24 * 3600


def _host():
    return "".join(c for c in socket.gethostname() if c.isalnum())[:32] or "host"


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _owner(name):
    """(host, pid) of a staging folder name, or None for a folder without an owner (older Wijkatlas)."""
    parts = name[len(PREFIX):].split("-")
    if len(parts) >= 3 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return None


def is_stale(folder, entry, now=None):
    """True when the staging folder `entry` in `folder` belongs to no running Wijkatlas."""
    owner = _owner(entry)
    if owner is not None and owner[0] == _host():
        return owner[1] != os.getpid() and not _pid_alive(owner[1])
    try:
        age = (now or time.time()) - os.path.getmtime(os.path.join(folder, entry))
    except OSError:
        return False
    return age > STALE_AFTER_S


def stale_staging(folder):
    """Paths of the stale staging folders in `folder`."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return []
    return [os.path.join(folder, e) for e in sorted(entries)
            if e.startswith(PREFIX) and os.path.isdir(os.path.join(folder, e)) and is_stale(folder, e)]


def remove_stale_staging(folder):
    """Remove the staging folders that a killed run left in `folder`; returns how many were removed."""
    removed = 0
    for path in stale_staging(folder):
        shutil.rmtree(path, ignore_errors=True)
        removed += not os.path.exists(path)
    return removed


def new_workdir(path):
    """A fresh staging folder beside `path` (same disk, so the final move is an atomic rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    remove_stale_staging(folder)
    try:
        return tempfile.mkdtemp(prefix=f"{PREFIX}{_host()}-{os.getpid()}-", dir=folder)
    except OSError as err:
        raise DossierError(f"Kan niet schrijven in de map {folder}. Kies een andere map.", details=str(err)) from err
