"""The Wijkatlas Processing provider: the explicit list of its algorithms and the chain model."""
from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..layers.net import install_user_agent, uninstall_user_agent
from .attach_notes import AttachNotesAlgorithm
from .base import ICON
from .chain_model import build_chain_model, build_postgis_chain_model
from .check_betrokkenheid import CheckBetrokkenheidAlgorithm
from .dossier_to_postgis import DossierToPostgisAlgorithm
from .export_buurtatlas import ExportBuurtatlasAlgorithm
from .export_wijkpaginas import ExportWijkpaginasAlgorithm
from .find_koppelkansen import FindKoppelkansenAlgorithm
from .flag_knelpunten import FlagKnelpuntenAlgorithm
from .import_geldstromen import ImportGeldstromenAlgorithm
from .import_participatie import ImportParticipatieAlgorithm
from .import_plannen import ImportPlannenAlgorithm
from .import_wijkverhalen import ImportWijkverhalenAlgorithm
from .join_kerncijfers import JoinKerncijfersAlgorithm
from .join_own_figures import JoinOwnFiguresAlgorithm
from .load_buurten import LoadBuurtenAlgorithm
from .make_routekaart import MakeRoutekaartAlgorithm
from .new_dossier import NewDossierAlgorithm
from .postgis_to_dossier import PostgisToDossierAlgorithm
from .summarise_geldstromen import SummariseGeldstromenAlgorithm
from .upgrade_dossier import UpgradeDossierAlgorithm

# Every algorithm the provider offers, in the order of the work.
ALGORITHMS = (
    NewDossierAlgorithm,
    UpgradeDossierAlgorithm,
    LoadBuurtenAlgorithm,
    JoinKerncijfersAlgorithm,
    JoinOwnFiguresAlgorithm,
    FlagKnelpuntenAlgorithm,
    ImportParticipatieAlgorithm,
    AttachNotesAlgorithm,
    CheckBetrokkenheidAlgorithm,
    ImportGeldstromenAlgorithm,
    SummariseGeldstromenAlgorithm,
    ImportWijkverhalenAlgorithm,
    ImportPlannenAlgorithm,
    FindKoppelkansenAlgorithm,
    ExportBuurtatlasAlgorithm,
    MakeRoutekaartAlgorithm,
    ExportWijkpaginasAlgorithm,
    DossierToPostgisAlgorithm,
    PostgisToDossierAlgorithm,
)


def algorithm_classes():
    """The algorithm classes this provider offers."""
    return list(ALGORITHMS)


class WijkatlasProvider(QgsProcessingProvider):
    """Processing provider 'wijkatlas'."""

    def id(self):
        return "wijkatlas"

    def name(self):
        return "Wijkatlas"

    def longName(self):  # noqa: N802
        return "Wijkatlas – wijkaanpak met CBS/PDOK-data"

    def icon(self):
        return QIcon(ICON)

    def load(self):
        """Called on the main thread when the provider is registered: global network set-up happens here."""
        install_user_agent()
        return super().load()

    def unload(self):
        uninstall_user_agent()
        super().unload()

    def loadAlgorithms(self):  # noqa: N802
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
        self.addAlgorithm(build_chain_model())
        self.addAlgorithm(build_postgis_chain_model())
