"""Lane packing: measures of one theme share lanes without their bars or titles ever overlapping."""
from dataclasses import dataclass

GAP_MM = 1.5


@dataclass
class Bar:
    """A measure placed on the chart: visible quarters, its occupied span in mm (bar and title) and its lane."""

    measure: object
    first: int  # first visible quarter
    last: int  # last visible quarter
    text: str
    x0: float = 0.0  # occupied span (mm from the chart's left edge)
    x1: float = 0.0
    text_x: float = 0.0
    lane: int = 0
    slot: int = 0  # lane within the row on its page
    cut_left: bool = False  # starts before the horizon
    cut_right: bool = False  # runs on after the horizon


def pack_lanes(bars, gap=GAP_MM):
    """Give each bar the first lane whose last occupied span ends `gap` mm before it starts; returns lane count.

    Greedy by left edge (interval-graph colouring), which uses the fewest lanes possible for the spans.
    """
    ends = []
    for bar in sorted(bars, key=lambda b: (b.x0, b.x1, b.text)):
        for lane, end in enumerate(ends):
            if end + gap <= bar.x0:
                bar.lane, ends[lane] = lane, bar.x1
                break
        else:
            bar.lane = len(ends)
            ends.append(bar.x1)
    return len(ends)
