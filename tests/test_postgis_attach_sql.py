"""The participation attach as SQL in the database gives the same links and summaries as the local path."""
from pg_fixture import pg_cluster  # noqa: F401  (session fixture)
from test_postgis_roundtrip import ref, sample_dossier  # noqa: F401  (module fixture)

from wijkatlas.layers.participatie import BuurtIndex, attach_all, summarise
from wijkatlas.layers.postgis import dossier_to_postgis
from wijkatlas.layers.postgis.attach_sql import attach_all_sql


def _key(link):
    return (link.soort, link.laag, link.object_id, link.buurtcode, link.koppeling,
            {k: v for k, v in link.attrs.items()})


def test_sql_attach_equals_local_attach(pg_cluster, sample_dossier):  # noqa: F811
    dossier_to_postgis(sample_dossier, ref(pg_cluster, "koppel"))
    local = attach_all(sample_dossier)
    in_db = attach_all_sql(ref(pg_cluster, "koppel"))
    assert len(local) == len(in_db) > 20
    assert {lk.koppeling for lk in local} >= {"ligt in", "buurtcode"}
    for a, b in zip(local, in_db):
        assert _key(a) == _key(b)
        assert a.aandeel == b.aandeel  # to the last bit
    index = BuurtIndex(sample_dossier)
    buurten = {c: {k: b[k] for k in ("buurtnaam", "wijkcode", "wijknaam")} for c, b in index.buurten.items()}
    assert summarise(in_db, buurten, 5) == summarise(local, buurten, 5)

