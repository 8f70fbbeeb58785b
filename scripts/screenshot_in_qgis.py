"""Run inside QGIS desktop (qgis --code): open the sample dossier, show the Wijkatlas toolbox, save a screenshot."""
import os

from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QTreeView
from qgis.utils import iface, plugins

OUT = os.environ["WIJKATLAS_SCREENSHOT"]


def _expand_toolbox():
    plugin = plugins.get("wijkatlas")
    plugin.show_toolbox()
    dossier = os.environ.get("WIJKATLAS_SCREENSHOT_DOSSIER")
    if dossier:  # e.g. the main job's dossier, with knelpunten and participatie
        from qgis.core import QgsProject

        QgsProject.instance().read(f"geopackage:{dossier}?projectName=wijkdossier")
    else:
        plugin.open_sample()
    from qgis.PyQt.QtWidgets import QDockWidget

    dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    tree = dock.findChild(QTreeView) if dock else None
    if tree is not None:
        tree.expandAll()


def _show_groups():
    """The dossier's groups and their layers, not every legend entry."""
    from qgis.core import QgsProject

    for node in QgsProject.instance().layerTreeRoot().findLayers():
        node.setExpanded(False)
    for group in QgsProject.instance().layerTreeRoot().findGroups():
        group.setExpanded(True)


def _shoot():
    if os.environ.get("WIJKATLAS_SCREENSHOT_DOSSIER"):
        _show_groups()
        from qgis.PyQt.QtWidgets import QDockWidget

        dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
        tree = dock.findChild(QTreeView) if dock else None
        if tree is not None:
            tree.expandAll()
    iface.messageBar().clearWidgets()  # e.g. QGIS's own font download notice on a machine without internet
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(1000, _open_form)
    QTimer.singleShot(3000, _save)


def _open_form():
    """WIJKATLAS_SCREENSHOT_FORM=<layer name>: a feature's form over the window, as a user opens it (the first that
    matches WIJKATLAS_SCREENSHOT_FILTER, on tab WIJKATLAS_SCREENSHOT_TAB when given)."""
    from qgis.core import QgsFeatureRequest, QgsProject
    from qgis.PyQt.QtWidgets import QApplication, QTabWidget

    name = os.environ.get("WIJKATLAS_SCREENSHOT_FORM")
    layers = QgsProject.instance().mapLayersByName(name) if name else []
    request = QgsFeatureRequest()
    if os.environ.get("WIJKATLAS_SCREENSHOT_FILTER"):
        request.setFilterExpression(os.environ["WIJKATLAS_SCREENSHOT_FILTER"])
    feature = next(layers[0].getFeatures(request), None) if layers else None
    if feature is None:
        return
    iface.openFeatureForm(layers[0], feature, False, False)
    tab = os.environ.get("WIJKATLAS_SCREENSHOT_TAB")
    for widget in QApplication.topLevelWidgets():
        for tabs in widget.findChildren(QTabWidget) if tab and widget.isVisible() else []:
            for index in range(tabs.count()):
                if tabs.tabText(index) == tab:
                    tabs.setCurrentIndex(index)


def _save():
    if os.environ.get("WIJKATLAS_SCREENSHOT_FORM"):  # the form is its own window: grab the screen
        from qgis.PyQt.QtWidgets import QApplication

        QApplication.primaryScreen().grabWindow(0).save(OUT)
    else:
        iface.mainWindow().grab().save(OUT)
    iface.actionExit().trigger()


iface.mainWindow().resize(1600, 1000)
iface.mainWindow().showMaximized()
QTimer.singleShot(1500, _expand_toolbox)
QTimer.singleShot(4000, _shoot)
