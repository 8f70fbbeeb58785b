"""Bad input for the PostGIS copies: each a clear Dutch message, and nothing half-created in the database or on
disk (real cluster, no mocks)."""
import sqlite3

import pytest
from pg_fixture import add_auth, pg_cluster, psql  # noqa: F401  (session fixture)
from test_postgis_roundtrip import ref, sample_dossier  # noqa: F401  (module fixture)

from wijkatlas.layers.common import DossierError, WijkatlasCancelled
from wijkatlas.layers.postgis import dossier_to_postgis, make_ref, postgis_to_dossier, role_names


def schemas(cluster):
    return {r[0] for r in psql(cluster, "SELECT nspname FROM pg_namespace")}


def roles(cluster):
    return {r[0] for r in psql(cluster, "SELECT rolname FROM pg_roles")}


@pytest.fixture()
def untouched(pg_cluster):  # noqa: F811
    """Asserts afterwards that no schema or role was added by the test."""
    before = schemas(pg_cluster), roles(pg_cluster)
    yield
    assert (schemas(pg_cluster), roles(pg_cluster)) == before


def test_wrong_password(pg_cluster, sample_dossier, untouched):  # noqa: F811
    wrong = add_auth(pg_cluster["PGUSER"], "niet-het-wachtwoord", "fout wachtwoord")
    with pytest.raises(DossierError, match="gebruikersnaam of wachtwoord .* klopt niet") as err:
        dossier_to_postgis(sample_dossier, make_ref("fout_pw", service=pg_cluster["service"], authcfg=wrong))
    assert "niet-het-wachtwoord" not in str(err.value) + err.value.details


def test_no_password_without_authcfg(pg_cluster, sample_dossier, untouched):  # noqa: F811
    with pytest.raises(DossierError, match="vraagt een wachtwoord"):
        dossier_to_postgis(sample_dossier, make_ref("geen_auth", service=pg_cluster["service"]))


def test_server_down(pg_cluster, sample_dossier, untouched):  # noqa: F811
    with pytest.raises(DossierError, match="niet bereikbaar"):
        dossier_to_postgis(sample_dossier, make_ref("dicht", service="wijkatlas_dicht",
                                                    authcfg=pg_cluster["authcfg"]))


def test_unknown_service_and_connection(pg_cluster, sample_dossier):  # noqa: F811
    with pytest.raises(DossierError, match="pg_service.conf"):
        dossier_to_postgis(sample_dossier, make_ref("x", service="bestaat_niet", authcfg=pg_cluster["authcfg"]))
    with pytest.raises(DossierError, match="bestaat niet in QGIS"):
        dossier_to_postgis(sample_dossier, make_ref("x", verbinding="Nergens", authcfg=pg_cluster["authcfg"]))


def test_database_without_postgis(pg_cluster, sample_dossier):  # noqa: F811
    psql(pg_cluster, "CREATE DATABASE zonder_postgis", db="postgres")
    with pytest.raises(DossierError, match="PostGIS niet geïnstalleerd"):
        dossier_to_postgis(sample_dossier, make_ref("oost", service="wijkatlas_zonder_postgis",
                                                    authcfg=pg_cluster["authcfg"]))
    assert psql(pg_cluster, "SELECT count(*) FROM pg_namespace WHERE nspname = 'oost'", db="zonder_postgis") == [(0,)]


@pytest.mark.parametrize("name", ["Oost", "oost-noord", 'oost"; DROP SCHEMA public; --', "", "wijk oost",
                                  "1oost", "public", "pg_oost", "ö", "a" * 41])
def test_odd_schema_names(pg_cluster, sample_dossier, untouched, name):  # noqa: F811
    with pytest.raises(DossierError, match="schemanaam"):
        dossier_to_postgis(sample_dossier, make_ref(name, service=pg_cluster["service"],
                                                    authcfg=pg_cluster["authcfg"]))


def test_insufficient_rights(pg_cluster, sample_dossier):  # noqa: F811
    psql(pg_cluster, "CREATE ROLE beperkt LOGIN PASSWORD 'beperkt-pw'; CREATE ROLE maker LOGIN PASSWORD 'maker-pw'; "
                     "GRANT CREATE ON DATABASE wijkatlas TO maker")
    before = schemas(pg_cluster), roles(pg_cluster)
    for user, roles_too in (("beperkt", False), ("maker", True)):
        auth = add_auth(user, f"{user}-pw")
        with pytest.raises(DossierError, match="Onvoldoende rechten"):
            dossier_to_postgis(sample_dossier, make_ref(f"van_{user}", service=pg_cluster["service"],
                                                        authcfg=auth), roles=roles_too)
    assert (schemas(pg_cluster), roles(pg_cluster)) == before


def test_existing_schema_is_refused_unless_asked(pg_cluster, sample_dossier):  # noqa: F811
    target = ref(pg_cluster, "oost_dubbel")
    dossier_to_postgis(sample_dossier, target)
    psql(pg_cluster, "DELETE FROM oost_dubbel.partners WHERE fid = (SELECT min(fid) FROM oost_dubbel.partners)")
    left = psql(pg_cluster, "SELECT count(*) FROM oost_dubbel.partners")
    with pytest.raises(DossierError, match="bestaat al"):
        dossier_to_postgis(sample_dossier, target)
    assert psql(pg_cluster, "SELECT count(*) FROM oost_dubbel.partners") == left  # untouched
    dossier_to_postgis(sample_dossier, target, overwrite=True)
    assert psql(pg_cluster, "SELECT count(*) FROM oost_dubbel.partners")[0][0] == left[0][0] + 1


class CancelAfter:
    """A Processing-like feedback that asks to stop after `n` progress reports."""

    def __init__(self, n):
        self.n, self.seen = n, 0

    def setProgress(self, value):  # noqa: N802
        self.seen += 1

    def isCanceled(self):  # noqa: N802
        return self.seen >= self.n


def test_failure_half_way_leaves_no_schema(pg_cluster, sample_dossier, untouched):  # noqa: F811
    with pytest.raises(WijkatlasCancelled):
        dossier_to_postgis(sample_dossier, ref(pg_cluster, "half_af"), feedback=CancelAfter(5))
    assert not {"half_af", *role_names("half_af")} & (schemas(pg_cluster) | roles(pg_cluster))


def test_bad_row_half_way_rolls_everything_back(pg_cluster, sample_dossier, tmp_path, untouched):  # noqa: F811
    broken = tmp_path / "kapot.gpkg"
    broken.write_bytes(open(sample_dossier, "rb").read())
    con = sqlite3.connect(broken)
    for func in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # the rtree triggers need them
        con.create_function(func, 1, lambda geom: 0)
    with con:  # a geometry blob PostGIS cannot read, in one of the last layers
        con.execute("INSERT INTO participatie_punten (notitie_id, geom) VALUES ('P-kapot', X'4750000100000000BAD0')")
    con.close()
    with pytest.raises(DossierError):
        dossier_to_postgis(str(broken), ref(pg_cluster, "kapot"))


def test_export_failure_leaves_no_file(pg_cluster, sample_dossier, tmp_path):  # noqa: F811
    target = ref(pg_cluster, "oost_export")
    dossier_to_postgis(sample_dossier, target)
    out = tmp_path / "half.gpkg"
    with pytest.raises(WijkatlasCancelled):
        postgis_to_dossier(target, str(out), feedback=CancelAfter(3))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(DossierError, match="bestaat niet"):
        postgis_to_dossier(ref(pg_cluster, "nooit_gemaakt"), str(out))
    assert list(tmp_path.iterdir()) == []


def test_odd_layer_name_in_the_dossier_is_refused(pg_cluster, sample_dossier, tmp_path, untouched):  # noqa: F811
    odd = tmp_path / "raar.gpkg"
    odd.write_bytes(open(sample_dossier, "rb").read())
    con = sqlite3.connect(odd)
    with con:  # a table whose name would break out of the quotes in SQL
        con.execute('CREATE TABLE "x""; DROP SCHEMA public CASCADE; --" (fid INTEGER PRIMARY KEY, a TEXT)')
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES "
                    "('x\"; DROP SCHEMA public CASCADE; --', 'attributes', 'x')")
    con.close()
    with pytest.raises(DossierError, match="naam die niet in PostgreSQL kan"):
        dossier_to_postgis(str(odd), ref(pg_cluster, "raar"))
    assert "public" in schemas(pg_cluster)
