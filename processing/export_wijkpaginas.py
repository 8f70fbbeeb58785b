"""Algorithm 'Wijkpagina's maken': the wijkcoalitie, and per wijk its verhaal and geldstromen, as one PDF."""
from qgis.core import (
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..layers.atlas import export_wijkpaginas
from ._dossier_access import dossier_parameters
from ._geldstromen_params import BY_INHABITANTS, spread_by, spread_parameter
from .base import WijkatlasAlgorithm


class ExportWijkpaginasAlgorithm(WijkatlasAlgorithm):
    """Write the wijk pages (coalition, story, money flows) of a dossier to PDF."""

    NAME = "wijkpaginasmaken"
    DISPLAY = "Wijkpagina's maken (coalitie, verhaal, geldstromen)"
    GROUP = "atlas"
    HELP = ("Maakt een aparte PDF met de <b>wijkcoalitie</b> (partners per rol, hun toezeggingen en de "
            "maatregelen die ze trekken) en per wijk het <b>verhaal van de wijk</b> gevolgd door de "
            "<b>geldstromen</b>: een stroomdiagram van partners via thema's naar buurten (breedte naar bedrag), een "
            "staaf per jaar naar status, en bedragen per inwoner en per woning naast alle wijken in het dossier. "
            "Alles getekend als vector in de PDF. Contactpersonen staan er nooit in: alleen functies of teams. "
            "Dezelfde pagina's staan ook in de buurtatlas ('Buurtatlas maken' met een wijkdossier): daar opent elke "
            "wijk met haar verhaal en geldstromen, vóór haar buurtpagina's. Dit hulpmiddel is voor wie ze apart "
            "wil.")
    DOSSIER = "DOSSIER"
    SPREIDEN = "SPREIDEN"
    TITEL = "TITEL"
    OUTPUT = "OUTPUT"
    OUTPUTS = (("PAGINAS", "number", "Aantal pagina's"), ("WIJKEN", "number", "Aantal wijken met pagina's"))

    def initAlgorithm(self, config=None):  # noqa: N802
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg, schemaversie 3) met partners, verhalen en "
                                              "geldstromen.")
        spread = spread_parameter(self.SPREIDEN, "Gemeentebrede geldstromen spreiden", BY_INHABITANTS,
                                  "Gemeentebrede stromen over de buurten spreiden naar inwoners of woningen (zo "
                                  "gelabeld op de pagina), of alleen bij 'alle wijken' tellen.")
        title = QgsProcessingParameterString(self.TITEL, "Titel", "", optional=True)
        title.setHelp("Titel in de voettekst; leeg = 'Wijkaanpak <gemeente>'.")
        out = QgsProcessingParameterFileDestination(self.OUTPUT, "Wijkpagina's (PDF)", "PDF (*.pdf)")
        out.setHelp("Het PDF-bestand; een bestaand bestand wordt pas vervangen als de PDF compleet is.")
        for param in (dossier, postgis, spread, title, out):
            self.addParameter(param)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        with self.use_dossier(parameters, context, feedback, min_version=3) as dossier:
            result = export_wijkpaginas(
                dossier, out, spread_by=spread_by(self, parameters, self.SPREIDEN, context, BY_INHABITANTS),
                title=self.parameterAsString(parameters, self.TITEL, context) or "", feedback=feedback)
        feedback.pushInfo(f"{result['pages']} pagina's voor {result['wijken']} wijken.")
        return {self.OUTPUT: out, "PAGINAS": result["pages"], "WIJKEN": result["wijken"]}
