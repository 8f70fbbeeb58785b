"""The plugin zip holds the plugin and nothing for development."""
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_package_zip_contents(tmp_path):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "package.py"), str(tmp_path)],
                         check=True, capture_output=True, text=True).stdout
    assert "Plugin-zip" in out
    (zip_path,) = tmp_path.glob("wijkatlas-*.zip")
    names = zipfile.ZipFile(zip_path).namelist()
    assert all(n.startswith("wijkatlas/") for n in names)
    for required in ("metadata.txt", "__init__.py", "plugin.py", "processing/provider.py",
                     "layers/common/indicators.json", "layers/sample/built/amsterdam_oost_2019.gpkg",
                     "layers/sample/built/amsterdam_oost_2019.json", "icon.svg"):
        assert f"wijkatlas/{required}" in names
    assert not [n for n in names if n.startswith(("wijkatlas/tests/", "wijkatlas/scripts/", "wijkatlas/.ci/",
                                                  "wijkatlas/bench/"))]
