"""An empty field in a wijkdossier's forms and table shows empty, not the text 'NULL'; other projects keep the user's
own setting, which also returns when the dossier is closed or the plugin unloads."""
from qgis.core import NULL, QgsApplication, QgsProject, QgsVectorLayer

import wijkatlas
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.geopackage import project_uri

OWN = "<leeg veld>"  # the user's own choice in Options ▸ Data Sources


def _shown(project, layer_name, field):
    """How QGIS shows a NULL of `field` in the form and attribute table of the layer."""
    layer = project.mapLayersByName(layer_name)[0]
    idx = layer.fields().indexOf(field)
    setup = layer.editorWidgetSetup(idx)
    formatter = QgsApplication.fieldFormatterRegistry().fieldFormatter(setup.type() or "TextEdit")
    return formatter.representValue(layer, idx, setup.config(), None, NULL)


def test_dossier_shows_empty_fields_empty_and_gives_the_setting_back(qgis_iface, tmp_path):
    dossier = create_sample_dossier(str(tmp_path / "d.gpkg"))
    other = QgsProject()
    other.addMapLayer(QgsVectorLayer("Point?crs=EPSG:28992&field=naam:string", "punten", "memory"))
    other_file = str(tmp_path / "ander.qgz")
    assert other.write(other_file)
    before = QgsApplication.nullRepresentation()
    QgsApplication.setNullRepresentation(OWN)
    project = QgsProject.instance()
    plugin = wijkatlas.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert project.read(project_uri(dossier))
        assert QgsApplication.nullRepresentation() == ""
        assert _shown(project, "Participatie (punten)", "deelnemer_id") == ""
        project.clear()  # closing the dossier
        assert QgsApplication.nullRepresentation() == OWN
        assert project.read(project_uri(dossier))
        assert project.read(other_file)  # another project: the user's own setting
        assert QgsApplication.nullRepresentation() == OWN
        assert project.read(project_uri(dossier))
        assert QgsApplication.nullRepresentation() == ""
        plugin.unload()  # unloading while a dossier is open gives the setting back
        plugin = None
        assert QgsApplication.nullRepresentation() == OWN
    finally:
        if plugin is not None:
            plugin.unload()
        project.clear()
        QgsApplication.setNullRepresentation(before)
