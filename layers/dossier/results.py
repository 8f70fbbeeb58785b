"""Storing an analysis result (e.g. knelpunten) as a styled layer in a wijkdossier, all-or-nothing."""
import json
import os

from qgis.core import QgsCoordinateTransformContext, QgsProject, QgsVectorFileWriter, QgsVectorLayer

from ..common import DossierError
from ..schema import META_TABLE, layer_defs, layer_uri, project_uri, read_meta, set_meta, staged
from .layer_order import arrange_layers

RESULTS_KEY = "resultaatlagen"


def result_layers(path):
    """{name: title} of the result layers stored in the dossier."""
    return json.loads(read_meta(path).get(RESULTS_KEY, "{}"))


def _write(layer, gpkg, name, transform_context):
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = name
    opts.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
    err, msg, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(layer, gpkg, transform_context,
                                                               opts)
    if err != QgsVectorFileWriter.WriterError.NoError:
        raise DossierError(f"Kon laag '{name}' niet in het dossier schrijven: {msg}")


def add_results_to_project(gpkg, project, names=None):
    """Add stored result layers (default style from the GeoPackage) to a project; returns the added layers."""
    stored = result_layers(gpkg)
    added = []
    for name, title in stored.items():
        if names is not None and name not in names:
            continue
        for lyr in list(project.mapLayers().values()):
            if lyr.source().endswith(f"layername={name}"):
                project.removeMapLayer(lyr.id())
        layer = QgsVectorLayer(layer_uri(gpkg, name), title, "ogr")
        if not layer.isValid():
            raise DossierError(f"Resultaatlaag '{name}' ontbreekt in het dossier.")
        project.addMapLayer(layer)
        added.append(layer)
    return added


def store_result_layer(dossier, layer, name, title, style=None, transform_context=None):
    """Write `layer` into the dossier as `name`, styled by style(layer), and add it to the stored project.

    Works on a copy beside the dossier and replaces the original only when everything succeeded.
    """
    if name in {d.name for d in layer_defs()} or name == META_TABLE:
        raise DossierError(f"'{name}' is een vaste laag van het wijkdossier en kan niet als resultaat worden "
                           "opgeslagen.")
    read_meta(dossier)  # refuses files that are not a dossier
    with staged(dossier, copy=True) as tmp:
        _write(layer, tmp, name, transform_context or QgsCoordinateTransformContext())
        stored = result_layers(tmp)
        stored[name] = title
        set_meta(tmp, RESULTS_KEY, json.dumps(stored, ensure_ascii=False))
        project = QgsProject()
        if not project.read(project_uri(tmp)):
            raise DossierError("Het project in het dossier kon niet worden gelezen.")
        (stored_layer,) = add_results_to_project(tmp, project, {name})
        if style is not None:
            style(stored_layer)
        arrange_layers(project)
        err = stored_layer.saveStyleToDatabase(name, f"Wijkatlas-stijl voor {title}", True, "")
        if err:
            raise DossierError(f"Kon de stijl van '{name}' niet opslaan: {err}")
        if not project.write(project_uri(tmp)):
            raise DossierError(f"Kon het project niet bijwerken: {project.error()}")
        del project, stored_layer
    return layer_uri(dossier, name)


def dossier_inputs(path):
    """The layers an analysis or the atlas reads from a dossier: buurten, referentie and stored results.

    Returns {name: QgsVectorLayer} with 'buurten' and, when present, 'referentie' and every stored result layer
    (e.g. 'knelpunten'). A DossierError names what is missing.
    """
    read_meta(path)  # refuses files that are not a wijkdossier
    layers = {}
    for name, title in [("buurten", "Buurten"), ("referentie", "Referentiecijfers")] + list(
            result_layers(path).items()):
        layer = QgsVectorLayer(layer_uri(path, name), title, "ogr")
        if layer.isValid():
            layers[name] = layer
    if "buurten" not in layers:
        raise DossierError(f"Het wijkdossier {os.path.basename(path)} heeft geen laag 'buurten'.")
    return layers
