"""Build an installable plugin zip (dist/wijkatlas-<version>.zip) without tests and development files."""
import configparser
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXCLUDE_TOP = {"tests", "scripts", "bench", ".ci", "docs", "dist", "output"}
EXCLUDE_FILES = {".gitignore", "pytest.ini", "requirements-dev.txt", "Makefile"}


def plugin_files():
    """Tracked files that belong in the installed plugin."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for rel in listed.splitlines():
        top = rel.split("/", 1)[0]
        if top in EXCLUDE_TOP or rel in EXCLUDE_FILES or rel.endswith((".pyc", ".ts")):
            continue
        yield rel
    built = os.path.join(ROOT, "layers", "sample", "built")  # the sample built at set-up, when present
    if os.path.isdir(built):
        for name in sorted(os.listdir(built)):
            if name.endswith((".gpkg", ".json")):
                yield f"layers/sample/built/{name}"


def build(out_dir=os.path.join(ROOT, "dist")):
    """Write the zip and return its path."""
    meta = configparser.ConfigParser()
    meta.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    version = meta["general"]["version"]
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"wijkatlas-{version}.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in sorted(plugin_files()):
            zf.write(os.path.join(ROOT, rel), f"wijkatlas/{rel}")
    return path


if __name__ == "__main__":
    out = build(*sys.argv[1:])
    print(f"Plugin-zip: {out} ({os.path.getsize(out):,} bytes)")
