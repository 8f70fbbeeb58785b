"""With a wijkdossier open in QGIS, 'Buurtatlas maken' needs nothing else: the same pages as the main job's call."""
import os
from collections import Counter

from atlas_pdf_tools import flat, page_texts
from qgis.core import QgsApplication, QgsExpression, QgsFeatureRequest, QgsProject, QgsVectorLayer

from wijkatlas.layers.participatie.atlas_texts import atlas_texts
from wijkatlas.layers.sample.sample_dossier import SAMPLE_DIR, create_sample_dossier
from wijkatlas.layers.schema.geopackage import layer_uri, project_uri, read_meta

TITLE = "Buurtatlas Amsterdam Oost (voorbeeld)"
COLOFON = "Voorbeelddossier; participatie en maatregelen zijn verzonnen voorbeelden."


def test_dossier_alone_gives_the_main_jobs_atlas(tmp_path, provider, qgis_processing):
    import processing

    dossier = create_sample_dossier(str(tmp_path / "dossier.gpkg"))
    processing.run("wijkatlas:knelpuntensignaleren", {
        "DOSSIER": dossier, "OUTPUT": "TEMPORARY_OUTPUT", "SAMENVATTING": "TEMPORARY_OUTPUT"})
    # As in the main job: the invented geldstromen and wijkverhaal, so that the atlas gets its wijk pages.
    processing.run("wijkatlas:geldstromenimporteren", {
        "INPUT": os.path.join(SAMPLE_DIR, "geldstromen_voorbeeld.csv"), "DOSSIER": dossier,
        "RAPPORT": "TEMPORARY_OUTPUT"})
    processing.run("wijkatlas:wijkverhalenimporteren", {
        "INPUT": os.path.join(SAMPLE_DIR, "wijkverhaal_voorbeeld.csv"), "DOSSIER": dossier})
    # A few buurten keep the test quick; the one with the most knelpunten (BU03635505) is among them.
    with_notes = next(c for c, t in sorted(atlas_texts(dossier).items()) if "Participatie: " in t)
    chosen = ("BU03632701", "BU03635505", "BU03634103", "BU03632900", with_notes)  # BU03632900: the Dapperbuurt
    selection = f"\"buurtcode\" IN ({', '.join(repr(code) for code in chosen)})"
    main_pdf = str(tmp_path / "hoofdtaak.pdf")
    processing.run("wijkatlas:buurtatlasmaken", {  # the main job's call: every layer chosen by hand
        "TITEL": TITLE, "COLOFON": COLOFON, "SELECTIE": selection,
        "INPUT": layer_uri(dossier, "buurten"), "REFERENTIE": layer_uri(dossier, "referentie"),
        "KNELPUNTEN": layer_uri(dossier, "knelpunten"), "OUTPUT": main_pdf})

    project = QgsProject.instance()
    assert project.read(project_uri(dossier))
    try:
        alg = QgsApplication.processingRegistry().createAlgorithmById("wijkatlas:buurtatlasmaken")
        assert alg.parameterDefinition("DOSSIER").defaultValue() == dossier
        for alg_id in ("wijkatlas:knelpuntensignaleren", "wijkatlas:notitiesmaatregelenkoppelen"):
            other = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
            assert other.parameterDefinition("DOSSIER").defaultValue() == dossier, alg_id
        desktop_pdf = str(tmp_path / "desktop.pdf")
        # As the dialog runs it: the DOSSIER parameter keeps its default, no layer is chosen.
        params = {"TITEL": TITLE, "COLOFON": COLOFON, "SELECTIE": selection, "OUTPUT": desktop_pdf,
                  "DOSSIER": alg.parameterDefinition("DOSSIER").defaultValue()}
        processing.run("wijkatlas:buurtatlasmaken", params)
    finally:
        project.clear()

    main, desktop = page_texts(main_pdf), page_texts(desktop_pdf)
    assert len(main) == len(desktop) >= 4, len(main)
    for number, (a, b) in enumerate(zip(main, desktop), start=1):
        # The same words on every page; map labels may be drawn in another order (QGIS orders label providers by
        # layer id, which differs per run), so the cover compares as a multiset of words.
        if number == 1:
            assert Counter(a.split()) == Counter(b.split()), f"page {number} differs"
        else:
            assert flat(a) == flat(b), f"page {number} differs"
    squashed = flat(" ".join(main))
    assert "knelpunt" in squashed.replace(TITLE, "")
    assert "Voorbeeldgegevens (verzonnen)" in squashed  # participatie came along
    assert "Buurtgrenzen" in squashed or "buurtgrenzen" in squashed
    # The wijk pages are in both: the wijkcoalitie after the front pages, each wijk's story and money before its
    # buurten (the Dapperbuurt, WK036329, has the sample's story).
    starts = [flat(t)[:40] for t in main]
    assert starts[3].startswith("Wijkcoalitie")
    story = next(i for i, s in enumerate(starts) if s.startswith("Verhaal van Dapperbuurt"))
    assert starts[story + 1].startswith("Geldstromen door Dapperbuurt")
    assert any(s.startswith("Dapperbuurt") for s in starts[story + 2:])
    buurten = QgsVectorLayer(layer_uri(dossier, "buurten"), "b", "ogr")
    wijken = {f["wijkcode"] for f in buurten.getFeatures(QgsFeatureRequest(QgsExpression(selection)))}
    assert sum(s.startswith("Geldstromen door") for s in starts) == len(wijken) >= 2  # one per wijk in the atlas


def test_dossier_title_is_the_default_title(tmp_path, provider, qgis_processing):
    import processing

    dossier = create_sample_dossier(str(tmp_path / "dossier.gpkg"))
    pdf = str(tmp_path / "atlas.pdf")
    processing.run("wijkatlas:buurtatlasmaken", {
        "DOSSIER": dossier, "SELECTIE": "\"buurtcode\" = 'BU03632701'", "OUTPUT": pdf})
    title = read_meta(dossier)["titel"]
    assert title in flat(page_texts(pdf)[0])
