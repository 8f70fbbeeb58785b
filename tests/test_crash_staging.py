"""A run that writes into a dossier is killed (SIGKILL) at several moments: the dossier stays a valid wijkdossier with
its earlier rows, a rerun succeeds, and no staging copy is left after the rerun."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from test_bad_input import _dossier

HERE = os.path.dirname(os.path.abspath(__file__))
DELAYS = (0.0, 0.15, 0.4, 0.8, 1.3)  # seconds after the first finished import


def _notes(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT count(*) FROM participatie_buurt").fetchone()[0]
    finally:
        con.close()


def _staging(folder):
    return [n for n in os.listdir(folder) if n.startswith(".wijkatlas-")]


def _kill_during_imports(dossier, work, delay):
    """Start the writer, wait for its first finished import, wait `delay`, SIGKILL it; returns imports finished."""
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "crash_writer.py"), dossier, work, "50"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith("KLAAR 0"), f"writer did not finish its first import: {first!r}"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
    finally:
        proc.kill()
        proc.wait()
    return 1 + rest.count("KLAAR")


def _kill_when_staging(dossier, work, folder, timeout=120):
    """Start the writer and SIGKILL it the moment a staging copy appears beside the dossier (polled every 2 ms)."""
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "crash_writer.py"), dossier, work, "50"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end and proc.poll() is None:
            if _staging(folder):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("delay", DELAYS)
def test_killed_write_leaves_a_valid_dossier_and_no_litter(delay, tmp_path, provider, qgis_processing):
    import processing

    tmp = str(tmp_path)
    os.makedirs(os.path.join(tmp, "in"))
    work = os.path.join(tmp, "work")
    os.makedirs(work)
    dossier = _dossier(tmp)
    finished = _kill_during_imports(dossier, work, delay)
    rows = _notes(dossier)
    # every finished import is in (each adds 20 notes); one more may have committed just before the kill
    assert rows in (20 * finished, 20 * (finished + 1)), (rows, finished)
    left = _staging(os.path.dirname(dossier))
    csv = os.path.join(work, "na.csv")
    with open(csv, "w", encoding="utf-8") as fh:
        fh.write("thema;tekst;buurtcode\nwonen;Na de crash;BU0363AA01\n")
    result = processing.run("wijkatlas:participatieimporteren", {"INPUT": csv, "DOSSIER": dossier,
                                                                 "RAPPORT": "TEMPORARY_OUTPUT"})
    assert result["INGELEZEN"] == 1
    assert _notes(dossier) == rows + 1
    assert _staging(os.path.dirname(dossier)) == [], f"staging copies left after the rerun (before: {left})"


def test_a_kill_inside_the_staged_write_leaves_a_copy_that_the_next_run_removes(tmp_path, provider,
                                                                              qgis_processing):
    """At least one kill must land while the copy exists, or the test above proves nothing about litter."""
    tmp = str(tmp_path)
    os.makedirs(os.path.join(tmp, "in"))
    work = os.path.join(tmp, "work")
    os.makedirs(work)
    dossier = _dossier(tmp)
    folder = os.path.dirname(dossier)
    for _ in range(5):  # the copy can vanish between seeing it and the kill: try again
        _kill_when_staging(dossier, work, folder)
        if _staging(folder):
            break
    left = _staging(folder)
    assert left, "no kill landed inside a staged write"
    inner = os.path.join(folder, left[0], os.path.basename(dossier))
    assert not os.path.exists(inner) or inner != dossier  # the copy is never the dossier itself
    _notes(dossier)
    from wijkatlas.layers.schema import remove_stale_staging

    assert remove_stale_staging(folder) == len(left)
    assert _staging(folder) == []
