"""Pages before the buurt pages (exported once, with the first buurt): what each front page needs and the registry.

A new front page is one function `add_<name>(layout, page, context)` and one line in FRONT_PAGES; the page numbers
of the buurt pages, the contents page and the PDF bookmarks follow from the list.
"""
from dataclasses import dataclass

from qgis.core import QgsLayoutObject, QgsProperty

from .atlas_data import VAR_COVER, exclude_unless_part
from .contents_page import add_contents_page
from .leeswijzer_page import add_leeswijzer_page
from .page_cover import add_cover_page


@dataclass
class PageContext:
    """Everything a front page may use; built once per atlas by the layout builder."""

    grid: object
    layer: object
    map_layers: list
    options: object
    year: object
    count: int
    stapeling_expr: str = ""
    knelpunten_layer: object = None
    reference_layer: object = None
    contents: list = None  # [(text, page number)] when the page order is planned (atlas_sequence.AtlasPlan)
    front_count: int = 0
    cover_map: object = None  # the cover's overview map item, for layers drawn on it later (koppelkansen)


def _cover(layout, page, ctx):
    ctx.cover_map = add_cover_page(layout, page, ctx.grid, ctx.layer, ctx.map_layers, ctx.options,
                                   ctx.stapeling_expr, ctx.year, ctx.count, ctx.front_count)


# (name, function): the order of the pages at the front of the atlas.
FRONT_PAGES = [
    ("Voorblad", _cover),
    ("Leeswijzer", add_leeswijzer_page),
    ("Inhoud", add_contents_page),
]


def only_with_first_buurt(page_item):
    """A front page is exported with the first atlas feature only, and never in one-PDF-per-buurt mode."""
    page_item.dataDefinedProperties().setProperty(
        QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
        QgsProperty.fromExpression(exclude_unless_part(
            "voor", f"@{VAR_COVER} = 0 OR coalesce(@atlas_featurenumber, 1) > 1")))


def add_front_pages(layout, context):
    """Place every front page (pages 0 … n-1 of the layout); returns their names."""
    context.front_count = len(FRONT_PAGES)
    for index, (_, add) in enumerate(FRONT_PAGES):
        add(layout, index, context)
    return [name for name, _ in FRONT_PAGES]
