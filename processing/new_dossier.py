"""Algorithm 'Nieuw wijkdossier': one GeoPackage with the buurten, reference figures and a stored project."""
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..layers.data import buurten_rows_from_layer, reference_rows_from_layer
from ..layers.dossier import create_dossier
from ..layers.sample import create_sample_dossier
from ..layers.schema import check_new_path, layer_uri
from .base import WijkatlasAlgorithm


class NewDossierAlgorithm(WijkatlasAlgorithm):
    """Create a wijkdossier GeoPackage with its stored project."""

    NAME = "nieuwwijkdossier"
    DISPLAY = "Nieuw wijkdossier"
    GROUP = "data"
    HELP = ("Maakt een <b>wijkdossier</b>: één GeoPackage (EPSG:28992) met de buurten en hun cijfers, "
            "referentiecijfers van gemeente en Nederland, en een QGIS-project in hetzelfde bestand, met stijlen. "
            "Open het bestand in QGIS (Project ▸ Openen vanuit ▸ GeoPackage) en de kaart staat klaar.<br><br>"
            "Laat <i>Buurten</i> leeg om het ingebouwde voorbeeld te gebruiken (Amsterdam Oost, CBS-kerncijfers "
            "2019). Een bestaand bestand wordt nooit overschreven.")
    BUURTEN = "BUURTEN"
    REFERENTIE = "REFERENTIE"
    TITEL = "TITEL"
    CODEVELD = "BUURTCODE_VELD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        buurten = QgsProcessingParameterFeatureSource(
            self.BUURTEN, "Buurten (leeg = ingebouwd voorbeeld)",
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True)
        buurten.setHelp("Polygonen van de buurten met een veld 'buurtcode' en eventueel cijfers met de "
                                "veldnamen van de indicatorencatalogus. Wordt omgezet naar EPSG:28992; ongeldige "
                                "geometrieën worden gerepareerd en gemeld.")
        reference = QgsProcessingParameterVectorLayer(
            self.REFERENTIE, "Referentiecijfers (gemeente, Nederland)",
            [QgsProcessing.SourceType.TypeVector], optional=True)
        reference.setHelp("Optionele tabel met velden code, naam, niveau (land/gemeente/wijk), jaar en "
                                  "de indicatoren, zoals CBS ze publiceert.")
        code = QgsProcessingParameterField(self.CODEVELD, "Veld met de CBS-buurtcode (leeg = automatisch)",
                                           parentLayerParameterName=self.BUURTEN, optional=True)
        code.setHelp("Het veld met de CBS-buurtcode (BU + 8 tekens, bijv. BU0363AA01). Leeg: het veld waarvan de "
                     "waarden geldige CBS-codes zijn. Een eigen korte code (bijv. AA01) wordt geweigerd, want die "
                     "koppelt niet aan CBS-cijfers. Wijkcode en gemeentecode worden uit de buurtcode afgeleid.")
        title = QgsProcessingParameterString(self.TITEL, "Titel van het dossier", "Wijkdossier")
        title.setHelp("Naam van de wijkaanpak; verschijnt als projecttitel en op de atlas.")
        out = QgsProcessingParameterFileDestination(self.OUTPUT, "Wijkdossier (GeoPackage)",
                                                    "GeoPackage (*.gpkg)")
        out.setHelp("Het nieuwe .gpkg-bestand. Het mag nog niet bestaan.")
        for param in (buurten, code, reference, title, out):
            self.addParameter(param)

    def process(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        check_new_path(path)  # refuse before reading anything
        # We repair invalid geometries ourselves (and report them), so Processing must not stop on them first.
        previous = context.invalidGeometryCheck()
        context.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
        try:
            source = self.parameterAsSource(parameters, self.BUURTEN, context)
            self._create(source, path, parameters, context, feedback)
        finally:
            context.setInvalidGeometryCheck(previous)
        feedback.pushInfo("Wijkdossier geschreven: {path}".format(path=path))
        context.addLayerToLoadOnCompletion(
            layer_uri(path, "buurten"),
            context.LayerDetails("Buurten", context.project(), "buurten"))
        return {self.OUTPUT: path}

    def _create(self, source, path, parameters, context, feedback):
        """Create the dossier from the source, or from the embedded sample when there is none."""
        if source is None:
            feedback.pushInfo("Geen buurten opgegeven: het ingebouwde voorbeeld wordt gebruikt.")
            create_sample_dossier(path, feedback=feedback)
        else:
            rows, notes = buurten_rows_from_layer(source, context.transformContext(), feedback,
                                                 self.parameterAsString(parameters, self.CODEVELD, context))
            for note in notes:
                feedback.pushWarning(note)
            reference = self.parameterAsVectorLayer(parameters, self.REFERENTIE, context)
            title = self.parameterAsString(parameters, self.TITEL, context) or "Wijkdossier"
            create_dossier(path, rows, reference_rows_from_layer(reference), {"bron": "eigen invoer"}, title=title)
