"""The buurtatlas layout stored in a project reloads (.qgs and GeoPackage) and exports; the algorithm runs headless."""
import os

import pytest
from atlas_fixture import COUNT_DEFAULT, make_dossier, open_layers
from atlas_pdf_tools import page_count, page_texts
from qgis.core import QgsLayoutExporter, QgsProject

from wijkatlas.layers.atlas import add_atlas_layout
from wijkatlas.layers.atlas.export import pdf_settings
from wijkatlas.layers.atlas.front_pages import FRONT_PAGES
from wijkatlas.layers.common import load_catalogue


@pytest.fixture()
def dossier(qgis_app, tmp_path):
    return make_dossier(str(tmp_path / "dossier.gpkg"))


def _project_with_layout(dossier):
    project = QgsProject()
    buurten, ref = open_layers(dossier)
    project.addMapLayers([buurten, ref])
    layout = add_atlas_layout(project, buurten, reference_layer=ref, title="Buurtatlas Opslag",
                              participatie={"BU03630001": "Buurtgesprek gehouden; 14 deelnemers."})
    return project, layout


def _export(project, path):
    layout = project.layoutManager().layoutByName("Buurtatlas Opslag")
    assert layout is not None
    atlas = layout.atlas()
    assert atlas.enabled() and atlas.coverageLayer() is not None and atlas.coverageLayer().isValid()
    result, error = QgsLayoutExporter.exportToPdf(atlas, path, pdf_settings(96))
    assert result == QgsLayoutExporter.ExportResult.Success, error
    return path


@pytest.mark.parametrize("storage", ["qgs", "gpkg"])
def test_stored_layout_reloads_and_exports(dossier, tmp_path, storage):
    project, layout = _project_with_layout(dossier)
    assert project.layoutManager().layoutByName("Buurtatlas Opslag") is layout
    uri = str(tmp_path / "dossier.qgs") if storage == "qgs" else f"geopackage:{dossier}?projectName=wijkdossier"
    assert project.write(uri)
    reloaded = QgsProject()
    assert reloaded.read(uri)
    pdf = _export(reloaded, str(tmp_path / "opnieuw.pdf"))
    assert page_count(pdf) == COUNT_DEFAULT + len(FRONT_PAGES)
    texts = page_texts(pdf)
    page = next(t for t in texts[len(FRONT_PAGES):] if "BU03630001" in t)
    assert "Buurtgesprek gehouden; 14 deelnemers." in page
    assert "Amsterdam" in page  # gemeente reference column header survives from the stored variables
    other = next(t for t in texts[len(FRONT_PAGES):] if "BU03630000" in t)
    assert "nog geen notities" in other


def test_adding_twice_replaces_the_layout(dossier):
    project, _ = _project_with_layout(dossier)
    buurten = project.mapLayersByName("buurten")[0]
    add_atlas_layout(project, buurten, title="Buurtatlas Opslag")
    assert [lay.name() for lay in project.layoutManager().layouts()] == ["Buurtatlas Opslag"]


def test_algorithm_runs_headless(dossier, tmp_path, provider, qgis_processing):
    import processing

    alg = provider.algorithm("buurtatlasmaken")
    assert alg.flags() & alg.Flag.FlagNoThreading
    buurten, ref = open_layers(dossier)
    out = str(tmp_path / "alg.pdf")
    result = processing.run("wijkatlas:buurtatlasmaken", {
        "INPUT": buurten, "REFERENTIE": ref, "TITEL": "Atlas via Processing", "OUTPUT": out})
    assert result["PAGINAS"] == COUNT_DEFAULT + len(FRONT_PAGES) and page_count(out) == COUNT_DEFAULT + len(FRONT_PAGES)
    assert "Atlas via Processing" in page_texts(out)[0]
    folder = str(tmp_path / "los")
    two = [f"{ind.alias} ({ind.id})" for ind in (load_catalogue()[0], load_catalogue()[14])]
    result = processing.run("wijkatlas:buurtatlasmaken", {
        "INPUT": buurten, "PDF_PER_BUURT": True, "OUTPUT_MAP": folder, "INDICATOREN": two})
    assert len(os.listdir(folder)) == COUNT_DEFAULT and result["PAGINAS"] == COUNT_DEFAULT
