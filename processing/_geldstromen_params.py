"""The one 'spread gemeente-wide flows' choice of the geldstromen summary, the wijk pages and the buurtatlas."""
from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterEnum

BY_INHABITANTS, BY_DWELLINGS, NO_SPREAD = "naar inwoners", "naar woningen", "niet spreiden"
SPREAD_BY = {BY_INHABITANTS: "inwoners", BY_DWELLINGS: "woningen"}  # NO_SPREAD: None


def spread_parameter(name, label, default, help_text, advanced=False):
    """An enum of the three choices, by their Dutch text (usable as a string in processing.run)."""
    param = QgsProcessingParameterEnum(name, label, options=[BY_INHABITANTS, BY_DWELLINGS, NO_SPREAD],
                                       defaultValue=default, usesStaticStrings=True)
    param.setHelp(help_text)
    if advanced:
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return param


def spread_by(alg, parameters, name, context, default):
    """'inwoners', 'woningen' or None (not spread) for the chosen option."""
    return SPREAD_BY.get(alg.parameterAsEnumString(parameters, name, context) or default)
