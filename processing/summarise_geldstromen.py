"""Algorithm 'Geldstromen samenvatten': totals per buurt, wijk, theme, partner, status and year; a styled map layer."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType

from ..layers.common import format_nl
from ..layers.geldstromen import (
    MAP_FIELDS,
    TABLE_FIELDS,
    map_rows,
    read_context,
    read_flows,
    style_geldstromen_layer,
    summarise_flows,
    table_rows,
)
from ..layers.participatie import read_layer_records
from ..layers.schema import CRS
from ._dossier_access import dossier_parameters
from ._geldstromen_params import NO_SPREAD, spread_by, spread_parameter
from .base import WijkatlasAlgorithm

TYPES = {"string": QMetaType.Type.QString, "double": QMetaType.Type.Double, "int": QMetaType.Type.Int}
_STYLERS = []  # QGIS keeps only a raw pointer to a post-processor: keep the Python objects alive


class GeldstromenStyler(QgsProcessingLayerPostProcessorInterface):
    """Gives the per-buurt output its euros-per-inhabitant style once QGIS has loaded it."""

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        style_geldstromen_layer(layer)


def _fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, TYPES[kind]))
    return fields


class SummariseGeldstromenAlgorithm(WijkatlasAlgorithm):
    """Sum the dossier's geldstromen per area and per theme, partner, status and year."""

    NAME = "geldstromensamenvatten"
    DISPLAY = "Geldstromen samenvatten"
    GROUP = "analyse"
    HELP = ("Telt de geldstromen in het wijkdossier op per buurt, wijk en voor alle wijken samen, en per thema, "
            "partner, status en jaar. Elk bedrag telt precies één keer mee: bij zijn eigen gebied (buurt, wijk of "
            "gemeentebreed). Een reeks jaren wordt gelijk over de jaren verdeeld (tot op de cent).<br><br>"
            "Per inwoner en per woning met de <b>CBS-cijfers uit het dossier</b>; ontbreekt het cijfer, dan blijft "
            "het veld leeg met de reden (nooit 0). Gemeentebrede stromen kunnen op verzoek over de buurten worden "
            "<b>gespreid</b> naar inwoners of woningen; gespreide bedragen staan apart en tellen op tot de cent. "
            "Als maat voor de schaal staat ernaast het totale inkomen van de bewoners (inwoners × gemiddeld "
            "inkomen per inwoner, met het jaar van de CBS-cijfers).")
    DOSSIER = "DOSSIER"
    SPREIDEN = "SPREIDEN"
    TABEL = "TABEL"
    KAART = "KAART"
    OUTPUTS = (("TOTAAL", "number", "Totaal van alle geldstromen (€)"),)

    def initAlgorithm(self, config=None):  # noqa: N802
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg, schemaversie 3) met geldstromen en "
                                              "CBS-cijfers.")
        spread = spread_parameter(self.SPREIDEN, "Gemeentebrede stromen spreiden over de buurten", NO_SPREAD,
                                  "Niet spreiden: gemeentebrede bedragen staan alleen bij 'alle wijken'. Naar "
                                  "inwoners of woningen: elke buurt krijgt een deel naar rato (CBS-cijfer uit het "
                                  "dossier), gelabeld als gespreid.")
        table = QgsProcessingParameterFeatureSink(self.TABEL, "Geldstromen per gebied (tabel)")
        table.setHelp("Per gebied (buurt, wijk, alle wijken) het totaal en de verdeling per thema, partner, "
                      "status en jaar, met bedragen per inwoner en per woning.")
        kaart = QgsProcessingParameterFeatureSink(self.KAART, "Geldstromen per buurt (kaart)")
        kaart.setHelp("De buurten met totaal, eigen en gespreid bedrag, per status, per inwoner en per woning, "
                      "en het totale inkomen van de bewoners; opgemaakt naar euro per inwoner.")
        for param in (dossier, postgis, spread, table, kaart):
            self.addParameter(param)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        with self.use_dossier(parameters, context, feedback, min_version=3) as dossier:
            return self._summarise(dossier, parameters, context, feedback)

    def _summarise(self, dossier, parameters, context, feedback):
        spreading = spread_by(self, parameters, self.SPREIDEN, context, NO_SPREAD)
        ctx = read_context(dossier)
        flows = read_flows(dossier)
        summary = summarise_flows(flows, ctx, spreading)
        for note in summary.notes:
            feedback.pushWarning(note)
        fields = _fields(TABLE_FIELDS)
        sink, table_dest = self.sink(parameters, self.TABEL, context, fields)
        for row in table_rows(summary):
            feat = QgsFeature(fields)
            feat.setAttributes([row[name] for name, _ in TABLE_FIELDS])
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        fields = _fields(MAP_FIELDS)
        sink, map_dest = self.sink(parameters, self.KAART, context, fields, QgsWkbTypes.Type.MultiPolygon,
                                   QgsCoordinateReferenceSystem(CRS))
        rows = map_rows(summary)
        for attrs, geom in read_layer_records(dossier, "buurten"):
            row = rows.get(str(attrs.get("buurtcode") or ""))
            if row is None:
                continue
            feat = QgsFeature(fields)
            feat.setGeometry(geom)
            feat.setAttributes([row[name] for name, _ in MAP_FIELDS])
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        if context.willLoadLayerOnCompletion(map_dest):
            styler = GeldstromenStyler()
            _STYLERS[:] = _STYLERS[-9:] + [styler]
            context.layerToLoadOnCompletionDetails(map_dest).setPostProcessor(styler)
        total = summary.total("gemeente", ctx.gemeentecode)
        feedback.pushInfo(f"{len(flows)} geldstromen, samen € {format_nl(total / 100, 2)}"
                          + (f"; gemeentebrede stromen gespreid naar {spreading}." if spreading else "."))
        return {self.TABEL: table_dest, self.KAART: map_dest, "TOTAAL": total / 100.0}
