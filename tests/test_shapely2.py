"""Wijkatlas on shapely 2 as well as on Debian's shapely 1.8.

The venv has Debian 12's shapely 1.8; pip and current QGIS installers for Windows give shapely 2, where koppelkansen
and the knelpunten neighbours take their vectorised code paths. This test runs every test of the code that uses
shapely again, in a separate Python that finds shapely 2 (scripts/setup.sh puts it in the venv's folder shapely2) first.
"""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAPELY2 = os.path.join(sys.prefix, "shapely2")  # beside the packages of the venv that runs the tests
PATTERNS = ("test_*koppel*.py", "test_*knelp*.py", "test_*plan*.py", "test_stapeling*.py",
            "test_participatie_attach.py")


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SHAPELY2, env.get("PYTHONPATH", "")]))
    return env


def test_the_shapely_code_passes_its_tests_on_shapely_2():
    assert os.path.isdir(SHAPELY2), "shapely 2 ontbreekt in .venv/shapely2: draai scripts/setup.sh"
    probe = subprocess.run([sys.executable, "-c", "import shapely; print(shapely.__version__, shapely.__file__)"],
                           env=_env(), capture_output=True, text=True, check=True).stdout.split()
    assert probe[0].startswith("2.") and probe[1].startswith(SHAPELY2), probe
    files = sorted({path for pattern in PATTERNS for path in glob.glob(os.path.join(ROOT, "tests", pattern))})
    assert len(files) >= 8, files
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *files], cwd=ROOT,
                         env=_env(), capture_output=True, text=True)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in summary and not any(word in summary for word in ("failed", "error", "skipped")), summary
