"""Algorithm 'Geldstromen importeren': money flows from CSV/XLSX into the wijkdossier, checked per row, all at once."""
from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..layers.common import format_nl
from ..layers.geldstromen import import_geldstromen
from ._dossier_access import dossier_parameters
from ._network_params import advanced
from .base import WijkatlasAlgorithm


class ImportGeldstromenAlgorithm(WijkatlasAlgorithm):
    """Import geldstromen (who pays what, for which theme, where, when) into the dossier."""

    NAME = "geldstromenimporteren"
    DISPLAY = "Geldstromen importeren"
    GROUP = "plannen"
    HELP = ("Leest <b>geldstromen door de wijk</b> uit een CSV- of Excel-bestand (.xlsx) zoals een afdeling "
            "financiën ze aanlevert, en zet ze in het wijkdossier. Kolommen: <i>van</i> (partner of Rijk, provincie, "
            "bewoners, fondsen), <i>naar</i> (partner of doel), <i>thema</i>, <i>gebiedscode</i> (buurt- of "
            "wijkcode; leeg = gemeentebreed), <i>bedrag</i>, <i>jaar</i> (2025 of 2024-2027), <i>status</i> "
            "(begroot, toegezegd, besteed), en verder zekerheid (bekend, geschat), instrument (investering, "
            "exploitatie, subsidie, regeling, uitkering), maatregel, bron.<br><br>"
            "Bedragen mogen zoals financiën ze schrijft: <i>€ 1.250.000,00</i>, <i>1,25 mln</i>, <i>(12.500)</i> "
            "voor een negatief bedrag.<br><br>"
            "<b>Alles of niets</b>: heeft één rij een fout (onleesbaar bedrag, onbekende partner, jaar buiten de "
            "horizon, gebiedscode die niet in het dossier staat …), dan wordt niets ingelezen en staat elke fout "
            "per rij in het rapport. Kolommen met namen, e-mail of telefoon worden nooit gelezen.")
    INPUT = "INPUT"
    DOSSIER = "DOSSIER"
    PARTNERS_TOEVOEGEN = "PARTNERS_TOEVOEGEN"
    BLAD = "BLAD"
    RAPPORT = "RAPPORT"
    OUTPUTS = (("INGELEZEN", "number", "Aantal ingelezen geldstromen"),
               ("FOUTEN", "number", "Aantal rijen met een fout"),
               ("TOTAAL", "number", "Som van de ingelezen bedragen (€)"))

    def initAlgorithm(self, config=None):  # noqa: N802
        source = QgsProcessingParameterFile(self.INPUT, "Bestand met geldstromen (CSV of Excel)",
                                            fileFilter="CSV of Excel (*.csv *.txt *.xlsx)")
        source.setHelp("CSV (; of , gescheiden, UTF-8 of Windows) of .xlsx met een kopregel.")
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg, schemaversie 3) waarin de geldstromen "
                                              "komen; het wordt in één keer bijgewerkt, of helemaal niet.")
        add = QgsProcessingParameterBoolean(self.PARTNERS_TOEVOEGEN, "Onbekende partners toevoegen", False)
        add.setHelp("Uit: een onbekende partner in de kolom 'van' is een fout (met het aanbod om hem toe te "
                    "voegen). Aan: onbekende partners worden als nieuwe partner (soort 'overig') aan het "
                    "partnerregister toegevoegd, in dezelfde schrijfactie als de geldstromen.")
        sheet = QgsProcessingParameterString(self.BLAD, "Blad (Excel)", "", optional=True)
        for param in (source, dossier, postgis, add):
            self.addParameter(param)
        self.addParameter(advanced(sheet, "Naam van het werkblad; leeg = het eerste blad."))
        report = QgsProcessingParameterFeatureSink(self.RAPPORT, "Rapport per rij")
        report.setHelp("Per rij die niet is ingelezen of is overgeslagen: rijnummer, status en reden.")
        self.addParameter(report)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        with self.use_dossier(parameters, context, feedback, write=True, min_version=3) as dossier:
            result = import_geldstromen(
                self.parameterAsFile(parameters, self.INPUT, context), dossier,
                sheet=self.parameterAsString(parameters, self.BLAD, context) or "",
                add_partners=self.parameterAsBoolean(parameters, self.PARTNERS_TOEVOEGEN, context),
                feedback=feedback)
        dest = self.write_row_report(
            parameters, self.RAPPORT, context, result.report,
            lambda n, status, reason: (feedback.reportError if status == "fout" else feedback.pushWarning)(
                f"Rij {n}: {status}: {reason}"))
        self._summary(result, feedback)
        return {self.RAPPORT: dest, "INGELEZEN": result.written, "FOUTEN": len(result.rejected),
                "TOTAAL": result.total_cents / 100.0 if result.written else 0.0}

    def _summary(self, result, feedback):
        if result.personal_columns:
            feedback.pushWarning(f"Niet gelezen (persoonsgegevens): kolommen {', '.join(result.personal_columns)}.")
        if result.unknown_partners:
            names = ", ".join(f"{name} (rij {', '.join(map(str, rows))})"
                              for name, rows in sorted(result.unknown_partners.items()))
            feedback.pushWarning(f"Onbekende partners: {names}. Voeg ze toe in het partnerregister, of voer dit "
                                 "algoritme opnieuw uit met 'Onbekende partners toevoegen' aan.")
        if result.added_partners:
            feedback.pushInfo(f"Toegevoegd aan de partners: {', '.join(result.added_partners)}.")
        if result.rejected:
            feedback.reportError(f"Er is niets ingelezen: {len(result.rejected)} rij(en) hebben een fout (zie het "
                                 "rapport). Verbeter het bestand en lees het opnieuw in.")
        else:
            feedback.pushInfo(f"{result.written} geldstromen ingelezen, samen € "
                              f"{format_nl(result.total_cents / 100, 2)}.")
