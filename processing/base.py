"""Shared base class for Wijkatlas algorithms: naming, groups, translation and error handling."""
import os

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..layers.errors import WijkatlasError

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")

# groupId -> Dutch display name; the steps of the work.
GROUPS = {
    "data": "1. Data",
    "analyse": "2. Analyse",
    "plannen": "3. Plannen",
    "atlas": "4. Atlas",
}


class WijkatlasAlgorithm(QgsProcessingAlgorithm):
    """Base for every Wijkatlas algorithm; subclasses set NAME, DISPLAY, GROUP and HELP."""

    NAME = None
    DISPLAY = ""
    GROUP = "data"
    HELP = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "run" in cls.__dict__:
            # QgsProcessingAlgorithm.run() is QGIS's own entry point; overriding it breaks processing.run().
            raise TypeError(f"{cls.__name__}: implement process(parameters, context, feedback), not run()")

    def tr(self, text):
        """Translate text in this class's context."""
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.tr(self.DISPLAY)

    def group(self):
        return self.tr(GROUPS[self.GROUP])

    def groupId(self):  # noqa: N802
        return self.GROUP

    def shortHelpString(self):  # noqa: N802
        return self.tr(self.HELP)

    def icon(self):
        return QIcon(ICON)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Run self.process() and turn domain errors into a clear Dutch QgsProcessingException."""
        try:
            return self.process(parameters, context, feedback)
        except WijkatlasError as err:
            if err.details:
                feedback.pushDebugInfo(err.details)
            raise QgsProcessingException(str(err)) from err

    def process(self, parameters, context, feedback):
        """The algorithm's work; subclasses implement it."""
        raise NotImplementedError
