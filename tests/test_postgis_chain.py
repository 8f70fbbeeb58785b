"""The main chain on both kinds of dossier: knelpunten stored in the dossier, notes and measures attached, the
buurtatlas from the dossier — once on a GeoPackage, once on the same dossier in PostGIS; the outputs are the same."""
import shutil

from atlas_pdf_tools import page_texts
from pg_fixture import pg_cluster, psql  # noqa: F401  (session fixture)
from qgis.core import QgsVectorLayer
from test_postgis_roundtrip import ref, sample_dossier  # noqa: F401  (module fixture)
from test_postgis_upgrade import run

from wijkatlas.layers.postgis import dossier_to_postgis

SKIP = {"fid", "versie", "versie_basis", "gewijzigd_op", "gewijzigd_door"}


def rows(source, key):
    layer = QgsVectorLayer(source, "x", "ogr")
    assert layer.isValid(), source
    names = [n for n in layer.fields().names() if n not in SKIP]
    out = sorted((tuple(f[n] for n in names), f.geometry().asWkt(3) if f.hasGeometry() else None)
                 for f in layer.getFeatures())
    return names, out


def without_labels(text, names):
    """The words of a page without the words of buurt names (map labels, which may wrap), as a sorted list."""
    label_words = {w for name in names for w in name.split()}
    return sorted(w for w in text.split() if w not in label_words)


def test_chain_gives_the_same_outputs_on_both_kinds(pg_cluster, sample_dossier, provider, tmp_path):  # noqa: F811
    gpkg = str(tmp_path / "keten.gpkg")
    shutil.copy(sample_dossier, gpkg)
    dossier_to_postgis(sample_dossier, ref(pg_cluster, "keten"))
    kinds = {"gpkg": {"DOSSIER": gpkg}, "pg": {"POSTGIS": ref(pg_cluster, "keten").text()}}
    out = {}
    for kind, dossier in kinds.items():
        o = {k: str(tmp_path / f"uit_{kind}_{k}.gpkg") for k in ("knel", "som", "kop", "per")}
        res, ok, log = run("knelpuntensignaleren", dict(dossier, OUTPUT=o["knel"], SAMENVATTING=o["som"]))
        assert ok, log
        res, ok, log = run("notitiesmaatregelenkoppelen", dict(dossier, KOPPELINGEN=o["kop"], PER_BUURT=o["per"]))
        assert ok, log
        pdf = str(tmp_path / f"{kind}.pdf")
        # Wijk pages included: a PostGIS dossier's atlas is made from a snapshot of it, so it has them too.
        res, ok, log = run("buurtatlasmaken", dict(dossier, OUTPUT=pdf, ACHTERGROND=0))
        assert ok, log
        out[kind] = o, pdf, res
    (g, g_pdf, g_res), (p, p_pdf, p_res) = out["gpkg"], out["pg"]
    for key in ("knel", "som", "kop", "per"):
        assert rows(g[key], key) == rows(p[key], key), key
    # the knelpunten stored in each dossier
    stored_pg = psql(pg_cluster, "SELECT count(*), count(*) FILTER (WHERE stapeling > 0) FROM keten.knelpunten")
    stored_gpkg = QgsVectorLayer(f"{gpkg}|layername=knelpunten", "k", "ogr")
    assert stored_pg[0][0] == stored_gpkg.featureCount() > 50
    assert rows(f"{gpkg}|layername=knelpunten", "stored")[1] == rows(g["knel"], "knel")[1]
    assert g_res["PAGINAS"] == p_res["PAGINAS"] > 60
    assert any("Wijkcoalitie" in t for t in page_texts(p_pdf))
    # Same pages and texts; only where map labels of neighbouring buurten go may differ: the label engine breaks
    # ties by the order the provider delivers features (GeoPackage rtree vs PostGIS GiST).
    names = {f["buurtnaam"] for f in stored_gpkg.getFeatures()}
    assert [without_labels(t, names) for t in page_texts(g_pdf)] == [without_labels(t, names)
                                                                     for t in page_texts(p_pdf)]


def test_chain_model_on_a_postgis_dossier(pg_cluster, sample_dossier, provider, tmp_path):  # noqa: F811
    """wijkatlas:wijkaanpakketen_postgis: knelpunten stored in the schema, the atlas from it."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    target = ref(pg_cluster, "keten_model")
    dossier_to_postgis(sample_dossier, target)
    model = QgsApplication.processingRegistry().createAlgorithmById("wijkatlas:wijkaanpakketen_postgis")
    (atlas_param,) = [p.name() for p in model.destinationParameterDefinitions()]
    pdf = str(tmp_path / "model.pdf")
    feedback = QgsProcessingFeedback()
    results, ok = model.run({"POSTGIS": target.text(), atlas_param: pdf}, QgsProcessingContext(), feedback)
    assert ok, feedback.textLog()
    buurten = psql(pg_cluster, "SELECT count(*) FROM keten_model.buurten")[0][0]
    assert psql(pg_cluster, "SELECT count(*) FROM keten_model.knelpunten")[0][0] == buurten
    texts = page_texts(pdf)
    assert len(texts) > buurten and not [t for t in texts[3:] if "geen knelpuntenanalyse" in t]
