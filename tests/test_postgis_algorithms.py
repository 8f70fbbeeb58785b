"""Every algorithm on both kinds of dossier (real cluster, no mocks): the main job's steps from the participation
import to the wijkroutekaart run once on a GeoPackage dossier and once on the same dossier in PostGIS; the written
layers, the output layers, files and PDF texts are the same. Writing into a PostGIS dossier is all-or-nothing and
row by row: a refused import or an error changes nothing, a colleague's edit to another row during a run stays, and
a colleague's edit to the same row refuses the run instead of being overwritten."""
import csv
import json
import os
import shutil
import sqlite3
from dataclasses import replace

import pytest
from atlas_pdf_tools import flat, page_texts
from pg_fixture import pg_cluster, psql  # noqa: F401  (session fixture)
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer
from test_postgis_roundtrip import ref, sample_dossier  # noqa: F401  (module fixture)

from wijkatlas.layers.common import DossierError
from wijkatlas.layers.postgis import AUDIT_TABLE, dossier_to_postgis, pg_dossier_copy, postgis_to_dossier
from wijkatlas.layers.sample.sample_dossier import SAMPLE_DIR
from wijkatlas.layers.schema import layer_defs
from wijkatlas.layers.wijkverhaal import import_wijkverhalen

SKIP = {"fid", "versie", "versie_basis", "gewijzigd_op", "gewijzigd_door"}
KEY = "sleutel-van-de-test-2026"  # fixed pseudonym key: both runs give a participant the same pseudonym
NOWHERE = "http://127.0.0.1:9/"   # no address is looked up; tests never touch the internet


def run(alg_id, params, feedback=None):
    feedback = feedback or QgsProcessingFeedback()
    alg = QgsApplication.processingRegistry().createAlgorithmById(f"wijkatlas:{alg_id}")
    results, ok = alg.run(params, QgsProcessingContext(), feedback)
    assert ok, f"{alg_id}: {feedback.textLog()}"
    return results, feedback.textLog()


def steps(dossier, out):
    """The main job's steps after the dossier exists, on `dossier` ({'DOSSIER': …} or {'POSTGIS': …})."""
    with open(os.path.join(SAMPLE_DIR, "plannen_voorbeeld.json"), encoding="utf-8") as fh:
        plan_files = json.load(fh)["bestanden"]
    todo = [("participatieimporteren", {"INPUT": os.path.join(SAMPLE_DIR, "participatie_voorbeeld_import.csv"),
                                        "PSEUDONIEM_SLEUTEL": KEY, "LOCATIESERVER_URL": NOWHERE, "CACHE": False,
                                        "RAPPORT": f"{out}/participatie_rapport.csv"})]
    todo += [("plannenimporteren", {"INPUT": os.path.join(SAMPLE_DIR, e["bestand"]), "PARTNER": e["partner"],
                                    "CATEGORIEEN": e["categorieen"], "LOCATIESERVER_URL": NOWHERE, "CACHE": False,
                                    "RAPPORT": f"{out}/plannen_rapport_{n}.csv"}) for n, e in enumerate(plan_files)]
    todo += [
        ("koppelkansenzoeken", {"OUTPUT": f"{out}/koppelkansen.gpkg"}),
        ("betrokkenheidcontroleren", {"NIVEAU": 1, "OUTPUT": f"{out}/betrokkenheid.csv"}),
        ("geldstromenimporteren", {"INPUT": os.path.join(SAMPLE_DIR, "geldstromen_voorbeeld.csv"),
                                   "RAPPORT": f"{out}/geldstromen_rapport.csv"}),
        ("wijkverhalenimporteren", {"INPUT": os.path.join(SAMPLE_DIR, "wijkverhaal_voorbeeld.csv")}),
        ("geldstromensamenvatten", {"SPREIDEN": "naar inwoners", "TABEL": f"{out}/geld_tabel.csv",
                                    "KAART": f"{out}/geld_kaart.gpkg"}),
        ("wijkpaginasmaken", {"TITEL": "Wijkaanpak Oost", "OUTPUT": f"{out}/wijkpaginas.pdf"}),
        ("wijkroutekaartmaken", {"HORIZON_START": "2026-Q1", "OUTPUT": f"{out}/routekaart.pdf",
                                 "TABEL_CSV": f"{out}/routekaart.csv"}),
    ]
    results = []
    for alg_id, params in todo:
        res, log = run(alg_id, dict(params, **dossier))
        results.append((alg_id, {k: v for k, v in res.items() if not isinstance(v, str) or out not in v}))
    return results


def layer_rows(source):
    """(field names, sorted rows with WKT) of a layer, without fid and the database's bookkeeping."""
    layer = QgsVectorLayer(source, "x", "ogr")
    assert layer.isValid(), source
    names = [n for n in layer.fields().names() if n not in SKIP]
    rows = [(tuple(f[n] for n in names), f.geometry().asWkt(3) if f.hasGeometry() else None)
            for f in layer.getFeatures()]
    return names, sorted(rows, key=repr)


def file_text(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def test_every_algorithm_gives_the_same_results_on_both_kinds(pg_cluster, sample_dossier, provider,  # noqa: F811
                                                              tmp_path):
    gpkg = str(tmp_path / "alle_alg.gpkg")  # named like the schema: documents name their dossier (file or schema)
    shutil.copy(sample_dossier, gpkg)
    target = ref(pg_cluster, "alle_alg")
    dossier_to_postgis(sample_dossier, target)
    out = {"gpkg": tmp_path / "uit_gpkg", "pg": tmp_path / "uit_pg"}
    for folder in out.values():
        folder.mkdir()
    results = {"gpkg": steps({"DOSSIER": gpkg}, str(out["gpkg"])),
               "pg": steps({"POSTGIS": target.text()}, str(out["pg"]))}
    assert results["gpkg"] == results["pg"]
    counts = dict(results["pg"])
    assert counts["plannenimporteren"]["NIEUW"] > 0 and counts["koppelkansenzoeken"]["KOPPELKANSEN"] > 0
    assert counts["geldstromenimporteren"]["INGELEZEN"] > 0 and counts["wijkverhalenimporteren"]["INGELEZEN"] > 0
    # the dossier's layers: the imports landed in the schema, with the same rows as in the GeoPackage
    back = str(tmp_path / "terug.gpkg")
    postgis_to_dossier(target, back)
    for defn in layer_defs():
        assert layer_rows(f"{gpkg}|layername={defn.name}") == layer_rows(f"{back}|layername={defn.name}"), defn.name
    for name in ("participatie_punten", "plannen_lijnen", "koppelkansen", "geldstromen", "wijkverhalen"):
        assert psql(pg_cluster, f"SELECT count(*) FROM alle_alg.{name}")[0][0] > 0, name
    # the database kept its bookkeeping for the new rows
    assert psql(pg_cluster, "SELECT count(*), min(versie), max(gewijzigd_door) FROM alle_alg.geldstromen") == [
        (counts["geldstromenimporteren"]["INGELEZEN"], 1, pg_cluster["PGUSER"])]
    # output layers, tables and documents
    for name in ("koppelkansen.gpkg", "geld_kaart.gpkg"):
        assert layer_rows(str(out["gpkg"] / name)) == layer_rows(str(out["pg"] / name)), name
    for name in sorted(os.listdir(out["gpkg"])):
        if name.endswith(".csv"):
            assert file_text(out["gpkg"] / name) == file_text(out["pg"] / name), name
        elif name.endswith(".pdf"):  # the same words; a document names its dossier (file or schema)
            pg_pages = [flat(page).replace("alle_alg (PostGIS)", "alle_alg.gpkg")
                        for page in page_texts(str(out["pg"] / name))]
            assert [flat(page) for page in page_texts(str(out["gpkg"] / name))] == pg_pages, name
    assert len(page_texts(str(out["pg"] / "wijkpaginas.pdf"))) > 1
    route = flat(" ".join(page_texts(str(out["pg"] / "routekaart.pdf"))))
    assert "Bron: wijkdossier alle_alg (PostGIS)" in route and ".gpkg" not in route


def state(cluster, schema):
    """A fingerprint of every table of a dossier schema (rows, bookkeeping included) and of its audit table."""
    tables = [r[0] for r in psql(cluster, "SELECT tablename FROM pg_tables WHERE schemaname = "
                                          f"'{schema}' ORDER BY 1")]
    return {t: psql(cluster, f"SELECT count(*), md5(string_agg(x::text, '|' ORDER BY x::text)) "
                             f"FROM {schema}.\"{t}\" x")[0] for t in tables}


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


STORY = ("titel", "tekst", "gebiedscode")


def test_a_refused_or_failing_import_leaves_the_schema_unchanged(pg_cluster, sample_dossier, provider,  # noqa: F811
                                                                 tmp_path):
    target = ref(pg_cluster, "mislukt")
    dossier_to_postgis(sample_dossier, target)
    before = state(pg_cluster, "mislukt")
    good = ("Een verhaal", "Over de markt.", "BU03632900")
    bad = write_csv(tmp_path / "slecht.csv", STORY, [good, ("Fout", "Bel 06-12345678 voor meer.", "BU03632900")])
    res, log = run("wijkverhalenimporteren", {"INPUT": bad, "POSTGIS": target.text()})
    assert res["FOUTEN"] == 1 and res["INGELEZEN"] == 0
    assert "Niets gewijzigd in het PostGIS-dossier" in log
    geld = write_csv(tmp_path / "geld.csv", ("van", "naar", "thema", "gebiedscode", "bedrag", "jaar", "status"),
                     [("Onbekend BV", "", "energie", "BU03632900", "10", "2025", "besteed")])
    res, log = run("geldstromenimporteren", {"INPUT": geld, "POSTGIS": target.text(), "RAPPORT": "TEMPORARY_OUTPUT"})
    assert res["FOUTEN"] == 1 and res["INGELEZEN"] == 0
    assert state(pg_cluster, "mislukt") == before
    # an error after GeoPackage code wrote its rows: nothing reaches the schema
    ok = write_csv(tmp_path / "goed.csv", STORY, [good])
    with pytest.raises(RuntimeError), pg_dossier_copy(target, write=True) as gpkg:
        assert import_wijkverhalen(ok, gpkg).written == 1
        raise RuntimeError("stroomstoring")
    assert state(pg_cluster, "mislukt") == before
    # a dossier too old for the algorithm: a Dutch refusal, nothing changed
    psql(pg_cluster, "UPDATE mislukt.wijkatlas_meta SET waarde = '2' WHERE sleutel = 'schema_version'")
    alg = QgsApplication.processingRegistry().createAlgorithmById("wijkatlas:wijkverhalenimporteren")
    feedback = QgsProcessingFeedback()
    _, done = alg.run({"INPUT": ok, "POSTGIS": target.text()}, QgsProcessingContext(), feedback)
    assert not done and "schemaversie 2; hiervoor is versie 3 nodig" in feedback.textLog()
    psql(pg_cluster, "UPDATE mislukt.wijkatlas_meta SET waarde = '3' WHERE sleutel = 'schema_version'")
    assert state(pg_cluster, "mislukt") == before


def _two_partners(cluster, schema):
    """The fids of two partners (a table without geometry, so the test can change its copy with plain SQLite)."""
    fids = [r[0] for r in psql(cluster, f"SELECT fid FROM {schema}.partners ORDER BY fid LIMIT 2")]
    assert len(fids) == 2
    return fids


def test_a_colleagues_edit_during_a_run_stays(pg_cluster, sample_dossier, tmp_path):  # noqa: F811
    target = ref(pg_cluster, "samen")
    dossier_to_postgis(sample_dossier, target)
    fid_a, fid_b = _two_partners(pg_cluster, "samen")
    stories = write_csv(tmp_path / "verhalen.csv", STORY, [("Markt", "Over de markt.", "BU03632900")])
    with pg_dossier_copy(target, write=True) as gpkg:
        assert import_wijkverhalen(stories, gpkg).written == 1
        con = sqlite3.connect(gpkg)  # the run also changes measure A in its copy …
        with con:
            con.execute("UPDATE partners SET naam = 'Van de run' WHERE fid = ?", (fid_a,))
        con.close()
        # … while a colleague saves measure B (another row) in the database
        psql(pg_cluster, f"UPDATE samen.partners SET naam = 'Van de collega', versie_basis = versie "
                         f"WHERE fid = {fid_b}")
    assert psql(pg_cluster, f"SELECT fid, naam, versie FROM samen.partners WHERE fid IN ({fid_a}, {fid_b}) "
                            "ORDER BY fid") == [(fid_a, "Van de run", 2), (fid_b, "Van de collega", 2)]
    assert psql(pg_cluster, "SELECT titel, versie FROM samen.wijkverhalen") == [("Markt", 1)]
    audit = psql(pg_cluster, f"SELECT laag, actie, fid FROM samen.{AUDIT_TABLE} ORDER BY id")
    # the colleague's save first; then, at the end of the run, only the row the run changed and its new story
    assert audit == [("partners", "update", fid_b), ("partners", "update", fid_a),
                     ("wijkverhalen", "insert", audit[2][2])]


def test_a_colleagues_edit_of_the_same_row_refuses_the_run(pg_cluster, sample_dossier, tmp_path):  # noqa: F811
    target = ref(pg_cluster, "botsing")
    dossier_to_postgis(sample_dossier, target)
    fid_a, _ = _two_partners(pg_cluster, "botsing")
    stories = write_csv(tmp_path / "verhalen.csv", STORY, [("Markt", "Over de markt.", "BU03632900")])
    with pytest.raises(DossierError, match="Iemand anders heeft tijdens deze bewerking"), \
            pg_dossier_copy(target, write=True) as gpkg:
        import_wijkverhalen(stories, gpkg)
        con = sqlite3.connect(gpkg)
        with con:
            con.execute("UPDATE partners SET naam = 'Van de run' WHERE fid = ?", (fid_a,))
        con.close()
        psql(pg_cluster, f"UPDATE botsing.partners SET naam = 'Van de collega', versie_basis = versie "
                         f"WHERE fid = {fid_a}")
    assert psql(pg_cluster, f"SELECT naam, versie FROM botsing.partners WHERE fid = {fid_a}") == [
        ("Van de collega", 2)]
    assert psql(pg_cluster, "SELECT count(*) FROM botsing.wijkverhalen") == [(0,)]


def test_roles_on_algorithms(pg_cluster, sample_dossier, provider, tmp_path):  # noqa: F811
    """An editor (redacteur) imports a partner's plans into the PostGIS dossier; a partner with the reader role may
    run a reading algorithm, and a writing one is refused with nothing changed."""
    from pg_fixture import add_auth

    from wijkatlas.layers.postgis import role_names

    target = ref(pg_cluster, "rollen")
    dossier_to_postgis(sample_dossier, target)
    _, editor, reader = role_names("rollen")
    psql(pg_cluster, f"CREATE ROLE red_rollen LOGIN PASSWORD 'rr'; GRANT {editor} TO red_rollen; "
                     f"CREATE ROLE lez_rollen LOGIN PASSWORD 'lr'; GRANT {reader} TO lez_rollen")
    as_editor = replace(target, authcfg=add_auth("red_rollen", "rr"))
    as_reader = replace(target, authcfg=add_auth("lez_rollen", "lr"))
    plans = os.path.join(SAMPLE_DIR, "plannen_voorbeeld_gemeente.csv")
    res, _ = run("plannenimporteren", {"INPUT": plans, "POSTGIS": as_editor.text(), "PARTNER": "PA-VB02",
                                       "CATEGORIEEN": "Riool=riolering; Herinrichting OR=verharding/herinrichting; "
                                                      "Groen=groen", "RAPPORT": "TEMPORARY_OUTPUT"})
    assert res["NIEUW"] > 0 and res["FOUTEN"] == 0
    assert psql(pg_cluster, "SELECT DISTINCT gewijzigd_door FROM rollen.plannen_lijnen") == [("red_rollen",)]
    before = state(pg_cluster, "rollen")
    res, _ = run("betrokkenheidcontroleren", {"POSTGIS": as_reader.text(), "OUTPUT": str(tmp_path / "b.csv")})
    alg = QgsApplication.processingRegistry().createAlgorithmById("wijkatlas:wijkverhalenimporteren")
    feedback = QgsProcessingFeedback()
    stories = write_csv(tmp_path / "verhalen.csv", STORY, [("Markt", "Over de markt.", "BU03632900")])
    _, done = alg.run({"INPUT": stories, "POSTGIS": as_reader.text()}, QgsProcessingContext(), feedback)
    assert not done and "Onvoldoende rechten" in feedback.textLog()
    assert state(pg_cluster, "rollen") == before
