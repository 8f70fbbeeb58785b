"""Fixtures for the fake PDOK/CBS server, built from the real files in ../shared/data (independent of plugin code)."""
import csv
import json
import os
from functools import lru_cache

from fake_cbs_pdok import CbsTable, PdokCollection
from osgeo import ogr

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOGUE = os.path.join(os.path.dirname(HERE), "layers", "common", "indicators.json")
STATLINE_2017 = "cbs_statline_83765NED_kwb2017_amsterdam_GM0363.csv"
CROSSWALK = "amsterdam_buurten_crosswalk_2015_2022_GM0363.csv"
WATER_CODE = "BU03639997"
NEW_CODE = "BU0363ZZ99"


def csv_number(text):
    """A StatLine CSV cell as float, None for '.', '' and 'NA' (independent of layers/values.py)."""
    text = (text or "").strip()
    if text in (".", "", "NA"):
        return None
    return float(text.replace(",", "."))


@lru_cache(maxsize=1)
def catalogue_entries():
    """The raw indicator entries of layers/common/indicators.json."""
    with open(CATALOGUE, encoding="utf-8") as fh:
        return json.load(fh)["indicators"]


@lru_cache(maxsize=2)
def statline_2017(shared):
    """Rows of the real StatLine 2017 CSV (83765NED, Amsterdam) keyed by stripped code."""
    with open(os.path.join(shared, STATLINE_2017), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["Regioaanduiding.Codering..code."].strip(): r for r in rows}


def expected_2017(shared, ind_id, code):
    """The published 2017 value of an indicator for a code, read from the CSV via the catalogue's CSV column."""
    entry = next(e for e in catalogue_entries() if e["id"] == ind_id)
    row = statline_2017(shared)[code]
    column = next(c for c in entry["sources"]["statline_csv"] if c in row)
    return csv_number(row[column])


def cbs_table_83765(shared, table_id="83765NED"):
    """Table 83765NED as OData v3 serves it: DataProperties from the real CSV, TypedDataSet from the StatLine CSV.

    StatLine CSV columns follow the topic order of DataProperties, so column i+2 holds topic i.
    """
    with open(os.path.join(shared, "cbs_odata_83765NED_DataProperties.csv"), encoding="utf-8", newline="") as fh:
        props = list(csv.DictReader(fh))
    with open(os.path.join(shared, "cbs_odata_83765NED_TableInfos.csv"), encoding="utf-8", newline="") as fh:
        infos = next(csv.DictReader(fh))
    for p in props:
        for key in ("ID", "Position", "ParentID", "Decimals", "MapYear"):
            if p.get(key, "") not in ("", None):
                p[key] = int(p[key])
            elif key in p:
                p[key] = None
        p.pop("odata.type", None)
    topics = [p for p in props if p["Type"] == "Topic"]
    with open(os.path.join(shared, STATLINE_2017), encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        data = list(reader)
    assert len(header) == len(topics) + 2, "StatLine CSV columns no longer line up with DataProperties"
    rows = []
    for i, cells in enumerate(data):
        code = cells[header.index("Regioaanduiding.Codering..code.")].strip()
        row = {"ID": i, "WijkenEnBuurten": code.ljust(10)}
        for topic, cell in zip(topics, cells[2:]):
            if topic["Datatype"] == "String":
                row[topic["Key"]] = cell.ljust(10) if topic["Key"].startswith("Codering") else cell
            else:
                value = csv_number(cell)
                if value is not None and topic["Datatype"] in ("Long", "Integer"):
                    value = int(value)
                row[topic["Key"]] = value
        rows.append(row)
    return CbsTable(table_id, infos["Title"], infos, props, rows)


def _pdok_props(entries, csv_row):
    """snake_case PDOK properties for a StatLine row: '.' becomes the PDOK sentinel -99997."""
    props = {}
    for e in entries:
        cols = [c for c in e["sources"]["statline_csv"] if c in csv_row]
        if e["sources"]["pdok_ogc"] and cols:
            value = csv_number(csv_row[cols[0]])
            props[e["sources"]["pdok_ogc"][-1]] = -99997 if value is None else value
    return props


def amsterdam_buurten(shared, jaar=2017):
    """OGC API buurt features: real 2022 polygons (RD) of Amsterdam with their 2017 codes and 2017 figures."""
    entries = catalogue_entries()
    figures = statline_2017(shared)
    features = []
    with open(os.path.join(shared, CROSSWALK), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["BUURTCODE_CBS_2015"].strip()
            geom = ogr.CreateGeometryFromWkt(row["geometrie"].split(";", 1)[1])
            props = {"buurtcode": code, "buurtnaam": row["BUURTNAAM_2015"], "wijkcode": "WK" + code[2:8],
                     "wijknaam": figures.get("WK" + code[2:8], {}).get("Wijken.en.buurten", ""),
                     "gemeentecode": "GM0363    ", "gemeentenaam": "Amsterdam", "water": "NEE",
                     "jrstatcode": f"{jaar}{code}"}
            if code in figures:
                props.update(_pdok_props(entries, figures[code]))
            features.append({"type": "Feature", "id": code, "geometry": json.loads(geom.ExportToJson()),
                             "properties": dict(sorted(props.items()))})
    water = {"type": "Polygon", "coordinates": [[[125000, 487000], [127000, 487000], [127000, 489000],
                                                 [125000, 489000], [125000, 487000]]]}
    features.append({"type": "Feature", "id": WATER_CODE, "geometry": water, "properties": {
        "buurtcode": WATER_CODE, "buurtnaam": "IJmeer", "wijkcode": "WK036399", "wijknaam": "Water",
        "gemeentecode": "GM0363", "gemeentenaam": "Amsterdam", "water": "JA", "aantal_inwoners": -99997,
        "woningvoorraad": -99995}})
    return features


def other_gemeente_buurten(count=5):
    """A few buurten of Hoorn (GM0405) far from Amsterdam, to prove the gemeente filter."""
    features = []
    for i in range(count):
        x = 130000 + i * 500
        ring = [[x, 517000], [x + 400, 517000], [x + 400, 517400], [x, 517400], [x, 517000]]
        code = f"BU0405{i:04d}"
        features.append({"type": "Feature", "id": code, "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"buurtcode": code, "buurtnaam": f"Hoorn {i}", "wijkcode": "WK040500",
                                        "wijknaam": "Hoorn centrum", "gemeentecode": "GM0405",
                                        "gemeentenaam": "Hoorn", "water": "NEE", "aantal_inwoners": 100 + i}})
    return features


def gemeenten(features):
    """One gemeente feature (bbox polygon) per gemeentecode of the buurt features."""
    boxes = {}
    for f in features:
        p = f["properties"]
        code = p["gemeentecode"].strip()
        g = ogr.CreateGeometryFromJson(json.dumps(f["geometry"])).GetEnvelope()
        old = boxes.get(code, (g[0], g[1], g[2], g[3], p["gemeentenaam"]))
        boxes[code] = (min(old[0], g[0]), max(old[1], g[1]), min(old[2], g[2]), max(old[3], g[3]), old[4])
    out = []
    for code, (x0, x1, y0, y1, name) in sorted(boxes.items()):
        ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
        out.append({"type": "Feature", "id": code, "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {"gemeentecode": code, "gemeentenaam": name, "water": "NEE"}})
    return out


def pdok_year(features, queryables=("gemeentecode", "buurtcode", "wijkcode")):
    """The collections of one year for FakeServer.pdok."""
    return {"buurten": PdokCollection(features, queryables),
            "wijken": PdokCollection([], queryables),
            "gemeenten": PdokCollection(gemeenten(features), ("gemeentecode",))}


def buurten_layer(shared, jaar=2017):
    """Amsterdam buurten with their 2017 codes (real 2022 polygons) plus one code CBS does not know."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:28992&field=buurtcode:string&field=buurtnaam:string"
                           "&field=jaar:integer", "buurten", "memory")
    feats = []
    with open(os.path.join(shared, CROSSWALK), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            f = QgsFeature(layer.fields())
            f.setAttributes([row["BUURTCODE_CBS_2015"], row["BUURTNAAM_2015"], jaar])
            f.setGeometry(QgsGeometry.fromWkt(row["geometrie"].split(";", 1)[1]))
            feats.append(f)
    f = QgsFeature(layer.fields())
    f.setAttributes([NEW_CODE, "Nieuwbouwbuurt", jaar])
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((120000 480000,120100 480000,120100 480100,120000 480000))"))
    feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer
