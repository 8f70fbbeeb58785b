"""Empty fields shown empty, not as the text 'NULL', while a wijkdossier is open in QGIS.

How QGIS writes a NULL in forms and the attribute table is one application-wide setting
(QgsApplication.nullRepresentation, 'NULL' by default; no editor widget has its own). While a project stored in a
wijkdossier is open it is set to '' (a resident's note with an empty field then reads as empty); the user's own
value returns when the project is closed or replaced, and when the plugin unloads.
"""
from qgis.core import QgsApplication, QgsProject

from ..schema import dossier_path_of_project

DOSSIER_NULL = ""


class DossierNullDisplay:
    """Follows QgsProject.instance(): '' as NULL representation while a wijkdossier is open."""

    def __init__(self, project=None):
        self.project = project or QgsProject.instance()
        self.saved = None  # the user's representation, kept while ours is active

    def install(self):
        """Start following the project (and apply at once when a dossier is already open)."""
        self.project.readProject.connect(self.project_read)
        self.project.cleared.connect(self.restore)
        self.project_read()

    def uninstall(self):
        """Stop following the project and give the user's representation back."""
        for signal, slot in ((self.project.readProject, self.project_read), (self.project.cleared, self.restore)):
            try:
                signal.disconnect(slot)
            except TypeError:
                pass  # install() never connected it
        self.restore()

    def project_read(self, *args):
        """A project was opened: a wijkdossier shows empty fields empty; any other project gets the user's value."""
        if dossier_path_of_project(self.project.fileName()) is None:
            self.restore()
            return
        if self.saved is None:
            self.saved = QgsApplication.nullRepresentation()
        QgsApplication.setNullRepresentation(DOSSIER_NULL)

    def restore(self, *args):
        """Put the user's own NULL representation back (nothing to do when ours is not active)."""
        if self.saved is not None:
            QgsApplication.setNullRepresentation(self.saved)
            self.saved = None
