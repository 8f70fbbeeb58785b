"""Algorithm 'Koppelkansen zoeken': plans and measures that meet in space and time, stored in the dossier."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..layers.plans import find_koppelkansen
from ..layers.schema import CRS, KOPPELKANSEN_LAYER, layer_def, qgs_fields
from ._dossier_access import dossier_parameters
from .base import WijkatlasAlgorithm


class FindKoppelkansenAlgorithm(WijkatlasAlgorithm):
    """Search every pair and group of plans that meet; keep decisions made before."""

    NAME = "koppelkansenzoeken"
    DISPLAY = "Koppelkansen zoeken"
    GROUP = "plannen"
    HELP = ("Zoekt alle paren (en samenhangende groepen) van plannen en maatregelen van <b>verschillende partners "
            "of categorieën</b> die elkaar raken of dicht bij elkaar liggen <b>en</b> in de tijd overlappen of "
            "dicht bij elkaar liggen. Wat een ontmoeting betekent staat in de bewerkbare matrix van "
            "categorieparen: <i>koppelkans</i> (samen doen: de straat één keer open, participatie en budget delen), "
            "<i>conflict</i> (werk zit elkaar in de weg) of <i>breekverbod</i> (graafwerk kort na een "
            "herinrichting).<br><br>"
            "Per resultaat: de twee plannen, partners, categorieën, afstand, gedeelde of tussenliggende kwartalen, "
            "soort en sterkte (1-3), of het nog te beïnvloeden is (het eerste plan begint over minstens twee jaar), "
            "de buurten en een uitleg. De koppelkansen komen in de laag <i>Koppelkansen</i> van het dossier. "
            "<b>Status en reden</b> (in het formulier) blijven bij een nieuwe zoektocht bewaard; paren die niet "
            "meer bestaan krijgen de stand <i>verdwenen</i>.")
    DOSSIER = "DOSSIER"
    TOUCH = "AFSTAND"
    NEAR = "NABIJ"
    GAP = "KWARTALEN"
    MEASURES = "MAATREGELEN"
    OUTPUT = "OUTPUT"
    OUTPUTS = (("KOPPELKANSEN", "number", "Aantal koppelkansen"), ("CONFLICTEN", "number",
               "Aantal conflicten (inclusief breekverbod)"), ("NIEUW", "number", "Aantal nieuwe paren"),
               ("VERDWENEN", "number", "Aantal paren dat niet meer bestaat"))

    def initAlgorithm(self, config=None):  # noqa: N802
        dossier, postgis = dossier_parameters("Het wijkdossier met plannen (schemaversie 3 of later); de "
                                              "koppelkansen komen erin.")
        touch = QgsProcessingParameterNumber(self.TOUCH, "Afstand voor 'raakt' (m)",
                                             QgsProcessingParameterNumber.Type.Double, 0.0, False, 0.0, 1000.0)
        touch.setHelp("0 m = de plannen raken of overlappen elkaar.")
        near = QgsProcessingParameterNumber(self.NEAR, "Afstand voor 'nabij' (m)",
                                            QgsProcessingParameterNumber.Type.Double, 25.0, False, 0.0, 5000.0)
        near.setHelp("Plannen die niet raken maar binnen deze afstand liggen, tellen als 'nabij'.")
        gap = QgsProcessingParameterNumber(self.GAP, "Kwartalen ertussen (hoogstens)",
                                           QgsProcessingParameterNumber.Type.Integer, 4, False, 0, 40)
        gap.setHelp("Periodes die overlappen, of waartussen hoogstens zoveel lege kwartalen liggen. Het "
                    "breekverbod heeft zijn eigen termijn in de matrix.")
        measures = QgsProcessingParameterBoolean(self.MEASURES, "Maatregelen van de wijkaanpak meenemen", True)
        measures.setHelp("Maatregelen met een tekening en een startkwartaal doen mee; hun categorie volgt uit "
                         "hun thema (zie plan_categories.json).")
        out = QgsProcessingParameterFeatureSink(self.OUTPUT, "Koppelkansen (kopie)", optional=True,
                                                createByDefault=False)
        out.setHelp("Optioneel een kopie van de gevonden koppelkansen als aparte laag.")
        for param in (dossier, postgis, touch, near, gap, measures, out):
            self.addParameter(param)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        with self.use_dossier(parameters, context, feedback, write=True, min_version=3) as dossier:
            result = find_koppelkansen(
                dossier, touch=self.parameterAsDouble(parameters, self.TOUCH, context),
                near=self.parameterAsDouble(parameters, self.NEAR, context),
                max_gap=self.parameterAsInt(parameters, self.GAP, context),
                with_measures=self.parameterAsBoolean(parameters, self.MEASURES, context), feedback=feedback)
        feedback.pushInfo(f"{result.plans} plannen en maatregelen doorzocht in {result.seconds:.2f} s; "
                          f"{result.skipped} zonder tekening, start of bekende categorie overgeslagen.")
        feedback.pushInfo(f"{result.count('koppelkans')} koppelkansen, {result.count('conflict')} conflicten, "
                          f"{result.count('breekverbod')} keer breekverbod; {len(result.new)} nieuw, "
                          f"{len(result.kept)} al bekend (status bewaard), {len(result.vanished)} verdwenen.")
        outputs = {"KOPPELKANSEN": result.count("koppelkans"),
                   "CONFLICTEN": result.count("conflict") + result.count("breekverbod"),
                   "NIEUW": len(result.new), "VERDWENEN": len(result.vanished)}
        defn = layer_def(KOPPELKANSEN_LAYER)
        fields = qgs_fields(defn)
        sink, dest = self.sink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.MultiPolygon,
                               QgsCoordinateReferenceSystem(CRS), optional=True)
        if sink is not None:
            for row in result.rows:
                feat = QgsFeature(fields)
                for name in fields.names():
                    feat.setAttribute(name, row.get(name))
                geom = QgsGeometry()
                geom.fromWkb(row["geometry"].wkb)
                geom.convertToMultiType()
                feat.setGeometry(geom)
                sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
            outputs[self.OUTPUT] = dest
        return outputs
