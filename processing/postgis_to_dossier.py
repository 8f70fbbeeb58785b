"""Algorithm 'PostGIS naar wijkdossier': write a dossier schema from PostgreSQL to a new GeoPackage."""
from qgis.core import QgsProcessingParameterFileDestination

from ..layers.postgis import postgis_to_dossier
from ._postgis_params import add_connection_parameters, ref_from_parameters
from .base import WijkatlasAlgorithm


class PostgisToDossierAlgorithm(WijkatlasAlgorithm):
    """Copy a PostGIS dossier (layers, styles, project) into a new GeoPackage, all or nothing."""

    NAME = "postgisnaarwijkdossier"
    DISPLAY = "PostGIS naar wijkdossier"
    GROUP = "data"
    HELP = ("Schrijft een wijkdossier uit een PostgreSQL-schema naar een nieuw GeoPackage (om te mailen of "
            "onderweg te gebruiken): alle lagen met hun rijen, stijlen, formulieren en het project. De "
            "bijhoudvelden van de database (versie, gewijzigd_op, gewijzigd_door) en het logboek blijven in de "
            "database. Een bestaand bestand wordt nooit overschreven.")
    OUTPUT = "OUTPUT"
    OUTPUTS = (("LAGEN", "number", "Aantal geschreven lagen en tabellen"),)

    def initAlgorithm(self, config=None):  # noqa: N802
        add_connection_parameters(self, "Het schema met het wijkdossier.")
        out = QgsProcessingParameterFileDestination(self.OUTPUT, "Wijkdossier (GeoPackage)", "GeoPackage (*.gpkg)")
        out.setHelp("Het nieuwe .gpkg-bestand. Het mag nog niet bestaan.")
        self.addParameter(out)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        counts = postgis_to_dossier(ref_from_parameters(self, parameters, context), path, feedback)
        feedback.pushInfo(f"{len(counts)} lagen en tabellen geschreven ({sum(counts.values())} rijen).")
        return {self.OUTPUT: path, "LAGEN": len(counts)}
