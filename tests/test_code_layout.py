"""Static checks: Qt6-safe scoped enums and imports, no HTTP library in the plugin, small modules."""
import importlib
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_DIRS = ("", "processing", "layers", "layers/atlas", "forms")
ACCESS = re.compile(r"\b(Q[A-Za-z0-9]+)\.([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*[.(])")
MODULES = ("qgis.core", "qgis.gui", "qgis.PyQt.QtCore", "qgis.PyQt.QtGui", "qgis.PyQt.QtWidgets",
           "qgis.PyQt.QtNetwork")


def plugin_sources():
    for sub in PLUGIN_DIRS:
        folder = os.path.join(ROOT, sub)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                yield os.path.join(sub, name)


def _resolve(cls_name):
    for mod in MODULES:
        cls = getattr(importlib.import_module(mod), cls_name, None)
        if cls is not None:
            return cls
    return None


def test_enums_are_scoped(qgis_app):
    """An enum value reached as Class.Value breaks on Qt6; write Class.EnumType.Value."""
    bad = []
    for rel in plugin_sources():
        with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                code = line.split("#", 1)[0]
                for cls_name, attr in ACCESS.findall(code):
                    cls = _resolve(cls_name)
                    value = getattr(cls, attr, None) if cls is not None else None
                    if isinstance(value, int) and not isinstance(value, bool):
                        bad.append(f"{rel}:{lineno}: {cls_name}.{attr}")
    assert not bad, "unscoped enums:\n" + "\n".join(bad)


@pytest.mark.parametrize("pattern", [r"^\s*(import|from)\s+(PyQt5|PyQt6)\b", r"^\s*(import|from)\s+requests\b",
                                     r"^\s*(import|from)\s+urllib\.request\b", r"\bexec_\(", r"\bQRegExp\b"])
def test_no_forbidden_imports_or_qt5_only_calls(pattern):
    hits = []
    for rel in plugin_sources():
        with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
            hits += [f"{rel}:{n}" for n, line in enumerate(fh, 1) if re.search(pattern, line)]
    assert not hits, hits


def test_modules_stay_small():
    long = []
    for rel in plugin_sources():
        with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
            count = sum(1 for _ in fh)
        if count > 400:
            long.append(f"{rel}: {count}")
    assert not long, long
