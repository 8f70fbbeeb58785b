"""The plugin loads and unloads cleanly in QGIS, and every algorithm is documented."""
import configparser
import os

from qgis.core import QgsApplication, QgsProcessingParameterDefinition

import wijkatlas
from wijkatlas.processing.provider import algorithm_classes

ROOT = os.path.dirname(wijkatlas.__file__)


def _menu_texts(iface):
    bar = iface.mainWindow().menuBar()
    return [a.text() for a in bar.actions()]


def test_plugin_loads_and_unloads(qgis_iface):
    registry = QgsApplication.processingRegistry()
    plugin = wijkatlas.classFactory(qgis_iface)
    plugin.initGui()
    assert registry.providerById("wijkatlas") is not None
    assert len(plugin.actions) == 2
    assert any("voorbeelddossier" in a.text() for a in plugin.actions)
    plugin.unload()
    assert registry.providerById("wijkatlas") is None
    assert plugin.actions == []


def test_provider_lists_algorithms_with_help(provider):
    algs = provider.algorithms()
    assert {a.name() for a in algs} >= {"nieuwwijkdossier"}
    assert len(algs) == len(algorithm_classes())
    for alg in algs:
        assert alg.groupId() in {"data", "analyse", "plannen", "atlas"}, alg.name()
        assert alg.shortHelpString().strip(), f"{alg.name()} has no help"
        assert alg.name() == alg.name().lower()
        for param in alg.parameterDefinitions():
            assert isinstance(param, QgsProcessingParameterDefinition)
            assert param.help().strip(), f"{alg.name()}: parameter {param.name()} has no help text"


def test_metadata_complete():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    general = meta["general"]
    for key in ("name", "description", "about", "version", "qgisMinimumVersion", "qgisMaximumVersion",
                "author", "email", "category", "tags", "homepage", "tracker", "repository", "license",
                "hasProcessingProvider"):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.40"
    assert float(general["qgisMaximumVersion"]) >= 4
    assert general["hasProcessingProvider"] == "yes"
    assert os.path.exists(os.path.join(ROOT, general["icon"]))


def test_qgis_processing_package_not_shadowed(qgis_processing):
    import processing

    assert os.path.dirname(processing.__file__) != os.path.join(ROOT, "processing")
