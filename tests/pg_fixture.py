"""A real throw-away PostgreSQL + PostGIS cluster for the PostGIS tests (scripts/pg_cluster.sh), stopped afterwards
also when tests fail; credentials go only into QGIS's authentication database and a pg_service.conf without password.
"""
import os
import socket
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "pg_cluster.sh")
MASTER = "wijkatlas-test-master"


def start_cluster():
    """Start a cluster; returns (folder, {PGHOST, PGPORT, PGUSER, PGPASSWORD, …})."""
    folder = tempfile.mktemp(prefix="wijkatlas-pg.", dir="/tmp")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    out = subprocess.run(["bash", SCRIPT, "start", folder], capture_output=True, text=True, env=env, timeout=180)
    if out.returncode != 0:
        subprocess.run(["bash", SCRIPT, "stop", folder], capture_output=True, env=env)
        pytest.fail(f"pg_cluster.sh start mislukt: {out.stderr}")
    values = {}
    for line in out.stdout.splitlines():
        for item in line.replace("export ", "").split():
            key, _, value = item.partition("=")
            values[key] = value
    return folder, values


def free_port():
    """A local port nothing listens on (for 'server down')."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_cluster(folder):
    subprocess.run(["bash", SCRIPT, "stop", folder], capture_output=True, timeout=120)


def psql(cluster, sql, db="wijkatlas", user=None, password=None):
    """Run SQL as the cluster's admin (or `user`) through psycopg2 with autocommit; returns rows or None."""
    import psycopg2

    con = psycopg2.connect(host=cluster["PGHOST"], port=cluster["PGPORT"], dbname=db,
                           user=user or cluster["PGUSER"], password=password or cluster["PGPASSWORD"])
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall() if cur.description else None
    finally:
        con.close()


def add_auth(user, password, name=None):
    """A Basic configuration in QGIS's authentication database; returns its id."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword(MASTER, True)
    cfg = QgsAuthMethodConfig("Basic")
    cfg.setName(name or f"wijkatlas {user}")
    cfg.setConfig("username", user)
    cfg.setConfig("password", password)
    ok, cfg = manager.storeAuthenticationConfig(cfg)
    assert ok and cfg.id()
    return cfg.id()


@pytest.fixture(scope="session")
def pg_cluster(qgis_app, tmp_path_factory):
    """The running cluster: {'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'service', 'authcfg'}; PGSERVICEFILE points
    at a service file 'wijkatlas_test' (host, port, dbname — no password)."""
    folder, values = start_cluster()
    try:
        service_file = tmp_path_factory.mktemp("pgservice") / "pg_service.conf"
        service_file.write_text(
            f"[wijkatlas_test]\nhost={values['PGHOST']}\nport={values['PGPORT']}\ndbname=wijkatlas\n"
            f"[wijkatlas_zonder_postgis]\nhost={values['PGHOST']}\nport={values['PGPORT']}\ndbname=zonder_postgis\n"
            f"[wijkatlas_dicht]\nhost=127.0.0.1\nport={free_port()}\ndbname=wijkatlas\n", encoding="utf-8")
        old = os.environ.get("PGSERVICEFILE")
        os.environ["PGSERVICEFILE"] = str(service_file)
        values["service"] = "wijkatlas_test"
        values["authcfg"] = add_auth(values["PGUSER"], values["PGPASSWORD"])
        values["dir"] = folder
        yield values
        if old is None:
            os.environ.pop("PGSERVICEFILE", None)
        else:
            os.environ["PGSERVICEFILE"] = old
    finally:
        stop_cluster(folder)
