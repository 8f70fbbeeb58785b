"""Layout items that paint themselves with QPainter (vector in the PDF, text as text): the base class and a canvas
in millimetres, plus a photo item. Used by the geldstromen charts; nothing here needs the HTML/WebKit frame.
"""
from qgis.core import Qgis, QgsLayoutItem, QgsLayoutItemRegistry, QgsTextRenderer
from qgis.PyQt.QtCore import QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QImage, QPainterPath, QPen

from .layout_items import DARK, text_format

ALIGN = {"left": Qgis.TextHorizontalAlignment.Left, "right": Qgis.TextHorizontalAlignment.Right,
         "center": Qgis.TextHorizontalAlignment.Center}
VALIGN = {"top": Qgis.TextVerticalAlignment.Top, "middle": Qgis.TextVerticalAlignment.VerticalCenter,
          "bottom": Qgis.TextVerticalAlignment.Bottom}


class Canvas:
    """Drawing in item millimetres on the layout's painter (which works in dots)."""

    def __init__(self, context):
        self.context = context.renderContext()
        self.painter = self.context.painter()
        self.s = self.context.scaleFactor()   # dots per millimetre

    def _r(self, x, y, w, h):
        return QRectF(x * self.s, y * self.s, w * self.s, h * self.s)

    def rect(self, x, y, w, h, fill, outline=None, width=0.2):
        """A filled rectangle."""
        self.painter.setPen(QPen(QColor(outline), width * self.s) if outline else Qt.PenStyle.NoPen)
        self.painter.setBrush(QBrush(QColor(fill)))
        self.painter.drawRect(self._r(x, y, w, h))

    def line(self, x0, y0, x1, y1, color=DARK, width=0.25):
        """A straight line."""
        self.painter.setPen(QPen(QColor(color), width * self.s))
        self.painter.drawLine(QPointF(x0 * self.s, y0 * self.s), QPointF(x1 * self.s, y1 * self.s))

    def band(self, x0, y0, x1, y1, width, fill, outline="#ffffff", outline_width=0.3, opacity=0.75):
        """A Sankey band: from (x0, y0..y0+width) to (x1, y1..y1+width) with horizontal tangents at both ends."""
        s, mid = self.s, (x0 + x1) / 2.0
        path = QPainterPath(QPointF(x0 * s, y0 * s))
        path.cubicTo(QPointF(mid * s, y0 * s), QPointF(mid * s, y1 * s), QPointF(x1 * s, y1 * s))
        path.lineTo(QPointF(x1 * s, (y1 + width) * s))
        path.cubicTo(QPointF(mid * s, (y1 + width) * s), QPointF(mid * s, (y0 + width) * s),
                     QPointF(x0 * s, (y0 + width) * s))
        path.closeSubpath()
        color = QColor(fill)
        color.setAlphaF(opacity)
        self.painter.setPen(QPen(QColor(outline), outline_width * s) if outline else Qt.PenStyle.NoPen)
        self.painter.setBrush(QBrush(color))
        self.painter.drawPath(path)

    def text(self, x, y, w, h, lines, size=7.0, bold=False, color=DARK, align="left", valign="top", wrap=False):
        """Text in a box (real text in the PDF when the export asks for text); wrap=True breaks long lines."""
        if isinstance(lines, str):
            lines = lines.split("\n")
        flags = Qgis.TextRendererFlags(Qgis.TextRendererFlag.WrapLines) if wrap else Qgis.TextRendererFlags()
        QgsTextRenderer.drawText(self._r(x, y, w, h), 0, ALIGN[align], list(lines), self.context,
                                 text_format(size, bold, color), True, VALIGN[valign], flags)

    def text_width(self, text, size=7.0, bold=False):
        """Width of one line of text in millimetres."""
        return QgsTextRenderer.textWidth(self.context, text_format(size, bold), [text]) / self.s

    def image(self, x, y, w, h, image):
        """A QImage scaled to fit the box, keeping its proportions, centred."""
        if image.isNull():
            return
        ratio = min(w / image.width(), h / image.height())
        dw, dh = image.width() * ratio, image.height() * ratio
        self.painter.drawImage(self._r(x + (w - dw) / 2, y + (h - dh) / 2, dw, dh), image)


class PaintedItem(QgsLayoutItem):
    """A layout item whose content is painted by self.paint_chart(canvas, width_mm, height_mm)."""

    TYPE = QgsLayoutItemRegistry.ItemType.PluginItem + 1501

    def __init__(self, layout):
        super().__init__(layout)
        self.setBackgroundEnabled(False)
        self.setFrameEnabled(False)

    def type(self):
        return self.TYPE

    def draw(self, context):
        painter = context.renderContext().painter()
        if painter is None:
            return
        painter.save()
        try:
            rect = self.rect()
            self.paint_chart(Canvas(context), rect.width(), rect.height())
        finally:
            painter.restore()

    def paint_chart(self, canvas, width, height):
        """Subclasses draw here, in millimetres from the item's top-left corner."""
        raise NotImplementedError


class PhotoItem(PaintedItem):
    """A photo from bytes (the dossier's BLOB), fitted in the item."""

    TYPE = QgsLayoutItemRegistry.ItemType.PluginItem + 1502

    def __init__(self, layout, data=b""):
        super().__init__(layout)
        self.image = QImage()
        if data:
            self.image.loadFromData(bytes(data))

    def paint_chart(self, canvas, width, height):
        canvas.image(0, 0, width, height, self.image)
