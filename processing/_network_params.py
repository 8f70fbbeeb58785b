"""Advanced network parameters shared by the algorithms that call PDOK/CBS: timeout, cache, refresh, authcfg."""
from qgis.core import (
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..layers.net import HttpClient, ResponseCache, default_cache_dir

TIMEOUT, CACHE, REFRESH, AUTHCFG = "TIMEOUT", "CACHE", "VERNIEUWEN", "AUTHCFG"


def advanced(param, help_text):
    """Mark a parameter advanced and give it its help text."""
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    param.setHelp(help_text)
    return param


def url_parameter(alg, name, label, default, help_text):
    """An advanced base-URL parameter."""
    alg.addParameter(advanced(QgsProcessingParameterString(name, (label), default), (help_text)))


def add_network_parameters(alg):
    """Timeout, cache, refresh and authentication as advanced parameters of alg."""
    alg.addParameter(advanced(
        QgsProcessingParameterNumber(TIMEOUT, "Time-out per verzoek (seconden)",
                                     QgsProcessingParameterNumber.Type.Double, 60, False, 1, 600),
        ("Hoe lang op één antwoord van de dienst wordt gewacht; bij HTTP 429/5xx volgen tot 3 nieuwe "
               "pogingen.")))
    alg.addParameter(advanced(
        QgsProcessingParameterBoolean(CACHE, "Antwoorden bewaren en hergebruiken (cache)", True),
        ("Bewaart antwoorden in {} (maximaal 500 MB, 30 dagen), zodat een herhaalde run ook offline "
               "werkt.").format(default_cache_dir())))
    alg.addParameter(advanced(
        QgsProcessingParameterBoolean(REFRESH, "Cache vernieuwen (opnieuw ophalen)", False),
        "Haalt alles opnieuw op bij de dienst en vervangt de bewaarde antwoorden."))
    alg.addParameter(advanced(
        QgsProcessingParameterAuthConfig(AUTHCFG, "Authenticatie (QGIS-authenticatieconfiguratie)",
                                         optional=True),
        "Alleen nodig voor een spiegel of proxy die inloggen vraagt; PDOK en CBS zelf zijn open."))


def http_client(alg, parameters, context, feedback):
    """An HttpClient configured from the advanced parameters."""
    use_cache = alg.parameterAsBoolean(parameters, CACHE, context)
    return HttpClient(feedback=feedback,
                      timeout_s=alg.parameterAsDouble(parameters, TIMEOUT, context),
                      cache=ResponseCache() if use_cache else None,
                      refresh=alg.parameterAsBoolean(parameters, REFRESH, context),
                      authcfg=alg.parameterAsString(parameters, AUTHCFG, context) or "")
