"""Algorithm 'Wijkdossier bijwerken': bring an older wijkdossier to the current schema."""
from qgis.core import QgsProcessingOutputString, QgsProcessingParameterFile, QgsProcessingParameterString

from ..layers.common import DossierError
from ..layers.dossier import made_by_older_plugin, upgrade_dossier
from ..layers.postgis import parse_ref, pg_read_meta, upgrade_postgis_dossier
from ..layers.schema import SCHEMA_VERSION, read_meta
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
            "Een dossier met de huidige schemaversie dat een oudere Wijkatlas schreef, krijgt het project van deze "
            "versie (formulieren, keuzelijsten, stijlen); de gegevens blijven zoals ze zijn. Lagen die u zelf aan het "
            "project toevoegde, voegt u daarna opnieuw toe.<br><br>"
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
            ref = parse_ref(reference)
            renew = made_by_older_plugin(pg_read_meta(ref))
            old, new = upgrade_postgis_dossier(ref, feedback)
        else:
            path = self.dossier_path(parameters, self.DOSSIER, context, write=True)
            renew = made_by_older_plugin(read_meta(path))
            old, new = upgrade_dossier(path)
        if old == new and renew:
            feedback.pushInfo(f"Het dossier heeft al schemaversie {new}; het project (formulieren, stijlen, "
                              "keuzelijsten) is vernieuwd voor deze versie van Wijkatlas. Uw gegevens zijn niet "
                              "veranderd.")
        elif old == new:
            feedback.pushInfo("Het dossier heeft al schemaversie {v}; er is niets veranderd.".format(v=new))
        else:
            feedback.pushInfo("Dossier bijgewerkt van schemaversie {old} naar {new}.".format(old=old, new=new))
        return {self.VERSIE: str(new)}
