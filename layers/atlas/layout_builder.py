"""Build the buurtatlas print layout: a cover page plus one atlas page per buurt, in any QgsProject."""
from qgis.core import (
    QgsExpression,
    QgsExpressionContextUtils,
    QgsLayoutItemPage,
    QgsLayoutObject,
    QgsPrintLayout,
    QgsProperty,
)

from ..common import WijkatlasError
from .atlas_data import (
    VAR_COVER,
    VAR_KNELPUNTEN,
    VAR_PARTICIPATIE,
    VAR_REFERENCE,
    AtlasExpressions,
    common_year,
    detect_knelpunten,
    knelpunten_values,
    reference_values,
    to_json,
)
from .koppelkansen_atlas import add_koppelkansen
from .page_buurt import add_buurt_page
from .page_cover import add_cover_page

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
            if name and not (hasattr(name, "isNull") and name.isNull()):
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


def _set_pages(layout, orientation):
    pages = layout.pageCollection()
    ori = QgsLayoutItemPage.Orientation.Landscape if orientation == "liggend" else \
        QgsLayoutItemPage.Orientation.Portrait
    pages.page(0).setPageSize("A4", ori)
    second = QgsLayoutItemPage(layout)
    second.setPageSize("A4", ori)
    pages.addPage(second)
    # The cover is exported only with the first atlas feature, and never in one-PDF-per-buurt mode.
    pages.page(0).dataDefinedProperties().setProperty(
        QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
        QgsProperty.fromExpression(f"@{VAR_COVER} = 0 OR coalesce(@atlas_featurenumber, 1) > 1"))


def build_atlas_layout(project, buurten_layer, options, reference_layer=None, knelpunten_layer=None,
                       extra_layers=()):
    """A QgsPrintLayout (not yet added to the project) with cover + buurt page and the atlas configured.

    `options` is a validated AtlasOptions; `extra_layers` (e.g. a background map) are drawn under the buurten.
    """
    _check_layer(buurten_layer)
    if not options.title:
        options.title = default_title(buurten_layer)
    year = common_year(buurten_layer)
    knelpunten_source = detect_knelpunten(buurten_layer, knelpunten_layer)
    refs = reference_values(reference_layer, options.indicators, year)
    exprs = AtlasExpressions(buurten_layer.fields().names(), bool(refs), knelpunten_source)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(options.title or LAYOUT_NAME)
    _set_pages(layout, options.orientation)
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_COVER, 1)
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_REFERENCE, to_json(refs))
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_KNELPUNTEN, to_json(knelpunten_values(knelpunten_layer)))
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_PARTICIPATIE,
                                                to_json({str(k): str(v) for k, v in options.participatie.items()}))

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
    cover_map = add_cover_page(layout, 0, grid, buurten_layer, map_layers, options, stapeling, year, count)
    buurt_map = add_buurt_page(layout, 1, grid, buurten_layer, map_layers, exprs, options, basemap=bool(extra_layers))
    add_koppelkansen(layout, buurten_layer, cover_map, buurt_map, grid)
    return layout


def set_cover(layout, enabled):
    """Include (True) or leave out (False) the cover page and switch the page numbering accordingly."""
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_COVER, 1 if enabled else 0)
