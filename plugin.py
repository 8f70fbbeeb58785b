"""The Wijkatlas plugin class: menu, toolbar and the Processing provider."""
import os

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QLineEdit, QMessageBox

from .layers.common import DossierError
from .layers.dossier import DossierNullDisplay, install_redirect, made_by_older_plugin, remove_redirect
from .layers.net import uninstall_user_agent
from .layers.sample import ensure_sample_dossier
from .layers.schema import SCHEMA_VERSION, dossier_path_of_project, project_uri, read_meta
from .processing.provider import WijkatlasProvider

PLUGIN_DIR = os.path.dirname(__file__)
MENU = "&Wijkatlas"


class WijkatlasPlugin:
    """Registers the provider and the Wijkatlas menu; no network at load time."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        self.path_redirect = None
        self.null_display = None

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        """Create and register the Processing provider."""
        self.provider = WijkatlasProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API name)
        """Register the provider and add menu and toolbar entries."""
        self.initProcessing()
        icon = QIcon(os.path.join(PLUGIN_DIR, "icon.svg"))
        toolbox = QAction(icon, "Wijkatlas-gereedschappen", self.iface.mainWindow())
        toolbox.setToolTip("Open de Processing-toolbox op de Wijkatlas-algoritmen")
        toolbox.triggered.connect(self.show_toolbox)
        sample = QAction(icon, "Open voorbeelddossier", self.iface.mainWindow())
        sample.setToolTip("Maak een wijkdossier van het ingebouwde voorbeeld (Amsterdam Oost) en open het")
        sample.triggered.connect(self.open_sample)
        for action in (toolbox, sample):
            self.iface.addPluginToMenu(MENU, action)
            self.actions.append(action)
        self.iface.addToolBarIcon(toolbox)
        QgsProject.instance().readProject.connect(self.check_dossier_version)
        self.path_redirect = install_redirect()  # a renamed dossier still finds its own layers
        self.null_display = DossierNullDisplay()  # empty fields empty, not 'NULL', while a dossier is open
        self.null_display.install()

    def unload(self):
        """Remove everything initGui added."""
        try:
            QgsProject.instance().readProject.disconnect(self.check_dossier_version)
        except TypeError:
            pass  # initGui never connected it
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
            self.iface.removeToolBarIcon(action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        uninstall_user_agent()
        remove_redirect(self.path_redirect)
        self.path_redirect = None
        if self.null_display is not None:
            self.null_display.uninstall()  # the user's own NULL representation back
            self.null_display = None

    def show_toolbox(self):
        """Show the Processing toolbox filtered on Wijkatlas."""
        dock = self.iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
        if dock is None:
            return
        dock.setVisible(True)
        dock.raise_()
        search = dock.findChild(QLineEdit)
        if search is not None:
            search.setText("Wijkatlas")

    def open_sample(self):
        """Build the sample dossier in the profile folder and open its project."""
        try:
            path = ensure_sample_dossier()
        except Exception as err:  # noqa: BLE001 (shown to the user, not a traceback)
            QMessageBox.warning(self.iface.mainWindow(), "Wijkatlas",
                                "Het voorbeelddossier kon niet worden gemaakt: {err}".format(err=err))
            return
        QgsProject.instance().read(project_uri(path))

    def check_dossier_version(self, *args):
        """When a wijkdossier made by an older or newer Wijkatlas is opened, say what to do."""
        path = dossier_path_of_project(QgsProject.instance().fileName())
        if path is None:
            return
        try:
            meta = read_meta(path)
            version = int(meta.get("schema_version", ""))
        except (DossierError, ValueError):
            return
        bar = self.iface.messageBar()
        if version == SCHEMA_VERSION and made_by_older_plugin(meta):
            bar.pushMessage("Wijkatlas", (
                "Dit wijkdossier is geschreven met Wijkatlas {old}. Sluit het project en voer 'Wijkdossier bijwerken' "
                "uit (Processing ▸ Wijkatlas ▸ 1. Data) voor de formulieren en keuzelijsten van deze versie; uw "
                "gegevens blijven zoals ze zijn.").format(old=meta.get("wijkatlas_versie") or "(onbekend)"),
                Qgis.MessageLevel.Info, 0)
        if version < SCHEMA_VERSION:
            bar.pushMessage("Wijkatlas", (
                "Dit wijkdossier heeft schemaversie {v}; deze Wijkatlas gebruikt versie {cur}. Sluit het project en "
                "voer 'Wijkdossier bijwerken' uit (Processing ▸ Wijkatlas ▸ 1. Data) om participatie, maatregelen "
                "en formulieren toe te voegen.").format(v=version, cur=SCHEMA_VERSION), Qgis.MessageLevel.Warning, 0)
        elif version > SCHEMA_VERSION:
            bar.pushMessage("Wijkatlas", (
                "Dit wijkdossier is gemaakt met een nieuwere Wijkatlas (schemaversie {v}). Werk de plugin bij "
                "voordat u het dossier bewerkt.").format(v=version), Qgis.MessageLevel.Warning, 0)
