"""Static checks: Qt6-safe scoped enums and imports, no HTTP library in the plugin, small modules."""
import ast
import importlib
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_DIRS = ("", "processing", "forms") + tuple(
    os.path.relpath(dp, ROOT) for dp, _, _ in os.walk(os.path.join(ROOT, "layers")) if "__pycache__" not in dp)
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


def _imports_in_functions(tree):
    """(line, module) of every import statement inside a function body."""
    found = []
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom):
                    found.append((node.lineno, "." * node.level + (node.module or "")))
                elif isinstance(node, ast.Import):
                    found.extend((node.lineno, a.name) for a in node.names)
    return found


def test_no_imports_hidden_in_functions():
    """Imports of our own code sit at the top of a module; one inside a function would hide an import loop.

    Only optional third-party dependencies may be imported lazily, and only with a '# lazy:' comment saying why.
    """
    bad = []
    for rel in plugin_sources():
        path = os.path.join(ROOT, rel)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.splitlines()
        for lineno, module in _imports_in_functions(ast.parse(text)):
            if rel == "__init__.py" and module == ".plugin":
                continue  # QGIS's classFactory convention: the plugin class loads only when QGIS enables it
            if module.startswith(".") or module.startswith("wijkatlas") or "# lazy:" not in lines[lineno - 1]:
                bad.append(f"{rel}:{lineno}: {module}")
    assert not bad, "imports inside functions:\n" + "\n".join(bad)


def _package_of(rel):
    parts = rel.split(os.sep)
    return parts[1] if parts[0] == "layers" and len(parts) > 2 else None


# Which layers packages each package may import: processing -> a domain -> schema -> common.
ALLOWED = {
    "common": set(),
    "net": {"common"},
    "schema": {"common"},
    "data": {"common", "net", "schema"},
    "participatie": {"common", "net", "schema", "data"},
    "knelpunten": {"common", "schema"},
    "dossier": {"common", "schema", "participatie", "knelpunten", "routekaart", "plans"},
    "atlas": {"common", "schema", "dossier", "participatie", "knelpunten", "routekaart", "geldstromen",
              "wijkverhaal"},
    "sample": {"common", "schema", "data", "dossier", "participatie"},
    "routekaart": {"common", "net", "schema", "data", "participatie"},
    "geldstromen": {"common", "schema", "data", "participatie"},
    "wijkverhaal": {"common", "schema", "data", "participatie"},
    "plans": {"common", "net", "schema", "data", "participatie"},
    "postgis": {"common", "schema", "dossier", "participatie"},
}


def test_imports_point_one_way():
    """A package imports only the packages below it (see docs/architecture.md)."""
    bad = []
    for rel in plugin_sources():
        pkg = _package_of(rel)
        if pkg is None:
            continue
        with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                target = node.module.split(".")[0]
                if target not in ALLOWED.get(pkg, set()) and target != pkg:
                    bad.append(f"{rel}:{node.lineno}: {pkg} -> {target}")
            if isinstance(node, ast.ImportFrom) and node.level == 3 and node.module and pkg not in ("dossier",):
                bad.append(f"{rel}:{node.lineno}: {pkg} -> {node.module}")
    assert not bad, "imports against the direction:\n" + "\n".join(bad)
    assert set(ALLOWED) == {d for d in os.listdir(os.path.join(ROOT, "layers"))
                            if os.path.isfile(os.path.join(ROOT, "layers", d, "__init__.py"))}, \
        "a new package under layers/ needs its place in ALLOWED and in docs/architecture.md"
