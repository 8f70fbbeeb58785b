"""Algorithm 'Verhaal van de wijk importeren': stories per wijk or buurt (with a photo) into the dossier, at once."""
from qgis.core import QgsProcessingParameterFile

from ..layers.wijkverhaal import import_wijkverhalen
from ._dossier_access import dossier_parameters
from .base import WijkatlasAlgorithm


class ImportWijkverhalenAlgorithm(WijkatlasAlgorithm):
    """Import stories (verhaal van de wijk) from a CSV or Excel file."""

    NAME = "wijkverhalenimporteren"
    DISPLAY = "Verhaal van de wijk importeren"
    GROUP = "plannen"
    HELP = ("Leest verhalen van de wijk (geschiedenis, identiteit, wat bewoners belangrijk vinden) uit een CSV- of "
            "Excel-bestand en zet ze in het wijkdossier. Kolommen: <i>titel</i>, <i>tekst</i>, <i>gebiedscode</i> "
            "(wijk- of buurtcode), en verder bron, datum, <i>foto</i> (bestandsnaam naast het bestand) en "
            "<i>foto_credit</i> (maker of bron, verplicht bij een foto).<br><br>"
            "Geen persoonsgegevens: kolommen met namen, e-mail of telefoon worden nooit gelezen, en een tekst met een "
            "e-mailadres of telefoonnummer wordt geweigerd. Heeft één rij een fout, dan wordt niets ingelezen.")
    INPUT = "INPUT"
    DOSSIER = "DOSSIER"
    OUTPUTS = (("INGELEZEN", "number", "Aantal ingelezen verhalen"),
               ("FOUTEN", "number", "Aantal rijen met een fout"))

    def initAlgorithm(self, config=None):  # noqa: N802
        source = QgsProcessingParameterFile(self.INPUT, "Bestand met verhalen (CSV of Excel)",
                                            fileFilter="CSV of Excel (*.csv *.txt *.xlsx)")
        source.setHelp("CSV of .xlsx met een kopregel; foto's als bestandsnaam in dezelfde map.")
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg, schemaversie 3); het wordt in één keer "
                                              "bijgewerkt, of niet.")
        for param in (source, dossier, postgis):
            self.addParameter(param)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        with self.use_dossier(parameters, context, feedback, write=True, min_version=3) as dossier:
            result = import_wijkverhalen(self.parameterAsFile(parameters, self.INPUT, context), dossier)
        if result.personal_columns:
            feedback.pushWarning(f"Niet gelezen (persoonsgegevens): kolommen {', '.join(result.personal_columns)}.")
        for number, status, reason in result.report:
            (feedback.reportError if status == "fout" else feedback.pushWarning)(f"Rij {number}: {status}: {reason}")
        errors = sum(1 for _, status, _ in result.report if status == "fout")
        if errors:
            feedback.reportError(f"Er is niets ingelezen: {errors} rij(en) hebben een fout.")
        else:
            feedback.pushInfo(f"{result.written} verhalen ingelezen.")
        return {"INGELEZEN": result.written, "FOUTEN": errors}
