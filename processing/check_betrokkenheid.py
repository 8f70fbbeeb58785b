"""Algorithm 'Betrokkenheid controleren': who took part, per buurt or wijk, against the CBS composition."""
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
)
from qgis.PyQt.QtCore import QMetaType

from ..layers.participatie import (
    DEFAULT_MIN_GROUP,
    ROW_FIELDS,
    BuurtIndex,
    area_text,
    attach_all,
    read_layer_records,
    representation,
)
from ._dossier_access import dossier_parameters
from ._participatie_params import min_group_parameter
from .base import WijkatlasAlgorithm

INT, DOUBLE = QMetaType.Type.Int, QMetaType.Type.Double
NUMERIC = {"n_deelnemers": INT, "n_dimensie": INT, "df": INT, "aandeel_deelnemers": DOUBLE, "bevolking": DOUBLE,
           "aandeel_bevolking": DOUBLE, "ratio": DOUBLE, "chi2": DOUBLE, "p_waarde": DOUBLE}
LEVELS = ("buurt", "wijk")


def output_fields():
    """Fields of the representativeness table."""
    fields = QgsFields()
    for name in ROW_FIELDS:
        fields.append(QgsField(name, NUMERIC.get(name, QMetaType.Type.QString)))
    return fields


def buurt_attributes(path):
    """buurtcode -> attributes of the dossier's buurten (names and CBS figures)."""
    return {attrs["buurtcode"]: attrs for attrs, _ in read_layer_records(path, "buurten")}


class CheckBetrokkenheidAlgorithm(WijkatlasAlgorithm):
    """Representation ratios of participant groups against CBS figures per buurt or wijk."""

    NAME = "betrokkenheidcontroleren"
    DISPLAY = "Betrokkenheid controleren"
    GROUP = "plannen"
    HELP = ("Vergelijkt wie er aan de participatie meededen met de bevolking volgens CBS, per buurt of per wijk. "
            "Per groep de <b>verhouding</b> R = aandeel onder deelnemers ÷ aandeel in de bevolking: "
            "R &lt; 0,5 is <i>minder gehoord</i>, R &gt; 1,5 <i>oververtegenwoordigd</i>.<ul>"
            "<li>Leeftijd tegen inwoners (personen), huishoudtype tegen huishoudens, woonsituatie (koop, huur "
            "corporatie, huur overig) tegen woningen.</li>"
            "<li>Een deelnemer telt één keer (veld deelnemer_id; zonder dat veld telt elke notitie als "
            "deelnemer).</li>"
            "<li>Vanaf 30 deelnemers een chi-kwadraattoets; daaronder alleen verhoudingen.</li>"
            "<li>Groepen met minder deelnemers dan de minimale groep (standaard 5) worden in alle uitvoer "
            "onderdrukt; zo nodig nog één groep erbij, zodat het totaal ze niet verraadt.</li></ul>"
            "Ontbreken CBS-cijfers voor een buurt (geheimhouding), kies dan het niveau wijk.")
    DOSSIER = "DOSSIER"
    NIVEAU = "NIVEAU"
    MIN_GROEP = "MIN_GROEP"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg, schemaversie 2 of hoger) met notities en de "
                                              "kenmerken van deelnemers (leeftijdsgroep, huishouden, woonsituatie).")
        level = QgsProcessingParameterEnum(self.NIVEAU, "Niveau", options=["Buurt",
                                                                                    "Wijk"],
                                           defaultValue=0)
        level.setHelp("Per buurt of per wijk vergelijken. De wijk telt de CBS-cijfers van haar buurten op.")
        min_group = min_group_parameter(self, self.MIN_GROEP, DEFAULT_MIN_GROUP, "Groepen met 1 tot dit aantal "
                                        "deelnemers worden niet getoond. Standaard 5.")
        out = QgsProcessingParameterFeatureSink(self.OUTPUT, "Betrokkenheid per groep")
        out.setHelp("Tabel met per gebied, kenmerk en groep: aantallen, aandelen, verhouding, oordeel en "
                            "de toets.")
        for param in (dossier, postgis, level, min_group, out):
            self.addParameter(param)

    def process(self, parameters, context, feedback):
        level = LEVELS[self.parameterAsEnum(parameters, self.NIVEAU, context)]
        min_group = self.parameterAsInt(parameters, self.MIN_GROEP, context)
        with self.use_dossier(parameters, context, feedback, min_version=2) as path:
            links = attach_all(path, feedback, BuurtIndex(path))
            rows = representation(links, buurt_attributes(path), level, min_group)
        fields = output_fields()
        sink, dest = self.sink(parameters, self.OUTPUT, context, fields)
        for row in rows:
            feat = QgsFeature(fields)
            feat.setAttributes([row.get(name) for name in ROW_FIELDS])
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        by_area = {}
        for row in rows:
            by_area.setdefault((row["gebied_code"], row["gebied_naam"]), []).append(row)
        for (code, name), area_rows in by_area.items():
            text = area_text(area_rows)
            if text:
                feedback.pushInfo(f"{name} ({code}): {text}")
        return {self.OUTPUT: dest}
