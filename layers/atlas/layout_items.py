"""Small helpers that place labels, boxes, scale bars and north arrows on a layout page (all sizes in mm)."""
import os

from qgis.core import (
    QgsApplication,
    QgsFillSymbol,
    QgsLayoutItemLabel,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsScaleBarSettings,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..common import dutch_number_format
from ..common import text_format as base_text_format
from .atlas_data import total_pages_expression
from .options import FONT, Box

DARK = "#1f2d3a"
ACCENT = "#b2371b"
MUTED = "#5b6770"
RULE = "#c9d1d6"


def text_format(size, bold=False, color=DARK, family=FONT):
    """A QgsTextFormat in the atlas font."""
    return base_text_format(size, bold, color, family)


def place(item, box, page):
    """Move and size an item onto a page box."""
    item.attemptMove(QgsLayoutPoint(box.x, box.y, QgsUnitTypes.LayoutUnit.LayoutMillimeters), page=page)
    item.attemptResize(QgsLayoutSize(box.w, box.h, QgsUnitTypes.LayoutUnit.LayoutMillimeters))


def add_label(layout, text, box, page, size=9.0, bold=False, color=DARK, align="left", valign="top",
              item_id="", family=FONT):
    """A sized text label; `text` may hold [% expressions %]."""
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    label.setTextFormat(text_format(size, bold, color, family))
    label.setHAlign({"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight,
                     "center": Qt.AlignmentFlag.AlignHCenter}[align])
    label.setVAlign({"top": Qt.AlignmentFlag.AlignTop, "middle": Qt.AlignmentFlag.AlignVCenter,
                     "bottom": Qt.AlignmentFlag.AlignBottom}[valign])
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    place(label, box, page)
    if item_id:
        label.setId(item_id)
    return label


def add_rect(layout, box, page, fill="#ffffff", outline=None, width=0.25, item_id=""):
    """A filled rectangle (no outline when outline is None)."""
    shape = QgsLayoutItemShape(layout)
    shape.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    props = {"color": fill, "outline_style": "no" if outline is None else "solid",
             "outline_color": outline or fill, "outline_width": str(width), "outline_width_unit": "MM"}
    shape.setSymbol(QgsFillSymbol.createSimple(props))
    layout.addLayoutItem(shape)
    place(shape, box, page)
    if item_id:
        shape.setId(item_id)
    return shape


def add_box_title(layout, title, box, page):
    """A titled block: a thin accent rule and a bold heading; returns the content box below it."""
    add_rect(layout, type(box)(box.x, box.y, box.w, 0.6), page, fill=ACCENT)
    add_label(layout, title, type(box)(box.x, box.y + 1.6, box.w, 5.5), page, size=10.5, bold=True)
    return type(box)(box.x, box.y + 8.0, box.w, box.h - 8.0)


def add_scalebar(layout, map_item, box, page):
    """A single-box scale bar in metres or kilometres, sized to fit the box."""
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(map_item)
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    bar.setUnitLabel("m")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(box.w * 0.4)
    bar.setMaximumBarWidth(box.w * 0.8)
    bar.setHeight(1.6)
    bar.setTextFormat(text_format(6.5))
    bar.setNumericFormat(dutch_number_format(0))
    bar.setBackgroundEnabled(True)
    bar.setBackgroundColor(QColor(255, 255, 255, 210))
    layout.addLayoutItem(bar)
    place(bar, box, page)
    bar.setId("Schaalstok")
    return bar


def add_north_arrow(layout, map_item, box, page):
    """A north arrow from QGIS's bundled SVGs, rotated with the map."""
    arrow = QgsLayoutItemPicture(layout)
    svg = os.path.join(QgsApplication.defaultThemePath(), "..", "..", "svg", "arrows", "NorthArrow_02.svg")
    candidates = [svg] + [os.path.join(p, "arrows", "NorthArrow_02.svg") for p in QgsApplication.svgPaths()]
    path = next((p for p in candidates if os.path.exists(p)), "")
    arrow.setPicturePath(path, QgsLayoutItemPicture.Format.FormatSVG)
    arrow.setLinkedMap(map_item)
    arrow.setBackgroundEnabled(False)
    layout.addLayoutItem(arrow)
    place(arrow, box, page)
    arrow.setId("Noordpijl")
    return arrow


def frame(item, color=RULE, width=0.3):
    """Give an item a thin frame."""
    item.setFrameEnabled(True)
    item.setFrameStrokeColor(QColor(color))
    item.setFrameStrokeWidth(QgsLayoutMeasurement(width, QgsUnitTypes.LayoutUnit.LayoutMillimeters))


def add_front_footer(layout, page, front_count, width, height, margin=12.0):
    """The foot of a front page: a rule and 'Pagina n van N' (N counted over the whole atlas)."""
    add_rect(layout, Box(margin, height - 12.5, width - 2 * margin, 0.3), page, fill=RULE)
    add_label(layout, f"[% 'Pagina {page + 1} van ' || ({total_pages_expression(front_count)}) %]",
              Box(width - margin - 60, height - 11, 60, 6), page, size=7, color=MUTED, align="right")
