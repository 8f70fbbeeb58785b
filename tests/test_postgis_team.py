"""Working together on a PostGIS dossier, enforced by the database: bookkeeping, optimistic locking (10 editors ×
200 edits lose no update), the audit table and the three roles — real cluster, real connections, no mocks."""
import random
import threading

import psycopg2
import pytest
from pg_fixture import pg_cluster, psql  # noqa: F401  (session fixture)
from test_postgis_roundtrip import ref, sample_dossier  # noqa: F401  (module fixture)

from wijkatlas.layers.postgis import STALE_SQLSTATE, dossier_to_postgis, role_names

EDITORS, EDITS = 10, 200


@pytest.fixture(scope="module")
def team(pg_cluster, sample_dossier):  # noqa: F811
    """Schema 'team' with login users for a partner (reader) and two editors."""
    dossier_to_postgis(sample_dossier, ref(pg_cluster, "team"))
    owner, editor, reader = role_names("team")
    psql(pg_cluster, f"CREATE ROLE partner_a LOGIN PASSWORD 'pa'; GRANT {reader} TO partner_a; "
                     f"CREATE ROLE redacteur_a LOGIN PASSWORD 'ra'; GRANT {editor} TO redacteur_a; "
                     f"CREATE ROLE redacteur_b LOGIN PASSWORD 'rb'; GRANT {editor} TO redacteur_b")
    return pg_cluster


def login(cluster, user, password):
    con = psycopg2.connect(host=cluster["PGHOST"], port=cluster["PGPORT"], dbname="wijkatlas", user=user,
                           password=password)
    return con


def test_bookkeeping_is_kept_by_the_database(team):
    con = login(team, "redacteur_a", "ra")
    with con, con.cursor() as cur:
        cur.execute("INSERT INTO team.maatregelen_buurt (maatregel_id, titel, versie, gewijzigd_door) "
                    "VALUES ('M-nieuw', 'Nieuw', 99, 'iemand anders') RETURNING fid, versie, gewijzigd_door")
        fid, versie, door = cur.fetchone()
        assert (versie, door) == (1, "redacteur_a")
        cur.execute("UPDATE team.maatregelen_buurt SET titel = 'Beter', versie_basis = 1 WHERE fid = %s", (fid,))
        cur.execute("SELECT versie, gewijzigd_door, gewijzigd_op IS NOT NULL FROM team.maatregelen_buurt "
                    "WHERE fid = %s", (fid,))
        assert cur.fetchone() == (2, "redacteur_a", True)
    con.close()
    rows = psql(team, f"SELECT gebruiker, actie, versie FROM team.wijkatlas_audit WHERE fid = {fid} "
                      "AND laag = 'maatregelen_buurt' ORDER BY id")
    assert rows == [("redacteur_a", "insert", 1), ("redacteur_a", "update", 2)]


def test_stale_edit_is_refused_with_a_clear_message(team):
    fid = psql(team, "SELECT min(fid) FROM team.maatregelen_vlakken")[0][0]
    (versie,) = psql(team, f"SELECT versie FROM team.maatregelen_vlakken WHERE fid = {fid}")[0]
    a, b = login(team, "redacteur_a", "ra"), login(team, "redacteur_b", "rb")
    with a, a.cursor() as cur:  # A saves first, based on the version both read
        cur.execute("UPDATE team.maatregelen_vlakken SET status = 'gepland', versie_basis = %s WHERE fid = %s",
                    (versie, fid))
    with pytest.raises(psycopg2.Error) as err, b, b.cursor() as cur:  # B's edit is based on the old version
        cur.execute("UPDATE team.maatregelen_vlakken SET status = 'vervallen', versie_basis = %s WHERE fid = %s",
                    (versie, fid))
    assert err.value.pgcode == STALE_SQLSTATE
    assert "iemand anders heeft dit object intussen gewijzigd" in err.value.pgerror
    with pytest.raises(psycopg2.Error) as err, b, b.cursor() as cur:  # an update that states no version at all
        cur.execute("UPDATE team.maatregelen_vlakken SET status = 'vervallen' WHERE fid = %s", (fid,))
    assert err.value.pgcode == STALE_SQLSTATE and "geef de versie mee" in err.value.pgerror
    assert psql(team, f"SELECT status, versie FROM team.maatregelen_vlakken WHERE fid = {fid}") == [
        ("gepland", versie + 1)]
    a.close()
    b.close()


def test_roles(team):
    partner = login(team, "partner_a", "pa")
    with partner.cursor() as cur:
        cur.execute("SELECT count(*) FROM team.buurten")
        assert cur.fetchone()[0] > 50
        cur.execute("SELECT count(*) FROM team.qgis_projects")
        assert cur.fetchone()[0] == 1
    partner.rollback()
    for sql in ("UPDATE team.maatregelen_buurt SET titel = 'x', versie_basis = versie",
                "INSERT INTO team.participatie_buurt (notitie_id) VALUES ('P-x')",
                "SELECT * FROM team.wijkatlas_audit"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), partner.cursor() as cur:
            cur.execute(sql)
        partner.rollback()
    partner.close()
    editor = login(team, "redacteur_a", "ra")
    with editor.cursor() as cur:  # plans and notes: yes
        cur.execute("INSERT INTO team.participatie_buurt (notitie_id, buurtcode) VALUES ('P-red', 'BU1')")
        cur.execute("UPDATE team.maatregelen_punten SET titel = titel, versie_basis = versie")
    editor.commit()
    for sql in ("UPDATE team.buurten SET inwoners = 0, versie_basis = versie",
                "DELETE FROM team.partners", "UPDATE team.qgis_projects SET name = 'x'",
                "DELETE FROM team.wijkatlas_meta", "DROP TABLE team.maatregelen_buurt"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), editor.cursor() as cur:
            cur.execute(sql)
        editor.rollback()
    editor.close()


def test_ten_editors_lose_no_update(team):
    """10 editors × 200 edits on the same 5 measures: each write lands or is refused as stale; the final budgets
    equal the start plus the sum of the accepted increments, versions count the accepted writes, and the audit
    table holds exactly the accepted writes."""
    fids = [r[0] for r in psql(team, "SELECT fid FROM team.maatregelen_vlakken ORDER BY fid LIMIT 5")]
    psql(team, f"UPDATE team.maatregelen_vlakken SET budget = 1000, versie_basis = versie WHERE fid IN "
               f"({','.join(map(str, fids))})")
    start = dict(psql(team, "SELECT fid, versie FROM team.maatregelen_vlakken WHERE fid IN "
                            f"({','.join(map(str, fids))})"))
    audit_start = psql(team, "SELECT count(*) FROM team.wijkatlas_audit WHERE actie = 'update'")[0][0]
    accepted = {fid: [] for fid in fids}
    refused, errors = [0], []
    lock = threading.Lock()
    barrier = threading.Barrier(EDITORS)

    def editor(n):
        rnd = random.Random(n)
        con = login(team, "redacteur_a" if n % 2 else "redacteur_b", "ra" if n % 2 else "rb")
        barrier.wait()
        try:
            for _ in range(EDITS):
                fid, delta = rnd.choice(fids), rnd.randint(1, 100)
                with con.cursor() as cur:
                    cur.execute("SELECT budget, versie FROM team.maatregelen_vlakken WHERE fid = %s", (fid,))
                    budget, versie = cur.fetchone()
                con.commit()
                try:
                    with con.cursor() as cur:
                        cur.execute("UPDATE team.maatregelen_vlakken SET budget = %s, versie_basis = %s WHERE fid = %s",
                                    (budget + delta, versie, fid))
                        assert cur.rowcount == 1
                    con.commit()
                    with lock:
                        accepted[fid].append(delta)
                except psycopg2.Error as err:
                    con.rollback()
                    with lock:
                        if err.pgcode == STALE_SQLSTATE:
                            refused[0] += 1
                        else:
                            errors.append(str(err))
        finally:
            con.close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(EDITORS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    total = sum(len(v) for v in accepted.values())
    assert total + refused[0] == EDITORS * EDITS
    assert refused[0] > 0 and total > 0  # the race really happened
    print(f"{EDITORS} editors x {EDITS} edits: {total} accepted, {refused[0]} refused as stale")
    final = dict((fid, (budget, versie)) for fid, budget, versie in psql(
        team, f"SELECT fid, budget, versie FROM team.maatregelen_vlakken WHERE fid IN ({','.join(map(str, fids))})"))
    for fid in fids:
        assert final[fid] == (1000 + sum(accepted[fid]), start[fid] + len(accepted[fid])), fid
    audit = psql(team, "SELECT count(*) FROM team.wijkatlas_audit WHERE actie = 'update'")[0][0]
    assert audit - audit_start == total


def _qgis_layer(team, name="maatregelen_vlakken"):
    """The layer as a team member gets it: from the project stored in the database, logged in via authcfg."""
    from qgis.core import QgsProject

    from wijkatlas.layers.postgis import project_storage_uri

    project = QgsProject()
    assert project.read(project_storage_uri(ref(team, "team"), dbname="wijkatlas")), project.error()
    (layer,) = [lyr for lyr in project.mapLayers().values() if f'"team"."{name}"' in lyr.source()]
    return project, layer


def test_qgis_edits_carry_the_version_and_stale_ones_are_refused(team):
    # Two QGIS sessions, each with its own edit buffer. The layers log in with the authcfg id stored in the project
    # (a team agrees on that id; each member stores his own credentials under it). QGIS takes the version when a
    # change enters the edit buffer (the versie_basis default), so a colleague's save in between is detected.
    project_a, layer_a = _qgis_layer(team)
    project_b, layer_b = _qgis_layer(team)
    feature = max(layer_a.getFeatures(), key=lambda f: f["fid"])  # QGIS's feature id is not the bigint key
    qid, fid = feature.id(), feature["fid"]
    budget = layer_a.fields().indexOf("budget")
    (versie,) = psql(team, f"SELECT versie FROM team.maatregelen_vlakken WHERE fid = {fid}")[0]
    qid_b = next(f.id() for f in layer_b.getFeatures() if f["fid"] == fid)
    assert layer_b.startEditing()  # B edits the same measure in an edit session that is still open …
    assert layer_b.changeAttributeValue(qid_b, budget, 222.0)
    assert layer_a.startEditing()
    assert layer_a.changeAttributeValue(qid, budget, 111.0)
    assert layer_a.changeAttributeValue(qid, layer_a.fields().indexOf("status"), "besloten")
    assert layer_a.commitChanges(), layer_a.commitErrors()
    assert psql(team, f"SELECT budget, status, versie, gewijzigd_door FROM team.maatregelen_vlakken "
                      f"WHERE fid = {fid}") == [(111.0, "besloten", versie + 1, team["PGUSER"])]
    assert not layer_b.commitChanges()  # … and saves after A: refused, A's change stays
    assert "iemand anders heeft dit object intussen gewijzigd" in " ".join(layer_b.commitErrors())
    layer_b.rollBack()
    assert psql(team, f"SELECT budget FROM team.maatregelen_vlakken WHERE fid = {fid}") == [(111.0,)]
    del project_a, project_b
