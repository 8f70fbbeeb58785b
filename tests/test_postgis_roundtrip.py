"""Wijkdossier <-> PostGIS on a real throw-away cluster: a lossless round trip, the stored project opens from the
database, all-or-nothing, and no password in anything we write."""
import sqlite3

import pytest
from pg_fixture import pg_cluster, psql  # noqa: F401  (session fixture)

from wijkatlas.layers.postgis import dossier_to_postgis, make_ref, postgis_to_dossier, project_storage_uri
from wijkatlas.layers.postgis.gpkg_tables import wkb_of
from wijkatlas.layers.postgis.project_xml import qgs_text
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier


@pytest.fixture(scope="module")
def sample_dossier(qgis_app, tmp_path_factory):
    return str(create_sample_dossier(str(tmp_path_factory.mktemp("pg") / "oost.gpkg")))


def ref(cluster, schema, **kw):
    return make_ref(schema, service=cluster["service"], authcfg=cluster["authcfg"], **kw)


def table_dump(path):
    """Every table of a dossier GeoPackage: {name: (declared columns, rows)} with geometries as WKB."""
    con = sqlite3.connect(path)
    try:
        out = {}
        names = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name")]
        for name in names + ["qgis_projects"]:
            cols = [(c[1], c[2]) for c in con.execute(f'PRAGMA table_info("{name}")')]
            rows = con.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            geom = [i for i, (n, _) in enumerate(cols) if n == "geom"]
            if geom:
                rows = [tuple(wkb_of(v) if i in geom else v for i, v in enumerate(r)) for r in rows]
            out[name] = (cols, rows)
        return out
    finally:
        con.close()


def project_xml(path):
    con = sqlite3.connect(path)
    try:
        return qgs_text(bytes.fromhex(con.execute("SELECT content FROM qgis_projects").fetchone()[0]))
    finally:
        con.close()


def test_round_trip_is_lossless(pg_cluster, sample_dossier, tmp_path):  # noqa: F811
    import shutil

    original = str(tmp_path / "oost.gpkg")
    shutil.copy(sample_dossier, original)
    con = sqlite3.connect(original)
    with con:  # awkward values: tab, newline, backslash, quotes, non-ASCII, empty string beside NULL, big numbers
        con.execute("INSERT INTO partners (partner_id, naam, domein, rol, wijkcoalitie) VALUES "
                    "(?, ?, ?, ?, ?)", ("PA-\\x", "Stichting\t'Wonen'\n\"Oost\" \\ é ✓", "", None, 2147483647))
        con.execute("INSERT INTO wijkverhalen (verhaal_id, titel, foto) VALUES ('V-foto', 'Met foto', ?)",
                    (b"\x89PNG\r\n" + bytes(range(256)),))  # a photo (bytea) with every byte value
        con.execute("UPDATE maatregelen_buurt SET budget = 1e300 WHERE fid = (SELECT min(fid) FROM maatregelen_buurt)")
    con.close()
    sample_dossier = original
    counts = dossier_to_postgis(sample_dossier, ref(pg_cluster, "oost_rt"))
    assert counts["buurten"] > 50 and counts["maatregelen_vlakken"] > 0
    back = str(tmp_path / "terug.gpkg")
    counts_back = postgis_to_dossier(ref(pg_cluster, "oost_rt"), back)
    assert counts_back == counts
    before, after = table_dump(sample_dossier), table_dump(back)
    assert sorted(before) == sorted(after)
    for name in before:
        if name == "qgis_projects":
            continue
        assert before[name][0] == after[name][0], name
        assert before[name][1] == after[name][1], name
    assert project_xml(back) == project_xml(sample_dossier).replace("./oost.gpkg|", "./terug.gpkg|")


def test_project_opens_from_the_database(pg_cluster, sample_dossier):  # noqa: F811
    from qgis.core import QgsProject

    target = ref(pg_cluster, "oost_project")
    dossier_to_postgis(sample_dossier, target)
    project = QgsProject()
    uri = project_storage_uri(target, dbname="wijkatlas")
    assert "password" not in uri and pg_cluster["PGPASSWORD"] not in uri
    assert project.read(uri), project.error()
    layers = {lyr.source().split('table="oost_project"."')[1].split('"')[0]: lyr
              for lyr in project.mapLayers().values() if lyr.providerType() == "postgres"}
    assert {"buurten", "maatregelen_vlakken", "partners"} <= set(layers)
    for name, layer in layers.items():
        assert layer.providerType() == "postgres" and layer.isValid(), name
    assert layers["buurten"].featureCount() > 50
    original = QgsProject()
    assert original.read(f"geopackage:{sample_dossier}?projectName=wijkdossier")
    by_name = {lyr.source().split("layername=")[1]: lyr for lyr in original.mapLayers().values()
               if lyr.providerType() == "ogr"}  # the PDOK background (XYZ) is no dossier table
    assert len(project.relationManager().relations()) == len(original.relationManager().relations()) > 0
    for name, layer in layers.items():
        assert layer.renderer() is None or layer.renderer().type() == by_name[name].renderer().type(), name
        widgets = [layer.editorWidgetSetup(i).type() for i in range(layer.fields().count())]
        assert widgets == [by_name[name].editorWidgetSetup(i).type() for i in range(layer.fields().count())], name
    stored = psql(pg_cluster, "SELECT content FROM oost_project.qgis_projects")[0][0]
    text = qgs_text(bytes(stored))
    assert pg_cluster["PGPASSWORD"] not in text and "password=" not in text
    assert ".gpkg" not in text


def test_connection_by_qgis_connection_name(pg_cluster, sample_dossier):  # noqa: F811
    """A QGIS PostgreSQL connection (host, port, database, authcfg — no password) works like a service."""
    from qgis.core import QgsDataSourceUri, QgsProviderRegistry

    uri = QgsDataSourceUri()
    uri.setConnection(pg_cluster["PGHOST"], pg_cluster["PGPORT"], "wijkatlas", "", "",
                      QgsDataSourceUri.SslMode.SslDisable, pg_cluster["authcfg"])
    meta = QgsProviderRegistry.instance().providerMetadata("postgres")
    meta.saveConnection(meta.createConnection(uri.uri(False), {}), "Gemeente GIS")
    target = make_ref("via_verbinding", verbinding="Gemeente GIS")
    counts = dossier_to_postgis(sample_dossier, target)
    assert counts["buurten"] == psql(pg_cluster, "SELECT count(*) FROM via_verbinding.buurten")[0][0]
    assert target.text() == "postgres:schema=via_verbinding;verbinding=Gemeente%20GIS"
    text = qgs_text(bytes(psql(pg_cluster, "SELECT content FROM via_verbinding.qgis_projects")[0][0]))
    assert f"authcfg={pg_cluster['authcfg']}" in text and pg_cluster["PGPASSWORD"] not in text


def test_open_postgis_project_is_the_default_dossier(pg_cluster, sample_dossier):  # noqa: F811
    """With a dossier's project opened from the database, every algorithm's PostGIS dossier is filled in: by its
    service, or by the QGIS connection whose server and database it uses (a reference never holds a host)."""
    from qgis.core import QgsDataSourceUri, QgsProject, QgsProviderRegistry

    from wijkatlas.layers.postgis import parse_ref, ref_of_project_uri
    from wijkatlas.layers.postgis.connect import resolve
    from wijkatlas.processing.provider import WijkatlasProvider

    target = ref(pg_cluster, "oost_open")
    dossier_to_postgis(sample_dossier, target)
    assert ref_of_project_uri(project_storage_uri(target, dbname="wijkatlas")) == target
    assert ref_of_project_uri(project_storage_uri(target, dbname="wijkatlas", project="iets_anders")) is None
    assert ref_of_project_uri("/tmp/oost.qgz") is None
    meta = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = QgsDataSourceUri()
    uri.setConnection(pg_cluster["PGHOST"], str(pg_cluster["PGPORT"]), "wijkatlas", "", "",
                      QgsDataSourceUri.SslMode.SslDisable, pg_cluster["authcfg"])
    meta.saveConnection(meta.createConnection(uri.uri(False), {}), "gemeente_test")
    try:
        by_host = make_ref("oost_open", verbinding="gemeente_test")
        found = ref_of_project_uri(project_storage_uri(by_host, dbname="wijkatlas"))
        assert found is not None and found.verbinding and found.schema == "oost_open"
        server = resolve(found)  # this or another connection to the same server and database
        assert (server.host, server.port, server.dbname) == (pg_cluster["PGHOST"], str(pg_cluster["PGPORT"]),
                                                             "wijkatlas")
        assert QgsProject.instance().read(project_storage_uri(target, dbname="wijkatlas"))
        provider = WijkatlasProvider()
        provider.refreshAlgorithms()
        defaults = {alg.name(): alg.parameterDefinition("POSTGIS").defaultValue()
                    for alg in (a.create() for a in provider.algorithms())
                    if alg.parameterDefinition("POSTGIS") is not None
                    and not alg.name().startswith("wijkaanpakketen")}  # a model's inputs have their own defaults
        assert len(defaults) >= 10
        assert {parse_ref(v) for v in defaults.values()} == {target}, defaults
    finally:
        QgsProject.instance().clear()
        meta.deleteConnection("gemeente_test")
