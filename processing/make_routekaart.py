"""Algorithm 'Wijkroutekaart maken': the multi-year plan by theme and quarter as PDF, XLSX and CSV."""
import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..layers.routekaart import make_routekaart
from ._dossier_access import dossier_name, dossier_parameters
from .base import WijkatlasAlgorithm

PAPERS = (("A3", "A3 liggend"), ("A4", "A4 liggend"))
COLOURS = (("status", "Status van de maatregel"), ("trekker", "Trekker (partner)"))


class MakeRoutekaartAlgorithm(WijkatlasAlgorithm):
    """Draw the wijkroutekaart of a dossier (or of one wijk or some buurten of it)."""

    NAME = "wijkroutekaartmaken"
    DISPLAY = "Wijkroutekaart maken"
    GROUP = "atlas"
    HELP = ("Maakt de wijkroutekaart uit het wijkdossier: per thema en per kwartaal welke maatregelen wanneer lopen "
            "(gepland en werkelijk), wie ze trekt, de besluitmomenten (raad, college, besturen van partners), een "
            "lijn 'vandaag', de evaluatie na twee jaar en de koppelkansen tussen maatregelen. Als vector-PDF (A3 of "
            "A4 liggend; veel maatregelen lopen door op volgende pagina's met dezelfde kwartaalkop) en als tabel "
            "maatregel × kwartaal (XLSX en CSV) voor Excel. Maatregelen zonder start of eind, of met een eind vóór de "
            "start, staan als 'niet gepland' op de kaart; ze vallen nooit stil weg.")
    DOSSIER, WIJK, BUURTEN = "DOSSIER", "WIJKCODE", "BUURTCODES"
    START, END, PAPER, COLOUR, TITLE = "HORIZON_START", "HORIZON_EIND", "PAPIER", "KLEUR", "TITEL"
    OUTPUT, XLSX, CSV = "OUTPUT", "TABEL_XLSX", "TABEL_CSV"
    OUTPUTS = (("PAGINAS", "number", "Aantal pagina's"), ("MAATREGELEN", "number", "Aantal maatregelen"),
               ("NIET_GEPLAND", "number", "Maatregelen zonder (juiste) planning"),
               ("HORIZON", "string", "Horizon (eerste t/m laatste kwartaal)"))

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        for param in dossier_parameters("Het wijkdossier (.gpkg) met maatregelen, partners en besluitmomenten "
                                        "(schemaversie 3; een ouder dossier eerst bijwerken met 'Wijkdossier "
                                        "bijwerken')."):
            self.addParameter(param)
        self._add(QgsProcessingParameterString(self.WIJK, "Alleen wijk (wijkcode)", optional=True),
                  "Optioneel: de wijkcode, bijv. WK036327. Dan komen alleen maatregelen in die wijk op de kaart.")
        self._add(QgsProcessingParameterString(self.BUURTEN, "Alleen buurten (buurtcodes)", optional=True),
                  "Optioneel: buurtcodes gescheiden door komma's, bijv. BU03632700, BU03632701. Leeg = het hele "
                  "dossier (of de wijk hierboven).")
        self._add(QgsProcessingParameterString(self.START, "Horizon vanaf (kwartaal)", optional=True),
                  "Eerste kwartaal, bijv. 2026-Q1. Leeg = het huidige kwartaal.")
        self._add(QgsProcessingParameterString(self.END, "Horizon tot en met (kwartaal)", optional=True),
                  "Laatste kwartaal, bijv. 2030-Q4; minstens een jaar na het begin. Leeg = zestien kwartalen, of "
                  "langer als maatregelen langer lopen (tot acht jaar; wat daarna eindigt krijgt een pijl).")
        self._add(QgsProcessingParameterEnum(self.PAPER, "Papier", [p[1] for p in PAPERS], defaultValue=0),
                  "A3 liggend (standaard) of A4 liggend.")
        self._add(QgsProcessingParameterEnum(self.COLOUR, "Kleur van de balken", [c[1] for c in COLOURS],
                                             defaultValue=0),
                  "Kleur de balken naar de status van de maatregel of naar de trekker (partner).")
        self._add(QgsProcessingParameterString(self.TITLE, "Titel", optional=True),
                  "Titel boven elke pagina. Leeg = 'Wijkroutekaart' met de titel van het dossier.", advanced=True)
        self._add(QgsProcessingParameterFileDestination(self.OUTPUT, "Wijkroutekaart (PDF)", "PDF (*.pdf)"),
                  "Het PDF-bestand met de wijkroutekaart.")
        self._add(QgsProcessingParameterFileDestination(self.XLSX, "Tabel (XLSX)", "Excel (*.xlsx)", optional=True,
                                                        createByDefault=False),
                  "Optioneel: de tabel maatregel × kwartaal met thema, trekker en status, als Excel-bestand.")
        self._add(QgsProcessingParameterFileDestination(self.CSV, "Tabel (CSV)", "CSV (*.csv)", optional=True,
                                                        createByDefault=False),
                  "Optioneel: dezelfde tabel als CSV (puntkomma, UTF-8), zoals Excel die opent.")
        self.add_outputs()

    def process(self, parameters, context, feedback):
        out_pdf = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        out_xlsx = self.parameterAsFileOutput(parameters, self.XLSX, context) if parameters.get(self.XLSX) else ""
        out_csv = self.parameterAsFileOutput(parameters, self.CSV, context) if parameters.get(self.CSV) else ""
        codes = self.parameterAsString(parameters, self.BUURTEN, context).split(",")
        with self.use_dossier(parameters, context, feedback, min_version=3) as dossier:
            result = make_routekaart(
                dossier, out_pdf, out_xlsx or None, out_csv or None,
                wijkcode=self.parameterAsString(parameters, self.WIJK, context), buurtcodes=codes,
                start=self.parameterAsString(parameters, self.START, context) or None,
                end=self.parameterAsString(parameters, self.END, context) or None,
                paper=PAPERS[self.parameterAsEnum(parameters, self.PAPER, context)][0],
                colour_by=COLOURS[self.parameterAsEnum(parameters, self.COLOUR, context)][0],
                title=self.parameterAsString(parameters, self.TITLE, context), feedback=feedback,
                source_name=dossier_name(self, parameters, context))
        not_planned = result["measures"] - result["drawn"]
        feedback.pushInfo(f"Wijkroutekaart {result['horizon'][0]} t/m {result['horizon'][1]}: {result['drawn']} "
                          f"maatregelen getekend, {not_planned} niet gepland, {result['besluiten']} besluitmomenten, "
                          f"{result['koppelkansen']} koppelkansen, {result['pages']} pagina('s).")
        if not_planned:
            feedback.pushWarning(f"{not_planned} maatregel(en) zonder (juiste) planning staan als 'niet gepland' op "
                                 "de kaart.")
        out = {self.OUTPUT: os.path.abspath(out_pdf), "PAGINAS": result["pages"], "MAATREGELEN": result["measures"],
               "NIET_GEPLAND": not_planned, "HORIZON": f"{result['horizon'][0]} t/m {result['horizon'][1]}"}
        if out_xlsx:
            out[self.XLSX] = out_xlsx
        if out_csv:
            out[self.CSV] = out_csv
        return out
