"""Headless export of the buurtatlas to one PDF or one PDF per buurt, and storing the layout in a project."""
import glob
import os
import tempfile
import time

from qgis.core import QgsLayoutExporter, QgsProject, QgsRenderContext

from ..common import WijkatlasCancelled, WijkatlasError
from .basemap import CREDIT, basemap_layer
from .front_pages import FRONT_PAGES
from .layout_builder import build_atlas_layout, default_title, front_page_count, set_cover
from .options import DEFAULT_INDICATORS, AtlasOptions
from .pdf_finish import finish_pdf
from .routekaart_page import LAST_CODES_PROPERTY as ROUTEKAART_LAST
from .routekaart_page import PAGES_PROPERTY as ROUTEKAART_PAGES


def pdf_settings(dpi=200):
    """PDF settings with real text (pdftotext can read it) and vector output."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.textRenderFormat = QgsRenderContext.TextRenderFormat.TextFormatAlwaysText
    settings.dpi = dpi
    settings.forceVectorOutput = False
    settings.appendGeoreference = False
    return settings


def make_options(title="", credits="", indicators=None, sort="code", orientation="staand", filter_expression="",
                 selected_only=False, participatie=None, basemap=None, basemap_url="", subtitle="", author="",
                 unplaced=""):
    """A validated AtlasOptions from plain arguments."""
    return AtlasOptions(title=title or "", subtitle=subtitle or "", credits=credits or "",
                        indicators=tuple(indicators or DEFAULT_INDICATORS), sort=sort, orientation=orientation,
                        filter_expression=filter_expression or "", selected_only=selected_only,
                        participatie=dict(participatie or {}), basemap=basemap or None,
                        basemap_url=basemap_url or "", author=author or "",
                        unplaced=unplaced or "").validate()


def _tell(feedback, message, warning=False):
    """Send a message to Processing feedback; a plain QgsFeedback has no message channel."""
    method = getattr(feedback, "pushWarning" if warning else "pushInfo", None)
    if method is not None:
        method(message)


def _background(options, feedback):
    if not options.basemap:
        return []
    try:
        layer = basemap_layer(options.basemap, options.basemap_url)
    except WijkatlasError as err:
        _tell(feedback, f"{err} De atlas wordt zonder achtergrondkaart gemaakt.", warning=True)
        return []
    options.credits = "; ".join(c for c in (options.credits, CREDIT[options.basemap]) if c)
    return [layer]


def _check_result(result, error, feedback):
    if result == QgsLayoutExporter.ExportResult.Canceled or (feedback is not None and feedback.isCanceled()):
        raise WijkatlasCancelled("Het maken van de buurtatlas is afgebroken; er is geen atlas geschreven.")
    if result != QgsLayoutExporter.ExportResult.Success:
        raise WijkatlasError(f"De buurtatlas kon niet als PDF worden geschreven ({error or result}). "
                             "Controleer of de map schrijfbaar is en het bestand niet open staat.")


def export_buurtatlas(buurten_layer, out_pdf, reference_layer=None, knelpunten_layer=None, title="", credits="",
                      indicators=None, feedback=None, per_buurt=False, sort="code", orientation="staand",
                      filter_expression="", selected_only=False, participatie=None, basemap=None, basemap_url="",
                      subtitle="", dpi=200, author="", unplaced="", routekaart_dossier=None):
    """Write the buurtatlas PDF (cover + one page per buurt), or one PDF per buurt into folder `out_pdf`.

    Returns {'pages': int, 'buurten': int, 'files': [paths]}. Raises WijkatlasError (Dutch message) on bad input,
    WijkatlasCancelled when `feedback` is cancelled; an existing PDF is only replaced after a complete export.
    """
    options = make_options(title, credits, indicators, sort, orientation, filter_expression, selected_only,
                           participatie, basemap, basemap_url, subtitle, author, unplaced)
    project = QgsProject()
    extra = _background(options, feedback)
    layout = build_atlas_layout(project, buurten_layer, options, reference_layer, knelpunten_layer, extra,
                                routekaart_dossier)
    atlas = layout.atlas()
    count = atlas.count()
    _tell(feedback, f"Buurtatlas '{options.title}': {count} buurten.")
    settings = pdf_settings(dpi)
    if per_buurt:
        return _export_per_buurt(layout, out_pdf, settings, feedback, count)
    set_cover(layout, True)
    project.setMetadata(_metadata(project, options, buurten_layer, count))
    folder = os.path.dirname(os.path.abspath(out_pdf))
    os.makedirs(folder, exist_ok=True)
    handle, tmp = tempfile.mkstemp(suffix=".pdf", prefix=".buurtatlas_", dir=folder)
    os.close(handle)
    try:
        result, error = QgsLayoutExporter.exportToPdf(atlas, tmp, settings, feedback)
        _check_result(result, error, feedback)
        _finish(tmp, project.metadata(), layout, count, feedback)
        os.replace(tmp, out_pdf)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    wijk_pages = int(layout.customProperty(ROUTEKAART_PAGES, 0) or 0)
    return {"pages": count + front_page_count(layout) + wijk_pages, "buurten": count, "files": [out_pdf]}


def _metadata(project, options, layer, count):
    """Title, author (the gemeente) and subject of the atlas, as project metadata (the PDF's document info)."""
    meta = project.metadata()
    meta.setTitle(options.title)
    gemeente = default_title(layer).replace("Buurtatlas", "").strip()
    meta.setAuthor(options.author or (f"Gemeente {gemeente}" if gemeente else "Wijkatlas"))
    meta.setAbstract(f"Buurtatlas met {count} buurten: kerncijfers naast gemeente en Nederland, knelpunten en "
                     "participatie per buurt.")
    meta.setKeywords({"wijkaanpak": ["buurtatlas", "CBS kerncijfers", "knelpunten", "participatie"]})
    return meta


def _finish(path, meta, layout, count, feedback):
    """Document information and bookmarks (front pages, then one per buurt); a failure only costs the bookmarks."""
    front = front_page_count(layout)
    names = [name for name, _ in FRONT_PAGES][:front]
    atlas = layout.atlas()
    wijk_after = set(str(layout.customProperty(ROUTEKAART_LAST, "") or "").split(",")) - {""}
    buurten, page = [], front
    for i in range(count):  # a routekaart page per wijk follows the wijk's last buurt (routekaart_page.py)
        buurten.append((atlas.nameForPage(i) or f"Buurt {i + 1}", page, []))
        atlas.seekTo(i)
        page += 2 if str(atlas.layout().reportContext().feature()["buurtcode"]) in wijk_after else 1
    marks = [(name, i, []) for i, name in enumerate(names)] + [("Buurten", front, buurten)]
    info = {"Title": meta.title(), "Author": meta.author(), "Subject": meta.abstract(),
            "Keywords": "; ".join(meta.keywords().get("wijkaanpak", [])), "Creator": "Wijkatlas (QGIS)"}
    try:
        finish_pdf(path, info, marks)
    except (WijkatlasError, OSError, ValueError, AttributeError) as err:
        _tell(feedback, f"De PDF heeft geen bladwijzers gekregen ({err}); de inhoud is volledig.", warning=True)


def _export_per_buurt(layout, folder, settings, feedback, count):
    set_cover(layout, False)
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    started = time.time() - 1
    # exportToPdfs uses the *directory* of its base path: pass a file name inside the folder, not the folder.
    result, error = QgsLayoutExporter.exportToPdfs(layout.atlas(), os.path.join(folder, "buurtatlas.pdf"),
                                                   settings, feedback)
    _check_result(result, error, feedback)
    files = sorted(p for p in glob.glob(os.path.join(folder, "buurt_*.pdf")) if os.path.getmtime(p) >= started)
    return {"pages": count, "buurten": count, "files": files}


def add_atlas_layout(project, buurten_layer, reference_layer=None, knelpunten_layer=None, title="", credits="",
                     indicators=None, sort="code", orientation="staand", participatie=None, replace=True):
    """Store the buurtatlas layout in `project` (editable in the layout designer) and return it.

    The buurten layer is added to the project when it is not in it yet. Reference figures, knelpunten from a
    separate layer and participation texts are stored in the layout's variables (a snapshot of today).
    """
    options = make_options(title, credits, indicators, sort, orientation, participatie=participatie)
    if project.mapLayer(buurten_layer.id()) is None:
        project.addMapLayer(buurten_layer)
    layout = build_atlas_layout(project, buurten_layer, options, reference_layer, knelpunten_layer)
    manager = project.layoutManager()
    existing = manager.layoutByName(layout.name())
    if existing is not None:
        if not replace:
            raise WijkatlasError(f"Het project heeft al een vormgeving '{layout.name()}'.")
        manager.removeLayout(existing)
    if not manager.addLayout(layout):
        raise WijkatlasError(f"De vormgeving '{layout.name()}' kon niet aan het project worden toegevoegd.")
    return layout
