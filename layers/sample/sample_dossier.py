"""The embedded sample (Amsterdam Oost, CBS 2019) and a ready dossier made from it."""
import json
import os

from qgis.core import QgsApplication, QgsVectorLayer

from ..common import DossierError
from ..data import buurten_rows_from_layer, reference_rows_from_layer
from ..dossier import create_dossier, upgrade_dossier
from ..participatie import append_rows, sample_rows
from ..schema import SCHEMA_VERSION, check_new_path, schema_version, staged
from .routekaart_sample import add_routekaart_sample

SAMPLE_DIR = os.path.dirname(os.path.abspath(__file__))
BUILT_DIR = os.path.join(SAMPLE_DIR, "built")  # made by scripts/build_sample.py at set-up; never committed
SAMPLE_GPKG = os.path.join(BUILT_DIR, "amsterdam_oost_2019.gpkg")
SAMPLE_META = os.path.join(BUILT_DIR, "amsterdam_oost_2019.json")


MISSING = ("Het ingebouwde voorbeeld (Amsterdam Oost) zit niet in deze installatie: het wordt bij de installatie "
           "gebouwd uit de CBS-bestanden en wordt niet meegeleverd als die ontbreken. Maak een wijkdossier voor uw "
           "eigen gemeente met 'Buurtgrenzen laden (PDOK)', 'CBS-kerncijfers koppelen' en 'Nieuw wijkdossier' "
           "(Processing ▸ Wijkatlas ▸ 1. Data).")


def sample_available():
    """True when the sample was built into this installation."""
    return os.path.isfile(SAMPLE_GPKG) and os.path.isfile(SAMPLE_META)


def sample_meta():
    """The sample's provenance (title, year, sources, buurten that could not be placed)."""
    if not sample_available():
        raise DossierError(MISSING)
    with open(SAMPLE_META, encoding="utf-8") as fh:
        return json.load(fh)


def sample_layers():
    """The sample's buurten layer and reference table as QgsVectorLayers."""
    if not sample_available():
        raise DossierError(MISSING)
    buurten = QgsVectorLayer(f"{SAMPLE_GPKG}|layername=buurten", "Buurten (voorbeeld)", "ogr")
    reference = QgsVectorLayer(f"{SAMPLE_GPKG}|layername=referentie", "Referentie (voorbeeld)", "ogr")
    if not buurten.isValid() or not reference.isValid():
        raise DossierError(f"Het ingebouwde voorbeeld ontbreekt of is beschadigd: {SAMPLE_GPKG}")
    return buurten, reference


def dossier_meta_for_sample():
    """Metadata entries that say honestly what the sample is."""
    meta = sample_meta()
    unplaced = ", ".join(f"{b['buurtcode']} {b['buurtnaam']}" for b in meta["buurten_niet_geplaatst"])
    return {
        "gemeente": meta["gemeente"],
        "jaar_cijfers": meta["jaar_cijfers"],
        "bron_cijfers": meta["cijfers"],
        "bron_grenzen": meta["grenzen"],
        "bronvermelding": meta["bronvermelding"],
        "niet_geplaatste_buurten": unplaced,
        "let_op": meta["let_op"],
        "voorbeeld": "ja",
    }


def create_sample_dossier(path, feedback=None):
    """Create a new dossier at `path` from the embedded sample, with the invented example notes and measures."""

    check_new_path(path)
    buurten, reference = sample_layers()
    rows, _ = buurten_rows_from_layer(buurten, feedback=feedback)
    with staged(path) as tmp:
        meta = dict(dossier_meta_for_sample(), participatie="voorbeeld, verzonnen (notities, maatregelen, partners)")
        create_dossier(tmp, rows, reference_rows_from_layer(reference), meta, title=sample_meta()["titel"])
        append_rows(tmp, add_routekaart_sample(sample_rows()), feedback)
    return path


def ensure_sample_dossier(folder=None):
    """The sample dossier in the user's profile folder, created or upgraded when needed."""
    folder = folder or os.path.join(QgsApplication.qgisSettingsDirPath(), "wijkatlas")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "voorbeelddossier_amsterdam_oost.gpkg")
    if not os.path.exists(path):
        return create_sample_dossier(path)
    if schema_version(path) < SCHEMA_VERSION:
        upgrade_dossier(path)
    return path
