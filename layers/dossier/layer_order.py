"""The layer panel of an opened wijkdossier: groups, points above lines above areas, and an optional background map.

Top to bottom: 'Participatie en plannen' (every layer of the dossier's schema besides the buurten: notes, measures,
plans and koppelkansen, besluitmomenten, geldstromen, stories, partners; small points and lines, nothing may hide them),
'Analyse' (knelpunten and other result layers: areas that colour whole buurten), 'Basis' (buurten, reference
figures, the PDOK background map, switched off so the dossier opens offline without waiting for tiles).
"""
from urllib.parse import quote

from qgis.core import QgsDatumTransform, QgsLayerTreeLayer, QgsRasterLayer, QgsWkbTypes

from ..common import services
from ..schema import NOTES_VIEW, layer_defs

PARTICIPATIE = "Participatie en plannen"
ANALYSE = "Analyse"
BASIS = "Basis"
GROUP_ORDER = (PARTICIPATIE, ANALYSE, BASIS)
BASIS_LAYERS = ("buurten", "referentie")
GEOMETRY_RANK = {QgsWkbTypes.GeometryType.PointGeometry: 0, QgsWkbTypes.GeometryType.LineGeometry: 1,
                 QgsWkbTypes.GeometryType.PolygonGeometry: 2}
BACKGROUND_NAME = services()["pdok_brt_xyz"]["name"]


def table_name(layer):
    """The GeoPackage table behind a layer ('' for a layer that is not in a dossier)."""
    source = layer.source()
    return source.split("layername=", 1)[1].split("|", 1)[0] if "layername=" in source else ""


def group_of(layer):
    """The group a dossier layer belongs in."""
    name = table_name(layer)
    if name in BASIS_LAYERS or layer.name() == BACKGROUND_NAME:
        return BASIS
    # notes (and the notes view of the measures' picker), measures, plans, koppelkansen, money, stories, partners
    if name in {d.name for d in layer_defs()} or name == NOTES_VIEW:
        return PARTICIPATIE
    return ANALYSE  # result layers stored by an analysis (knelpunten, …)


def _rank(layer):
    """Points, lines, areas, then tables and rasters: what is small is drawn on top."""
    if layer.name() == BACKGROUND_NAME:
        return 9
    geometry = layer.geometryType() if hasattr(layer, "geometryType") else None
    return GEOMETRY_RANK.get(geometry, 5 if hasattr(layer, "geometryType") else 8)


def background_layer():
    """The PDOK BRT background (XYZ tiles; nothing is fetched until the layer is switched on)."""
    conf = services()["pdok_brt_xyz"]
    uri = f"type=xyz&url={quote(conf['url'], safe=':/{}')}&zmin=0&zmax={conf['zmax']}"
    layer = QgsRasterLayer(uri, conf["name"], "wms")
    layer.serverProperties().setAttribution(conf["attribution"])
    return layer


def fix_transforms(project, other_crs):
    """Store in the project which datum transformation to use between its CRS and `other_crs` (the background's
    Web Mercator): RD to WGS 84 has several, and QGIS may otherwise stop opening the dossier to ask which one."""
    context = project.transformContext()
    for source, target in ((other_crs, project.crs()), (project.crs(), other_crs)):
        operations = [op for op in QgsDatumTransform.operations(source, target) if op.isAvailable]
        if len(operations) > 1:  # the first is the one PROJ ranks best (accuracy, then area of use)
            context.addCoordinateOperation(source, target, operations[0].proj)
    project.setTransformContext(context)


def arrange_layers(project, with_background=False):
    """Put every layer of the project in its group, in drawing order; add the (hidden) background when asked."""
    root = project.layerTreeRoot()
    if with_background and not project.mapLayersByName(BACKGROUND_NAME):
        background = background_layer()
        if background.isValid():
            project.addMapLayer(background, False)
            root.addLayer(background)
            fix_transforms(project, background.crs())
    groups = {}
    for name in GROUP_ORDER:
        groups[name] = root.findGroup(name) or root.addGroup(name)
    layers = sorted(project.mapLayers().values(), key=lambda lyr: (GROUP_ORDER.index(group_of(lyr)), _rank(lyr),
                                                                   lyr.name()))
    for layer in layers:
        node = root.findLayer(layer.id())
        visible = node.itemVisibilityChecked() if node is not None else True
        if node is not None:
            node.parent().removeChildNode(node)
        new = QgsLayerTreeLayer(layer)
        new.setItemVisibilityChecked(visible and layer.name() != BACKGROUND_NAME)
        groups[group_of(layer)].addChildNode(new)
    for name in GROUP_ORDER:  # groups in a fixed order, empty ones removed
        group = groups[name]
        clone = group.clone()
        root.removeChildNode(group)
        if clone.children():
            root.addChildNode(clone)
    return [(name, [n.name() for n in root.findGroup(name).children()]) for name in GROUP_ORDER
            if root.findGroup(name) is not None]
