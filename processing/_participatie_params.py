"""Parameters the participatie algorithms share: the wijkdossier and the privacy threshold."""
from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterFile, QgsProcessingParameterNumber


def dossier_parameter(alg, name, help_text):
    """A wijkdossier (.gpkg) file parameter with Dutch help."""
    param = QgsProcessingParameterFile(name, "Wijkdossier", extension="gpkg")
    param.setHelp(help_text)
    return param


def min_group_parameter(alg, name, default, help_text):
    """The advanced 'minimale groep' parameter: counts from 1 up to it are suppressed for privacy."""
    param = QgsProcessingParameterNumber(name, "Minimale groep (privacy)",
                                         QgsProcessingParameterNumber.Type.Integer, default, minValue=1)
    param.setHelp(help_text)
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return param
