"""Parameters the PostGIS algorithms share: connection (QGIS connection or pg_service.conf service), authentication
(a QGIS authcfg id — never a password) and schema, turned into a PgDossierRef."""
from qgis.core import (
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from ..layers.postgis import make_ref, parse_ref

VERBINDING, SERVICE, AUTHCFG, SCHEMA = "VERBINDING", "SERVICE", "AUTHCFG", "SCHEMA"


def add_connection_parameters(alg, schema_help):
    conn = QgsProcessingParameterProviderConnection(VERBINDING, "PostgreSQL-verbinding (QGIS)", "postgres",
                                                    optional=True)
    conn.setHelp("Een PostgreSQL-verbinding zoals in de QGIS-browser. Laat leeg als u een service gebruikt.")
    service = QgsProcessingParameterString(SERVICE, "Service (pg_service.conf)", optional=True)
    service.setHelp("De naam van een service in pg_service.conf (host, poort en database staan daarin). Gebruik "
                    "een verbinding óf een service.")
    auth = QgsProcessingParameterAuthConfig(AUTHCFG, "Authenticatie (QGIS-authenticatiedatabase)", optional=True)
    auth.setHelp("Gebruikersnaam en wachtwoord uit de QGIS-authenticatiedatabase (methode 'Basic'). Wijkatlas "
                 "schrijft nooit een wachtwoord in een project, log of bestand. Leeg: de verbinding of service "
                 "regelt het aanmelden zelf (bijvoorbeeld met de authenticatie van de QGIS-verbinding).")
    schema = QgsProcessingParameterString(SCHEMA, "Schema", "wijkdossier")
    schema.setHelp(schema_help)
    for param in (conn, service, auth, schema):
        alg.addParameter(param)


def ref_from_parameters(alg, parameters, context):
    """The PgDossierRef the user chose; a Dutch error when neither connection nor service is given."""
    return make_ref(alg.parameterAsString(parameters, SCHEMA, context),
                    verbinding=alg.parameterAsConnectionName(parameters, VERBINDING, context) or "",
                    service=alg.parameterAsString(parameters, SERVICE, context) or "",
                    authcfg=alg.parameterAsString(parameters, AUTHCFG, context) or "")


def postgis_dossier_parameter(name, help_text):
    """An optional 'PostGIS-dossier (postgres:…)' string: the text 'Wijkdossier naar PostGIS' returns."""
    param = QgsProcessingParameterString(name, "of: PostGIS-dossier (postgres:…)", optional=True)
    param.setHelp(help_text + " Bijvoorbeeld postgres:schema=oost;service=gemeente;authcfg=ab12cd3 (zoals "
                  "'Wijkdossier naar PostGIS' het teruggeeft).")
    return param


def postgis_ref(alg, parameters, name, context):
    """The PgDossierRef of a postgis_dossier_parameter, or None when it is empty."""
    text = alg.parameterAsString(parameters, name, context)
    return parse_ref(text) if text else None
