"""A one-page overview map of a dossier's buurten (PNG or PDF), made headless from the stored project."""
import textwrap
from datetime import date

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsUnitTypes,
)

from ..common import (
    NO_FIGURES_NOTE,
    DossierError,
    dutch_number_format,
    indicator,
    indicator_renderer,
    no_figures_expression,
    no_figures_names,
    pdf_settings,
    text_format,
)
from ..common.formatting import format_date_nl
from ..dossier import ATTRIBUTION
from ..schema import project_uri, read_meta
from .layout_items import add_label, add_north_arrow
from .map_styles import overview_labeling
from .options import Box
from .page_cover import small_buurt_expression

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


def overview_layout(project, title, ind_id="aardgas", credits=ATTRIBUTION):
    """An A4 landscape layout: the buurten map with names (knelpunt buurten first), legend, scale bar, north arrow,
    title and source line."""
    buurten = next((lyr for lyr in project.mapLayers().values() if lyr.name() == "Buurten"), None)
    if buurten is None:
        raise DossierError("Het dossier heeft geen laag 'Buurten'.")
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize("A4", 1)  # landscape
    layout.setName("Overzichtskaart")
    ind = indicator(ind_id)
    buurten.setRenderer(indicator_renderer(buurten, ind_id))
    add_label(layout, title, Box(10, 8, 277, 10), 0, size=16, bold=True)
    add_label(layout, f"{ind.label} ({ind.unit}) per buurt", Box(10, 18, 277, 7), 0, size=10)
    the_map = QgsLayoutItemMap(layout)
    the_map.attemptMove(QgsLayoutPoint(10, 27, MM))
    the_map.attemptResize(QgsLayoutSize(200, 165, MM))
    the_map.setLayers([buurten])
    extent = buurten.extent()
    extent.scale(1.05)
    the_map.zoomToExtent(extent)
    the_map.setFrameEnabled(True)
    layout.addLayoutItem(the_map)
    stapeling = '"stapeling"' if "stapeling" in buurten.fields().names() else ""
    no_figures = no_figures_names(buurten)
    hatched = no_figures_expression(buurten.fields().names()) if no_figures else ""
    buurten.setLabeling(overview_labeling(7.0, stapeling, small_buurt_expression(buurten), hatched))
    buurten.setLabelsEnabled(True)
    arrow = add_north_arrow(layout, the_map, Box(196, 30, 10, 14), 0)
    the_map.addLabelBlockingItem(arrow)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(the_map)
    legend.setTitle("\n".join(textwrap.wrap(f"{ind.label} ({ind.unit})", 24)))
    legend.setAutoUpdateModel(False)
    legend.model().rootGroup().clear()
    node = legend.model().rootGroup().addLayer(buurten)
    QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
    legend.rstyle(QgsLegendStyle.Style.Title).setTextFormat(text_format(11, bold=True))
    legend.rstyle(QgsLegendStyle.Style.SymbolLabel).setTextFormat(text_format(9))
    legend.attemptMove(QgsLayoutPoint(215, 27, MM))
    layout.addLayoutItem(legend)
    bar = QgsLayoutItemScaleBar(layout)
    bar.setLinkedMap(the_map)
    bar.applyDefaultSize()
    bar.setStyle("Single Box")
    bar.setNumericFormat(dutch_number_format())
    bar.setTextFormat(text_format(8))
    bar.attemptMove(QgsLayoutPoint(12, 180, MM))
    layout.addLayoutItem(bar)
    the_map.addLabelBlockingItem(bar)
    small = " * minder dan 200 inwoners: weinig of onzekere cijfers." if small_buurt_expression(buurten) else ""
    if no_figures:
        small += f" {NO_FIGURES_NOTE.capitalize()}: {', '.join(no_figures)}."
    add_label(layout, f"Bron: {credits}. Gemaakt met Wijkatlas op {format_date_nl(date.today())}.{small}",
              Box(10, 195, 277, 6), 0, size=7)
    return layout


def export_overview(dossier, out_path, ind_id="aardgas", dpi=150):
    """Export the overview map of a dossier to PNG or PDF (by extension); returns the path."""
    project = QgsProject()
    if not project.read(project_uri(dossier)):
        raise DossierError(f"Het project in {dossier} kon niet worden gelezen.")
    credits = read_meta(dossier).get("bronvermelding", ATTRIBUTION)
    layout = overview_layout(project, project.title() or "Wijkdossier", ind_id, credits)
    exporter = QgsLayoutExporter(layout)
    if out_path.lower().endswith(".pdf"):
        result = exporter.exportToPdf(out_path, pdf_settings(300))
    else:
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        result = exporter.exportToImage(out_path, settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise DossierError(f"De kaart kon niet worden geëxporteerd naar {out_path} ({exporter.errorMessage()}).")
    return out_path
