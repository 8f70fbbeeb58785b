"""Buurt polygons without CBS figures are drawn hatched and named on every map, never as holes that look like water."""
from atlas_pdf_tools import page_texts
from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from wijkatlas.layers.atlas import export_buurtatlas
from wijkatlas.layers.atlas.overview_maps import overview_layout
from wijkatlas.layers.common.catalogue import load_catalogue
from wijkatlas.layers.data import buurten_rows_from_layer, reference_rows_from_layer
from wijkatlas.layers.dossier import create_dossier
from wijkatlas.layers.sample.sample_dossier import sample_layers
from wijkatlas.layers.schema.geopackage import layer_uri, project_uri

NOTE = "geen CBS-cijfers voor deze grens"


def _dossier(path, count=2):
    """The sample with `count` buurten whose code found no CBS match: polygon kept, every figure NULL."""
    buurten, reference = sample_layers()
    rows, _ = buurten_rows_from_layer(buurten)
    rows.sort(key=lambda r: r["buurtcode"])
    unmatched = rows[3:3 + count]
    for row in unmatched:
        for ind in load_catalogue():
            row[ind.id] = None
        row["jaar"] = None
    create_dossier(path, rows, reference_rows_from_layer(reference), {}, title="Proef zonder cijfers")
    return path, [r["buurtcode"] for r in unmatched], [r["buurtnaam"] for r in unmatched]


def _hatch_rules(renderer):
    return [rule for rule in renderer.rootRule().children() if rule.symbol() is not None and
            any(rule.symbol().symbolLayer(i).layerType() == "LinePatternFill"
                for i in range(rule.symbol().symbolLayerCount()))]


def _dark_share(layer, geom):
    """Share of pixels clearly darker than the fill in a square well inside `geom`, labels off: the hatch."""
    centre, radius = geom.poleOfInaccessibility(1.0)
    half = radius * 0.6
    point = centre.asPoint()
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half))
    settings.setOutputSize(QSize(120, 120))
    settings.setOutputDpi(96)
    settings.setFlag(QgsMapSettings.Flag.DrawLabeling, False)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    sums = sorted(sum(QColor(image.pixel(x, y)).getRgb()[:3]) for x in range(0, 120, 2) for y in range(0, 120, 2))
    fill = sums[-1]  # the lightest pixels are the fill between the hatch lines
    return sum(1 for s in sums if s < fill - 60) / len(sums)


def test_overview_map_hatches_buurten_without_figures(tmp_path):
    dossier, codes, names = _dossier(str(tmp_path / "d.gpkg"))
    project = QgsProject()
    assert project.read(project_uri(dossier))
    buurten = project.mapLayersByName("Buurten")[0]
    layout = overview_layout(project, "Overzicht")
    hatch = _hatch_rules(buurten.renderer())
    assert len(hatch) == 1 and hatch[0].label() == "gearceerd: " + NOTE
    hatched = {f["buurtcode"] for f in buurten.getFeatures(hatch[0].filterExpression())}
    assert hatched == set(codes)
    by_code = {f["buurtcode"]: f.geometry() for f in buurten.getFeatures()}
    assert _dark_share(buurten, by_code[codes[0]]) > 0.05  # the hatch is drawn
    other = next(c for c in sorted(by_code) if c not in codes)
    assert _dark_share(buurten, by_code[other]) < 0.01
    texts = " ".join(item.text() for item in layout.items() if hasattr(item, "text") and callable(item.text))
    assert all(name in texts for name in names) and NOTE.lower() in texts.lower()
    del layout  # before its project


def test_atlas_names_and_hatches_buurten_without_figures(tmp_path):
    dossier, codes, names = _dossier(str(tmp_path / "d.gpkg"))
    buurten = QgsVectorLayer(layer_uri(dossier, "buurten"), "Buurten", "ogr")
    reference = QgsVectorLayer(layer_uri(dossier, "referentie"), "Referentie", "ogr")
    pdf = str(tmp_path / "atlas.pdf")
    keep = codes + ["BU03632700"]
    selection = "\"buurtcode\" IN (" + ", ".join(f"'{c}'" for c in keep) + ")"
    result = export_buurtatlas(buurten, pdf, reference, filter_expression=selection)
    assert result["buurten"] == 3  # as before: a buurt without figures keeps its page that says so
    texts = page_texts(pdf)
    cover = " ".join(texts[0].split())
    assert "Buurtatlas met 3 buurten, waarvan 2 zonder CBS-cijfers" in cover
    assert NOTE.lower() in cover.lower()
    for name in names:
        assert cover.count(name) >= 1, name
        page = next(t for t in texts[1:] if t.lstrip().startswith(name))
        assert "geen cijfers beschikbaar" in page.lower()
