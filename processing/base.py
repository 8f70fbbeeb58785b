"""Shared base class for Wijkatlas algorithms: naming, groups, translation and error handling."""
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from ..layers.common import WijkatlasError
from ..layers.dossier import open_dossier

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")

# groupId -> Dutch display name; the steps of the work.
GROUPS = {
    "data": "1. Data",
    "analyse": "2. Analyse",
    "plannen": "3. Plannen",
    "atlas": "4. Atlas",
}


def choice_label(label, ident):
    """The static string of an enum option that stands for an id: 'Aantal inwoners (aantal_inwoners)'."""
    return f"{label} ({ident})"


def choice_id(text):
    """The id inside a choice_label(); a bare id is returned as it is."""
    text = str(text).strip()
    return text[text.rindex("(") + 1:-1] if text.endswith(")") and "(" in text else text


class WijkatlasAlgorithm(QgsProcessingAlgorithm):
    """Base for every Wijkatlas algorithm; subclasses set NAME, DISPLAY, GROUP and HELP."""

    NAME = None
    DISPLAY = ""
    GROUP = "data"
    HELP = ""
    OUTPUTS = ()  # plain results besides sinks and files: (key, "number" | "string", description)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "run" in cls.__dict__:
            # QgsProcessingAlgorithm.run() is QGIS's own entry point; overriding it breaks processing.run().
            raise TypeError(f"{cls.__name__}: implement process(parameters, context, feedback), not run()")

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return (self.DISPLAY)

    def group(self):
        return (GROUPS[self.GROUP])

    def groupId(self):  # noqa: N802
        return self.GROUP

    def shortHelpString(self):  # noqa: N802
        return (self.HELP)

    def icon(self):
        return QIcon(ICON)

    def addParameter(self, parameter, createOutput=True):  # noqa: N802
        """Add a parameter; a wijkdossier parameter defaults to the dossier whose project is open in QGIS."""
        if (isinstance(parameter, QgsProcessingParameterFile) and parameter.name() == "DOSSIER"
                and parameter.defaultValue() is None):
            current = open_dossier()
            if current:
                parameter.setDefaultValue(current)
        return super().addParameter(parameter, createOutput)

    def add_outputs(self):
        """Declare the plain results of OUTPUTS ((key, 'number'|'string', Dutch description), …) for models."""
        for key, kind, description in self.OUTPUTS:
            cls = QgsProcessingOutputNumber if kind == "number" else QgsProcessingOutputString
            self.addOutput(cls(key, description))

    def sink(self, parameters, key, context, fields, geometry=QgsWkbTypes.Type.NoGeometry, crs=None,
             optional=False):
        """(sink, destination id) of the feature sink `key`; a clear Dutch error when it cannot be created.

        optional=True returns (None, None) when the user chose not to write this output.
        """
        if optional and parameters.get(key) is None:
            return None, None
        sink, dest = self.parameterAsSink(parameters, key, context, fields, geometry,
                                          crs or QgsCoordinateReferenceSystem())
        if sink is None:
            param = self.parameterDefinition(key)
            name = param.description() if param is not None else key
            raise WijkatlasError(f"De uitvoer '{name}' kan niet worden aangemaakt. Controleer de bestandsnaam, de "
                                 "map en of het bestand elders geopend is.",
                                 details=self.invalidSinkError(parameters, key))
        return sink, dest

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Run self.process() and turn domain errors into a clear Dutch QgsProcessingException."""
        try:
            results = self.process(parameters, context, feedback)
        except WijkatlasError as err:
            if err.details:
                feedback.pushDebugInfo(err.details)
            raise QgsProcessingException(str(err)) from err
        undeclared = sorted(set(results or {}) - {out.name() for out in self.outputDefinitions()})
        if undeclared:  # a result a model cannot use: a programming error, caught by the tests
            raise QgsProcessingException(f"Interne fout: resultaat {', '.join(undeclared)} is niet gedeclareerd.")
        return results

    def process(self, parameters, context, feedback):
        """The algorithm's work; subclasses implement it."""
        raise NotImplementedError
