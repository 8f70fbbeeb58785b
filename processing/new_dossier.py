"""Algorithm 'Nieuw wijkdossier' (placeholder until the dossier module lands)."""
from qgis.core import QgsProcessingParameterFileDestination

from .base import WijkatlasAlgorithm


class NewDossierAlgorithm(WijkatlasAlgorithm):
    """Create a wijkdossier GeoPackage with its stored project."""

    NAME = "nieuwwijkdossier"
    DISPLAY = "Nieuw wijkdossier"
    GROUP = "data"
    HELP = "Maakt een wijkdossier."
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterFileDestination(self.OUTPUT, self.tr("Wijkdossier"), "GeoPackage (*.gpkg)")
        param.setHelp(self.tr("Het nieuwe GeoPackage-bestand."))
        self.addParameter(param)

    def run(self, parameters, context, feedback):
        return {}
