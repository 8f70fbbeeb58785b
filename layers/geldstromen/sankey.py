"""The geometry of a Sankey diagram partners → themes → areas, in millimetres, independent of any drawing code.

Every band's width is its amount times one scale shared by all columns, so widths compare across the diagram; a
column with more nodes than fit is folded into 'overige (n)'. Negative amounts (corrections) cannot be a band:
they are left out and reported.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from ..common import format_euro_short

MAX_NODES = 12


@dataclass
class Node:
    """One bar of the diagram: column 0 (partner), 1 (theme) or 2 (area)."""

    column: int
    key: str
    label: str
    cents: int
    y: float = 0.0
    h: float = 0.0


@dataclass
class Band:
    """One flow between two nodes, with its width and where it leaves and enters."""

    source: int
    target: int
    cents: int
    width: float
    y_source: float
    y_target: float


@dataclass
class SankeyLayout:
    """Nodes, bands and the scale (mm per cent) of one diagram; left_out are the negative amounts not drawn."""

    nodes: list = field(default_factory=list)
    bands: list = field(default_factory=list)
    scale: float = 0.0
    left_out_cents: int = 0


def _fold(totals, max_nodes):
    """Keys kept (largest first) and a mapping of folded keys to the 'overige' node."""
    ordered = sorted(totals, key=lambda k: (-totals[k], k))
    if len(ordered) <= max_nodes:
        return ordered, {}
    kept, rest = ordered[:max_nodes - 1], ordered[max_nodes - 1:]
    other = f"overige ({len(rest)})"
    return kept + [other], {k: other for k in rest}


def sankey_layout(triples, height, gap=2.5, max_nodes=MAX_NODES, order=None):
    """Layout of (partner, theme, area, cents) triples in a box `height` mm tall.

    `order` optionally gives per column a sort key function for the node keys (default: largest first).
    """
    layout = SankeyLayout()
    columns = [defaultdict(int), defaultdict(int), defaultdict(int)]
    kept = []
    for partner, theme, area, cents in triples:
        if cents <= 0:
            layout.left_out_cents += cents
            continue
        kept.append((partner, theme, area, cents))
        for col, key in enumerate((partner, theme, area)):
            columns[col][key] += cents
    if not kept:
        return layout
    folded = [_fold(col, max_nodes) for col in columns]
    links = [defaultdict(int), defaultdict(int)]
    totals = [defaultdict(int), defaultdict(int), defaultdict(int)]
    for partner, theme, area, cents in kept:
        keys = [folded[c][1].get(k, k) for c, k in enumerate((partner, theme, area))]
        for c, key in enumerate(keys):
            totals[c][key] += cents
        links[0][(keys[0], keys[1])] += cents
        links[1][(keys[1], keys[2])] += cents
    biggest = max(len(t) for t in totals)
    total = sum(totals[0].values())
    layout.scale = (height - gap * (biggest - 1)) / total
    index = {}
    for col, col_totals in enumerate(totals):
        keys = sorted(col_totals, key=(order or {}).get(col) or (lambda k, t=col_totals: (-t[k], k)))
        used = sum(col_totals.values()) * layout.scale + gap * (len(keys) - 1)
        y = (height - used) / 2.0
        for key in keys:
            node = Node(col, key, key, col_totals[key], y, col_totals[key] * layout.scale)
            index[(col, key)] = len(layout.nodes)
            layout.nodes.append(node)
            y += node.h + gap
    out_y = {i: n.y for i, n in enumerate(layout.nodes)}
    in_y = dict(out_y)
    for step, step_links in enumerate(links):
        pairs = sorted(step_links, key=lambda p: (index[(step, p[0])], index[(step + 1, p[1])]))
        for src_key, dst_key in pairs:
            src, dst = index[(step, src_key)], index[(step + 1, dst_key)]
            cents = step_links[(src_key, dst_key)]
            width = cents * layout.scale
            layout.bands.append(Band(src, dst, cents, width, out_y[src], in_y[dst]))
            out_y[src] += width
            in_y[dst] += width
    return layout


def euro_text(cents):
    """A short Dutch amount of a number of cents: € 1,25 mln, € 850.000, € 12.500."""
    return format_euro_short(cents / 100.0)
