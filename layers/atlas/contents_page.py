"""The contents page: every buurt with its page number, in columns, in the order of the atlas; with wijk pages the
wijken with their pages (verhaal, geldstromen, buurten, routekaart) below them (atlas_sequence.AtlasPlan.contents).
"""
from .atlas_sequence import INDENT
from .layout_items import MUTED, RULE, add_front_footer, add_label, add_rect, text_format
from .options import Box
from .text_fit import shorten, text_height

BLANK = "\u00a0"  # an empty line that still takes its line (the other label of the column writes there)

ENTRY_SIZES = (8.5, 7.5, 6.5)
NUMBER_W = 9.0
COLUMN_GAP = 8.0
MAX_COLUMNS = 3


def layout_entries(names, first_page, width, height):
    """(size, columns): each column a list of (name, page); names shortened to one line, the last entry may point on.

    `names` are texts numbered from `first_page` on, or (text, page number) pairs.

    Picks the largest size at which all entries fit in at most MAX_COLUMNS columns.
    """
    for size in ENTRY_SIZES:
        line = text_height(text_format(size), "Hg", width)
        line_step = text_height(text_format(size), "Hg\nHg", width) - line
        rows = max(1, int((height - line) // line_step) + 1)
        cols = -(-len(names) // rows) if names else 1
        if cols <= MAX_COLUMNS or size == ENTRY_SIZES[-1]:
            break
    cols = min(max(cols, 1), MAX_COLUMNS)
    col_w = min((width - (cols - 1) * COLUMN_GAP) / cols, 110.0)
    fmt = text_format(size)
    pairs = [name if isinstance(name, tuple) else (name, first_page + i) for i, name in enumerate(names)]
    entries = [(shorten(fmt, name, col_w - NUMBER_W - 1, line + 0.5), page) for name, page in pairs]
    if len(entries) > rows * cols:
        left = len(entries) - rows * cols + 1
        what = "regels" if pairs and not isinstance(names[0], str) else "buurten"
        entries = entries[:rows * cols - 1] + [(f"… en {left} {what} meer (zie de bladwijzers)", "")]
    return size, [entries[c * rows:(c + 1) * rows] for c in range(cols)], col_w, line_step


def add_contents_page(layout, page, ctx):
    """Title and the buurten with their page numbers."""
    w, h = ctx.grid.width, ctx.grid.height
    margin = 12.0
    add_label(layout, "Inhoud", Box(margin, 12, w - 2 * margin, 10), page, size=18, bold=True, item_id="Inhoud")
    nested = any(name.startswith(INDENT) for name, _ in ctx.contents or ())  # wijken with their pages below
    intro = (f"{ctx.count} buurten, per wijk: het verhaal van de wijk, haar geldstromen en dan haar buurten."
             if nested else
             f"{ctx.count} buurten, in de volgorde van deze atlas. Voor de buurtpagina's: voorblad, leeswijzer en "
             "deze inhoud.")
    add_label(layout, intro, Box(margin, 23, w - 2 * margin, 6), page, size=8.5, color=MUTED)
    add_rect(layout, Box(margin, 30, w - 2 * margin, 0.3), page, fill=RULE)
    top, bottom = 34.0, h - 16.0
    size, columns, col_w, _ = layout_entries(ctx.contents, ctx.front_count + 1, w - 2 * margin, bottom - top)
    for c, column in enumerate(columns):
        if not column:
            continue
        x = margin + c * (col_w + COLUMN_GAP)
        names = "\n".join(name for name, _ in column)
        numbers = "\n".join(str(number) for _, number in column)
        box_h = text_height(text_format(size), names, col_w) + 1.0
        headings = [nested and not name.startswith(INDENT) and number != "" for name, number in column]
        if any(headings):  # wijk headings in bold: a second label that holds only them, on the same lines
            bold = text_format(size, bold=True)
            line = text_height(bold, "Hg", col_w)
            plain_lines = [BLANK if head else name for (name, _), head in zip(column, headings)]
            bold_lines = [shorten(bold, name, col_w - NUMBER_W - 1, line + 0.5) if head else BLANK
                          for (name, _), head in zip(column, headings)]
            add_label(layout, "\n".join(bold_lines), Box(x, top, col_w - NUMBER_W, box_h), page, size=size,
                      bold=True, item_id=f"Inhoud kolom {c + 1} kopjes")
            names = "\n".join(plain_lines)
        for text, box, align in ((names, Box(x, top, col_w - NUMBER_W, box_h), "left"),
                                 (numbers, Box(x + col_w - NUMBER_W, top, NUMBER_W, box_h), "right")):
            add_label(layout, text, box, page, size=size, align=align,
                      item_id=f"Inhoud kolom {c + 1}" if align == "left" else "")
    add_front_footer(layout, page, ctx.front_count, w, h, margin)
