"""A thin drawing helper for the routekaart item: mm coordinates, QPainter shapes and QgsTextRenderer text."""
from qgis.core import Qgis, QgsRenderContext, QgsTextRenderer
from qgis.PyQt.QtCore import QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QPen, QPolygonF

from ..common import text_format

ALIGN = {"left": Qgis.TextHorizontalAlignment.Left, "center": Qgis.TextHorizontalAlignment.Center,
         "right": Qgis.TextHorizontalAlignment.Right}
_FORMATS = {}


def _format(size, bold, colour):
    key = (size, bold, colour)
    if key not in _FORMATS:
        _FORMATS[key] = text_format(size, bold, colour)
    return _FORMATS[key]


def text_measurer(size=7.0, bold=False):
    """A function text -> width in mm at `size` pt (measured at 10 dots per mm, slightly generous)."""
    context = QgsRenderContext()
    context.setScaleFactor(10.0)
    fmt = _format(size, bold, "#000000")
    cache = {}

    def width(text):
        if text not in cache:
            cache[text] = QgsTextRenderer.textWidth(context, fmt, [text]) / 10.0
        return cache[text]
    return width


class Canvas:
    """Draws in mm on the painter of a QgsLayoutItem render context (which is in dots)."""

    def __init__(self, render_context):
        self.rc = render_context
        self.painter = render_context.painter()
        self.k = render_context.scaleFactor()  # dots per mm

    def _pen(self, colour, width, dash=False):
        if colour is None:
            return QPen(Qt.PenStyle.NoPen)
        pen = QPen(QColor(colour))
        pen.setWidthF(width * self.k)
        if dash:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def rect(self, x, y, w, h, fill, outline=None, width=0.15):
        self.painter.setPen(self._pen(outline, width))
        self.painter.setBrush(QBrush(QColor(fill)) if fill else QBrush(Qt.BrushStyle.NoBrush))
        self.painter.drawRect(QRectF(x * self.k, y * self.k, w * self.k, h * self.k))

    def line(self, x1, y1, x2, y2, colour, width=0.15, dash=False):
        self.painter.setPen(self._pen(colour, width, dash))
        self.painter.drawLine(QPointF(x1 * self.k, y1 * self.k), QPointF(x2 * self.k, y2 * self.k))

    def polygon(self, points, fill, outline=None, width=0.15):
        self.painter.setPen(self._pen(outline, width))
        self.painter.setBrush(QBrush(QColor(fill)))
        self.painter.drawPolygon(QPolygonF([QPointF(x * self.k, y * self.k) for x, y in points]))

    def circle(self, x, y, r, fill):
        self.painter.setPen(self._pen(None, 0))
        self.painter.setBrush(QBrush(QColor(fill)))
        self.painter.drawEllipse(QPointF(x * self.k, y * self.k), r * self.k, r * self.k)

    def text(self, x, y, text, size=7.0, bold=False, colour="#222222", align="left"):
        """Text with its baseline at y; x is its left edge, centre or right edge according to `align`."""
        fmt = _format(size, bold, colour)
        if align != "left":
            width = QgsTextRenderer.textWidth(self.rc, fmt, [text]) / self.k
            x -= width / 2 if align == "center" else width
        QgsTextRenderer.drawText(QPointF(x * self.k, y * self.k), 0, ALIGN["left"], [text], self.rc, fmt)
