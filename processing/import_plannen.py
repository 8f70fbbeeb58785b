"""Algorithm 'Plannen importeren': a partner's plans (CSV/XLSX or any vector layer) into the wijkdossier, at once."""
from qgis.core import (
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..layers.common import WijkatlasError
from ..layers.data import LOCATIESERVER_URL, Geocoder
from ..layers.plans import import_plannen, load_categories, parse_pairs
from ._dossier_access import dossier_parameters
from ._network_params import add_network_parameters, advanced, http_client, url_parameter
from .base import WijkatlasAlgorithm


class ImportPlannenAlgorithm(WijkatlasAlgorithm):
    """Import one partner's plans into the dossier; all rows or none."""

    NAME = "plannenimporteren"
    DISPLAY = "Plannen importeren"
    GROUP = "plannen"
    HELP = ("Zet de plannen van één partner (gemeentelijke domeinen, woningcorporatie, netbeheerder, warmtebedrijf, "
            "waterschap, sociale partners) in het wijkdossier: uit een <b>CSV</b>- of <b>Excel</b>-bestand (met "
            "<i>wkt</i>, <i>x</i>/<i>y</i> in RD, <i>lat</i>/<i>lon</i>, een adres of postcode via de PDOK "
            "Locatieserver, of een <i>buurtcode</i>) of uit een <b>kaartlaag</b> (GeoPackage, shapefile, GeoJSON, "
            "WFS; elk coördinatenstelsel, omgezet naar RD).<br><br>"
            "Nodig per plan: titel, categorie en start; verder eind (leeg = open einde), zekerheid (idee, "
            "voorgenomen, besloten, in uitvoering), id bij de partner, omschrijving, bron en datum. Datums mogen "
            "zoals mensen ze schrijven: 2027-Q3, Q3 2027, 3e kwartaal 2027, 2027 (= vier kwartalen), 1-7-2027, "
            "najaar 2027.<br><br>"
            "Kolommen en categorieën van de partner koppelt u één keer (bijv. <i>titel=Projectnaam; "
            "start=Startdatum</i> en <i>Riool=riolering</i>); de koppeling wordt per partner bewaard voor de "
            "volgende keer. Een nieuwe lijst van dezelfde partner werkt plannen met hetzelfde id bij in plaats van "
            "ze dubbel op te nemen.<br><br>"
            "Heeft één rij een fout, dan wordt <b>niets</b> ingelezen; het rapport noemt per rij de reden.")
    INPUT = "INPUT"
    LAYER = "LAAG"
    DOSSIER = "DOSSIER"
    PARTNER = "PARTNER"
    COLUMNS = "KOLOMMEN"
    CATEGORIES = "CATEGORIEEN"
    SHEET = "BLAD"
    URL = "LOCATIESERVER_URL"
    REPORT = "RAPPORT"
    OUTPUTS = (("NIEUW", "number", "Aantal nieuwe plannen"), ("BIJGEWERKT", "number", "Aantal bijgewerkte plannen"),
               ("FOUTEN", "number", "Aantal rijen met een fout (dan is niets ingelezen)"))

    def initAlgorithm(self, config=None):  # noqa: N802
        source = QgsProcessingParameterFile(self.INPUT, "Bestand met plannen (CSV, Excel of GIS-bestand)",
                                            optional=True, fileFilter="Plannen (*.csv *.txt *.xlsx *.gpkg *.shp "
                                                                      "*.geojson *.json);;Alle bestanden (*)")
        source.setHelp("CSV/Excel met een kopregel, of een GIS-bestand. Leeg laten als u hieronder een laag kiest.")
        layer = QgsProcessingParameterVectorLayer(self.LAYER, "Of: een kaartlaag met plannen", optional=True)
        layer.setHelp("Elke laag die QGIS leest, ook een WFS-laag; punten, lijnen of vlakken, elk "
                      "coördinatenstelsel.")
        dossier, postgis = dossier_parameters("Het wijkdossier (.gpkg, schemaversie 3 of later); het wordt in één "
                                              "keer bijgewerkt.")
        partner = QgsProcessingParameterString(self.PARTNER, "Partner (id of naam)")
        partner.setHelp("De partner van wie deze plannen zijn: een id of naam uit de partnerlijst, of een nieuwe "
                        "naam (dan wordt de partner toegevoegd).")
        columns = QgsProcessingParameterString(self.COLUMNS, "Kolommen koppelen", "", optional=True)
        columns.setHelp("Bijv. titel=Projectnaam; categorie=Discipline; start=Startdatum; eind=Gereed; "
                        "bron_id=Projectnr. Leeg = de bewaarde koppeling van deze partner, anders gangbare namen.")
        cats = QgsProcessingParameterString(self.CATEGORIES, "Categorieën koppelen", "", optional=True)
        cats.setHelp("Bijv. Riool=riolering; HOR=verharding/herinrichting. Bekend: "
                     + ", ".join(load_categories().names) + ". Wordt bij de partner bewaard.")
        for param in (source, layer, dossier, postgis, partner, columns, cats):
            self.addParameter(param)
        self.addParameter(advanced(QgsProcessingParameterString(self.SHEET, "Blad (Excel)", "", optional=True),
                                   "Naam van het werkblad; leeg = het eerste blad."))
        url_parameter(self, self.URL, "PDOK Locatieserver (free-endpoint)", LOCATIESERVER_URL,
                      "Adres van de Locatieserver voor plannen met een adres of postcode.")
        add_network_parameters(self)
        report = QgsProcessingParameterFeatureSink(self.REPORT, "Rapport (rijen met een fout)")
        report.setHelp("Per rij die niet kon worden ingelezen: rijnummer en reden.")
        self.addParameter(report)
        self.add_outputs()

    def process(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        layer = self.parameterAsVectorLayer(parameters, self.LAYER, context)
        if not path and layer is None:
            raise WijkatlasError("Kies een bestand of een kaartlaag met plannen.")
        geocoder = Geocoder(http_client(self, parameters, context, feedback),
                            self.parameterAsString(parameters, self.URL, context) or LOCATIESERVER_URL)
        with self.use_dossier(parameters, context, feedback, write=True, min_version=3) as dossier:
            result = import_plannen(
                path or (layer.source() if layer is not None else ""), dossier,
                self.parameterAsString(parameters, self.PARTNER, context),
                columns=parse_pairs(self.parameterAsString(parameters, self.COLUMNS, context)),
                category_map=parse_pairs(self.parameterAsString(parameters, self.CATEGORIES, context)),
                geocoder=geocoder, sheet=self.parameterAsString(parameters, self.SHEET, context) or "",
                layer=None if path else layer, transform_context=context.transformContext(), feedback=feedback)
        dest = self.write_row_report(parameters, self.REPORT, context, result.report,
                                     lambda n, status, reason: feedback.reportError(f"Rij {n}: {reason}"))
        feedback.pushInfo("Kolommen: " + "; ".join(f"{k}={v}" for k, v in result.mapping.items()))
        if result.rejected:
            feedback.reportError(f"Er is niets ingelezen: {len(result.rejected)} rij(en) met een fout (zie het "
                                 "rapport). Verbeter het bestand of de koppeling en lees opnieuw in.")
        else:
            feedback.pushInfo(f"{result.new} nieuwe en {result.updated} bijgewerkte plannen van partner "
                              f"{result.partner_id}.")
        return {self.REPORT: dest, "NIEUW": result.new, "BIJGEWERKT": result.updated,
                "FOUTEN": len(result.rejected)}
