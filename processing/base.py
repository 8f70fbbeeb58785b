"""Shared base class for Wijkatlas algorithms: naming, groups, translation and error handling."""
import os
import traceback

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType
from qgis.PyQt.QtGui import QIcon

from ..layers.common import WijkatlasError
from ..layers.dossier import open_dossier
from ..layers.postgis import ref_of_project_uri
from ..layers.schema import check_dossier_file
from ._dossier_access import dossier_file

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")

FILE_LAYER_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".csv", ".gml", ".kml", ".fgb", ".tab", ".xlsx")

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
        """Add a parameter; a wijkdossier parameter defaults to the dossier whose project is open in QGIS (a
        .gpkg for DOSSIER, a project stored in PostgreSQL for POSTGIS)."""
        if (isinstance(parameter, QgsProcessingParameterFile) and parameter.name() == "DOSSIER"
                and parameter.defaultValue() is None):
            current = open_dossier()
            if current:
                parameter.setDefaultValue(current)
        elif parameter.name() == "POSTGIS" and not parameter.defaultValue():
            current = ref_of_project_uri(QgsProject.instance().fileName())
            if current is not None:
                parameter.setDefaultValue(current.text())
        return super().addParameter(parameter, createOutput)

    def _add(self, param, help_text, advanced=False):
        """Add a parameter with its help text, optionally among the advanced parameters."""
        param.setHelp(help_text)
        if advanced:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(param)

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

    def dossier_path(self, parameters, key, context, write=False, min_version=1, optional=False):
        """The dossier file of parameter `key`, checked before anything is read or written (check_dossier_file):
        missing, damaged, not a dossier, from a newer Wijkatlas, too old, or (write=True) read-only: a Dutch refusal.
        optional=True returns "" when the parameter is empty."""
        path = self.parameterAsFile(parameters, key, context)
        if not path and optional:
            return ""
        check_dossier_file(path, write=write, min_version=min_version)
        return path

    def use_dossier(self, parameters, context, feedback, write=False, min_version=1, optional=False):
        """`with self.use_dossier(…) as path:` the GeoPackage of parameter DOSSIER (checked as dossier_path), or
        for a POSTGIS dossier a snapshot whose changes (write=True) go back into the database at the end of the
        block, all or nothing (see _dossier_access). Declare both with _dossier_access.dossier_parameters()."""
        return dossier_file(self, parameters, context, feedback, write, min_version, optional)

    def check_inputs(self, parameters, context):
        """Refuse, before anything is read or written, an input that was given but cannot be opened: a layer
        parameter whose file is missing or unreadable, a file parameter whose file does not exist. (Without this an
        optional layer that fails to load would silently count as 'not given'.)"""
        for param in self.parameterDefinitions():
            value = parameters.get(param.name())
            if value is None or value == "" or param.isDestination():
                continue
            label = param.description()
            if isinstance(param, QgsProcessingParameterFile):
                path = self.parameterAsFile(parameters, param.name(), context)
                if param.behavior() == QgsProcessingParameterFile.Behavior.File and path and \
                        not os.path.isfile(path):
                    raise WijkatlasError(f"{label}: bestand niet gevonden: {path}")
            elif isinstance(param, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
                if isinstance(value, str) and value.split("|", 1)[0].lower().endswith(FILE_LAYER_SUFFIXES):
                    path = value.split("|", 1)[0]
                    if not os.path.isfile(path):
                        raise WijkatlasError(f"{label}: bestand niet gevonden: {path}")
                if self.parameterAsVectorLayer(parameters, param.name(), context) is None:
                    raise WijkatlasError(f"{label}: de laag kan niet worden geopend ({value}). Is het een geldige "
                                         "vectorlaag (GeoPackage, shapefile, GeoJSON, CSV)?")

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """QGIS's own check, preceded by ours so that a missing or unreadable input gets a Dutch message."""
        try:
            self.check_inputs(parameters, context)
        except WijkatlasError as err:
            return False, str(err)
        return super().checkParameterValues(parameters, context)

    def write_row_report(self, parameters, key, context, report, log):
        """Write (row, status, reason) rows of an import to the table sink `key`, each also to log(row, status,
        reason); returns the destination id. The report never holds the row's content (privacy)."""
        fields = QgsFields()
        for name, ftype in (("rij", QMetaType.Type.Int), ("status", QMetaType.Type.QString),
                            ("reden", QMetaType.Type.QString)):
            fields.append(QgsField(name, ftype))
        sink, dest = self.sink(parameters, key, context, fields)
        for number, status, reason in report:
            feat = QgsFeature(fields)
            feat.setAttributes([number, status, reason])
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
            log(number, status, reason)
        return dest

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Run self.process() and turn domain errors into a clear Dutch QgsProcessingException."""
        try:
            self.check_inputs(parameters, context)
            results = self.process(parameters, context, feedback)
        except WijkatlasError as err:
            if err.details:
                feedback.pushDebugInfo(err.details)
            raise QgsProcessingException(str(err)) from err
        except QgsProcessingException:
            raise
        except Exception as err:  # a bug: the user gets a Dutch message, the traceback goes to the log only
            feedback.pushDebugInfo(traceback.format_exc())
            raise QgsProcessingException(
                f"Onverwachte fout in Wijkatlas ({type(err).__name__}: {err}). Dit is een fout in de plugin, niet "
                "in uw gegevens; een wijkdossier is niet half bijgewerkt. Meld de fout met het logboek.") from err
        undeclared = sorted(set(results or {}) - {out.name() for out in self.outputDefinitions()})
        if undeclared:  # a result a model cannot use: a programming error, caught by the tests
            raise QgsProcessingException(f"Interne fout: resultaat {', '.join(undeclared)} is niet gedeclareerd.")
        return results

    def process(self, parameters, context, feedback):
        """The algorithm's work; subclasses implement it."""
        raise NotImplementedError
