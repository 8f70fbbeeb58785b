"""Atlas settings: chosen indicators, sort order, orientation and the page grid (mm) per orientation."""
from dataclasses import dataclass, field

from ..common import WijkatlasError, indicator, load_catalogue

DEFAULT_INDICATORS = (
    "inwoners", "woningen", "woz", "pct_koop", "pct_corporatie", "pct_bouwjaar_voor_2000", "elektriciteit",
    "aardgas", "pct_stadsverwarming", "ink_inwoner", "pct_hh_laag_inkomen", "pct_hh_sociaal_minimum",
)
MAX_INDICATORS = 16
SORTS = ("code", "stapeling", "naam")
ORIENTATIONS = ("staand", "liggend")
BASEMAPS = (None, "brt", "luchtfoto")
LICENCE = "© CBS / Kadaster, CC-BY 4.0"
FONT = "DejaVu Sans"
FONT_CONDENSED = "DejaVu Sans Condensed"
NO_NOTES = "nog geen notities"
NO_FIGURES = "geen cijfers beschikbaar"


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in millimetres."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class PageGrid:
    """Where each block of a buurt page sits; one grid per orientation."""

    width: float
    height: float
    header: Box
    map: Box
    table: Box
    knelpunten: Box
    participatie: Box
    footer: Box


# A4, 12 mm margins. Portrait: map on top, table with bars below, two text boxes at the bottom.
PORTRAIT = PageGrid(210, 297, header=Box(12, 10, 186, 18), map=Box(12, 30, 186, 98),
                    table=Box(12, 132, 186, 90), knelpunten=Box(12, 226, 90, 56),
                    participatie=Box(108, 226, 90, 56), footer=Box(12, 285, 186, 6))
# Landscape: map left, table right, text boxes under the map and under the table.
LANDSCAPE = PageGrid(297, 210, header=Box(12, 8, 273, 16), map=Box(12, 26, 132, 120),
                     table=Box(150, 26, 135, 120), knelpunten=Box(12, 150, 132, 46),
                     participatie=Box(150, 150, 135, 46), footer=Box(12, 199, 273, 6))


@dataclass
class AtlasOptions:
    """Everything a caller can choose about the atlas; defaults give the standard A4 portrait atlas."""

    title: str = ""
    subtitle: str = ""
    credits: str = ""
    indicators: tuple = DEFAULT_INDICATORS
    sort: str = "code"
    orientation: str = "staand"
    filter_expression: str = ""
    selected_only: bool = False
    participatie: dict = field(default_factory=dict)
    basemap: object = None
    basemap_url: str = ""
    cover_indicator: str = ""
    author: str = ""  # the PDF's author; default 'Gemeente <naam>'
    unplaced: str = ""  # buurten without a boundary, named on the cover

    def validate(self):
        """Check the choices and resolve indicators; raise WijkatlasError with a Dutch message otherwise."""
        if self.sort not in SORTS:
            raise WijkatlasError(f"Onbekende sortering '{self.sort}'; kies uit {', '.join(SORTS)}.")
        if self.orientation not in ORIENTATIONS:
            raise WijkatlasError(f"Onbekende oriëntatie '{self.orientation}'; kies staand of liggend.")
        if self.basemap not in BASEMAPS:
            raise WijkatlasError(f"Onbekende achtergrondkaart '{self.basemap}'; kies brt of luchtfoto.")
        self.indicators = tuple(resolve_indicators(self.indicators))
        return self

    @property
    def grid(self):
        """The page grid for the chosen orientation."""
        return LANDSCAPE if self.orientation == "liggend" else PORTRAIT


def resolve_indicators(ids):
    """Catalogue indicators for the given ids (in the given order); unknown ids give a Dutch error."""
    ids = list(ids or DEFAULT_INDICATORS)
    known = {ind.id for ind in load_catalogue()}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise WijkatlasError(f"Onbekende indicator(en): {', '.join(unknown)}.")
    if len(ids) > MAX_INDICATORS:
        raise WijkatlasError(f"Kies hoogstens {MAX_INDICATORS} indicatoren; er passen er niet meer op een pagina.")
    return [indicator(i) for i in dict.fromkeys(ids)]
