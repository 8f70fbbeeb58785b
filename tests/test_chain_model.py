"""The chain model runs in qgis_process with named parameters, as a user or a scheduled job would call it."""
import os
import shutil
import sqlite3
import subprocess

import pytest
from atlas_pdf_tools import page_count, page_texts

from wijkatlas.layers.atlas.front_pages import FRONT_PAGES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "layers", "sample", "built", "amsterdam_oost_2019.gpkg")


@pytest.fixture()
def qgis_process_env(tmp_path):
    """A throw-away QGIS profile with this clone installed as the plugin 'wijkatlas' and enabled."""
    exe = shutil.which("qgis_process")
    assert exe, "qgis_process ontbreekt (scripts/setup.sh installeert qgis)"
    plugins = tmp_path / "profiel" / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    os.symlink(ROOT, plugins / "wijkatlas")
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profiel"), QT_QPA_PLATFORM="offscreen",
               XDG_RUNTIME_DIR=str(runtime))
    subprocess.run([exe, "plugins", "enable", "wijkatlas"], env=env, check=True, capture_output=True, timeout=120)
    return exe, env


def test_chain_model_runs_in_qgis_process(qgis_process_env, tmp_path):
    exe, env = qgis_process_env
    dossier, atlas = tmp_path / "keten.gpkg", tmp_path / "keten.pdf"
    run = subprocess.run([exe, "run", "wijkatlas:wijkaanpakketen", "--TITEL=Proef keten",
                          f"--wijkdossier={dossier}", f"--buurtatlas={atlas}"],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Traceback" not in run.stdout + run.stderr
    con = sqlite3.connect(SAMPLE)
    buurten = con.execute("SELECT count(*) FROM buurten").fetchone()[0]
    con.close()
    con = sqlite3.connect(dossier)
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    stored = con.execute("SELECT count(*) FROM knelpunten").fetchone()[0]
    con.close()
    assert {"buurten", "referentie", "knelpunten"} <= tables and stored == buurten
    front = len(FRONT_PAGES) + 1  # cover, leeswijzer, inhoud and the wijkcoalitie (the sample has partners)
    assert page_count(str(atlas)) == buurten + front
    texts = page_texts(str(atlas))
    assert "Buurtatlas" in texts[0] and texts[front - 1].lstrip().startswith("Wijkcoalitie")
    assert not [t for t in texts[front:] if "geen knelpuntenanalyse" in t]  # the model's knelpunten reached every page
    assert sum("Stapeling" in t or "stapeling 0" in t for t in texts[front:]) == buurten


def test_chain_model_is_listed_with_named_parameters(qgis_process_env):
    exe, env = qgis_process_env
    help_text = subprocess.run([exe, "help", "wijkatlas:wijkaanpakketen"], env=env, capture_output=True,
                               text=True, timeout=120, check=True).stdout
    for name in ("BUURTEN", "REFERENTIE", "TITEL", "wijkdossier", "buurtatlas"):
        assert name in help_text
