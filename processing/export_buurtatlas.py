"""Algorithm 'Buurtatlas maken': a PDF with a cover page and one page per buurt (or one PDF per buurt)."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..layers.atlas import export_buurtatlas
from ..layers.atlas.options import DEFAULT_INDICATORS
from ..layers.common import DossierError, WijkatlasError, load_catalogue
from ..layers.data import check_polygon_source
from ..layers.dossier import dossier_inputs
from ..layers.participatie import atlas_texts
from ..layers.schema import check_dossier_file, read_meta
from ._dossier_access import PG_HELP
from ._geldstromen_params import BY_INHABITANTS, spread_by, spread_parameter
from ._postgis_params import postgis_dossier_parameter
from .base import WijkatlasAlgorithm, choice_id, choice_label

SORTS = (("code", "Buurtcode"), ("stapeling", "Stapeling van knelpunten (hoogste eerst)"), ("naam", "Buurtnaam"))
ORIENTATIONS = (("staand", "A4 staand"), ("liggend", "A4 liggend"))
BASEMAPS = ((None, "Geen (werkt offline)"), ("brt", "PDOK BRT-Achtergrondkaart (grijs)"),
            ("luchtfoto", "PDOK Luchtfoto"))


def _dossier_of(layer):
    """The wijkdossier a layer is read from, or ''."""
    path = layer.source().split("|", 1)[0]
    if layer.providerType() != "ogr" or not path.lower().endswith(".gpkg"):
        return ""
    try:
        read_meta(path)
    except DossierError:
        return ""
    return path


def _unplaced(meta):
    """Names of the buurten the dossier has no boundary for ('BU03633303 KNSM-eiland, …' in its metadata)."""
    listed = meta.get("niet_geplaatste_buurten", "")
    return ", ".join(part.strip().split(" ", 1)[-1] for part in listed.split(", ") if part.strip())


class ExportBuurtatlasAlgorithm(WijkatlasAlgorithm):
    """Export the buurtatlas print layout headless to PDF."""

    NAME = "buurtatlasmaken"
    DISPLAY = "Buurtatlas maken"
    GROUP = "atlas"
    HELP = ("Maakt een buurtatlas als PDF: een voorblad met een overzichtskaart van alle buurten (gekleurd naar de "
            "stapeling van knelpunten, of anders naar de eerste gekozen indicator), bronnen en licentie, en daarna "
            "één pagina per buurt met een kaart van de buurt en haar buren, de kerncijfers naast de gemeente en "
            "Nederland (met kleine staafjes), de knelpunten met toelichting en een vak 'Participatie en "
            "maatregelen'. Een buurt zonder cijfers krijgt een pagina met 'geen cijfers beschikbaar'. "
            "Kies desgewenst welke buurten (expressie of selectie), welke indicatoren, de volgorde, staand of "
            "liggend, en één PDF of een PDF per buurt. Heeft het wijkdossier partners, verhalen of geldstromen, dan "
            "opent de atlas met de wijkcoalitie en elke wijk met haar verhaal en geldstromen (stroomdiagram), "
            "gevolgd door haar buurtpagina's. Werkt zonder internet; een PDOK-achtergrondkaart is een optie.")
    DOSSIER = "DOSSIER"
    POSTGIS = "POSTGIS"
    INPUT = "INPUT"
    REFERENCE = "REFERENTIE"
    KNELPUNTEN = "KNELPUNTEN"
    INDICATORS = "INDICATOREN"
    SORT = "SORTERING"
    FILTER = "SELECTIE"
    SELECTED = "ALLEEN_GESELECTEERD"
    PER_BUURT = "PDF_PER_BUURT"
    ORIENTATION = "ORIENTATIE"
    TITLE = "TITEL"
    CREDITS = "COLOFON"
    BASEMAP = "ACHTERGROND"
    BASEMAP_URL = "ACHTERGROND_URL"
    OUTPUT = "OUTPUT"
    OUTPUT_FOLDER = "OUTPUT_MAP"
    PAGES = "PAGINAS"
    ROUTEKAART = "ROUTEKAART_PER_WIJK"
    WIJKPAGINAS = "WIJKPAGINAS"
    SPREIDEN = "SPREIDEN"

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add(QgsProcessingParameterFile(self.DOSSIER, "Wijkdossier", QgsProcessingParameterFile.Behavior.File,
                                             "gpkg", optional=True),
                  "Het wijkdossier (.gpkg). Daaruit komen de buurten, de referentiecijfers, de knelpunten en de "
                  "participatie, tenzij u hieronder zelf een laag kiest. Zo heeft de atlas alles wat het dossier weet.")
        self.addParameter(postgis_dossier_parameter(self.POSTGIS, PG_HELP))
        self._add(QgsProcessingParameterVectorLayer(self.INPUT, "Buurten (leeg = uit het wijkdossier)",
                                                    [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
                  "De buurtenlaag van het wijkdossier (EPSG:28992) met buurtcode, buurtnaam en de indicatorvelden. "
                  "Komt de laag uit een wijkdossier met participatie en maatregelen, dan komt per buurt een "
                  "samenvatting daarvan op de pagina (alleen aantallen, kleine groepen onderdrukt).")
        self._add(QgsProcessingParameterVectorLayer(self.REFERENCE, "Referentiecijfers",
                                                    [QgsProcessing.SourceType.TypeVector], optional=True),
                  "De tabel 'referentie' van het wijkdossier (code, naam, niveau gemeente/land, jaar en indicatoren). "
                  "Zonder deze tabel blijven de kolommen gemeente en Nederland leeg (–).")
        self._add(QgsProcessingParameterVectorLayer(self.KNELPUNTEN, "Knelpunten",
                                                    [QgsProcessing.SourceType.TypeVector], optional=True),
                  "Optioneel: een laag of tabel met buurtcode, stapeling en toelichting. Zonder deze laag worden de "
                  "velden stapeling en toelichting van de buurtenlaag gebruikt als die er zijn.")
        catalogue = load_catalogue()
        ids = [ind.id for ind in catalogue]
        labels = {ind.id: choice_label(ind.alias, ind.id) for ind in catalogue}
        self._add(QgsProcessingParameterEnum(self.INDICATORS, "Indicatoren", [labels[i] for i in ids],
                                             allowMultiple=True, defaultValue=[labels[i] for i in DEFAULT_INDICATORS],
                                             usesStaticStrings=True),
                  "Welke kerncijfers per buurt in de tabel komen (hoogstens 16), in catalogusvolgorde.")
        self._add(QgsProcessingParameterEnum(self.SORT, "Volgorde van de buurten", [s[1] for s in SORTS],
                                             defaultValue=0),
                  "Sorteer de buurtpagina's op buurtcode, op stapeling van knelpunten (hoogste eerst) of op naam.")
        self._add(QgsProcessingParameterExpression(self.FILTER, "Alleen buurten waarvoor geldt",
                                                   parentLayerParameterName=self.INPUT, optional=True),
                  "Optionele expressie om buurten te kiezen, bijvoorbeeld \"wijkcode\" = 'WK036300'. Leeg = alle.")
        self._add(QgsProcessingParameterBoolean(self.SELECTED, "Alleen geselecteerde buurten", False),
                  "Maak alleen pagina's voor de buurten die in de laag geselecteerd zijn.")
        self._add(QgsProcessingParameterBoolean(self.PER_BUURT, "Eén PDF per buurt", False),
                  "Schrijf per buurt een apart PDF-bestand (buurt_<buurtcode>.pdf, zonder voorblad) in de map "
                  "hieronder, in plaats van één PDF met alle buurten.")
        self._add(QgsProcessingParameterEnum(self.ORIENTATION, "Papier", [o[1] for o in ORIENTATIONS],
                                             defaultValue=0), "A4 staand of A4 liggend.")
        self._add(QgsProcessingParameterString(self.TITLE, "Titel", optional=True),
                  "Titel op het voorblad en bovenaan elke pagina. Leeg = de titel van het wijkdossier, of anders "
                  "'Buurtatlas <gemeentenaam>'.")
        self._add(QgsProcessingParameterString(self.CREDITS, "Colofon", optional=True),
                  "Extra bronvermelding of makers, bijvoorbeeld 'Gemeente Amsterdam, team Wijkaanpak'. CBS/Kadaster "
                  "en de licentie (CC-BY 4.0) staan er altijd al op.")
        self._add(QgsProcessingParameterBoolean(self.ROUTEKAART, "Wijkroutekaart per wijk", False),
                  "Voeg per wijk een pagina (A4 liggend) toe met de wijkroutekaart van die wijk, na de laatste buurt "
                  "van de wijk. Vraagt een wijkdossier (schemaversie 3) met maatregelen en besluitmomenten.")
        self._add(QgsProcessingParameterBoolean(self.WIJKPAGINAS, "Wijkcoalitie, verhaal en geldstromen per wijk",
                                                True),
                  "Met een wijkdossier (schemaversie 3): na voorblad, leeswijzer en inhoud de wijkcoalitie, en per "
                  "wijk eerst het verhaal van de wijk en haar geldstromen, dan haar buurtpagina's (en de "
                  "wijkroutekaart). Wat het dossier niet heeft, komt er niet in; zonder partners, verhalen en "
                  "geldstromen blijft de atlas zoals hij was. Niet bij 'Eén PDF per buurt'.")
        self.addParameter(spread_parameter(
            self.SPREIDEN, "Gemeentebrede geldstromen spreiden", BY_INHABITANTS, "Op de geldstromenpagina's: "
            "gemeentebrede stromen over de buurten spreiden naar inwoners of woningen (zo gelabeld), of alleen bij "
            "'alle wijken' tellen.", advanced=True))
        self._add(QgsProcessingParameterEnum(self.BASEMAP, "Achtergrondkaart", [b[1] for b in BASEMAPS],
                                             defaultValue=0),
                  "Standaard geen achtergrondkaart, zodat de atlas offline werkt. Met PDOK BRT of Luchtfoto is "
                  "internet nodig; lukt het ophalen niet, dan komt de atlas zonder achtergrond.", advanced=True)
        self._add(QgsProcessingParameterString(self.BASEMAP_URL, "WMTS-adres achtergrondkaart",
                                               optional=True),
                  "Optioneel ander WMTS-adres voor de achtergrondkaart (zonder ?request=...). Leeg = PDOK.",
                  advanced=True)
        self._add(QgsProcessingParameterFileDestination(self.OUTPUT, "Buurtatlas (PDF)", "PDF (*.pdf)",
                                                        optional=True),
                  "Het PDF-bestand met voorblad en alle buurtpagina's (bij één PDF).")
        self._add(QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, "Map voor PDF per buurt",
                                                          optional=True, createByDefault=False),
                  "De map voor de losse buurt-PDF's (alleen bij 'Eén PDF per buurt').")
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, "Aantal pagina's"))

    @staticmethod
    def _participatie(source, version, feedback):
        """Privacy-safe notes and measures texts from the dossier the atlas is made from (schema 2 on), or None."""
        if version < 2:
            return None
        texts = atlas_texts(source, feedback=feedback)
        feedback.pushInfo("Participatie en maatregelen uit het wijkdossier: {n} buurten met tekst."
                          .format(n=len(texts)))
        return texts

    def _routekaart(self, parameters, context, source, version):
        """The dossier whose routekaart goes into the atlas per wijk, or None (layers/atlas/routekaart_page.py)."""
        if not self.parameterAsBool(parameters, self.ROUTEKAART, context):
            return None
        if version >= 3:
            return source
        raise WijkatlasError("Voor een wijkroutekaart per wijk is een wijkdossier (schemaversie 3) nodig; kies het "
                             "wijkdossier of werk het bij met 'Wijkdossier bijwerken'.")

    def _wijkpaginas(self, parameters, context, source, version, feedback):
        """The dossier whose wijk pages go into the atlas, or None (layers/atlas/atlas_sequence.py)."""
        if not self.parameterAsBool(parameters, self.WIJKPAGINAS, context) or \
                self.parameterAsBool(parameters, self.PER_BUURT, context):
            return None
        if version >= 3:
            return source
        if source:
            feedback.pushInfo("Het wijkdossier heeft nog geen schemaversie 3 (partners, verhalen, geldstromen): "
                              "de atlas komt zonder wijkpagina's. Werk het bij met 'Wijkdossier bijwerken'.")
        return None

    def process(self, parameters, context, feedback):
        # A PostGIS dossier is read from one consistent snapshot, so its atlas equals a .gpkg dossier's.
        with self.use_dossier(parameters, context, feedback, optional=True) as dossier:
            return self._make(parameters, context, feedback, dossier)

    def _make(self, parameters, context, feedback, dossier):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        reference = self.parameterAsVectorLayer(parameters, self.REFERENCE, context)
        knelpunten = self.parameterAsVectorLayer(parameters, self.KNELPUNTEN, context)
        title = self.parameterAsString(parameters, self.TITLE, context)
        # The dossier the atlas is made from (chosen, or the one the buurten layer comes from), checked once.
        source = dossier or (_dossier_of(layer) if layer is not None else "")
        version = check_dossier_file(source) if source else 0
        meta = read_meta(source) if source else {}
        if dossier:
            title = title or meta.get("titel", "")
            found = dossier_inputs(dossier)
            layer = layer or found["buurten"]
            reference = reference or found.get("referentie")
            knelpunten = knelpunten or found.get("knelpunten")
        if layer is None:
            raise WijkatlasError("Kies een wijkdossier of een geldige buurtenlaag.")
        check_polygon_source(layer)
        ids = [ind.id for ind in load_catalogue()]
        picked = {choice_id(t) for t in self.parameterAsEnumStrings(parameters, self.INDICATORS, context)}
        chosen = [i for i in ids if i in picked]  # catalogue order
        per_buurt = self.parameterAsBool(parameters, self.PER_BUURT, context)
        if per_buurt:
            target = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
            if not target:
                raise WijkatlasError("Kies een map voor de PDF's per buurt.")
        else:
            target = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
            if not target:
                raise WijkatlasError("Kies een PDF-bestand voor de buurtatlas.")
            if not target.lower().endswith(".pdf"):
                target += ".pdf"
        participatie = self._participatie(source, version, feedback)
        unplaced = _unplaced(meta)
        result = export_buurtatlas(
            layer, target,
            reference_layer=reference, knelpunten_layer=knelpunten,
            title=title,
            credits=self.parameterAsString(parameters, self.CREDITS, context),
            indicators=chosen or None, feedback=feedback, per_buurt=per_buurt,
            sort=SORTS[self.parameterAsEnum(parameters, self.SORT, context)][0],
            orientation=ORIENTATIONS[self.parameterAsEnum(parameters, self.ORIENTATION, context)][0],
            filter_expression=self.parameterAsExpression(parameters, self.FILTER, context),
            selected_only=self.parameterAsBool(parameters, self.SELECTED, context),
            basemap=BASEMAPS[self.parameterAsEnum(parameters, self.BASEMAP, context)][0],
            basemap_url=self.parameterAsString(parameters, self.BASEMAP_URL, context),
            participatie=participatie, unplaced=unplaced,
            routekaart_dossier=self._routekaart(parameters, context, source, version),
            wijk_dossier=self._wijkpaginas(parameters, context, source, version, feedback),
            spread_by=spread_by(self, parameters, self.SPREIDEN, context, BY_INHABITANTS))
        feedback.pushInfo(f"{len(result['files'])} PDF-bestand(en) geschreven, {result['pages']} pagina's"
                          + (f", wijkpagina's voor {result['wijken']} wijken." if result.get("wijken") else "."))
        out = {self.PAGES: result["pages"]}
        out[self.OUTPUT_FOLDER if per_buurt else self.OUTPUT] = target if per_buurt else os.path.abspath(target)
        return out
