"""The whole chain as a Processing model: buurten (or the sample) → wijkdossier → knelpunten → notes → buurtatlas.

Built in code, so it always names the algorithms of this version. It appears in the toolbox, opens in the Model
Designer (where a user can copy and extend it), and runs from `qgis_process run wijkatlas:wijkaanpakketen`.
"""
from qgis.core import (
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildDependency,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QPointF

MODEL_NAME = "wijkaanpakketen"
PG_MODEL_NAME = "wijkaanpakketen_postgis"
BUURTEN, REFERENTIE, TITEL, POSTGIS = "BUURTEN", "REFERENTIE", "TITEL", "POSTGIS"
HELP = ("Voert de hele keten in één keer uit: <b>Nieuw wijkdossier</b> (uit uw buurtenlaag, of leeg = het "
        "ingebouwde voorbeeld) → <b>Knelpunten signaleren</b> (opgeslagen in het dossier) → <b>Notities en "
        "maatregelen koppelen</b> → <b>Buurtatlas maken</b> uit het dossier. Kopieer het model in de "
        "Modelontwerper om stappen toe te voegen.")
PG_HELP = ("De keten op een wijkdossier dat al in PostGIS staat (zie 'Wijkdossier naar PostGIS'): <b>Knelpunten "
           "signaleren</b> (opgeslagen in het dossier, in één transactie) → <b>Notities en maatregelen koppelen</b> "
           "(in de database) → <b>Buurtatlas maken</b> uit het dossier. Dezelfde uitkomst als de keten op een .gpkg.")


def _child(alg_id, child_id, description, x, sources, depends=()):
    child = QgsProcessingModelChildAlgorithm(f"wijkatlas:{alg_id}")
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(QPointF(x, 200.0))
    for name, source in sources.items():
        child.addParameterSources(name, [source])
    child.setDependencies([QgsProcessingModelChildDependency(d) for d in depends])
    return child


def _output(child, name, description, child_output):
    out = QgsProcessingModelOutput(name, description)
    out.setChildId(child.childId())
    out.setChildOutputName(child_output)
    out.setMandatory(True)
    child.setModelOutputs({name: out})


class ChainModel(QgsProcessingModelAlgorithm):
    """A chain model with a stable id and a Dutch display name: from buurten to atlas (wijkatlas:wijkaanpakketen),
    or with postgis=True on an existing PostGIS dossier (wijkatlas:wijkaanpakketen_postgis: no new dossier)."""

    def __init__(self, postgis=False):
        super().__init__(PG_MODEL_NAME if postgis else MODEL_NAME, "Modellen", "modellen")
        self.postgis = postgis
        (_build_postgis if postgis else _build)(self)

    def displayName(self):  # noqa: N802
        return ("Wijkaanpak op een PostGIS-dossier: van knelpunten tot buurtatlas" if self.postgis else
                "Wijkaanpak: van buurten tot buurtatlas")

    def createInstance(self):  # noqa: N802
        return ChainModel(self.postgis)


def build_chain_model():
    """The chain model; the provider adds it beside its algorithms."""
    return ChainModel()


def build_postgis_chain_model():
    """The chain model for a dossier in PostGIS; the provider adds it beside the other."""
    return ChainModel(postgis=True)


def _build_postgis(model):
    """The POSTGIS parameter, the three steps on it and the atlas as output."""
    model.setHelpContent({"ALG_DESC": PG_HELP, "ALG_CREATOR": "Wijkatlas"})
    param = QgsProcessingParameterString(POSTGIS, "PostGIS-dossier (postgres:…)")
    param.setHelp("Het wijkdossier in PostGIS, zoals 'Wijkdossier naar PostGIS' het teruggeeft, bijvoorbeeld "
                  "postgres:schema=oost;service=gemeente;authcfg=ab12cd3.")
    model_param = QgsProcessingModelParameter(POSTGIS)
    model_param.setPosition(QPointF(100.0, 60.0))
    model.addModelParameter(param, model_param)
    dossier = {"POSTGIS": QgsProcessingModelChildParameterSource.fromModelParameter(POSTGIS)}
    flags = _child("knelpuntensignaleren", "knelpunten", "Knelpunten signaleren", 100, dossier)
    notes = _child("notitiesmaatregelenkoppelen", "notities", "Notities en maatregelen koppelen", 320, dossier,
                   depends=("knelpunten",))
    atlas = _child("buurtatlasmaken", "atlas", "Buurtatlas maken", 540, dossier, depends=("knelpunten", "notities"))
    _output(atlas, "BUURTATLAS", "Buurtatlas", "OUTPUT")
    for child in (flags, notes, atlas):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()


def _build(model):
    """Add the parameters, the four steps and the two outputs to `model`."""
    model.setHelpContent({"ALG_DESC": HELP, "ALG_CREATOR": "Wijkatlas"})
    params = (
        QgsProcessingParameterFeatureSource(BUURTEN, "Buurten (leeg = ingebouwd voorbeeld)",
                                            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
        QgsProcessingParameterVectorLayer(REFERENTIE, "Referentiecijfers (gemeente, Nederland)",
                                          [QgsProcessing.SourceType.TypeVector], optional=True),
        QgsProcessingParameterString(TITEL, "Titel van het dossier", "Wijkdossier"),
    )
    helps = ("Polygonen van de buurten met een veld buurtcode (en cijfers); leeg = het ingebouwde voorbeeld.",
             "Optionele tabel met de CBS-cijfers van gemeente en Nederland (code, naam, niveau, jaar, indicatoren).",
             "Naam van de wijkaanpak; titel van het dossier.")
    for n, (param, help_text) in enumerate(zip(params, helps)):
        param.setHelp(help_text)
        model_param = QgsProcessingModelParameter(param.name())
        model_param.setPosition(QPointF(100.0 + 220 * n, 60.0))
        model.addModelParameter(param, model_param)
    model_input = QgsProcessingModelChildParameterSource.fromModelParameter
    dossier = QgsProcessingModelChildParameterSource.fromChildOutput("dossier", "OUTPUT")
    new = _child("nieuwwijkdossier", "dossier", "Nieuw wijkdossier", 100,
                 {"BUURTEN": model_input(BUURTEN), "REFERENTIE": model_input(REFERENTIE),
                  "TITEL": model_input(TITEL)})
    _output(new, "WIJKDOSSIER", "Wijkdossier", "OUTPUT")
    flags = _child("knelpuntensignaleren", "knelpunten", "Knelpunten signaleren", 320, {"DOSSIER": dossier})
    notes = _child("notitiesmaatregelenkoppelen", "notities", "Notities en maatregelen koppelen", 540,
                   {"DOSSIER": dossier}, depends=("knelpunten",))
    atlas = _child("buurtatlasmaken", "atlas", "Buurtatlas maken", 760, {"DOSSIER": dossier},
                   depends=("knelpunten", "notities"))
    _output(atlas, "BUURTATLAS", "Buurtatlas", "OUTPUT")
    for child in (new, flags, notes, atlas):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
