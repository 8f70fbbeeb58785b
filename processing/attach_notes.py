"""Algorithm 'Notities en maatregelen koppelen': notes and measures per buurt, with counts and an atlas text."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType

from ..layers.common import WijkatlasError
from ..layers.participatie import DEFAULT_MIN_GROUP, BuurtIndex, attach_all, count_fields, summarise
from ..layers.postgis import attach_all_sql, pg_buurten
from ..layers.schema import CRS
from ._participatie_params import dossier_parameter, min_group_parameter
from ._postgis_params import postgis_dossier_parameter, postgis_ref
from .base import WijkatlasAlgorithm

TEXT, INT, DOUBLE = QMetaType.Type.QString, QMetaType.Type.Int, QMetaType.Type.Double
LINK_FIELDS = (("soort", TEXT), ("laag", TEXT), ("object_id", TEXT), ("thema", TEXT), ("status", TEXT),
               ("buurtcode", TEXT), ("aandeel", DOUBLE), ("koppeling", TEXT))
TEXT_FIELDS = ("notities_tekst", "maatregelen_tekst")


def _fields(spec):
    fields = QgsFields()
    for name, ftype in spec:
        fields.append(QgsField(name, ftype))
    return fields


def summary_fields():
    """Fields of the per-buurt output layer."""
    return _fields([(n, TEXT) for n in ("buurtcode", "buurtnaam", "wijkcode", "wijknaam")]
                   + [(n, INT) for n in count_fields()] + [(n, TEXT) for n in TEXT_FIELDS])


class AttachNotesAlgorithm(WijkatlasAlgorithm):
    """Attach every note and measure to its buurt(en) and summarise per buurt."""

    NAME = "notitiesmaatregelenkoppelen"
    DISPLAY = "Notities en maatregelen koppelen"
    GROUP = "plannen"
    HELP = ("Koppelt elke <b>participatienotitie</b> en elke <b>maatregel</b> uit het wijkdossier aan de buurt(en) "
            "waarin hij ligt of die hij overlapt.<ul>"
            "<li>Een punt hoort bij de buurt waarin het ligt; precies op een grens bij de laagste buurtcode "
            "(gemeld als 'op grens').</li>"
            "<li>Een notitie als lijn of gebied telt één keer, in de buurt met het grootste deel.</li>"
            "<li>Een maatregel die meerdere buurten raakt, telt in elke buurt mee, met het aandeel van zijn lengte "
            "of oppervlakte in die buurt.</li>"
            "<li>Zonder tekening geldt de buurtcode (maatregelen: buurtcodes, gelijk verdeeld).</li></ul>"
            "Uitvoer: een koppeltabel (zonder de tekst van notities) en per buurt de aantallen per thema en soort, "
            "maatregelen per status en een korte tekst voor de buurtatlas. Aantallen notities kleiner dan de "
            "minimale groep worden niet getoond (privacy). Objecten die niet te koppelen zijn, staan met de reden "
            "in de koppeltabel en in het logboek.")
    DOSSIER = "DOSSIER"
    POSTGIS = "POSTGIS"
    MIN_GROEP = "MIN_GROEP"
    KOPPELINGEN = "KOPPELINGEN"
    PER_BUURT = "PER_BUURT"

    def initAlgorithm(self, config=None):  # noqa: N802
        dossier = dossier_parameter(self, self.DOSSIER, "Het wijkdossier (.gpkg, schemaversie 2 of hoger) met "
                                    "notities en maatregelen.")
        min_group = min_group_parameter(self, self.MIN_GROEP, DEFAULT_MIN_GROUP, "Aantallen notities van 1 tot dit "
                                        "getal worden niet getoond (leeg in de uitvoer). Standaard 5.")
        links = QgsProcessingParameterFeatureSink(self.KOPPELINGEN, "Koppelingen",
                                                  optional=True, createByDefault=True)
        links.setHelp("Per notitie en maatregel de buurt(en), het aandeel en hoe gekoppeld; zonder de "
                              "tekst van notities.")
        per_buurt = QgsProcessingParameterFeatureSink(self.PER_BUURT, "Participatie en maatregelen per buurt")
        per_buurt.setHelp("De buurten met aantallen per thema, soort en status en de teksten voor de atlas.")
        dossier.setFlags(dossier.flags() | QgsProcessingParameterDefinition.Flag.FlagOptional)
        pg = postgis_dossier_parameter(self.POSTGIS, "Een wijkdossier in PostGIS in plaats van een .gpkg: het "
                                       "koppelen gebeurt dan in de database (zelfde uitkomst).")
        for param in (dossier, pg, min_group, links, per_buurt):
            self.addParameter(param)

    def process(self, parameters, context, feedback):
        path = self.dossier_path(parameters, self.DOSSIER, context, min_version=2, optional=True)
        min_group = self.parameterAsInt(parameters, self.MIN_GROEP, context)
        pg_ref = postgis_ref(self, parameters, self.POSTGIS, context)
        if not path and not pg_ref:  # both given: the PostGIS dossier counts, as in every algorithm
            raise WijkatlasError("Kies een wijkdossier (.gpkg) óf vul een PostGIS-dossier (postgres:…) in.")
        if pg_ref:
            links, all_buurten = attach_all_sql(pg_ref, feedback), pg_buurten(pg_ref)
        else:
            index = BuurtIndex(path)
            links, all_buurten = attach_all(path, feedback, index), index.buurten
        buurten = {c: {k: b[k] for k in ("buurtnaam", "wijkcode", "wijknaam")} for c, b in all_buurten.items()}
        summaries = summarise(links, buurten, min_group)
        crs = QgsCoordinateReferenceSystem(CRS)
        result = {}
        if self.KOPPELINGEN in parameters and parameters[self.KOPPELINGEN] is not None:
            link_fields = _fields(LINK_FIELDS)
            sink, dest = self.sink(parameters, self.KOPPELINGEN, context, link_fields, QgsWkbTypes.Type.NoGeometry, crs)
            for link in links:
                feat = QgsFeature(link_fields)
                feat.setAttributes([link.soort, link.laag, link.object_id, link.attrs.get("thema"),
                                    link.attrs.get("status"), link.buurtcode, link.aandeel, link.koppeling])
                sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
            result[self.KOPPELINGEN] = dest
        fields = summary_fields()
        sink, dest = self.sink(parameters, self.PER_BUURT, context, fields, QgsWkbTypes.Type.MultiPolygon, crs)
        for code in sorted(summaries):
            summary = summaries[code]
            feat = QgsFeature(fields)
            feat.setGeometry(all_buurten[code]["geometry"])
            feat.setAttributes([summary.get(f.name()) for f in fields])
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        result[self.PER_BUURT] = dest
        self._report(links, feedback)
        return result

    def _report(self, links, feedback):
        loose = [link for link in links if link.buurtcode is None]
        notes = {link.object_id for link in links if link.soort == "notitie" and link.buurtcode}
        measures = {link.object_id for link in links if link.soort == "maatregel" and link.buurtcode}
        feedback.pushInfo("{n} notities en {m} maatregelen gekoppeld.".format(n=len(notes), m=len(measures)))
        border = sum(1 for link in links if link.koppeling == "op grens")
        if border:
            feedback.pushInfo("{n} punten liggen precies op een buurtgrens (laagste buurtcode gekozen)."
                              .format(n=border))
        for link in loose:
            feedback.pushWarning("Niet gekoppeld: {soort} {oid} in {laag}: {reden}.".format(
                soort=link.soort, oid=link.object_id, laag=link.laag, reden=link.koppeling))
