"""Algorithm 'Knelpunten signaleren': explainable flags per buurt, stapeling, clusters and Gi* hot spots."""
from functools import partial

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingFeatureSource,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType

from ..layers.common import WijkatlasCancelled, WijkatlasError, load_catalogue, plain
from ..layers.data import check_polygon_source, indicator_field_map
from ..layers.dossier import dossier_inputs, store_result_layer
from ..layers.knelpunten import (
    DEFAULT_RULES_PATH,
    GI_CAVEAT,
    GI_DEFAULT,
    SUMMARY_FIELDS,
    analyse,
    geometries_from_wkb,
    load_rules,
    result_fields,
    style_knelpunten,
    summarize,
)
from ..layers.postgis import pg_dossier_inputs, store_result_layer_pg
from ._postgis_params import postgis_dossier_parameter, postgis_ref
from .base import WijkatlasAlgorithm

REFERENCE_CHOICES = (None, "gemeente", "nederland")
NEIGHBOUR_CHOICES = ("queen", "rook")
TEXT_FIELDS = {"toelichting", "gi_klasse", "label", "regel", "buurten_knelpunt", "buurten_let_op"}
INT_FIELDS = {"stapeling", "let_op_aantal", "onbekend_aantal", "cluster_id", "knelpunt", "let_op", "geen",
              "onbekend"}
# Post-processors must outlive the algorithm instance until QGIS has loaded the layer.
_STYLERS = []


def _field_type(name):
    if name in TEXT_FIELDS or name.endswith("_flag"):
        return QMetaType.Type.QString
    return QMetaType.Type.Int if name in INT_FIELDS else QMetaType.Type.Double


class KnelpuntenStyler(QgsProcessingLayerPostProcessorInterface):
    """Gives the output layer the stapeling style once QGIS has loaded it."""

    def __init__(self, rule_count):
        super().__init__()
        self.rule_count = rule_count

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        style_knelpunten(layer, self.rule_count)


class FlagKnelpuntenAlgorithm(WijkatlasAlgorithm):
    """Evaluate knelpunt rules per buurt and add stapeling, clusters and a Gi* hot-spot score."""

    NAME = "knelpuntensignaleren"
    DISPLAY = "Knelpunten signaleren"
    GROUP = "analyse"
    HELP = (
        "Signaleert per buurt <b>knelpunten</b> met uitlegbare regels uit een regelbestand (JSON; standaard de "
        "meegeleverde set: risico op energiearmoede, lage inkomens, sociaal minimum, oude woningvoorraad, lage "
        "WOZ-waarde, hoog gasverbruik, leegstand). Per regel: vlag (knelpunt, let op, geen, onbekend), waarde, "
        "referentie en afwijking (index: % boven/onder de referentie; verschil: in de eenheid, bijv. procentpunt). "
        "Referentie: het CBS-cijfer van gemeente of Nederland uit de referentietabel, anders een gewogen gemiddelde "
        "van de buurten in de laag (per woning, huishouden of inwoner). Ontbrekende cijfers en te kleine buurten "
        "geven 'onbekend', nooit 'geen knelpunt'.<br><br>"
        "<b>Stapeling</b> telt de knelpunten per buurt; <b>cluster_id</b> nummert groepen aangrenzende buurten "
        "met minstens één knelpunt; <b>gi_z</b> is de Getis-Ord Gi*-z-score (buren met een gedeelde grens).<br><br>"
        + GI_CAVEAT)
    INPUT = "INPUT"
    REFERENTIE = "REFERENTIE"
    REGELS = "REGELS"
    REFERENTIEKEUZE = "REFERENTIEKEUZE"
    MIN_INWONERS = "MIN_INWONERS"
    MIN_WONINGEN = "MIN_WONINGEN"
    GI_VARIABELE = "GI_VARIABELE"
    BUREN = "BUREN"
    OUTPUT = "OUTPUT"
    SAMENVATTING = "SAMENVATTING"
    DOSSIER = "DOSSIER"
    POSTGIS = "POSTGIS"

    @staticmethod
    def gi_options():
        """Choices for the Gi* variable: the stapeling count, then every non-count catalogue indicator."""
        return [GI_DEFAULT] + [ind.id for ind in load_catalogue() if ind.kind != "count"]

    def initAlgorithm(self, config=None):  # noqa: N802
        params = []
        src = QgsProcessingParameterFeatureSource(self.INPUT, "Buurten met cijfers (leeg = uit het wijkdossier)",
                                                  [QgsProcessing.SourceType.TypeVectorPolygon], optional=True)
        src.setHelp("De buurtenlaag van het wijkdossier (velden buurtcode, gemeentecode en de "
                            "indicatoren met de namen uit de catalogus).")
        params.append(src)
        ref = QgsProcessingParameterFeatureSource(self.REFERENTIE, "Referentiecijfers (gemeente, Nederland)",
                                                  [QgsProcessing.SourceType.TypeVector], optional=True)
        ref.setHelp("De tabel 'referentie' van het dossier (code, niveau land/gemeente, indicatoren). "
                            "Zonder deze tabel is de gemeentereferentie een gewogen gemiddelde van de buurten in "
                            "de laag en is een landelijke vergelijking 'onbekend'.")
        params.append(ref)
        rules = QgsProcessingParameterFile(self.REGELS, "Regelbestand (JSON)",
                                           QgsProcessingParameterFile.Behavior.File, "json", DEFAULT_RULES_PATH)
        rules.setHelp("Bestand met knelpuntregels. Kopieer het meegeleverde bestand om drempels of "
                              "referenties aan te passen; fouten worden bij het laden per regel gemeld.")
        params.append(rules)
        choice = QgsProcessingParameterEnum(self.REFERENTIEKEUZE, "Vergelijken met",
                                            ["zoals in het regelbestand", "gemeente",
                                             "Nederland"], defaultValue=0)
        choice.setHelp("Overschrijft de referentie van alle relatieve regels; regels met een absolute "
                               "(officiële) grens houden die grens.")
        params.append(choice)
        for name, label, default, helptext in (
                (self.MIN_INWONERS, "Minimum aantal inwoners", 200,
                 "Buurten met minder inwoners krijgen 'onbekend' voor regels over personen en huishoudens (CBS "
                 "publiceert inkomenscijfers pas vanaf 200 inwoners)."),
                (self.MIN_WONINGEN, "Minimum aantal woningen", 50,
                 "Buurten met minder woningen krijgen 'onbekend' voor regels over woningen (WOZ, bouwjaar, gas).")):
            num = QgsProcessingParameterNumber(name, (label), QgsProcessingParameterNumber.Type.Integer,
                                               default, minValue=0)
            num.setHelp(helptext)
            params.append(num)
        gi = QgsProcessingParameterEnum(self.GI_VARIABELE, "Variabele voor de hotspot-analyse (Gi*)",
                                        self.gi_options(), defaultValue=GI_DEFAULT, usesStaticStrings=True)
        gi.setHelp("Stapeling (aantal knelpunten) of een indicator. Verkennend; zie de kanttekeningen in "
                           "de help.")
        params.append(gi)
        buren = QgsProcessingParameterEnum(self.BUREN, "Buren", ["queen (gedeeld punt of grens)",
                                                                          "rook (gedeelde grenslijn)"],
                                           defaultValue=0)
        buren.setHelp("Wanneer twee buurten buren zijn: bij queen volstaat één gedeeld hoekpunt.")
        buren.setFlags(buren.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        params.append(buren)
        out = QgsProcessingParameterFeatureSink(self.OUTPUT, "Knelpunten",
                                                QgsProcessing.SourceType.TypeVectorPolygon)
        out.setHelp("De buurten met per regel vlag, waarde, referentie en afwijking, plus stapeling, "
                            "toelichting, cluster_id, gi_z en gi_klasse.")
        params.append(out)
        summary = QgsProcessingParameterFeatureSink(self.SAMENVATTING, "Samenvatting per regel",
                                                    QgsProcessing.SourceType.TypeVector)
        summary.setHelp("Per regel het aantal buurten per vlag en de buurtcodes met knelpunt of let op.")
        params.append(summary)
        dossier = QgsProcessingParameterFile(self.DOSSIER, "Wijkdossier (lezen en opslaan)",
                                             QgsProcessingParameterFile.Behavior.File, "gpkg", optional=True)
        dossier.setHelp("Optioneel: een wijkdossier (.gpkg). Zonder buurtenlaag hierboven komen buurten en "
                        "referentiecijfers uit het dossier. De knelpuntenlaag wordt er, met stijl, als "
                                "laag 'knelpunten' in opgeslagen en aan het project van het dossier toegevoegd. Lukt "
                                "dat niet, dan blijft het dossier ongewijzigd.")
        params.append(dossier)
        params.append(postgis_dossier_parameter(self.POSTGIS, "Optioneel: een wijkdossier in PostGIS, in plaats van "
                                                "een .gpkg; de knelpunten worden in één transactie opgeslagen."))
        for param in params:
            self.addParameter(param)

    def _read(self, source, feedback):
        """Attribute rows, shapely geometries and the features of the source."""
        names = source.fields().names()
        aliases = {k: v for k, v in indicator_field_map(names).items() if k != v and k not in names}
        if aliases:  # e.g. PDOK's aantal_inwoners read as the catalogue's inwoners
            feedback.pushInfo("Velden herkend via de indicatorencatalogus: " + ", ".join(
                f"{v} → {k}" for k, v in sorted(aliases.items())) + ".")
        rows, blobs, feats = [], [], []
        for feat in source.getFeatures():
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            row = {n: plain(v) for n, v in zip(names, feat.attributes())}
            row.update({k: row[v] for k, v in aliases.items()})
            rows.append(row)
            geom = feat.geometry()
            blobs.append(None if geom.isEmpty() else geom.asWkb())
            feats.append(feat)
        return rows, geometries_from_wkb(blobs), feats

    def process(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        ref_source = self.parameterAsSource(parameters, self.REFERENTIE, context)
        dossier = self.dossier_path(parameters, self.DOSSIER, context, write=True, optional=True)
        pg_ref = postgis_ref(self, parameters, self.POSTGIS, context)
        if source is None and (dossier or pg_ref):
            found = pg_dossier_inputs(pg_ref) if pg_ref else dossier_inputs(dossier)
            source = QgsProcessingFeatureSource(found["buurten"], context)
            if ref_source is None and "referentie" in found:
                ref_source = QgsProcessingFeatureSource(found["referentie"], context)
        if source is None:
            raise WijkatlasError("Kies een buurtenlaag of een wijkdossier.")
        check_polygon_source(source)
        rules = load_rules(self.parameterAsFile(parameters, self.REGELS, context) or None)
        ref_rows = [] if ref_source is None else [
            {n: plain(v) for n, v in zip(ref_source.fields().names(), f.attributes())}
            for f in ref_source.getFeatures()]
        names = set(source.fields().names()) | set(indicator_field_map(source.fields().names()))
        needed = {c.indicator for rule in rules for c in rule.conditions()} | {"inwoners", "woningen"}
        for missing in sorted(needed - names):
            feedback.pushWarning(("Veld '{name}' ontbreekt in de buurtenlaag; regels die het gebruiken "
                                         "worden 'onbekend'.").format(name=missing))
        feedback.setProgressText("Buurten lezen")
        rows, geoms, feats = self._read(source, feedback)
        precision = 1e-8 if source.sourceCrs().isGeographic() else 0.001
        results = analyse(
            rows, geoms, rules, ref_rows,
            REFERENCE_CHOICES[self.parameterAsEnum(parameters, self.REFERENTIEKEUZE, context)],
            self.parameterAsInt(parameters, self.MIN_INWONERS, context),
            self.parameterAsInt(parameters, self.MIN_WONINGEN, context),
            self.parameterAsEnumString(parameters, self.GI_VARIABELE, context) or GI_DEFAULT,
            NEIGHBOUR_CHOICES[self.parameterAsEnum(parameters, self.BUREN, context)], precision, feedback)
        added = result_fields(rules)
        keep = [f for f in source.fields() if f.name() not in added]
        fields = QgsFields()
        for fld in keep:
            fields.append(fld)
        for name in added:
            fields.append(QgsField(name, _field_type(name)))
        sink, dest = self.sink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.multiType(source.wkbType()),
                               source.sourceCrs())
        for feat, res in zip(feats, results):
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            out = QgsFeature(fields)
            out.setGeometry(feat.geometry())
            out.setAttributes([feat[f.name()] for f in keep] + [res[name] for name in added])
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
        summary_fields = QgsFields()
        for name in SUMMARY_FIELDS:
            summary_fields.append(QgsField(name, _field_type(name)))
        sum_sink, sum_dest = self.sink(parameters, self.SAMENVATTING, context, summary_fields)
        for item in summarize(rows, results, rules):
            feat = QgsFeature(summary_fields)
            feat.setAttributes([item[name] for name in SUMMARY_FIELDS])
            sum_sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        del sink, sum_sink  # flush both outputs before they are read back
        if dossier or pg_ref:
            layer = QgsProcessingUtils.mapLayerFromString(dest, context)
            store = partial(store_result_layer_pg, pg_ref) if pg_ref else partial(store_result_layer, dossier)
            store(layer, "knelpunten", "Knelpunten", lambda lyr: style_knelpunten(lyr, len(rules)),
                  context.transformContext())
            feedback.pushInfo("Knelpunten opgeslagen in het wijkdossier {path}".format(
                path=pg_ref.text() if pg_ref else dossier))
        feedback.pushInfo("Hotspot-analyse (Gi*) is verkennend. " + GI_CAVEAT)
        if context.willLoadLayerOnCompletion(dest):
            styler = KnelpuntenStyler(len(rules))
            _STYLERS[:] = _STYLERS[-9:] + [styler]
            context.layerToLoadOnCompletionDetails(dest).setPostProcessor(styler)
        feedback.setProgress(100)
        return {self.OUTPUT: dest, self.SAMENVATTING: sum_dest}
