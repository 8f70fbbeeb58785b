"""Wijkdossier bijwerken on a PostGIS dossier: missing layers and fields are added inside one transaction, the
project and forms are rebuilt, nothing changes when it fails (real cluster)."""
import pytest
from pg_fixture import pg_cluster, psql  # noqa: F401  (session fixture)
from test_postgis_bad_input import CancelAfter
from test_postgis_roundtrip import ref, sample_dossier  # noqa: F401  (module fixture)

from wijkatlas.layers.common import WijkatlasCancelled
from wijkatlas.layers.postgis import dossier_to_postgis, project_storage_uri, upgrade_postgis_dossier
from wijkatlas.layers.schema import SCHEMA_VERSION


def _make_old(cluster, sample, schema):
    dossier_to_postgis(sample, ref(cluster, schema))
    psql(cluster, f"DROP TABLE {schema}.partners, {schema}.maatregel_partners; "
                  f"ALTER TABLE {schema}.participatie_punten DROP COLUMN bron; "
                  f"UPDATE {schema}.wijkatlas_meta SET waarde = '1' WHERE sleutel = 'schema_version'")


def _state(cluster, schema):
    return (psql(cluster, f"SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                          f"'{schema}' ORDER BY 1, 2"),
            psql(cluster, f"SELECT waarde FROM {schema}.wijkatlas_meta WHERE sleutel = 'schema_version'"),
            psql(cluster, f"SELECT md5(content) FROM {schema}.qgis_projects"))


def test_upgrade_adds_layers_and_fields_in_the_database(pg_cluster, sample_dossier):  # noqa: F811
    from qgis.core import QgsProject

    _make_old(pg_cluster, sample_dossier, "oud")
    buurten = psql(pg_cluster, "SELECT count(*), sum(aardgas), max(gewijzigd_door) FROM oud.buurten")
    punten = psql(pg_cluster, "SELECT fid, notitie_id, versie FROM oud.participatie_punten ORDER BY fid")
    assert upgrade_postgis_dossier(ref(pg_cluster, "oud")) == (1, SCHEMA_VERSION)
    assert psql(pg_cluster, "SELECT waarde FROM oud.wijkatlas_meta WHERE sleutel = 'schema_version'") == [
        (str(SCHEMA_VERSION),)]
    assert psql(pg_cluster, "SELECT count(*), sum(aardgas), max(gewijzigd_door) FROM oud.buurten") == buurten
    assert psql(pg_cluster, "SELECT fid, notitie_id, versie FROM oud.participatie_punten ORDER BY fid") == punten
    assert psql(pg_cluster, "SELECT count(*) FROM oud.participatie_punten WHERE bron IS NULL")[0][0] == len(punten)
    # the new layer has the safeguards and the roles' rights
    assert {r[0] for r in psql(pg_cluster, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'oud.partners'::regclass "
                                           "AND NOT tgisinternal")} == {"wijkatlas_bijhouden", "wijkatlas_audit"}
    assert psql(pg_cluster, "SELECT has_table_privilege('wijkatlas_oud_lezer', 'oud.partners', 'SELECT')") == [
        (True,)]
    project = QgsProject()
    assert project.read(project_storage_uri(ref(pg_cluster, "oud"), dbname="wijkatlas"))
    sources = [lyr.source() for lyr in project.mapLayers().values() if lyr.isValid()]
    assert any('"oud"."partners"' in s for s in sources) and len(sources) == len(project.mapLayers())
    assert upgrade_postgis_dossier(ref(pg_cluster, "oud")) == (SCHEMA_VERSION, SCHEMA_VERSION)


def test_failed_upgrade_changes_nothing(pg_cluster, sample_dossier):  # noqa: F811
    _make_old(pg_cluster, sample_dossier, "oud_kapot")
    before = _state(pg_cluster, "oud_kapot")
    with pytest.raises(WijkatlasCancelled):
        upgrade_postgis_dossier(ref(pg_cluster, "oud_kapot"), feedback=CancelAfter(4))
    assert _state(pg_cluster, "oud_kapot") == before


def run(alg_id, params):
    """Run one of our algorithms through the Processing registry: (results, ok, log)."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    alg = QgsApplication.processingRegistry().createAlgorithmById(f"wijkatlas:{alg_id}")
    results, ok = alg.run(params, QgsProcessingContext(), feedback)
    return results, ok, feedback.textLog()


def test_upgrade_algorithm_takes_a_postgis_reference(pg_cluster, sample_dossier, provider):  # noqa: F811
    _make_old(pg_cluster, sample_dossier, "oud_alg")
    result, ok, log = run("wijkdossierbijwerken", {"POSTGIS": ref(pg_cluster, "oud_alg").text()})
    assert ok and result["VERSIE"] == str(SCHEMA_VERSION), log
    result, ok, log = run("wijkdossierbijwerken", {})
    assert not ok and "óf" in log


def test_copy_algorithms_round_trip(pg_cluster, sample_dossier, provider, tmp_path):  # noqa: F811
    params = {"SERVICE": pg_cluster["service"], "AUTHCFG": pg_cluster["authcfg"], "SCHEMA": "via_alg"}
    out, ok, log = run("wijkdossiernaarpostgis", dict(params, DOSSIER=sample_dossier))
    assert ok, log
    assert out["DOSSIERVERWIJZING"] == (f"postgres:schema=via_alg;service={pg_cluster['service']};"
                                        f"authcfg={pg_cluster['authcfg']}") and out["LAGEN"] >= 13
    back, ok, log = run("postgisnaarwijkdossier", dict(params, OUTPUT=str(tmp_path / "terug.gpkg")))
    assert ok and back["LAGEN"] == out["LAGEN"], log
    again, ok, log = run("wijkdossiernaarpostgis", dict(params, DOSSIER=sample_dossier))
    assert not ok and "bestaat al" in log


def test_same_version_written_by_an_older_wijkatlas_gets_the_new_project(pg_cluster, sample_dossier):  # noqa: F811
    """A 0.2.0 PostGIS dossier (schema 3, no notes view): bijwerken renews project and view, the rows stay; a
    dossier this version wrote is not touched."""
    from wijkatlas.layers.common import plugin_version
    from wijkatlas.layers.schema import NOTES_VIEW

    dossier_to_postgis(sample_dossier, ref(pg_cluster, "vorige"))
    state = _state(pg_cluster, "vorige")
    assert upgrade_postgis_dossier(ref(pg_cluster, "vorige")) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert _state(pg_cluster, "vorige") == state
    psql(pg_cluster, f'DROP VIEW vorige."{NOTES_VIEW}"; '
                     "UPDATE vorige.wijkatlas_meta SET waarde = '0.2.0' WHERE sleutel = 'wijkatlas_versie'")
    punten = psql(pg_cluster, "SELECT fid, notitie_id, versie, gewijzigd_op FROM vorige.participatie_punten ORDER BY 1")
    assert upgrade_postgis_dossier(ref(pg_cluster, "vorige")) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert psql(pg_cluster, "SELECT waarde FROM vorige.wijkatlas_meta WHERE sleutel = 'wijkatlas_versie'") == [
        (plugin_version(),)]
    assert psql(pg_cluster, f"SELECT count(*) FROM pg_views WHERE schemaname = 'vorige' AND viewname = '{NOTES_VIEW}'"
                ) == [(1,)]
    assert psql(pg_cluster, "SELECT fid, notitie_id, versie, gewijzigd_op FROM vorige.participatie_punten "
                            "ORDER BY 1") == punten
