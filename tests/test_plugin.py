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
    assert {a.name() for a in algs} >= {"nieuwwijkdossier", "wijkdossierbijwerken", "buurtgrenzenladen",
                                        "cbskerncijferskoppelen", "knelpuntensignaleren", "buurtatlasmaken"}
    assert len(algs) == len(algorithm_classes()) + 2  # + the chain models (GeoPackage, PostGIS)
    assert {"wijkaanpakketen", "wijkaanpakketen_postgis"} <= {a.name() for a in algs}
    for alg in algs:
        assert alg.groupId() in {"data", "analyse", "plannen", "atlas", "modellen"}, alg.name()
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


def test_opening_an_older_dossier_says_what_to_do(qgis_iface, tmp_path):
    import sqlite3

    from qgis.core import Qgis, QgsProject

    from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
    from wijkatlas.layers.schema.definitions import META_TABLE
    from wijkatlas.layers.schema.geopackage import project_uri

    path = create_sample_dossier(str(tmp_path / "oud.gpkg"))
    con = sqlite3.connect(path)
    with con:
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("1", "schema_version"))
    con.close()
    plugin = wijkatlas.classFactory(qgis_iface)
    plugin.initGui()
    try:
        qgis_iface.messageBar().clear_messages()
        assert QgsProject.instance().read(project_uri(path))
        warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
        assert any("Wijkdossier bijwerken" in m for m in warnings), warnings
    finally:
        plugin.unload()
        QgsProject.instance().clear()


def test_opening_a_dossier_an_older_wijkatlas_wrote_says_what_to_do(qgis_iface, tmp_path):
    import sqlite3

    from qgis.core import Qgis, QgsProject

    from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
    from wijkatlas.layers.schema.definitions import META_TABLE
    from wijkatlas.layers.schema.geopackage import project_uri

    path = create_sample_dossier(str(tmp_path / "vorig.gpkg"))
    plugin = wijkatlas.classFactory(qgis_iface)
    plugin.initGui()
    try:
        qgis_iface.messageBar().clear_messages()
        assert QgsProject.instance().read(project_uri(path))  # written by this version: no message
        assert not qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info)
        QgsProject.instance().clear()
        con = sqlite3.connect(path)
        with con:
            con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("0.2.0", "wijkatlas_versie"))
        con.close()
        assert QgsProject.instance().read(project_uri(path))
        infos = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info)
        assert any("Wijkatlas 0.2.0" in m and "Wijkdossier bijwerken" in m for m in infos), infos
    finally:
        plugin.unload()
        QgsProject.instance().clear()


def test_upgrade_algorithm_brings_dossier_to_current_version(tmp_path, provider, qgis_processing):
    import sqlite3

    import processing
    from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
    from wijkatlas.layers.schema.definitions import META_TABLE, SCHEMA_VERSION
    from wijkatlas.layers.schema.geopackage import schema_version

    path = create_sample_dossier(str(tmp_path / "oud.gpkg"))
    con = sqlite3.connect(path)
    with con:
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("1", "schema_version"))
    con.close()
    from qgis.core import QgsVectorLayer

    from wijkatlas.layers.schema.geopackage import layer_uri

    notes = QgsVectorLayer(layer_uri(path, "participatie_punten"), "p", "ogr").featureCount()
    assert notes > 0
    result = processing.run("wijkatlas:wijkdossierbijwerken", {"DOSSIER": path})
    assert result["VERSIE"] == str(SCHEMA_VERSION) == str(schema_version(path))
    # Layers that were already there are kept as they are, never replaced by empty ones.
    assert QgsVectorLayer(layer_uri(path, "participatie_punten"), "p", "ogr").featureCount() == notes


def test_renamed_dossier_opens_with_its_layers_when_plugin_is_loaded(qgis_iface, tmp_path):
    from qgis.core import QgsProject

    from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
    from wijkatlas.layers.schema.geopackage import project_uri

    original = create_sample_dossier(str(tmp_path / "oost.gpkg"))
    renamed = str(tmp_path / "oost_kopie_wijkteam.gpkg")
    os.rename(original, renamed)
    project = QgsProject.instance()
    plugin = wijkatlas.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert project.read(project_uri(renamed))
        # The dossier's own layers (the PDOK background is a web layer, not a file beside the project).
        layers = [lyr for lyr in project.mapLayers().values() if lyr.providerType() == "ogr"]
        assert layers and all(lyr.isValid() for lyr in layers)
        assert all(lyr.source().startswith(renamed) for lyr in layers)
    finally:
        plugin.unload()
        project.clear()
    # Without the plugin QGIS itself cannot find them: the redirect is what makes the difference.
    assert project.read(project_uri(renamed))
    assert not any(lyr.isValid() for lyr in project.mapLayers().values() if lyr.providerType() == "ogr")
    project.clear()
