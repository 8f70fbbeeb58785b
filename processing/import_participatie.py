"""Algorithm 'Participatie importeren': notes from CSV/XLSX into the wijkdossier, placed and checked, all at once."""
from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..layers.data import LOCATIESERVER_URL, Geocoder
from ..layers.participatie import import_participatie
from ._dossier_access import dossier_parameters
from ._network_params import add_network_parameters, advanced, http_client, url_parameter
from .base import WijkatlasAlgorithm


class ImportParticipatieAlgorithm(WijkatlasAlgorithm):
    """Import participation notes from a CSV or Excel file into the dossier."""

    NAME = "participatieimporteren"
    DISPLAY = "Participatie importeren"
    GROUP = "plannen"
    HELP = ("Leest notities uit participatie (enquête, bijeenkomst, wijkschouw …) uit een <b>CSV</b>- of "
            "<b>Excel</b>-bestand (.xlsx) en zet ze in het wijkdossier. De eerste rij bevat de kolomnamen: "
            "<i>tekst</i> (verplicht), <i>thema</i> (verplicht: wonen, circulariteit, energie, klimaat, mobiliteit, "
            "gezondheid, werken, leefbaarheid), en verder datum, methode, soort, deelnemer_id, leeftijdsgroep (of "
            "leeftijd), huishouden, woonsituatie, bron.<br><br>"
            "De plek komt uit (in deze volgorde): <i>wkt</i>; <i>x</i>/<i>y</i> in RD; <i>lat</i>/<i>lon</i>; "
            "<i>postcode</i> + <i>huisnummer</i> of <i>adres</i> (opgezocht in de PDOK Locatieserver); "
            "<i>buurtcode</i>. Een adres plaatst de notitie standaard alleen in haar buurt (privacy).<br><br>"
            "Rijen met fouten worden <b>niet</b> ingelezen en staan met de reden in het rapport; er wordt niets "
            "half geschreven. Kolommen met namen, e-mail of telefoon worden nooit ingelezen; een deelnemer-id wordt "
            "vervangen door een pseudoniem. Hetzelfde bestand opnieuw inlezen voegt niets dubbel toe.")
    INPUT = "INPUT"
    DOSSIER = "DOSSIER"
    ADRES_ALS_PUNT = "ADRES_ALS_PUNT"
    STRIKT = "STRIKT"
    BLAD = "BLAD"
    SLEUTEL = "PSEUDONIEM_SLEUTEL"
    URL = "LOCATIESERVER_URL"
    RAPPORT = "RAPPORT"
    OUTPUTS = (("INGELEZEN", "number", "Aantal ingelezen notities"),
               ("NIET_INGELEZEN", "number", "Aantal rijen niet ingelezen"))

    def initAlgorithm(self, config=None):  # noqa: N802
        source = QgsProcessingParameterFile(self.INPUT, "Bestand met participatie (CSV of Excel)",
                                            fileFilter="CSV of Excel (*.csv *.txt *.xlsx)")
        source.setHelp("CSV (; of , gescheiden, UTF-8 of Windows) of .xlsx met een kopregel.")
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg) waarin de notities komen; het wordt in één "
                                              "keer bijgewerkt.")
        as_point = QgsProcessingParameterBoolean(self.ADRES_ALS_PUNT,
                                                 "Notities met een adres als punt bewaren", False)
        as_point.setHelp("Uit (aanbevolen): een adres dient alleen om de buurt te vinden en wordt niet als "
                                 "punt bewaard. Aan: het punt van het adres komt in de laag Participatie (punten).")
        strict = QgsProcessingParameterBoolean(self.STRIKT, "Niets inlezen als één rij fout is", False)
        strict.setHelp("Aan: bij één foute rij wordt niets ingelezen (alleen het rapport). Uit: de goede "
                               "rijen worden ingelezen, de foute staan in het rapport.")
        sheet = QgsProcessingParameterString(self.BLAD, "Blad (Excel)", "", optional=True)
        for param in (source, dossier, postgis, as_point, strict):
            self.addParameter(param)
        self.addParameter(advanced(sheet, "Naam van het werkblad; leeg = het eerste blad."))
        self.addParameter(advanced(
            QgsProcessingParameterString(self.SLEUTEL, "Sleutel voor pseudoniemen (niet in het dossier)", "",
                                         optional=True),
            "Leeg (standaard): elke deelnemer krijgt een willekeurig pseudoniem, gelijk binnen dit bestand; een "
            "volgende import geeft dezelfde persoon een ander pseudoniem. Met een eigen sleutel (minstens 12 "
            "tekens, bewaar hem zelf, bijv. in een wachtwoordkluis) krijgt dezelfde deelnemer in elke import "
            "hetzelfde pseudoniem. De sleutel wordt nooit in het dossier opgeslagen, dus met alleen het dossier "
            "kan niemand nagaan of iemand heeft meegedaan."))
        url_parameter(self, self.URL, "PDOK Locatieserver (free-endpoint)", LOCATIESERVER_URL,
                      "Adres van de Locatieserver voor het opzoeken van adressen en postcodes; een eigen spiegel "
                      "mag ook.")
        add_network_parameters(self)
        report = QgsProcessingParameterFeatureSink(self.RAPPORT, "Rapport (rijen die aandacht vragen)")
        report.setHelp("Per rij die niet (of met een waarschuwing) is ingelezen: rijnummer in het "
                               "bestand, status en reden. Zonder inhoud van de rij (privacy).")
        self.addParameter(report)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        geocoder = Geocoder(http_client(self, parameters, context, feedback),
                            self.parameterAsString(parameters, self.URL, context) or LOCATIESERVER_URL)
        with self.use_dossier(parameters, context, feedback, write=True, min_version=2) as dossier:
            result = import_participatie(
                path, dossier, geocoder,
                address_as_point=self.parameterAsBoolean(parameters, self.ADRES_ALS_PUNT, context),
                strict=self.parameterAsBoolean(parameters, self.STRIKT, context),
                sheet=self.parameterAsString(parameters, self.BLAD, context) or "",
                transform_context=context.transformContext(), feedback=feedback,
                pseudonym_key=self.parameterAsString(parameters, self.SLEUTEL, context))
        dest = self.write_row_report(
            parameters, self.RAPPORT, context, result.report,
            lambda n, status, reason: (feedback.reportError if status == "niet ingelezen" else feedback.pushWarning)(
                f"Rij {n}: {status}: {reason}"))
        self._summary(result, feedback)
        return {self.RAPPORT: dest, "INGELEZEN": sum(result.written.values()),
                "NIET_INGELEZEN": len(result.rejected)}

    def _summary(self, result, feedback):
        if result.personal_columns:
            feedback.pushWarning("Niet ingelezen (persoonsgegevens): kolommen {cols}.".format(
                cols=", ".join(result.personal_columns)))
        if result.ignored_columns:
            feedback.pushInfo("Onbekende kolommen overgeslagen: {cols}.".format(
                cols=", ".join(result.ignored_columns)))
        removed = result.scrubbed
        if removed["e-mail"] or removed["telefoon"]:
            feedback.pushWarning("Uit de vrije tekst verwijderd: {e} e-mailadres(sen) en {t} telefoonnummer(s), "
                                 "vervangen door een markering.".format(e=removed["e-mail"], t=removed["telefoon"]))
        feedback.pushInfo("Deelnemers kregen een pseudoniem {how}; de sleutel staat niet in het dossier.".format(
            how="met uw sleutel (gelijk in elke import met dezelfde sleutel)" if result.keyed else
            "dat willekeurig is (alleen binnen deze import gelijk)"))
        if result.geocoded:
            feedback.pushInfo("{n} rijen geplaatst via de PDOK Locatieserver.".format(n=result.geocoded))
        written = sum(result.written.values())
        if result.rejected and not written:
            feedback.reportError("Er is niets ingelezen: {n} rijen hebben fouten (zie het rapport)."
                                 .format(n=len(result.rejected)))
        else:
            feedback.pushInfo("{n} notities ingelezen; {m} rijen niet ingelezen (zie het rapport)."
                              .format(n=written, m=len(result.rejected)))
