"""Keeping a renamed wijkdossier working: its stored project points at the dossier's own, possibly old, file name."""
import os

from qgis.core import QgsPathResolver, QgsProject

from ..common import DossierError
from ..schema import dossier_path_of_project, read_meta


def redirect(path, project_file):
    """The path a dossier layer should use: the dossier itself when `path` names a GeoPackage beside it that is gone.

    A project stored in a GeoPackage keeps its layers as './<file name>.gpkg'; after the user renames the dossier,
    that name no longer exists. Only such missing files in the dossier's own folder are redirected.
    """
    dossier = dossier_path_of_project(project_file)
    if dossier is None or not path:
        return path
    file_part, sep, rest = path.partition("|")
    if not file_part.lower().endswith(".gpkg"):
        return path
    folder = os.path.dirname(os.path.abspath(dossier))
    target = file_part if os.path.isabs(file_part) else os.path.join(folder, file_part)
    if os.path.exists(target) or os.path.dirname(os.path.abspath(target)) != folder or not os.path.exists(dossier):
        return path
    try:
        read_meta(dossier)
    except DossierError:
        return path  # not a wijkdossier: leave other projects alone
    new = "./" + os.path.basename(dossier) if not os.path.isabs(file_part) else os.path.abspath(dossier)
    return new + sep + rest


def install_redirect():
    """Register the redirect with QGIS's path resolver; returns the id for remove_redirect()."""
    return QgsPathResolver.setPathPreprocessor(lambda path: redirect(path, QgsProject.instance().fileName()))


def remove_redirect(preprocessor_id):
    """Unregister the redirect."""
    if preprocessor_id:
        QgsPathResolver.removePathPreprocessor(preprocessor_id)


def open_dossier(project=None):
    """The path of the wijkdossier whose stored project is open in QGIS (or `project`), else None."""
    project = project or QgsProject.instance()
    path = dossier_path_of_project(project.fileName())
    if not path or not os.path.isfile(path):
        return None
    try:
        read_meta(path)
    except DossierError:
        return None
    return path
