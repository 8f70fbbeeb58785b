"""Import the repository root as the package `wijkatlas`, wherever the clone lives and whatever its folder is called.

The root must never be on sys.path itself: its `processing/` folder would shadow QGIS's own `processing` package.
"""
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "wijkatlas"


def load_plugin_package(name=PACKAGE):
    """Register the plugin folder as package `name` in sys.modules and return it."""
    if name in sys.modules:
        return sys.modules[name]
    while ROOT in sys.path:
        sys.path.remove(ROOT)
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "__init__.py"),
                                                  submodule_search_locations=[ROOT])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def start_qgis(with_provider=True):
    """Headless QGIS with Processing initialised and, by default, the Wijkatlas provider; returns (app, provider)."""
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", tempfile.mkdtemp(prefix="wijkatlas-qgis-"))
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    load_plugin_package()
    provider = None
    if with_provider:
        from wijkatlas.processing.provider import WijkatlasProvider

        provider = WijkatlasProvider()
        QgsApplication.processingRegistry().addProvider(provider)
    return app, provider
