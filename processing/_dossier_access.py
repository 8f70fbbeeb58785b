"""Either kind of wijkdossier for every algorithm: the two dossier parameters (a GeoPackage file, or in the
advanced parameters a PostGIS dossier 'postgres:…') and the one way an algorithm reaches the dossier's file.

For a GeoPackage the algorithm gets the checked file itself (writes go through schema.staged() as always). For a
PostGIS dossier it gets a GeoPackage snapshot made in a temporary folder; an algorithm that writes runs while the
dossier is locked, and its changes go back into the schema row by row in one transaction (postgis.pg_dossier_copy).
So every algorithm has one implementation and gives the same results on both kinds.
"""
import os
from contextlib import contextmanager

from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterFile

from ..layers.common import DossierError
from ..layers.postgis import parse_ref, pg_dossier_copy
from ..layers.schema import check_dossier_file
from ._postgis_params import postgis_dossier_parameter

DOSSIER, POSTGIS = "DOSSIER", "POSTGIS"
PG_HELP = ("Een wijkdossier in PostGIS in plaats van een .gpkg, zoals 'Wijkdossier naar PostGIS' het teruggeeft. "
           "Het algoritme werkt dan op een kopie van dat moment; wat het in het dossier schrijft, gaat in één "
           "transactie terug (per rij, zodat wat collega's intussen aan andere objecten wijzigen blijft staan), of "
           "bij een fout helemaal niet. Gaat vóór het .gpkg-veld.")


def dossier_parameters(help_text, label="Wijkdossier"):
    """(DOSSIER file parameter, POSTGIS advanced string parameter); the file is optional so that either may be
    given, and the algorithm refuses when neither is."""
    dossier = QgsProcessingParameterFile(DOSSIER, label, QgsProcessingParameterFile.Behavior.File, "gpkg",
                                         optional=True)
    dossier.setHelp(help_text + " Of vul bij de geavanceerde parameters een PostGIS-dossier in.")
    postgis = postgis_dossier_parameter(POSTGIS, PG_HELP)
    postgis.setFlags(postgis.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return dossier, postgis


def postgis_text(alg, parameters, context):
    """The PostGIS dossier reference the user gave, or ''."""
    if alg.parameterDefinition(POSTGIS) is None:
        return ""
    return (alg.parameterAsString(parameters, POSTGIS, context) or "").strip()


def dossier_name(alg, parameters, context):
    """How outputs name the dossier the user chose: the GeoPackage's file name, or a PostGIS dossier's schema."""
    reference = postgis_text(alg, parameters, context)
    if reference:
        return parse_ref(reference).display_name()
    return os.path.basename(alg.parameterAsFile(parameters, DOSSIER, context) or "")


@contextmanager
def dossier_file(alg, parameters, context, feedback, write=False, min_version=1, optional=False):
    """Yield the GeoPackage path the algorithm works on (see the module text); '' when optional and none given."""
    reference = postgis_text(alg, parameters, context)
    if not reference:
        path = alg.dossier_path(parameters, DOSSIER, context, write=write, min_version=min_version,
                                optional=optional)
        if not path and not optional:
            raise DossierError("Kies een wijkdossier (.gpkg) of vul een PostGIS-dossier (postgres:…) in.")
        yield path
        return
    if alg.parameterAsFile(parameters, DOSSIER, context) and parameters.get(DOSSIER) is not None:
        feedback.pushInfo("Het PostGIS-dossier wordt gebruikt; het opgegeven .gpkg-dossier niet.")
    ref = parse_ref(reference)
    changes = {}
    feedback.pushInfo(f"PostGIS-dossier {ref.text()}: " + ("kopie om in te werken (het dossier is zolang "
                                                            "vergrendeld voor andere bewerkingen)." if write else
                                                            "kopie om te lezen."))
    with pg_dossier_copy(ref, write=write, min_version=min_version, feedback=feedback, changes=changes) as gpkg:
        check_dossier_file(gpkg, write=write, min_version=min_version)
        yield gpkg
    if write:
        if changes:
            feedback.pushInfo("Opgeslagen in het PostGIS-dossier: " + "; ".join(
                f"{name} {new} nieuw, {changed} gewijzigd, {gone} verwijderd"
                for name, (new, changed, gone) in sorted(changes.items())) + ".")
        else:
            feedback.pushInfo("Niets gewijzigd in het PostGIS-dossier.")
