"""The QGIS project stored inside a wijkdossier: layers, aliases, styles and title."""
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsReferencedRectangle, QgsVectorLayer

from ...forms.geldstromen_forms import install_geldstromen_forms
from ...forms.notes_picker import set_notes_picker
from ...forms.participatie_forms import install_forms
from ...forms.plannen_forms import install_plan_forms
from ...forms.routekaart_forms import install_routekaart_forms
from ..common import DossierError, load_catalogue, style_buurten
from ..participatie import style_participatie_layers
from ..plans import load_categories, style_plan_layers
from ..routekaart import set_temporal_properties
from ..schema import CRS, MEASURE_LAYERS, NOTES_VIEW, NOTES_VIEW_TITLE, PROJECT_NAME, create_notes_view, layer_defs
from .layer_order import arrange_layers

# Attribution shown in the project's metadata and on every export.
ATTRIBUTION = "© Kadaster / Centraal Bureau voor de Statistiek (CBS), CC-BY 4.0"


def _set_aliases(layer, defn):
    for f in defn.fields:
        idx = layer.fields().indexOf(f.name)
        if idx >= 0 and f.alias:
            layer.setFieldAlias(idx, f.alias)


def build_project(gpkg, title, style_indicator="aardgas"):
    """(Re)write the stored project of the dossier at `gpkg` with every schema layer, styled."""
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem(CRS))
    project.setTitle(title)
    meta = project.metadata()
    meta.setTitle(title)
    meta.setAbstract(f"Wijkdossier gemaakt met Wijkatlas. Bronnen: {ATTRIBUTION}.")
    project.setMetadata(meta)
    style_ids = {ind.id for ind in load_catalogue()}
    has_notes_view = create_notes_view(gpkg)  # the measures' note picker reads every notes layer through it
    layers = {}
    for defn in layer_defs():
        layer = QgsVectorLayer(f"{gpkg}|layername={defn.name}", defn.title, "ogr")
        if not layer.isValid():
            raise DossierError(f"Laag '{defn.name}' ontbreekt in het dossier.")
        _set_aliases(layer, defn)
        if defn.name == "buurten":
            style_buurten(layer, style_indicator if style_indicator in style_ids else "aardgas")
            layer.serverProperties().setAttribution(ATTRIBUTION)
            extent = layer.extent()
            extent.scale(1.1)
            project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, layer.crs()))
        project.addMapLayer(layer)
        layers[defn.name] = (defn, layer)
    # Forms need every layer in the project first: their partner pickers are project relations.
    install_forms(project, {name: layer for name, (_, layer) in layers.items()})
    install_routekaart_forms(project, {name: layer for name, (_, layer) in layers.items()})
    set_temporal_properties({name: layer for name, (_, layer) in layers.items()})
    install_geldstromen_forms({name: layer for name, (_, layer) in layers.items()})
    style_participatie_layers({name: layer for name, (_, layer) in layers.items()})
    install_plan_forms(project, {name: layer for name, (_, layer) in layers.items()}, load_categories().names)
    style_plan_layers({name: layer for name, (_, layer) in layers.items()})
    if has_notes_view:
        notes_view = QgsVectorLayer(f"{gpkg}|layername={NOTES_VIEW}", NOTES_VIEW_TITLE, "ogr")
        project.addMapLayer(notes_view)
        set_notes_picker([layer for name, (_, layer) in layers.items() if name in MEASURE_LAYERS], notes_view)
    for defn, layer in layers.values():
        if defn.geometry is not None or defn.since >= 2:
            err = layer.saveStyleToDatabase(defn.name, f"Wijkatlas-stijl voor {defn.title}", True, "")
            if err:
                raise DossierError(f"Kon de stijl van '{defn.name}' niet opslaan: {err}")
    arrange_layers(project, with_background=True)
    if not project.write(f"geopackage:{gpkg}?projectName={PROJECT_NAME}"):
        raise DossierError(f"Kon het project niet in het dossier opslaan: {project.error()}")
    return project
