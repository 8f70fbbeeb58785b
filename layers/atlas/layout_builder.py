"""Build the buurtatlas print layout: a cover page plus one atlas page per buurt, in any QgsProject."""
from qgis.core import (
    QgsExpression,
    QgsExpressionContextUtils,
    QgsLayoutItemPage,
    QgsLayoutObject,
    QgsPrintLayout,
    QgsProperty,
)

from ..common import WijkatlasError, is_null, load_catalogue
from .atlas_data import (
    VAR_COVER,
    VAR_FRONT,
    VAR_KNELPUNTEN,
    VAR_REFERENCE,
    AtlasExpressions,
    common_year,
    detect_knelpunten,
    exclude_unless_part,
    knelpunten_values,
    reference_values,
    to_json,
)
from .atlas_sequence import atlas_features, plan_atlas
from .buurt_texts import VAR_TEXTS, knelpunten_from_fields, page_texts
from .front_pages import FRONT_PAGES, PageContext, add_front_pages, only_with_first_buurt
from .koppelkansen_atlas import add_koppelkansen
from .options import MAX_INDICATORS, resolve_indicators
from .page_buurt import add_buurt_page
from .routekaart_page import add_routekaart_page, routekaart_wijken

LAYOUT_NAME = "Buurtatlas"
REQUIRED_FIELDS = ("buurtcode",)


def _check_layer(layer):
    if layer is None or not layer.isValid():
        raise WijkatlasError("De buurtenlaag is niet geldig of ontbreekt.")
    missing = [f for f in REQUIRED_FIELDS if f not in layer.fields().names()]
    if missing:
        raise WijkatlasError(f"De buurtenlaag mist het veld {', '.join(missing)}.")
    if layer.featureCount() == 0:
        raise WijkatlasError("De buurtenlaag bevat geen buurten.")


def default_title(layer):
    """'Buurtatlas <gemeentenaam>' from the first buurt, or just 'Buurtatlas'."""
    if "gemeentenaam" in layer.fields().names():
        for feat in layer.getFeatures():
            name = feat["gemeentenaam"]
            if name and not is_null(name):
                return f"Buurtatlas {name}"
    return "Buurtatlas"


def _atlas_filter(layer, options):
    parts = []
    if options.filter_expression:
        expr = QgsExpression(options.filter_expression)
        if expr.hasParserError():
            raise WijkatlasError(f"De buurtselectie '{options.filter_expression}' is geen geldige expressie: "
                                 f"{expr.parserErrorString()}")
        parts.append(f"({options.filter_expression})")
    if options.selected_only:
        ids = layer.selectedFeatureIds()
        if not ids:
            raise WijkatlasError("Er zijn geen buurten geselecteerd in de buurtenlaag.")
        parts.append(f"$id IN ({', '.join(str(i) for i in sorted(ids))})")
    return " AND ".join(parts)


def _set_pages(layout, orientation, front_count):
    """front_count front pages (exported once) and the buurt page (repeated per atlas feature)."""
    pages = layout.pageCollection()
    ori = QgsLayoutItemPage.Orientation.Landscape if orientation == "liggend" else \
        QgsLayoutItemPage.Orientation.Portrait
    pages.page(0).setPageSize("A4", ori)
    for _ in range(front_count):
        page = QgsLayoutItemPage(layout)
        page.setPageSize("A4", ori)
        pages.addPage(page)
    for index in range(front_count):
        only_with_first_buurt(pages.page(index))
    buurt_page = pages.page(front_count)  # exported in every step of the whole-atlas export but the front's
    buurt_page.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
                                                   QgsProperty.fromExpression(exclude_unless_part("buurt")))


def buurt_page_texts(buurten_layer, options, knelpunten_source, layer_values):
    """The fitted per-buurt texts; an indicator the knelpunten cite joins the table when it is not in it.
    `layer_values` are knelpunten_values() of the knelpunten layer."""
    knelpunten = {}
    if knelpunten_source == "layer":
        knelpunten = layer_values
    elif knelpunten_source == "fields":
        knelpunten = knelpunten_from_fields(buurten_layer)
    texts, cited = page_texts(buurten_layer, options.grid, knelpunten, options.participatie,
                              knelpunten_source is not None)
    shown = [ind.id for ind in options.indicators]
    missing = [ind.id for ind in load_catalogue() if ind.id in cited and ind.id not in shown]
    if missing:
        options.indicators = tuple(resolve_indicators((shown + missing)[:max(MAX_INDICATORS, len(shown))]))
    return texts


def build_atlas_layout(project, buurten_layer, options, reference_layer=None, knelpunten_layer=None,
                       extra_layers=(), routekaart_dossier=None):
    """A QgsPrintLayout (not yet added to the project) with cover + buurt page and the atlas configured.

    `options` is a validated AtlasOptions; `extra_layers` (e.g. a background map) are drawn under the buurten.
    """
    return build_atlas(project, buurten_layer, options, reference_layer, knelpunten_layer, extra_layers,
                       routekaart_dossier)[0]


def build_atlas(project, buurten_layer, options, reference_layer=None, knelpunten_layer=None, extra_layers=(),
                routekaart_dossier=None, wijk_book=None):
    """(layout, AtlasPlan): the atlas layout and the order of the pages of the whole-atlas PDF (atlas_sequence.py),
    with the wijk pages of `wijk_book` (wijk_pages.WijkBook) when given."""
    _check_layer(buurten_layer)
    if not options.title:
        options.title = default_title(buurten_layer)
    year = common_year(buurten_layer)
    knelpunten_source = detect_knelpunten(buurten_layer, knelpunten_layer)
    layer_values = knelpunten_values(knelpunten_layer)
    texts = buurt_page_texts(buurten_layer, options, knelpunten_source, layer_values)
    refs = reference_values(reference_layer, options.indicators, year)
    exprs = AtlasExpressions(buurten_layer.fields().names(), bool(refs), knelpunten_source)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(options.title or LAYOUT_NAME)
    _set_pages(layout, options.orientation, len(FRONT_PAGES))
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_COVER, 1)
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_FRONT, len(FRONT_PAGES))
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_REFERENCE, to_json(refs))
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_KNELPUNTEN, to_json(layer_values))
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_TEXTS, to_json(texts))

    map_layers = [buurten_layer] + list(extra_layers)
    stapeling = exprs.knelpunt("stapeling") if knelpunten_source else ""
    grid = options.grid
    atlas = layout.atlas()
    atlas.setCoverageLayer(buurten_layer)
    atlas.setPageNameExpression('"buurtnaam"' if "buurtnaam" in buurten_layer.fields().names() else '"buurtcode"')
    atlas.setFilenameExpression("'buurt_' || \"buurtcode\"")
    sort_expr, ascending = exprs.sort_expression(options.sort)
    atlas.setSortFeatures(True)
    atlas.setSortExpression(sort_expr)
    atlas.setSortAscending(ascending)
    filter_expr = _atlas_filter(buurten_layer, options)
    atlas.setFilterFeatures(bool(filter_expr))
    atlas.setFilterExpression(filter_expr)
    atlas.setEnabled(True)
    count = atlas.updateFeatures()
    if count == 0:
        raise WijkatlasError("Geen enkele buurt voldoet aan de selectie; er is niets te maken.")
    context = PageContext(grid, buurten_layer, map_layers, options, year, count, stapeling, knelpunten_layer,
                          reference_layer)
    route_last = routekaart_wijken(buurten_layer, atlas) if routekaart_dossier else None
    plan = plan_atlas(atlas_features(atlas), len(FRONT_PAGES), wijk_book, route_last)
    context.contents = plan.contents()
    add_front_pages(layout, context)
    buurt_map = add_buurt_page(layout, len(FRONT_PAGES), grid, buurten_layer, map_layers, exprs, options,
                               basemap=bool(extra_layers))
    add_koppelkansen(layout, buurten_layer, context.cover_map, buurt_map, grid, len(FRONT_PAGES))
    if routekaart_dossier:  # optional: a routekaart page per wijk (layers/atlas/routekaart_page.py)
        add_routekaart_page(layout, len(FRONT_PAGES) + 1, route_last, routekaart_dossier)
    return layout, plan


def set_cover(layout, enabled):
    """Include (True) or leave out (False) the cover page and switch the page numbering accordingly."""
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_COVER, 1 if enabled else 0)
