"""The opened wijkdossier is ready to read: groups, points above lines above areas, background off."""
from qgis.core import QgsDatumTransform, QgsProject, QgsWkbTypes

from wijkatlas.layers.dossier.layer_order import BACKGROUND_NAME
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.geopackage import project_uri

GEOMETRY_ORDER = {QgsWkbTypes.GeometryType.PointGeometry: 0, QgsWkbTypes.GeometryType.LineGeometry: 1,
                  QgsWkbTypes.GeometryType.PolygonGeometry: 2}


def _groups(project):
    root = project.layerTreeRoot()
    assert not root.findLayers() or all(node.parent() is not root for node in root.findLayers())
    return [(group.name(), [node for node in group.children()]) for group in root.children()]


def test_dossier_project_has_groups_in_drawing_order(tmp_path, provider, qgis_processing):
    import processing

    dossier = create_sample_dossier(str(tmp_path / "dossier.gpkg"))
    processing.run("wijkatlas:knelpuntensignaleren", {
        "DOSSIER": dossier, "OUTPUT": "TEMPORARY_OUTPUT", "SAMENVATTING": "TEMPORARY_OUTPUT"})
    project = QgsProject()
    assert project.read(project_uri(dossier))
    groups = _groups(project)
    names = [name for name, _ in groups]
    assert names == ["Participatie en plannen", "Analyse", "Basis"]
    by_group = {name: nodes for name, nodes in groups}
    assert [n.name() for n in by_group["Analyse"]] == ["Knelpunten"]
    basis = [n.name() for n in by_group["Basis"]]
    assert basis[0] == "Buurten" and basis[-1] == BACKGROUND_NAME
    background = by_group["Basis"][-1]
    assert not background.itemVisibilityChecked()  # opens offline without asking for tiles
    assert "type=xyz" in background.layer().source() and "service.pdok.nl/brt" in background.layer().source()
    # The datum transformation to the background is stored: opening the dossier never asks which one to use.
    context = project.transformContext()
    for source, target in ((background.layer().crs(), project.crs()), (project.crs(), background.layer().crs())):
        assert context.hasTransform(source, target) and "Amersfoort" in " ".join(
            op.name for op in QgsDatumTransform.operations(source, target)
            if op.proj == context.calculateCoordinateOperation(source, target))
    # Within the participation group: points, then lines, then areas, then tables.
    spatial = [GEOMETRY_ORDER.get(n.layer().geometryType(), 3) for n in by_group["Participatie en plannen"]]
    assert spatial == sorted(spatial) and spatial[0] == 0 and 2 in spatial
    assert all(n.itemVisibilityChecked() for n in by_group["Participatie en plannen"])
