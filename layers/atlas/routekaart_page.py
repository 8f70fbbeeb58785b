"""An optional page per wijk in the buurtatlas: the wijk's routekaart, printed after the last buurt of that wijk."""
from datetime import date

from qgis.core import QgsFeatureRequest, QgsLayoutItemPage, QgsLayoutObject, QgsProperty

from ..routekaart import DossierReader, add_chart_page, prepare
from .atlas_data import VAR_PAGE, VAR_TOTAL, exclude_unless_part
from .layout_items import MUTED, add_label
from .options import Box

PAPER = "A4"


def routekaart_wijken(layer, atlas):
    """wijkcode -> the highest buurtcode of the wijk among the atlas's buurten (its filter applied)."""
    last = {}
    if "wijkcode" not in layer.fields().names():
        return last
    request = QgsFeatureRequest()
    if atlas.filterFeatures() and atlas.filterExpression():
        request.setFilterExpression(atlas.filterExpression())
    for feat in layer.getFeatures(request):
        wijk, code = feat["wijkcode"], feat["buurtcode"]
        if wijk and code and str(code) > last.get(str(wijk), ""):
            last[str(wijk)] = str(code)
    return last


def add_routekaart_page(layout, page_no, last, dossier, today=None):
    """Add A4-landscape page `page_no` with the routekaart of the atlas buurt's wijk; `last` is routekaart_wijken()
    of the atlas.

    The page is exported only with the last buurt (highest buurtcode) of each wijk, so with the default sort by
    buurtcode it closes the wijk's pages. A wijk whose routekaart needs more than one page shows its first page;
    'Wijkroutekaart maken' gives all of them.
    """
    today = today or date.today()
    plans = {}
    reader = DossierReader(dossier)  # the dossier is read once for all wijken
    for wijk in last:
        _, _, plan, _ = prepare(reader, wijkcode=wijk, paper=PAPER, today=today)
        plans[wijk] = plan
    page = QgsLayoutItemPage(layout)
    page.setPageSize(PAPER, QgsLayoutItemPage.Orientation.Landscape)
    layout.pageCollection().addPage(page)
    codes = ", ".join(f"'{c}'" for c in sorted(last.values()))
    page.dataDefinedProperties().setProperty(
        QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
        QgsProperty.fromExpression(exclude_unless_part(
            "route", f"NOT array_contains(array({codes}), attribute(@atlas_feature, 'buurtcode'))")))
    add_chart_page(layout, page_no, PAPER, "[% 'Wijkroutekaart ' || coalesce(\"wijknaam\", \"wijkcode\") %]",
                   "Maatregelen in deze wijk per thema en kwartaal, met besluitmomenten, vandaag en de evaluatie na "
                   "twee jaar; meer pagina's en de tabel met 'Wijkroutekaart maken'.",
                   "Bron: het wijkdossier (maatregelen, partners, besluitmomenten, koppelkansen).",
                   plans=plans, key_field="wijkcode")
    add_label(layout, f"[% 'Pagina ' || @{VAR_PAGE} || ' van ' || @{VAR_TOTAL} %]", Box(297 - 10 - 40, 195.5, 40, 4.5),
              page_no, size=7, color=MUTED, align="right")  # empty outside the whole-atlas export
