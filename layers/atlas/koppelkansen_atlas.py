"""Koppelkansen in the buurtatlas: on each buurt's map, a short list on its page and a count on the cover.

The koppelkansen come from the wijkdossier the buurten layer belongs to (layer 'koppelkansen', stand 'actueel');
without them the atlas is unchanged.
"""
import os

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLayoutObject,
    QgsProperty,
    QgsRendererCategory,
    QgsRuleBasedLabeling,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from ..schema import KOPPELKANSEN_LAYER, gpkg_tables, layer_uri
from .atlas_data import quote_field, to_json
from .layout_items import add_label, text_format
from .map_styles import style_xml
from .options import Box
from .text_fit import SAFETY_MM, text_height

VAR_KANSEN = "wijkatlas_koppelkansen"
VAR_KANSEN_HEIGHT = "wijkatlas_koppelkansen_hoogte"  # mm per buurtcode, measured as the label wraps
COLOURS = {"koppelkans": "#1a9850", "conflict": "#f46d43", "breekverbod": "#a50026"}
LIST_LENGTH = 3
ORDER = {"breekverbod": 0, "conflict": 1, "koppelkans": 2}


def kansen_layer(buurten_layer):
    """The current koppelkansen of the dossier behind `buurten_layer`, or None."""
    path = buurten_layer.source().split("|", 1)[0]
    if buurten_layer.providerType() != "ogr" or not path.lower().endswith(".gpkg") or not os.path.isfile(path):
        return None
    if KOPPELKANSEN_LAYER not in gpkg_tables(path):
        return None
    options = QgsVectorLayer.LayerOptions()
    options.forceReadOnly = True
    layer = QgsVectorLayer(layer_uri(path, KOPPELKANSEN_LAYER), "Koppelkansen", "ogr", options)
    if not layer.isValid():
        return None
    layer.setSubsetString("coalesce(\"stand\", 'actueel') = 'actueel'")
    if layer.featureCount() <= 0:
        return None
    copy = layer.materialize(QgsFeatureRequest())   # a memory copy: the atlas never keeps the dossier open
    del layer
    return copy


def _short(text, room=30):
    text = str(text or "")
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def buurt_lists(layer):
    """{buurtcode: Dutch short list} and the count per kind over all buurten."""
    per_buurt, counts = {}, {}
    for feat in layer.getFeatures():
        kind = feat["soort"]
        counts[kind] = counts.get(kind, 0) + 1
        for code in str(feat["buurtcodes"] or "").split(","):
            if code.strip():
                per_buurt.setdefault(code.strip(), []).append(feat)
    texts = {}
    for code, feats in per_buurt.items():
        feats.sort(key=lambda f: (ORDER.get(f["soort"], 9), -(f["sterkte"] or 0), f["kans_id"]))
        lines = [f"Koppelkansen en conflicten ({len(feats)}):"]
        for f in feats[:LIST_LENGTH]:
            when = f["kwartalen_gedeeld"] or f"{f['kwartalen_tussen']} kw. ertussen"
            lines.append(f"• {f['soort']}: {_short(f['titel_a'])} × {_short(f['titel_b'])} ({when})")
        if len(feats) > LIST_LENGTH:
            lines.append(f"… en {len(feats) - LIST_LENGTH} meer (zie de laag Koppelkansen)")
        texts[code] = "\n".join(lines)
    return texts, counts


def _renderer():
    cats = []
    for kind, colour in COLOURS.items():
        fill = QColor(colour)
        fill.setAlphaF(0.55)
        symbol = QgsFillSymbol.createSimple({"color": fill.name(QColor.NameFormat.HexArgb), "outline_color": colour,
                                             "outline_width": "0.5", "outline_width_unit": "MM"})
        cats.append(QgsRendererCategory(kind, symbol, kind))
    return QgsCategorizedSymbolRenderer("soort", cats)


def _add_to_map(map_item, layer):
    overrides = dict(map_item.layerStyleOverrides())
    overrides[layer.id()] = style_xml(layer, _renderer(), QgsRuleBasedLabeling(QgsRuleBasedLabeling.Rule(None)))
    map_item.setLayers([layer] + list(map_item.layers()))
    map_item.setLayerStyleOverrides(overrides)


def cover_text(counts):
    """'Plannen van partners: 5 koppelkansen · 1 conflict · 1 keer breekverbod'."""
    kansen, conflicten = counts.get("koppelkans", 0), counts.get("conflict", 0)
    parts = [f"{kansen} {'koppelkans' if kansen == 1 else 'koppelkansen'}",
             f"{conflicten} {'conflict' if conflicten == 1 else 'conflicten'}"]
    if counts.get("breekverbod"):
        parts.append(f"{counts['breekverbod']} keer breekverbod")
    return "Plannen van partners: " + " · ".join(parts)


def add_koppelkansen(layout, buurten_layer, cover_map, buurt_map, grid, buurt_page=1):
    """Draw the dossier's koppelkansen on both maps, list them per buurt and count them on the cover."""
    layer = kansen_layer(buurten_layer)
    if layer is None:
        return None
    layout.project().addMapLayer(layer, False)   # the project keeps the layer alive for the export
    texts, counts = buurt_lists(layer)
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_KANSEN, to_json(texts))
    _add_to_map(buurt_map, layer)
    if cover_map is not None:
        _add_to_map(cover_map, layer)
        top = 31 if grid.width > grid.height else 32
        add_label(layout, cover_text(counts), Box(12, top, grid.width - 24, 6), 0, size=9, color="#dfe6ea",
                  item_id="Koppelkansen voorblad")
    box = grid.map
    expression = f"coalesce(map_get(json_to_map(@{VAR_KANSEN}), {quote_field('buurtcode')}), '')"
    label = add_label(layout, f"[% {expression} %]", Box(box.x + 2, box.y + 2, box.w * 0.58, 19), buurt_page, size=7,
                      item_id="Koppelkansen")
    label.setBackgroundEnabled(True)
    label.setBackgroundColor(QColor(255, 255, 255, 225))
    label.setMarginX(1.5)
    label.setMarginY(1.0)
    # The box is as high as its (wrapped) lines and left out where the buurt has no koppelkans, so it hides no more
    # of the map than it must; map labels make way for it, as for the other map furniture.
    width = box.w * 0.58
    heights = {code: round(text_height(text_format(7), text, width - 3.0) + 2.0 + SAFETY_MM, 2)
               for code, text in texts.items()}
    QgsExpressionContextUtils.setLayoutVariable(layout, VAR_KANSEN_HEIGHT, to_json(heights))
    code = quote_field("buurtcode")
    props = label.dataDefinedProperties()
    props.setProperty(QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
                      QgsProperty.fromExpression(f"map_get(json_to_map(@{VAR_KANSEN}), {code}) IS NULL"))
    props.setProperty(QgsLayoutObject.DataDefinedProperty.ItemHeight,
                      QgsProperty.fromExpression(f"coalesce(map_get(json_to_map(@{VAR_KANSEN_HEIGHT}), {code}), 5)"))
    label.setDataDefinedProperties(props)
    buurt_map.addLabelBlockingItem(label)
    return layer
