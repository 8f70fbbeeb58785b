"""Kerncijfers editions and boundaries of several years for the loopback fake.

Key sets: the REAL DataProperties of 83765NED (two releases: 2020 CSV and 2023 JSON), 84799NED (2020) and 85984NED
(2024) from shared/data/cbs_metadata; a 2022 table on the 2020 layout (the 2022 keys are unverified); and a
first-release 2025 table (86165NED) on the layout public code from 2026 cites (unverified): the per-woningtype energy
rows gone, keys renumbered, 'GemGestandaardiseerdInkomen' without 'VanHuish', and every income cell empty.
Values are synthetic and deterministic per code and key stem: tests compare joined values with what the fake served.
Boundaries: real Amsterdam polygons (2022 codes) for the OGC API years; the real PDOK WFS 2022 gemeenten of
Westfriesland and 2024 wijken (reprojected to RD); Amsterdam 2017 buurten with legacy shapefile names for the WFS.
"""
import csv
import json
import os
import re
import zlib
from functools import lru_cache

from fake_cbs_data import CROSSWALK, csv_number, statline_2017
from fake_cbs_data import gemeenten as bbox_gemeenten
from fake_cbs_pdok import CbsTable, PdokCollection
from fake_wfs import WfsYear
from osgeo import ogr, osr

META = "cbs_metadata"
NUMERIC = {"Long", "Double"}
INCOME_GROUP = "Inkomen"


def real_properties(shared, release):
    """A real DataProperties list: '2017-csv', '2017-json', '2020' or '2024'."""
    folder = os.path.join(shared, META)
    if release == "2017-csv":
        with open(os.path.join(folder, "83765NED_DataProperties.csv"), encoding="utf-8", newline="") as fh:
            props = list(csv.DictReader(fh))
        for p in props:
            for key in ("ID", "Position", "ParentID"):
                p[key] = int(p[key]) if p.get(key) not in ("", None) else None
        return props
    name = {"2017-json": "83765NED_DataProperties.json", "2020": "84799NED_DataProperties.from-parquet.json",
            "2024": "85984NED_DataProperties.json"}[release]
    with open(os.path.join(folder, name), encoding="utf-8") as fh:
        props = json.load(fh)
    for p in props:
        if "odata_type" in p:
            p["odata.type"] = p.pop("odata_type")
    return props


def stem(key):
    return re.sub(r"_\d+$", "", key or "")


def synthetic_value(code, key_stem):
    """A deterministic value 0.0-99.9 for a code and key stem."""
    return (zlib.crc32(f"{code.strip()}|{key_stem}".encode()) % 1000) / 10


def ancestors(props, prop):
    by_id = {p.get("ID"): p for p in props}
    out, parent = [], by_id.get(prop.get("ParentID"))
    while parent is not None:
        out.append((parent.get("Title") or "").strip())
        parent = by_id.get(parent.get("ParentID"))
    return out


def make_table(table_id, year, props, codes, empty_groups=()):
    """A CbsTable with TypedDataSet rows for the codes (+ GM0363, NL00); topics under empty_groups stay null."""
    topics = [p for p in props if p.get("Type") == "Topic"]
    rows = []
    for i, code in enumerate(list(codes) + ["GM0363", "NL00"]):
        row = {"ID": i, "WijkenEnBuurten": code.ljust(10)}
        for t in topics:
            if t.get("Datatype") not in NUMERIC:
                row[t["Key"]] = "Amsterdam" if stem(t["Key"]) == "Gemeentenaam" else code.ljust(10)
            elif set(ancestors(props, t)) & set(empty_groups):
                row[t["Key"]] = None
            else:
                row[t["Key"]] = synthetic_value(code, stem(t["Key"]))
        rows.append(row)
    infos = {"Identifier": table_id, "Title": f"Kerncijfers wijken en buurten {year}", "Period": str(year)}
    return CbsTable(table_id, infos["Title"], infos, props, rows)


def layout_2025(shared):
    """85984NED's key set as the 2025 table (86165NED) is cited by 2026 public code (unverified)."""
    props = [dict(p) for p in real_properties(shared, "2024")]
    drop = {p["ID"] for p in props if p.get("Type") == "Topic" and "Naar woningtype" in ancestors(props, p)
            and "Energie" in ancestors(props, p)}
    props = [p for p in props if p.get("ID") not in drop]
    position = 0
    for p in props:
        if p.get("Type") == "Topic":
            position += 1
            name = stem(p["Key"]).replace("GemGestandaardiseerdInkomenVanHuish", "GemGestandaardiseerdInkomen")
            p["Key"], p["Position"] = f"{name}_{position}", position
        if p.get("Type") == "GeoDetail":
            p["MapYear"] = 2025
    return props


@lru_cache(maxsize=2)
def amsterdam_2022(shared):
    """[(2022 buurtcode, name, wijkcode, wijknaam, GeoJSON geometry)] of the crosswalk's 439 buurten."""
    out = []
    with open(os.path.join(shared, CROSSWALK), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            geom = ogr.CreateGeometryFromWkt(row["geometrie"].split(";", 1)[1])
            code = row["BUURTCODE_CBS_2022"].strip()
            out.append((code, row["BUURTNAAM_2022"], "WK" + code[2:8], row["WIJKNAAM_2022"],
                        json.loads(geom.ExportToJson())))
    return out


def ogc_buurten(shared, year, extra_props):
    """OGC API buurten of Amsterdam in a year: 2022 codes, real polygons, extra_props(code) -> snake_case dict."""
    feats = []
    for code, name, wk, wknaam, geom in amsterdam_2022(shared):
        props = {"buurtcode": code, "buurtnaam": name, "wijkcode": wk, "wijknaam": wknaam,
                 "gemeentecode": "GM0363", "gemeentenaam": "Amsterdam", "water": "NEE", "jrstatcode": f"{year}{code}"}
        props.update(extra_props(code))
        feats.append({"type": "Feature", "id": code, "geometry": geom, "properties": dict(sorted(props.items()))})
    return feats


def _to_rd(geometry):
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromEPSG(28992)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    geom = ogr.CreateGeometryFromJson(json.dumps(geometry))
    geom.Transform(osr.CoordinateTransformation(src, dst))
    return json.loads(geom.ExportToJson())


def real_geojson_rd(shared, name):
    """Features of a real PDOK WFS GeoJSON in shared/data, geometry reprojected from CRS84 to RD, in file order."""
    with open(os.path.join(shared, name), encoding="utf-8") as fh:
        doc = json.load(fh)
    return [dict(f, geometry=_to_rd(f["geometry"])) for f in doc["features"]]


def pdok_collections(buurten=(), wijken=(), gemeenten=None, queryables=("gemeentecode", "buurtcode", "wijkcode")):
    """The collections of one OGC API year; gemeenten default to one bbox feature per gemeente of the buurten."""
    if gemeenten is None:
        gemeenten = bbox_gemeenten(list(buurten)) if buurten else []
    return {"buurten": PdokCollection(list(buurten), queryables), "wijken": PdokCollection(list(wijken), queryables),
            "gemeenten": PdokCollection(list(gemeenten), ("gemeentecode",))}


def legacy_wfs_2017(shared):
    """WFS 2017 with legacy shapefile names: Amsterdam buurten (real polygons, real 2017 AANT_INW) and a gemeente."""
    figures = statline_2017(shared)
    buurten = []
    with open(os.path.join(shared, CROSSWALK), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["BUURTCODE_CBS_2015"].strip()
            geom = json.loads(ogr.CreateGeometryFromWkt(row["geometrie"].split(";", 1)[1]).ExportToJson())
            inw = csv_number(figures.get(code, {}).get("Bevolking.Aantal.inwoners..aantal.", ""))
            buurten.append({"type": "Feature", "id": f"cbs_buurten_2017.{code}", "geometry": geom, "properties": {
                "BU_CODE": code, "BU_NAAM": row["BUURTNAAM_2015"], "WK_CODE": "WK" + code[2:8],
                "GM_CODE": "GM0363", "GM_NAAM": "Amsterdam", "WATER": "NEE",
                "AANT_INW": -99999999 if inw is None else inw}})
    ring = [[110000, 475000], [135000, 475000], [135000, 495000], [110000, 495000], [110000, 475000]]
    gemeente = {"type": "Feature", "id": "gemeenten2017.1", "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"GM_CODE": "GM0363", "GM_NAAM": "Amsterdam", "WATER": "NEE"}}
    return WfsYear({"wijkenbuurten2017:cbs_buurten_2017": buurten, "wijkenbuurten2017:gemeenten2017": [gemeente]})
