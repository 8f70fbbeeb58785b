"""Algorithm 'CBS-kerncijfers koppelen': CBS StatLine (OData v3) kerncijfers joined to buurten by buurtcode."""
from collections import Counter

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QMetaType

from ..layers.common import (
    WijkatlasError,
    attribution,
    default_year,
    kerncijfers_years,
    load_catalogue,
    services,
    themes,
)
from ..layers.data import CbsOData, boundary_years, join_figures, odata_indicators, vintage_problem
from ..layers.data.edition_fallback import newest_filled, unpublished_text
from ._join_output import joined_fields, log_unmatched, write_joined, write_reference, write_unmatched
from ._network_params import add_network_parameters, advanced, http_client, url_parameter
from .base import WijkatlasAlgorithm, choice_id, choice_label

THEME_IDS = ("energie", "inkomen", "woningvoorraad", "bevolking")


def odata_catalogue():
    """Catalogue indicators that CBS OData v3 can deliver (the choice list of single indicators)."""
    return [ind for ind in load_catalogue() if ind.source_fields("odata_v3")]



class JoinKerncijfersAlgorithm(WijkatlasAlgorithm):
    """Join CBS kerncijfers of one year to the buurten of a layer; every buurt is kept."""

    NAME = "cbskerncijferskoppelen"
    DISPLAY = "CBS-kerncijfers koppelen"
    GROUP = "data"
    HELP = ("Koppelt de CBS-tabel 'Kerncijfers wijken en buurten' van het gekozen jaar (CBS StatLine, OData v3) "
            "op buurtcode aan de buurten. Kies thema's (energie, inkomen, woningvoorraad, bevolking) en/of losse "
            "indicatoren. Het tabelnummer en de veldsleutels worden tijdens de run bij CBS opgezocht. Geheime of "
            "ontbrekende cijfers worden leeg (NULL), nooit 0. Cijfers en grenzen moeten van hetzelfde jaar zijn, "
            "tenzij u dat bewust toestaat. Geen enkele buurt valt weg; codes die aan één kant niet gevonden worden "
            "staan in het logboek en in de tabel 'Niet gekoppeld'. Bron: CBS, CC-BY 4.0.")
    INPUT, CODE, JAAR, THEMAS, INDICATOREN = "INPUT", "CODEVELD", "JAAR", "THEMAS", "INDICATOREN"
    ALLOW, API, CATALOG, TABLE = "ANDER_JAAR_TOESTAAN", "ODATA_URL", "CATALOGUS_URL", "TABEL"
    FALLBACK = "AANVULLEN_OUDERE_EDITIE"
    OUTPUT, UNMATCHED, REFERENCE = "OUTPUT", "NIET_GEKOPPELD", "REFERENTIE"
    OUTPUTS = (("CBS_TABEL", "string", "Gebruikte CBS-tabel"), ("GEKOPPELD", "number", "Aantal gekoppelde buurten"),
               ("NIET_GEKOPPELD_LAAG", "number", "Codes uit de laag zonder CBS-cijfers"),
               ("NIET_GEKOPPELD_CBS", "number", "CBS-codes zonder object in de laag"),
               ("NOG_NIET_GEPUBLICEERD", "string", "Indicatoren die in deze editie nog niet gepubliceerd zijn"),
               ("AANGEVULD", "string", "Velden aangevuld uit een oudere editie (veld=jaar)"),
               ("PEILJAREN", "string", "Peiljaar per gekoppeld veld (veld=jaar; inkomen ligt vóór de editie)"))

    def initAlgorithm(self, config=None):  # noqa: N802
        years = [str(y) for y in kerncijfers_years()]
        labels = themes()
        params = [
            (QgsProcessingParameterFeatureSource(self.INPUT, "Buurten"),
             "Laag met buurten en een buurtcode (BU + 8 tekens), bijv. uit 'Buurtgrenzen laden (PDOK)'."),
            (QgsProcessingParameterField(self.CODE, "Veld met de buurtcode", "buurtcode", self.INPUT),
             "Het veld met de CBS-buurtcode; spaties worden genegeerd."),
            (QgsProcessingParameterEnum(self.JAAR, "Jaar van de kerncijfers", years,
                                        defaultValue=years[default_year(years)], usesStaticStrings=True),
             "Het jaar van de CBS-tabel. Moet gelijk zijn aan het jaar van de grenzen (veld 'jaar')."),
            (QgsProcessingParameterEnum(self.THEMAS, "Thema's", [labels[t] for t in THEME_IDS],
                                        allowMultiple=True, defaultValue=[labels[t] for t in THEME_IDS[:3]],
                                        optional=True, usesStaticStrings=True),
             "Alle indicatoren van deze thema's uit de indicatorcatalogus."),
            (QgsProcessingParameterEnum(self.INDICATOREN, "Losse indicatoren",
                                        [choice_label(i.label, i.id) for i in odata_catalogue()],
                                        allowMultiple=True, optional=True, usesStaticStrings=True),
             "Extra indicatoren naast de gekozen thema's."),
            (QgsProcessingParameterBoolean(self.ALLOW, "Ander jaar dan de grenzen toestaan", False),
             "Alleen aanzetten als u zeker weet dat de buurtindeling in beide jaren gelijk is."),
            (QgsProcessingParameterBoolean(self.FALLBACK, "Nog niet gepubliceerde cijfers aanvullen uit de nieuwste "
                                                          "gevulde editie", True),
             "Een eerste versie van een editie mist maanden lang o.a. inkomen en energie. Is een indicator leeg "
             "voor alle buurten, dan wordt de nieuwste oudere editie (tot 3 jaar terug) waarin hij gevuld is "
             "gebruikt, in een apart veld met dat jaar in de naam (bijv. ink_inwoner_2024)."),
            (QgsProcessingParameterFeatureSink(self.OUTPUT, "Buurten met kerncijfers"),
             "Alle invoerbuurten met de gekoppelde cijfers (leeg waar CBS niets publiceert)."),
            (QgsProcessingParameterFeatureSink(self.UNMATCHED, "Niet gekoppeld",
                                               QgsProcessing.SourceType.TypeVector),
             "Tabel met codes zonder partner: buurten zonder CBS-cijfers en CBS-buurten zonder grens."),
            (QgsProcessingParameterFeatureSink(self.REFERENCE, "Referentiecijfers (gemeente, Nederland)",
                                               QgsProcessing.SourceType.TypeVector, optional=True),
             "De CBS-cijfers van Nederland en de gemeente(n), als referentietabel voor 'Nieuw wijkdossier'."),
        ]
        for param, help_text in params:
            param.setHelp(help_text)
            self.addParameter(param)
        conf = services()["cbs_odata_v3"]
        url_parameter(self, self.API, "Basis-URL van CBS OData v3", conf["api_url"],
                      "De OData v3-dienst van CBS; wijzig alleen voor een spiegel of test.")
        url_parameter(self, self.CATALOG, "Basis-URL van de CBS-catalogus", conf["catalog_url"],
                      "De catalogus waarin het tabelnummer per jaar wordt opgezocht.")
        self.addParameter(advanced(QgsProcessingParameterString(self.TABLE, "Tabelnummer (optioneel)",
                                                                optional=True),
                                   "Bijv. 85618NED; leeg = opzoeken in de CBS-catalogus."))
        add_network_parameters(self)
        self.add_outputs()

    def _chosen(self, parameters, key, context):
        """The options chosen in a multiple enum; an empty or absent choice without a default means none (QGIS
        would otherwise hand over the first option)."""
        raw = parameters.get(key, self.parameterDefinition(key).defaultValue())
        if raw is None or raw == [] or raw == "":
            return []
        return self.parameterAsEnumStrings(parameters, key, context)

    def process(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise WijkatlasError(self.invalidSourceError(parameters, self.INPUT))
        jaar = int(self.parameterAsEnumString(parameters, self.JAAR, context))
        code_field = self.parameterAsString(parameters, self.CODE, context) or "buurtcode"
        names = source.fields().names()
        if code_field not in names:
            raise WijkatlasError(f"De invoerlaag heeft geen veld '{code_field}'.")
        features = list(source.getFeatures())
        codes = [str(f[code_field]).strip() if f[code_field] not in (None, "") else "" for f in features]
        gemeenten = Counter("GM" + c[2:6] for c in codes if c.upper().startswith("BU") and len(c) >= 6)
        if not gemeenten:
            raise WijkatlasError(f"Geen buurtcodes (BU…) gevonden in veld '{code_field}'.")
        years = boundary_years(f["jaar"] for f in features) if "jaar" in names else set()
        problem = vintage_problem(years, jaar)
        if problem and not self.parameterAsBoolean(parameters, self.ALLOW, context):
            raise WijkatlasError(problem + " Kies het jaar van de grenzen, of zet 'Ander jaar dan de grenzen "
                                           "toestaan' aan als u zeker bent.")
        if problem:
            feedback.pushWarning(problem)
        by_label = {label: theme for theme, label in themes().items()}
        themas = [by_label[t] for t in self._chosen(parameters, self.THEMAS, context)]
        extra = [choice_id(t) for t in self._chosen(parameters, self.INDICATOREN, context)]
        indicators = odata_indicators(themas, extra)
        if not indicators:
            raise WijkatlasError("Kies minstens één thema of indicator.")
        cbs = CbsOData(http_client(self, parameters, context, feedback),
                       self.parameterAsString(parameters, self.API, context),
                       self.parameterAsString(parameters, self.CATALOG, context), feedback)
        fetched = cbs.figures(jaar, dict(gemeenten), indicators,
                              self.parameterAsString(parameters, self.TABLE, context).strip())
        table, keys, figures = fetched.table, fetched.keys, fetched.values
        ids = [ind.id for ind in indicators if ind.id in keys]
        result = join_figures(codes, figures, ids)
        new = [(ind.id, QMetaType.Type.Double, f"{ind.alias} – CBS {jaar} (peiljaar {ind.reference_year(jaar)})")
               for ind in indicators if ind.id in keys]
        empty = fetched.empty_indicators()
        for ind in indicators:
            if ind.id in empty:
                feedback.pushWarning(unpublished_text(ind, jaar))
        fallbacks = []
        if empty and self.parameterAsBoolean(parameters, self.FALLBACK, context):
            fallbacks, still = newest_filled(cbs, jaar, dict(gemeenten), [i for i in indicators if i.id in empty],
                                             info=feedback.pushInfo)
            for fb in fallbacks:
                sub = join_figures(codes, fb.figures.values, [fb.ind.id])
                result.values = [row + sub_row for row, sub_row in zip(result.values, sub.values)]
                new.append((fb.field_name, QMetaType.Type.Double, fb.alias(jaar)))
                feedback.pushWarning(f"{fb.ind.label}: aangevuld uit editie {fb.year} (veld {fb.field_name}, "
                                     f"{sub.matched} buurten met dezelfde code).")
            for ind in still:
                feedback.pushWarning(f"{ind.label}: ook in oudere edities niet gevonden; het veld blijft leeg.")
        fields, index, _ = joined_fields(source.fields(), new, feedback, suffix=str(jaar))
        unmatched = [(c or "(leeg)", str(f["buurtnaam"]) if "buurtnaam" in names else None, "invoerlaag",
                      f"geen cijfers in CBS-tabel {table} ({jaar})")
                     for c, f in zip(codes, features) if c in set(result.unmatched_layer)]
        unmatched += [(c, None, "CBS", f"CBS-buurt van {table} zonder grens in de invoerlaag")
                      for c in result.unmatched_source]
        dest = write_joined(self, parameters, context, feedback, self.OUTPUT, source, features, fields, index,
                            result.values)
        dest_unmatched = write_unmatched(self, parameters, context, self.UNMATCHED, unmatched)
        references = [row + [fb.figures.values.get(row[0], {}).get(fb.ind.id) for fb in fallbacks]
                      for row in fetched.reference_rows(jaar, ids)]
        dest_reference = write_reference(self, parameters, context, self.REFERENCE, new, references)
        feedback.pushInfo(f"{result.matched} van {len(features)} buurten gekoppeld aan {table} ({jaar}); "
                          f"{len(ids)} indicatoren.")
        log_unmatched(feedback, [u for u in unmatched if u[2] == "invoerlaag"], "buurten zonder CBS-cijfers")
        log_unmatched(feedback, [u for u in unmatched if u[2] == "CBS"], "CBS-buurten zonder grens")
        for ind_id, count in result.missing_per_indicator.items():
            if count:
                feedback.pushInfo(f"{ind_id}: {count} gekoppelde buurten zonder cijfer (geheim of onbekend).")
        for ind in indicators:
            if ind.id in keys and ind.reference_year(jaar) != jaar:
                feedback.pushInfo(f"{ind.label}: editie {jaar}, {ind.reference_text(jaar)}.")
        feedback.pushInfo(attribution(jaar))
        feedback.setProgress(100)
        return {self.OUTPUT: dest, self.UNMATCHED: dest_unmatched, self.REFERENCE: dest_reference,
                "CBS_TABEL": table, "GEKOPPELD": result.matched,
                "NIET_GEKOPPELD_LAAG": len(result.unmatched_layer), "NIET_GEKOPPELD_CBS": len(result.unmatched_source),
                "NOG_NIET_GEPUBLICEERD": ", ".join(empty),
                "AANGEVULD": ", ".join(f"{fb.field_name}={fb.year}" for fb in fallbacks),
                "PEILJAREN": ", ".join([f"{i.id}={i.reference_year(jaar)}" for i in indicators if i.id in keys]
                                       + [f"{fb.field_name}={fb.ind.reference_year(fb.year)}" for fb in fallbacks])}
