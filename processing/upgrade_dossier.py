"""Algorithm 'Wijkdossier bijwerken': bring an older wijkdossier to the current schema."""
from qgis.core import QgsProcessingOutputString, QgsProcessingParameterFile, QgsProcessingParameterString

from ..layers.common import DossierError
from ..layers.dossier import upgrade_dossier
from ..layers.postgis import parse_ref, upgrade_postgis_dossier
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
            "kopie die het dossier pas vervangt als alles gelukt is. Sluit het project van het dossier eerst.<br><br>"
            "Een dossier in PostGIS (verwijzing 'postgres:schema=…;service=…') wordt in één transactie "
            "bijgewerkt.")
    DOSSIER = "DOSSIER"
    POSTGIS = "POSTGIS"
    VERSIE = "VERSIE"

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterFile(self.DOSSIER, "Wijkdossier",
                                           QgsProcessingParameterFile.Behavior.File, "gpkg", optional=True)
        param.setHelp("Het wijkdossier (.gpkg) dat bijgewerkt moet worden.")
        self.addParameter(param)
        pg = QgsProcessingParameterString(self.POSTGIS, "of: PostGIS-dossier (postgres:…)", optional=True)
        pg.setHelp("Een wijkdossier in PostGIS, zoals 'Wijkdossier naar PostGIS' het teruggeeft, bijvoorbeeld "
                   "postgres:schema=oost;service=gemeente;authcfg=ab12cd3. Laat leeg voor een .gpkg.")
        self.addParameter(pg)
        self.addOutput(QgsProcessingOutputString(self.VERSIE, "Schemaversie na bijwerken"))

    def process(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.DOSSIER, context)
        reference = self.parameterAsString(parameters, self.POSTGIS, context)
        if not path and not reference:  # both given: the PostGIS dossier counts, as in every algorithm
            raise DossierError("Kies een wijkdossier (.gpkg) óf vul een PostGIS-dossier (postgres:…) in.")
        if reference:
            old, new = upgrade_postgis_dossier(parse_ref(reference), feedback)
        else:
            old, new = upgrade_dossier(self.dossier_path(parameters, self.DOSSIER, context, write=True))
        if old == new:
            feedback.pushInfo("Het dossier heeft al schemaversie {v}; er is niets veranderd.".format(v=new))
        else:
            feedback.pushInfo("Dossier bijgewerkt van schemaversie {old} naar {new}.".format(old=old, new=new))
        return {self.VERSIE: str(new)}
