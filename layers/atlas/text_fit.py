"""Text against its box: measure as a layout label draws it (wrapped lines), then shrink or shorten what does not fit.

Every per-buurt text of the atlas goes through here before it becomes a layout variable, so no label can run out of
its box: a long list loses its last lines to a pointer ("… en 3 meer: zie …"), a long name gets a smaller size.
"""
from qgis.core import Qgis, QgsRenderContext, QgsTextRenderer

DPI = 300.0
SAFETY_MM = 0.4  # rounding between this measurement and the export resolution
WIDTH_SLACK = 0.97  # wrap a little early: font hinting differs between measuring and drawing
ELLIPSIS = "…"


def _context():
    ctx = QgsRenderContext()
    ctx.setScaleFactor(DPI / 25.4)
    ctx.setFlag(Qgis.RenderContextFlag.ApplyScalingWorkaroundForTextRendering, True)
    return ctx


def text_height(fmt, text, width):
    """Height (mm) of `text` in `fmt` wrapped at `width` mm, as QgsLayoutItemLabel lays it out."""
    ctx = _context()
    scale = ctx.scaleFactor()
    return QgsTextRenderer.textHeight(ctx, fmt, text.split("\n"), Qgis.TextLayoutMode.Rect, None,
                                      Qgis.TextRendererFlag.WrapLines, width * scale) / scale


def widest_word(fmt, text):
    """Width (mm) of the longest unbreakable word: wrapping cannot help a word wider than the box."""
    ctx = _context()
    words = text.split() or [""]
    return max(QgsTextRenderer.textWidth(ctx, fmt, [w]) for w in words) / ctx.scaleFactor()


def fits(fmt, text, width, height):
    """True when the wrapped text stays inside width x height (mm)."""
    if not text:
        return True
    width *= WIDTH_SLACK
    return widest_word(fmt, text) <= width and text_height(fmt, text, width) <= height - SAFETY_MM


def shorten(fmt, text, width, height):
    """The text cut at a word boundary with '…' so that it fits (an empty string when not even one word does)."""
    if fits(fmt, text, width, height):
        return text
    words = text.replace("\n", " \n ").split(" ")
    low, high = 0, len(words)
    while low < high:  # the longest prefix that fits, by bisection
        mid = (low + high + 1) // 2
        candidate = " ".join(words[:mid]).replace(" \n ", "\n").rstrip(" ,;:·–") + ELLIPSIS
        if fits(fmt, candidate, width, height):
            low = mid
        else:
            high = mid - 1
    return (" ".join(words[:low]).replace(" \n ", "\n").rstrip(" ,;:·–") + ELLIPSIS) if low else ""


def fit_lines(fmt, lines, width, height, more, keep=1):
    """Lines joined by newlines; when they do not fit, the last ones give way to more(n_left_out).

    The first `keep` lines (a heading) always stay, shortened when needed.
    """
    lines = [line for line in lines if line]
    text = "\n".join(lines)
    if fits(fmt, text, width, height):
        return text
    for count in range(len(lines) - 1, keep - 1, -1):
        candidate = "\n".join(lines[:count] + [more(len(lines) - count)])
        if fits(fmt, candidate, width, height):
            return candidate
    pointer = more(len(lines) - keep)
    room = height - text_height(fmt, pointer, width)
    head = shorten(fmt, "\n".join(lines[:keep]), width, room)
    return "\n".join(part for part in (head, pointer) if part)


def fit_size(make_format, text, width, height, sizes):
    """(size, text): the largest size at which the text fits; at the smallest size the text is shortened."""
    for size in sizes:
        if fits(make_format(size), text, width, height):
            return size, text
    smallest = sizes[-1]
    return smallest, shorten(make_format(smallest), text, width, height)
