"""Algorithm 'Wijkdossier bijwerken': bring an older wijkdossier to the current schema."""
from qgis.core import QgsProcessingOutputString, QgsProcessingParameterFile

from ..layers.dossier import upgrade_dossier
from ..layers.schema import SCHEMA_VERSION
from .base import WijkatlasAlgorithm


class UpgradeDossierAlgorithm(WijkatlasAlgorithm):
    """Add the layers and forms a newer Wijkatlas expects, keeping every existing layer and figure."""

    NAME = "wijkdossierbijwerken"
    DISPLAY = "Wijkdossier bijwerken"
    GROUP = "data"
    HELP = ("Werkt een wijkdossier dat met een oudere Wijkatlas is gemaakt bij naar schemaversie "
            f"{SCHEMA_VERSION}: ontbrekende lagen (bijvoorbeeld participatie en maatregelen) en formulieren worden "
            "toegevoegd; bestaande lagen, cijfers en resultaten blijven zoals ze zijn. Het bijwerken gebeurt op een "
            "kopie die het dossier pas vervangt als alles gelukt is. Sluit het project van het dossier eerst.")
    DOSSIER = "DOSSIER"
    VERSIE = "VERSIE"

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterFile(self.DOSSIER, "Wijkdossier",
                                           QgsProcessingParameterFile.Behavior.File, "gpkg")
        param.setHelp("Het wijkdossier (.gpkg) dat bijgewerkt moet worden.")
        self.addParameter(param)
        self.addOutput(QgsProcessingOutputString(self.VERSIE, "Schemaversie na bijwerken"))

    def process(self, parameters, context, feedback):
        path = self.dossier_path(parameters, self.DOSSIER, context, write=True)
        old, new = upgrade_dossier(path)
        if old == new:
            feedback.pushInfo("Het dossier heeft al schemaversie {v}; er is niets veranderd.".format(v=new))
        else:
            feedback.pushInfo("Dossier bijgewerkt van schemaversie {old} naar {new}.".format(old=old, new=new))
        return {self.VERSIE: str(new)}
