"""The wijk pages: a wijkcoalitie page, and per wijk its verhaal followed by its geldstromen (Sankey, bars per year,
per-inhabitant figures beside all wijken). One QgsPrintLayout whose pages are grouped (the coalition, each wijk): the
buurtatlas exports one group at a time between its own pages (atlas_sequence.py); 'Wijkpagina's maken' exports all
of them as a PDF of their own.
"""
import datetime
import os
from dataclasses import dataclass, field

from qgis.core import (
    QgsExpressionContextUtils,
    QgsLayoutExporter,
    QgsLayoutItemPage,
    QgsLayoutObject,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
)

from ..common import WijkatlasError, pdf_settings, replaced_when_complete
from ..common.formatting import format_date_nl
from ..geldstromen import euro_text
from ..participatie.privacy import scrub_contact_details
from .geldstromen_charts import SankeyItem, YearBarsItem
from .layout_items import ACCENT, MUTED, add_box_title, add_label, add_rect, place
from .options import Box
from .page_items import PageFrameItem, TableItem, text_height
from .painted_items import PhotoItem
from .pdf_output import check_result as _check_result
from .wijk_data import wijk_money, wijk_pages_data

W, H, M = 210.0, 297.0, 12.0
BOTTOM = H - 16.0
SPREAD_TEXT = {"inwoners": "naar inwoners", "woningen": "naar woningen"}
VAR_GROUP = "wijkatlas_wijkdeel"  # set: only the pages of that group are exported (the coalition or one wijkcode)
COALITION = "coalitie"
STORY_PART, MONEY_PART = "Verhaal van de wijk", "Geldstromen"  # under the wijk's name in contents and bookmarks


@dataclass
class WijkGroup:
    """The pages of the coalition or of one wijk: key, name, layout page indices, [(part title, page index)]."""

    key: str
    name: str
    pages: list = field(default_factory=list)
    parts: list = field(default_factory=list)


@dataclass
class WijkBook:
    """The wijk pages layout, its groups in order and the page frames (for page numbers set before export)."""

    layout: object
    groups: list
    frames: list
    wijken: int = 0

    def group(self, key):
        """The group with this key, or None."""
        return next((g for g in self.groups if g.key == key), None)

    def number_pages(self, numbers, total):
        """Print 'Pagina n van N' on every page; `numbers` maps a layout page index to its number in the PDF."""
        for index, frame in enumerate(self.frames):
            frame.page_label = f"Pagina {numbers[index]} van {total}" if index in numbers else ""
            frame.update()

    def show_group(self, key):
        """Export only the pages of group `key` (None: every page)."""
        QgsExpressionContextUtils.setLayoutVariable(self.layout, VAR_GROUP, key)
        self.layout.refresh()


class Pages:
    """A layout with pages added on demand and a y cursor on the current page."""

    def __init__(self, title, footer):
        self.layout = QgsPrintLayout(QgsProject.instance())
        self.layout.initializeDefaults()
        self.layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Orientation.Portrait)
        self.layout.setName(title)
        self.footer, self.page, self.y = footer, 0, M
        self.frames, self.groups = [], []

    def start_group(self, key, name):
        """The pages from here on belong to the coalition or to one wijk."""
        self.groups.append(WijkGroup(key, name))

    def part(self, title):
        """The next page starts a part (a bookmark in the atlas): the story or the money of a wijk."""
        self.groups[-1].parts.append((title, self.layout.pageCollection().pageCount() if self.frames else 0))

    def new_page(self, heading, subheading=""):
        """Start a page (the first one already exists) with a dark header band."""
        if self.page or self.y > M:
            new = QgsLayoutItemPage(self.layout)
            new.setPageSize("A4", QgsLayoutItemPage.Orientation.Portrait)
            self.layout.pageCollection().addPage(new)
            self.page = self.layout.pageCollection().pageCount() - 1
        frame = PageFrameItem(self.layout, heading, subheading, self.footer, M)
        self.layout.addLayoutItem(frame)
        place(frame, Box(0, 0, W, H), self.page)
        self.frames.append(frame)
        if self.groups:
            self.groups[-1].pages.append(self.page)
        self.y = 36.0

    def room(self, height, heading, subheading=""):
        """Continue on a new page when `height` mm does not fit below the cursor."""
        if self.y + height > BOTTOM:
            self.new_page(heading + " (vervolg)", subheading)

    def text(self, text, size=9.0, bold=False, color="#1f2d3a", width=W - 2 * M, x=M, gap=1.5):
        """A wrapped text block at the cursor; returns its height."""
        height = text_height(text, width, size)
        add_label(self.layout, text, Box(x, self.y, width, height), self.page, size=size, bold=bold, color=color)
        self.y += height + gap
        return height


def _public(text):
    """Text for print: an e-mail address or phone number that reached the dossier outside the forms and imports (an
    edit in the database, an old dossier) is printed as a marker, never as itself."""
    return scrub_contact_details(str(text or ""))[0]


def coalition_page(pages, groups, gemeente):
    """The wijkcoalitie: partners by role, their commitment, contact (function or team) and the measures they lead."""
    heading, sub = "Wijkcoalitie", f"{gemeente}: partners per rol, wat ze toezeggen en welke maatregelen ze trekken"
    pages.new_page(heading, sub)
    if not groups:
        pages.text("Er staan nog geen partners in het dossier.", color=MUTED)
    for role, partners in groups:
        pages.room(20, heading, sub)
        add_box_title(pages.layout, f"{role[0].upper()}{role[1:]} ({len(partners)})", Box(M, pages.y, W - 2 * M, 9),
                      pages.page)
        pages.y += 9
        for partner in partners:
            kind = partner.get("partnertype") or partner.get("domein") or "soort onbekend"
            lines = [f"Toezegging: {_public(partner.get('toezegging')) or '(nog niet vastgelegd)'}"]
            if partner.get("contact"):
                lines.append(f"Contact: {_public(partner['contact'])}")
            if partner["leads"]:
                lines.append("Trekker van: " + "; ".join(partner["leads"]))
            body = "\n".join(lines)
            pages.room(6 + text_height(body, W - 2 * M - 4, 8.5), heading, sub)
            pages.text(f"{partner.get('naam')} ({kind})", size=9.5, bold=True, gap=0.5)
            pages.text(body, size=8.5, x=M + 4, width=W - 2 * M - 4, gap=3)


def _date(value):
    """'12 maart 2025' from a QDate or ISO text; '' when empty."""
    if value is None:
        return ""
    if hasattr(value, "toPyDate"):
        return format_date_nl(value.toPyDate()) if value.isValid() else ""
    try:
        return format_date_nl(datetime.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def story_page(pages, wijk, stories, ctx):
    """The verhaal van de wijk: stories of the wijk and its buurten, photos with their credit."""
    heading, sub = f"Verhaal van {wijk.naam}", f"Wijk {wijk.code} · {ctx.gemeentenaam}"
    pages.new_page(heading, sub)
    for story in stories:
        meta = " · ".join(v for v in (story.get("bron"), _date(story.get("datum"))) if v)
        photo_h = 70.0 if story.get("foto") else 0.0
        pages.room(12 + photo_h + min(text_height(_public(story.get("tekst")), W - 2 * M, 9.5), 120), heading, sub)
        add_rect(pages.layout, Box(M, pages.y, W - 2 * M, 0.6), pages.page, fill=ACCENT)
        pages.y += 1.8
        pages.text(_public(story.get("titel")), size=12, bold=True, gap=0.5)
        if meta:
            pages.text(meta, size=7.5, color=MUTED, gap=1.5)
        if story.get("foto"):
            photo = PhotoItem(pages.layout, story["foto"])
            pages.layout.addLayoutItem(photo)
            place(photo, Box(M, pages.y, 95, 62), pages.page)
            pages.y += 63
            pages.text(f"Foto: {story.get('foto_credit') or 'bron onbekend'}", size=7, color=MUTED, gap=2)
        pages.text(_public(story.get("tekst")), size=9.5, gap=5)


def money_page(pages, wijk, money, summary, has_story=True):
    """Geldstromen door de wijk: Sankey, bars per year by status, figures beside all wijken."""
    spread = SPREAD_TEXT.get(summary.spread_by)
    note = f"gemeentebrede stromen gespreid {spread}" if spread else "zonder gemeentebrede stromen"
    pages.new_page(f"Geldstromen door {wijk.naam}", f"Wijk {wijk.code} · van partners via thema's naar buurten · "
                   f"{note}")
    sankey = SankeyItem(pages.layout, money.triples)
    pages.layout.addLayoutItem(sankey)
    place(sankey, Box(M, 38, W - 2 * M, 128), pages.page)
    sankey.setId(f"Sankey {wijk.code}")
    add_label(pages.layout, f"Totaal {euro_text(money.total_cents)}"
              + (f", waarvan gespreid uit gemeentebrede stromen {euro_text(money.spread_cents)}"
                 if money.spread_cents else ""), Box(M, 168, W - 2 * M, 5), pages.page, size=8, color=MUTED)
    top = 176.0
    content = add_box_title(pages.layout, "Per jaar, naar status", Box(M, top, 92, 90), pages.page)
    bars = YearBarsItem(pages.layout, money.per_year)
    pages.layout.addLayoutItem(bars)
    place(bars, content, pages.page)
    side = add_box_title(pages.layout, "Naast alle wijken in het dossier", Box(M + 98, top, W - 2 * M - 98, 90),
                         pages.page)
    table = TableItem(pages.layout, ("", "deze wijk", "alle wijken"), money.figures, (34, 29, side.w - 63),
                      ("left", "right", "right"))
    pages.layout.addLayoutItem(table)
    y = side.y + 5 + sum(h + 1.5 for h in table.row_heights())
    place(table, Box(side.x, side.y, side.w, y - side.y), pages.page)
    add_label(pages.layout, "Per inwoner en per woning met de CBS-cijfers uit het dossier; een streepje betekent: "
              "geen cijfer (reden erbij). Inkomen van de bewoners = inwoners × gemiddeld inkomen per inwoner (CBS), "
              "als maat voor de schaal van de geldstromen.", Box(side.x, y + 2, side.w, 24), pages.page, size=6.5,
              color=MUTED)
    if not has_story:
        add_label(pages.layout, "Er is nog geen verhaal van deze wijk vastgelegd (laag 'Verhaal van de wijk').",
                  Box(M, 32, W - 2 * M, 4), pages.page, size=7, color=MUTED)


def _group_pages(book):
    """Each page is exported only when no group is chosen or its own group is (WijkBook.show_group)."""
    for group in book.groups:
        for index in group.pages:
            book.layout.pageCollection().page(index).dataDefinedProperties().setProperty(
                QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
                QgsProperty.fromExpression(f"coalesce(@{VAR_GROUP}, '') NOT IN ('', '{group.key}')"))


def build_wijk_book(dossier, spread_by="inwoners", title="", note="", coalition_always=True):
    """A WijkBook: the coalition page and, per wijk with a story or money, its pages (story first).

    With coalition_always=False the coalition page is left out when the dossier has no partners; a book without
    any page then has an empty `groups` list (the buurtatlas adds nothing).
    """
    ctx, summary, groups, stories = wijk_pages_data(dossier, spread_by)
    footer = f"{title or 'Wijkaanpak ' + ctx.gemeentenaam} · wijkcoalitie, verhaal en geldstromen uit het " \
             f"wijkdossier{' · ' + note if note else ''}"
    pages = Pages(title or f"Wijkpagina's {ctx.gemeentenaam}", footer)
    if groups or coalition_always:
        pages.start_group(COALITION, "Wijkcoalitie")
        coalition_page(pages, groups, ctx.gemeentenaam)
    count = 0
    for code in sorted(ctx.wijken):
        wijk = ctx.wijken[code]
        own = stories.get(code, []) + [s for b in ctx.buurten_of(code) for s in stories.get(b, [])]
        money = wijk_money(summary, code)
        if not own and not money.triples:
            continue
        count += 1
        pages.start_group(code, wijk.naam)
        if own:
            pages.part(STORY_PART)
            story_page(pages, wijk, own, ctx)
        if money.triples:
            pages.part(MONEY_PART)
            money_page(pages, wijk, money, summary, has_story=bool(own))
    book = WijkBook(pages.layout, pages.groups, pages.frames, count)
    _group_pages(book)
    return book


WHAT = ("wijkpagina's", "er zijn geen wijkpagina's geschreven")


def export_wijkpaginas(dossier, out_pdf, spread_by="inwoners", title="", note="", feedback=None):
    """Write the wijk pages PDF; returns {'pages': n, 'wijken': k}. The PDF is replaced only when complete."""
    if not os.path.isfile(dossier):
        raise WijkatlasError(f"Wijkdossier niet gevonden: {dossier}")
    book = build_wijk_book(dossier, spread_by, title, note)
    layout, count = book.layout, book.wijken
    total = layout.pageCollection().pageCount()
    book.number_pages({i: i + 1 for i in range(total)}, total)
    with replaced_when_complete(out_pdf, ".wijkpaginas_") as tmp:
        if feedback is not None and feedback.isCanceled():  # one layout exports without a cancel hook
            _check_result(QgsLayoutExporter.ExportResult.Canceled, "", feedback, *WHAT)
        result = QgsLayoutExporter(layout).exportToPdf(tmp, pdf_settings())
        _check_result(result, "", feedback, *WHAT)
    return {"pages": layout.pageCollection().pageCount(), "wijken": count}
