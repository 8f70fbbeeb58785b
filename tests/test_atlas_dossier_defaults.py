"""With a wijkdossier open in QGIS, 'Buurtatlas maken' needs nothing else: the same pages as the main job's call."""
from collections import Counter

from atlas_pdf_tools import page_texts
from qgis.core import QgsApplication, QgsProject

from wijkatlas.layers.participatie.atlas_texts import atlas_texts
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.geopackage import layer_uri, project_uri, read_meta

TITLE = "Buurtatlas Amsterdam Oost (voorbeeld)"
COLOFON = "Voorbeelddossier; participatie en maatregelen zijn verzonnen voorbeelden."


def _squash(text):
    return " ".join(text.split())


def test_dossier_alone_gives_the_main_jobs_atlas(tmp_path, provider, qgis_processing):
    import processing

    dossier = create_sample_dossier(str(tmp_path / "dossier.gpkg"))
    processing.run("wijkatlas:knelpuntensignaleren", {
        "DOSSIER": dossier, "OUTPUT": "TEMPORARY_OUTPUT", "SAMENVATTING": "TEMPORARY_OUTPUT"})
    # A few buurten keep the test quick; the one with the most knelpunten (BU03635505) is among them.
    with_notes = next(c for c, t in sorted(atlas_texts(dossier).items()) if "Participatie: " in t)
    selection = f"\"buurtcode\" IN ('BU03632701', 'BU03635505', 'BU03634103', '{with_notes}')"
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
            assert _squash(a) == _squash(b), f"page {number} differs"
    squashed = _squash(" ".join(main))
    assert "knelpunt" in squashed.replace(TITLE, "")
    assert "Voorbeeldgegevens (verzonnen)" in squashed  # participatie came along
    assert "Buurtgrenzen" in squashed or "buurtgrenzen" in squashed


def test_dossier_title_is_the_default_title(tmp_path, provider, qgis_processing):
    import processing

    dossier = create_sample_dossier(str(tmp_path / "dossier.gpkg"))
    pdf = str(tmp_path / "atlas.pdf")
    processing.run("wijkatlas:buurtatlasmaken", {
        "DOSSIER": dossier, "SELECTIE": "\"buurtcode\" = 'BU03632701'", "OUTPUT": pdf})
    title = read_meta(dossier)["titel"]
    assert title in _squash(page_texts(pdf)[0])
