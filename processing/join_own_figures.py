"""Algorithm 'Eigen cijfers koppelen': a gemeente's own CSV/XLSX/table joined to the buurten by buurtcode."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QMetaType

from ..layers.common import WijkatlasError, plain
from ..layers.data import figures_by_code, find_code_column, join_figures, read_table
from ._join_output import joined_fields, log_unmatched, write_joined, write_unmatched
from ._network_params import advanced
from .base import WijkatlasAlgorithm


def layer_table(layer):
    """(header, rows) of a QGIS layer's attribute table."""
    header = layer.fields().names()
    rows = [[plain(v) for v in f.attributes()]
            for f in layer.getFeatures()]
    return header, rows


class JoinOwnFiguresAlgorithm(WijkatlasAlgorithm):
    """Join the columns of an own table to the buurten; every buurt kept, unmatched codes reported."""

    NAME = "eigencijferskoppelen"
    DISPLAY = "Eigen cijfers koppelen"
    GROUP = "data"
    HELP = ("Koppelt eigen cijfers van de gemeente (bijv. aandeel energielabels E/F/G, Leefbaarometer-scores) uit "
            "een CSV- of XLSX-bestand of een QGIS-laag op buurtcode aan de buurten. Kolommen met alleen getallen "
            "worden getalvelden (komma of punt als decimaalteken; '.', 'NA' en leeg worden NULL, nooit 0), andere "
            "kolommen tekstvelden. Geen enkele buurt valt weg: codes zonder partner aan een van beide kanten staan "
            "in het logboek en in de tabel 'Niet gekoppeld'. XLSX vraagt het pakket openpyxl.")
    INPUT, CODE, FILE, TABLE = "INPUT", "CODEVELD", "BESTAND", "TABEL_LAAG"
    SOURCE_CODE, COLUMNS, OUTPUT, UNMATCHED = "BRON_CODEVELD", "KOLOMMEN", "OUTPUT", "NIET_GEKOPPELD"
    OVERWRITE, HEADER = "BESTAANDE_VELDEN_OVERSCHRIJVEN", "KOPREGEL"
    OUTPUTS = (("GEKOPPELD", "number", "Aantal gekoppelde objecten"),
               ("NIET_GEKOPPELD_LAAG", "number", "Codes uit de laag zonder cijfers"),
               ("NIET_GEKOPPELD_TABEL", "number", "Codes uit de tabel zonder object in de laag"))

    def initAlgorithm(self, config=None):  # noqa: N802
        params = [
            (QgsProcessingParameterFeatureSource(self.INPUT, "Buurten"),
             "Laag met buurten en een buurtcode."),
            (QgsProcessingParameterField(self.CODE, "Veld met de buurtcode", "buurtcode", self.INPUT),
             "Het veld met de buurtcode in de buurtenlaag."),
            (QgsProcessingParameterFile(self.FILE, "Bestand met eigen cijfers (CSV of XLSX)",
                                        fileFilter="CSV/XLSX (*.csv *.txt *.xlsx *.xlsm)", optional=True),
             "CSV (scheidingsteken ; , of tab) of XLSX (eerste werkblad). Of kies hieronder een laag."),
            (QgsProcessingParameterVectorLayer(self.TABLE, "… of een tabel/laag in QGIS",
                                               [QgsProcessing.SourceType.TypeVector], optional=True),
             "Een geladen tabel of laag met een kolom buurtcode; gebruikt als er geen bestand is gekozen."),
            (QgsProcessingParameterString(self.SOURCE_CODE, "Kolom met de buurtcode in de tabel",
                                          optional=True),
             "Leeg = automatisch zoeken (buurtcode, bu_code, code, statcode …)."),
            (QgsProcessingParameterString(self.COLUMNS, "Te koppelen kolommen (komma-gescheiden)",
                                          optional=True),
             "Leeg = alle kolommen behalve de code."),
            (QgsProcessingParameterBoolean(self.OVERWRITE, "Bestaande velden overschrijven", False),
             "Uit (standaard): heeft de buurtenlaag al een veld met de naam van een kolom (bijv. buurtnaam), dan "
             "blijft dat ongewijzigd en komt de kolom in een nieuw veld (naam_2), met een regel in het logboek. "
             "Aan: het bestaande veld krijgt de waarden van de gekoppelde rijen; andere rijen houden hun waarde."),
            (advanced(QgsProcessingParameterNumber(self.HEADER, "Rijnummer van de kopregel (0 = automatisch)",
                                                   QgsProcessingParameterNumber.Type.Integer, 0, minValue=0), ""),
             "0: de kopregel wordt gezocht (een titelrij erboven wordt overgeslagen, een kop van twee "
             "samengevoegde rijen samengenomen). Anders het rijnummer zoals in Excel."),
            (QgsProcessingParameterFeatureSink(self.OUTPUT, "Buurten met eigen cijfers"),
             "Alle invoerbuurten met de gekoppelde kolommen."),
            (QgsProcessingParameterFeatureSink(self.UNMATCHED, "Niet gekoppeld",
                                               QgsProcessing.SourceType.TypeVector),
             "Codes zonder partner: buurten zonder rij in de tabel en rijen zonder buurt."),
        ]
        for param, help_text in params:
            param.setHelp(help_text)
            self.addParameter(param)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise WijkatlasError(self.invalidSourceError(parameters, self.INPUT))
        code_field = self.parameterAsString(parameters, self.CODE, context) or "buurtcode"
        if code_field not in source.fields().names():
            raise WijkatlasError(f"De buurtenlaag heeft geen veld '{code_field}'.")
        path = self.parameterAsFile(parameters, self.FILE, context)
        table_layer = self.parameterAsVectorLayer(parameters, self.TABLE, context)
        notes = []
        if path:
            header, numbered = read_table(path, "", self.parameterAsInt(parameters, self.HEADER, context), notes)
            rows, numbers = [c for _, c in numbered], [n for n, _ in numbered]
            label = path
        elif table_layer is not None:
            header, rows = layer_table(table_layer)
            numbers, label = None, table_layer.name()
        else:
            raise WijkatlasError("Kies een bestand of een tabel met eigen cijfers.")
        code_column = find_code_column(header, self.parameterAsString(parameters, self.SOURCE_CODE, context).strip())
        wanted = [c.strip() for c in self.parameterAsString(parameters, self.COLUMNS, context).split(",") if c.strip()]
        figures, spec, duplicates = figures_by_code(header, rows, code_column, wanted or None, numbers, notes)
        for note in notes:
            feedback.pushWarning(note)
        if not spec:
            raise WijkatlasError("De tabel heeft geen kolommen om te koppelen.")
        features = list(source.getFeatures())
        codes = [str(f[code_field] or "").strip().upper() for f in features]
        result = join_figures(codes, figures, [c for c, _, _ in spec], source_prefix="")
        new = [(name, QMetaType.Type.Double if num else QMetaType.Type.QString, col) for col, name, num in spec]
        fields, index, reused = joined_fields(source.fields(), new, feedback,
                                              self.parameterAsBoolean(parameters, self.OVERWRITE, context))
        missing = set(result.unmatched_layer)
        unmatched = [(c or "(leeg)", None, "buurtenlaag", f"geen rij in {label}") for c in codes if c in missing]
        unmatched += [(c, None, "tabel", "geen buurt met deze code") for c in result.unmatched_source]
        unmatched += [(c, None, "tabel", "dubbele code; de eerste rij is gebruikt") for c in sorted(set(duplicates))]
        dest = write_joined(self, parameters, context, feedback, self.OUTPUT, source, features, fields, index,
                            result.values, reused, [c not in missing for c in codes])
        dest_unmatched = write_unmatched(self, parameters, context, self.UNMATCHED, unmatched)
        feedback.pushInfo(f"{result.matched} van {len(features)} buurten gekoppeld; {len(spec)} kolommen: "
                          + ", ".join(f"{c} → {n}" for c, n, _ in spec))
        log_unmatched(feedback, [u for u in unmatched if u[2] == "buurtenlaag"], "buurten zonder rij in de tabel")
        log_unmatched(feedback, [u for u in unmatched if u[2] == "tabel"], "tabelrijen zonder buurt (of dubbel)")
        return {self.OUTPUT: dest, self.UNMATCHED: dest_unmatched, "GEKOPPELD": result.matched,
                "NIET_GEKOPPELD_LAAG": len(result.unmatched_layer),
                "NIET_GEKOPPELD_TABEL": len(result.unmatched_source)}
