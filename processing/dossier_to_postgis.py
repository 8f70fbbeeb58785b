"""Algorithm 'Wijkdossier naar PostGIS': copy a wijkdossier GeoPackage into a PostgreSQL schema for a team."""
from qgis.core import QgsProcessingParameterBoolean

from ..layers.postgis import dossier_to_postgis, role_names
from ._participatie_params import dossier_parameter
from ._postgis_params import add_connection_parameters, ref_from_parameters
from .base import WijkatlasAlgorithm


class DossierToPostgisAlgorithm(WijkatlasAlgorithm):
    """Copy every layer, table, style and the project of a dossier into one schema, all or nothing."""

    NAME = "wijkdossiernaarpostgis"
    DISPLAY = "Wijkdossier naar PostGIS"
    GROUP = "data"
    HELP = ("Zet een wijkdossier (.gpkg) in een schema van een PostgreSQL/PostGIS-database, zodat een team en "
            "partners er tegelijk mee werken: alle lagen, velden, relaties, stijlen, formulieren en het project "
            "(Project ▸ Openen vanuit ▸ PostgreSQL). De database houdt per object versie, gewijzigd_op en "
            "gewijzigd_door bij, weigert een wijziging op een verouderde versie en schrijft een logboek "
            "(wijkatlas_audit). Alles gebeurt in één transactie: bij een fout blijft er niets half achter. "
            "Een bestaand schema wordt alleen overschreven als u dat aanzet.")
    DOSSIER = "DOSSIER"
    OVERSCHRIJVEN = "OVERSCHRIJVEN"
    ROLLEN = "ROLLEN"
    OUTPUTS = (("DOSSIERVERWIJZING", "string", "PostGIS-dossier (postgres:…)"),
               ("LAGEN", "number", "Aantal gekopieerde lagen en tabellen"))

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(dossier_parameter(self, self.DOSSIER, "Het wijkdossier (.gpkg) dat naar PostGIS gaat; "
                                                                "het bestand zelf blijft ongewijzigd."))
        add_connection_parameters(self, "Het schema dat het dossier wordt: kleine letters, cijfers en '_'.")
        overwrite = QgsProcessingParameterBoolean(self.OVERSCHRIJVEN, "Bestaand schema overschrijven", False)
        overwrite.setHelp("Alleen aan als een bestaand schema met deze naam (met alle wijzigingen van het team) "
                          "vervangen mag worden.")
        roles = QgsProcessingParameterBoolean(self.ROLLEN, "Rollen aanmaken (eigenaar, redacteur, lezer)", True)
        roles.setHelp("Maakt de rollen wijkatlas_<schema>_eigenaar, _redacteur (mag alleen maatregelen en "
                      "notities bewerken) en _lezer (alleen kijken, voor partners). Vereist het recht CREATEROLE.")
        self.addParameter(overwrite)
        self.addParameter(roles)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        path = self.dossier_path(parameters, self.DOSSIER, context)
        ref = ref_from_parameters(self, parameters, context)
        roles = self.parameterAsBool(parameters, self.ROLLEN, context)
        counts = dossier_to_postgis(path, ref, self.parameterAsBool(parameters, self.OVERSCHRIJVEN, context),
                                    roles, feedback)
        feedback.pushInfo(f"{len(counts)} lagen en tabellen naar schema '{ref.schema}' gekopieerd "
                          f"({sum(counts.values())} rijen).")
        if roles:
            feedback.pushInfo("Rollen: " + ", ".join(role_names(ref.schema)) + ". Geef gebruikers een rol met "
                              "GRANT <rol> TO <gebruiker>.")
        return {"DOSSIERVERWIJZING": ref.text(), "LAGEN": len(counts)}
