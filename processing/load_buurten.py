"""Algorithm 'Buurtgrenzen laden (PDOK)': CBS wijk/buurt boundaries with kerncijfers from PDOK, 2013-2025.

Years with an OGC API (2022+) are read there, older years from PDOK's WFS per year (services.json)."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..layers.common import (
    WijkatlasCancelled,
    WijkatlasError,
    attribution,
    boundary_service,
    boundary_years,
    default_year,
    pdok_url,
    pdok_wfs_url,
    services,
)
from ..layers.data import LEVELS, PdokClient, PdokWfsClient, compact_page, present_indicators, to_features
from ..layers.schema import CRS
from ._network_params import add_network_parameters, advanced, http_client, url_parameter
from .base import WijkatlasAlgorithm


class LoadBuurtenAlgorithm(WijkatlasAlgorithm):
    """Load buurten, wijken or gemeenten of one gemeente and year from PDOK into a feature sink."""

    NAME = "buurtgrenzenladen"
    DISPLAY = "Buurtgrenzen laden (PDOK)"
    GROUP = "data"
    HELP = ("Laadt de grenzen van de CBS Wijk- en Buurtkaart (buurten, wijken of gemeenten) van één gemeente uit "
            "PDOK, in RD New (EPSG:28992), met de kerncijfers die de kaart meelevert. Jaren 2022-2025 komen uit de "
            "OGC API Features, oudere jaren (2013-2021) uit de WFS van dat jaar. "
            "Alle pagina's worden gevolgd; voortgang en afbreken werken per pagina. Geheime of nog niet "
            "gepubliceerde waarden (-99997, -99995 …) worden leeg (NULL), nooit 0. Waterbuurten (water = 'JA', "
            "codes op 9997/9998) worden standaard weggelaten. De uitvoer wordt pas geschreven als alles is "
            "opgehaald: bij een fout of afbreken blijft een bestaand bestand ongewijzigd. "
            "Bron: © Kadaster / CBS, CC-BY 4.0.")
    GEMEENTE, JAAR, NIVEAU, WATER, URL, OUTPUT = "GEMEENTE", "JAAR", "NIVEAU", "WATER", "BASIS_URL", "OUTPUT"
    WFS_URL, DIENST = "WFS_URL", "DIENST"
    DIENST_LABELS = ("Automatisch (OGC API waar die bestaat, anders WFS)", "OGC API Features", "WFS")
    NIVEAU_LABELS = ("Buurten", "Wijken", "Gemeenten")
    OUTPUTS = (("AANTAL", "number", "Aantal geladen objecten"),
               ("WATER_WEGGELATEN", "number", "Aantal weggelaten waterobjecten"),
               ("GEMEENTECODE", "string", "Gemeentecode"))
    WATER_LABELS = ("Weglaten", "Behouden en markeren (veld 'water')")

    def initAlgorithm(self, config=None):  # noqa: N802
        years = [str(y) for y in boundary_years()]
        param = QgsProcessingParameterString(self.GEMEENTE, "Gemeente (naam of GM-code)", optional=True)
        param.setHelp("Bijvoorbeeld 'Hoorn' of 'GM0405'. Leeg laten laadt heel Nederland (groot).")
        self.addParameter(param)
        param = QgsProcessingParameterEnum(self.JAAR, "Jaar van de Wijk- en Buurtkaart", years,
                                           defaultValue=years[default_year(years)], usesStaticStrings=True)
        param.setHelp("Het jaar (de indeling) van de grenzen. Koppel later cijfers van hetzelfde jaar.")
        self.addParameter(param)
        param = QgsProcessingParameterEnum(self.NIVEAU, "Niveau", [(x) for x in self.NIVEAU_LABELS],
                                           defaultValue=0)
        param.setHelp("Buurten (standaard), wijken of gemeenten.")
        self.addParameter(param)
        param = QgsProcessingParameterEnum(self.WATER, "Watergebieden",
                                           [(x) for x in self.WATER_LABELS], defaultValue=0)
        param.setHelp("Weglaten (standaard) of behouden met een veld 'water' (JA/NEE/B).")
        self.addParameter(param)
        param = QgsProcessingParameterFeatureSink(self.OUTPUT, "Buurten",
                                                  QgsProcessing.SourceType.TypeVectorPolygon)
        param.setHelp("Uitvoerlaag in EPSG:28992 met de velden van het wijkdossier.")
        self.addParameter(param)
        url_parameter(self, self.URL, "Basis-URL van de OGC API ({jaar} wordt het jaar)",
                      services()["pdok_ogc"]["url_template"],
                      "Landingspagina van de PDOK OGC API Features per jaar; '{jaar}' wordt vervangen door het "
                      "gekozen jaar. Wijzig alleen voor een spiegel of test.")
        url_parameter(self, self.WFS_URL, "WFS-URL voor oudere jaren ({jaar} wordt het jaar)",
                      services()["pdok_wfs"]["url_template"],
                      "De WFS van PDOK per jaar, gebruikt voor jaren zonder OGC API (vóór 2022).")
        self.addParameter(advanced(QgsProcessingParameterEnum(self.DIENST, "Dienst", list(self.DIENST_LABELS),
                                                              defaultValue=0),
                                   "Automatisch kiest de OGC API voor 2022 en later en de WFS voor oudere jaren."))
        add_network_parameters(self)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        jaar = int(self.parameterAsEnumString(parameters, self.JAAR, context))
        level = LEVELS[self.parameterAsEnum(parameters, self.NIVEAU, context)]
        mark_water = self.parameterAsEnum(parameters, self.WATER, context) == 1
        gemeente = self.parameterAsString(parameters, self.GEMEENTE, context)
        dienst = self.parameterAsEnum(parameters, self.DIENST, context)
        service = boundary_service(jaar) if dienst == 0 else ("pdok_ogc", "pdok_wfs")[dienst - 1]
        http = http_client(self, parameters, context, feedback)
        if service == "pdok_ogc":
            base = pdok_url(jaar, self.parameterAsString(parameters, self.URL, context))
            client, source = PdokClient(http, base, feedback, compact_page), "pdok_ogc"
        else:
            base = pdok_wfs_url(jaar, self.parameterAsString(parameters, self.WFS_URL, context))
            client = PdokWfsClient(http, base, jaar, feedback, compact_page)
            source = client.source
        feedback.pushInfo("PDOK {jaar} ({dienst}), niveau {level}: {base}".format(
            jaar=jaar, dienst="OGC API" if service == "pdok_ogc" else "WFS", level=level, base=base))
        code, raw = client.features(level, gemeente)
        if not raw:
            raise WijkatlasError(f"PDOK gaf geen {client.collection(level)} voor "
                                 f"{code or 'Nederland'} in {jaar}; niets geschreven.")
        indicators = present_indicators(raw, source)
        features, water = to_features(raw, level, jaar, indicators, mark_water, feedback)
        if features is None:
            raise WijkatlasCancelled()
        fields = features[0].fields() if features else None
        if fields is None:
            raise WijkatlasError("Na het weglaten van water bleef niets over; niets geschreven.")
        sink, dest = self.sink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.MultiPolygon,
                               QgsCoordinateReferenceSystem(CRS))
        if not sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert):
            raise WijkatlasError(f"Schrijven naar de uitvoer mislukte: {sink.lastError()}")
        feedback.setProgress(100)
        feedback.pushInfo("{n} objecten geschreven; {w} watergebieden {wat}; {k} indicatoren: {ids}.".format(
            n=len(features), w=water, wat="gemarkeerd" if mark_water else "weggelaten", k=len(indicators),
            ids=", ".join(ind.id for ind, _ in indicators) or "geen"))
        feedback.pushInfo(attribution(jaar))
        return {self.OUTPUT: dest, "AANTAL": len(features), "WATER_WEGGELATEN": 0 if mark_water else water,
                "GEMEENTECODE": code or ""}
