"""Headless export of the buurtatlas to one PDF or one PDF per buurt, and storing the layout in a project."""
import glob
import os
import time

from qgis.core import QgsLayoutExporter, QgsProject

from ..common import WijkatlasError, pdf_settings, replaced_when_complete
from .atlas_sequence import AtlasSequence
from .basemap import CREDIT, basemap_layer
from .front_pages import FRONT_PAGES
from .layout_builder import build_atlas, build_atlas_layout, default_title, set_cover
from .options import DEFAULT_INDICATORS, AtlasOptions
from .pdf_finish import finish_pdf
from .pdf_output import check_result as _check_result
from .pdf_output import tell as _tell
from .wijk_pages import COALITION, build_wijk_book


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


def _wijk_book(dossier, spread_by, title, feedback):
    """The wijk pages of the dossier (coalition, verhaal, geldstromen), or None when it has none of them."""
    book = build_wijk_book(dossier, spread_by, title, coalition_always=False)
    if not book.groups:
        _tell(feedback, "Het wijkdossier heeft geen partners, verhalen of geldstromen: geen wijkpagina's in de atlas.")
        return None
    _tell(feedback, f"Wijkpagina's in de atlas: {'wijkcoalitie, ' if book.group(COALITION) else ''}"
                    f"{book.wijken} wijken met verhaal en/of geldstromen.")
    return book


def export_buurtatlas(buurten_layer, out_pdf, reference_layer=None, knelpunten_layer=None, title="", credits="",
                      indicators=None, feedback=None, per_buurt=False, sort="code", orientation="staand",
                      filter_expression="", selected_only=False, participatie=None, basemap=None, basemap_url="",
                      subtitle="", dpi=200, author="", unplaced="", routekaart_dossier=None, wijk_dossier=None,
                      spread_by="inwoners"):
    """Write the buurtatlas PDF (front pages + one page per buurt), or one PDF per buurt into folder `out_pdf`.

    With `wijk_dossier` (a .gpkg, schema 3) the whole-atlas PDF also holds the wijk pages: the wijkcoalitie after
    the front pages, and per wijk its verhaal and geldstromen before its buurten (atlas_sequence.py); pages the
    dossier has nothing for are left out. The PDF per buurt never has them.
    Returns {'pages': int, 'buurten': int, 'wijken': int, 'files': [paths]}. Raises WijkatlasError (Dutch message)
    on bad input, WijkatlasCancelled when `feedback` is cancelled; an existing PDF is only replaced after a complete
    export.
    """
    options = make_options(title, credits, indicators, sort, orientation, filter_expression, selected_only,
                           participatie, basemap, basemap_url, subtitle, author, unplaced)
    project = QgsProject()
    extra = _background(options, feedback)
    book = None
    if wijk_dossier and not per_buurt:
        book = _wijk_book(wijk_dossier, spread_by, options.title or default_title(buurten_layer), feedback)
    layout, plan = build_atlas(project, buurten_layer, options, reference_layer, knelpunten_layer, extra,
                               routekaart_dossier, book)
    atlas = layout.atlas()
    count = atlas.count()
    _tell(feedback, f"Buurtatlas '{options.title}': {count} buurten.")
    settings = pdf_settings(dpi)
    if per_buurt:
        return _export_per_buurt(layout, out_pdf, settings, feedback, count)
    set_cover(layout, True)
    project.setMetadata(_metadata(project, options, buurten_layer, count))
    sequence = AtlasSequence(layout, plan, book)
    with replaced_when_complete(out_pdf, ".buurtatlas_") as tmp:
        result, error = QgsLayoutExporter.exportToPdf(sequence, tmp, settings, feedback)
        _check_result(result, error, feedback)
        if not sequence.done:
            raise WijkatlasError(f"De buurtatlas is niet compleet geschreven (gestopt na stap {sequence.index + 1} "
                                 f"van {sequence.count()}); er is geen atlas geschreven.")
        _finish(tmp, project.metadata(), plan, feedback)
    return {"pages": sequence.total, "buurten": count, "wijken": book.wijken if book else 0, "files": [out_pdf]}


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


def _finish(path, meta, plan, feedback):
    """Document information and bookmarks (front pages, the coalition, per wijk its pages and buurten; or the buurten
    in one list without wijk pages); a failure only costs the bookmarks."""
    marks = plan.bookmarks([name for name, _ in FRONT_PAGES][:plan.front.pages])
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
