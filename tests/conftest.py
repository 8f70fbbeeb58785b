"""Test set-up: the plugin folder imported as package `wijkatlas`, headless QGIS, shared data paths."""
import os
import sys

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
# The clone's root is the plugin package and must never be on sys.path: its processing/ would hide QGIS's own
# 'processing'. pytest runs in importlib mode (pytest.ini), so it adds nothing; the tests' helper modules and
# scripts/bootstrap.py are found through these two folders.
sys.path[:0] = [TESTS, os.path.join(ROOT, "scripts")]
while ROOT in sys.path:
    sys.path.remove(ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bootstrap import load_plugin_package  # noqa: E402

load_plugin_package()

# ../shared/data beside the clone; WIJKATLAS_SHARED overrides it.
SHARED = os.environ.get("WIJKATLAS_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
SHARED_DATA = os.path.join(SHARED, "data")


@pytest.fixture(scope="session")
def shared_data():
    """Path to the real CBS/PDOK files in ../shared/data; fails clearly when they are absent."""
    if not os.path.isdir(SHARED_DATA):
        pytest.fail(f"shared data folder not found: {SHARED_DATA} (set WIJKATLAS_SHARED)")
    return SHARED_DATA


@pytest.fixture()
def provider(qgis_app):
    """The Wijkatlas provider registered in the Processing registry, removed afterwards."""
    from qgis.core import QgsApplication

    from wijkatlas.processing.provider import WijkatlasProvider

    prov = WijkatlasProvider()
    QgsApplication.processingRegistry().addProvider(prov)
    yield prov
    QgsApplication.processingRegistry().removeProvider(prov)
