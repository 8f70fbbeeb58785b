"""Synthetic buurten for atlas tests and the atlas benchmark: a grid of squares in EPSG:28992 with figures."""
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from wijkatlas.layers.common.catalogue import load_catalogue

ID_FIELDS = (("buurtcode", QVariant.String), ("buurtnaam", QVariant.String), ("wijkcode", QVariant.String),
             ("wijknaam", QVariant.String), ("gemeentecode", QVariant.String), ("gemeentenaam", QVariant.String),
             ("jaar", QVariant.Int))
REF_FIELDS = (("code", QVariant.String), ("naam", QVariant.String), ("niveau", QVariant.String),
              ("jaar", QVariant.Int))
COUNT_DEFAULT = 6
NULL_BUURT = 2  # index of the buurt whose figures are all NULL


def synthetic_value(ind, i):
    """A plausible, deterministic figure for buurt i (never 0), rounded to the indicator's decimals."""
    base = {"%": 10.0 + (i * 37) % 80, "x € 1.000": 150.0 + (i * 53) % 400 + 0.37,
            "kWh": 1800.0 + (i * 71) % 1500, "m³": 700.0 + (i * 97) % 900}.get(ind.unit, 800.0 + (i * 131) % 4000)
    return round(base + (i % 7) * 0.13, ind.decimals)


def _fields(id_fields, extra=()):
    fields = QgsFields()
    for name, typ in id_fields:
        fields.append(QgsField(name, typ))
    for ind in load_catalogue():
        fields.append(QgsField(ind.id, QVariant.Double))
    for name, typ in extra:
        fields.append(QgsField(name, typ))
    return fields


def _write(path, name, fields, wkb, features, append):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    if append:
        options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(path, fields, wkb, QgsCoordinateReferenceSystem("EPSG:28992"),
                                        QgsCoordinateTransformContext(), options)
    assert writer.hasError() == QgsVectorFileWriter.WriterError.NoError, writer.errorMessage()
    for feat in features:
        writer.addFeature(feat)
    del writer


def make_dossier(path, count=COUNT_DEFAULT, cols=3, size=400.0, knelpunten=False, null_index=NULL_BUURT):
    """Write a GeoPackage with `count` square buurten (layer buurten) and a referentie table; return the path."""
    extra = (("stapeling", QVariant.Int), ("toelichting", QVariant.String)) if knelpunten else ()
    fields = _fields(ID_FIELDS, extra)
    feats = []
    for i in range(count):
        x0, y0 = 120000.0 + (i % cols) * size, 486000.0 + (i // cols) * size
        feat = QgsFeature(fields)
        feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, y0, x0 + size, y0 + size)))
        wijk = i // 10
        feat["buurtcode"], feat["buurtnaam"] = f"BU0363{wijk:02d}{i % 10:02d}", buurt_name(i)
        feat["wijkcode"], feat["wijknaam"] = f"WK0363{wijk:02d}", f"Testwijk {wijk}"
        feat["gemeentecode"], feat["gemeentenaam"], feat["jaar"] = "GM0363", "Amsterdam", 2019
        for ind in load_catalogue():
            feat[ind.id] = None if i == null_index else synthetic_value(ind, i)
        if knelpunten:
            feat["stapeling"] = i % 4
            feat["toelichting"] = f"Knelpunt {i % 4} in {buurt_name(i)}: hoog aardgasverbruik." if i % 4 else ""
        feats.append(feat)
    if os.path.exists(path):
        os.remove(path)
    _write(path, "buurten", fields, QgsWkbTypes.Type.MultiPolygon, feats, False)
    ref_fields = _fields(REF_FIELDS)
    rows = []
    for code, naam, niveau, offset in (("GM0363", "Amsterdam", "gemeente", 1000), ("NL01", "Nederland", "land", 2000)):
        feat = QgsFeature(ref_fields)
        feat["code"], feat["naam"], feat["niveau"], feat["jaar"] = code, naam, niveau, 2019
        for ind in load_catalogue():
            feat[ind.id] = synthetic_value(ind, offset)
        rows.append(feat)
    _write(path, "referentie", ref_fields, QgsWkbTypes.Type.NoGeometry, rows, True)
    return path


def buurt_name(i):
    """The fixture's buurt name for index i."""
    return f"Proefbuurt {chr(65 + i % 26)}{i // 26 or ''}"


def open_layers(path):
    """(buurten, referentie) layers of a fixture GeoPackage."""
    buurten = QgsVectorLayer(f"{path}|layername=buurten", "buurten", "ogr")
    ref = QgsVectorLayer(f"{path}|layername=referentie", "referentie", "ogr")
    assert buurten.isValid() and ref.isValid()
    return buurten, ref


def make_knelpunten_layer(buurten):
    """A separate knelpunten table (buurtcode, stapeling, toelichting) as memory layer."""
    layer = QgsVectorLayer("None?field=buurtcode:string&field=stapeling:integer&field=toelichting:string",
                           "knelpunten", "memory")
    feats = []
    for i, buurt in enumerate(buurten.getFeatures()):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([buurt["buurtcode"], i % 3 + 1, f"Stapeling in {buurt['buurtnaam']}: energie en inkomen."])
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer
