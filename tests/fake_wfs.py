"""The WFS 2.0 part of the loopback fake: GetCapabilities and GetFeature (GeoJSON) as PDOK's per-year WFS serves them.

Supports typeNames (with or without namespace), count/startIndex paging with numberMatched, an FES
PropertyIsEqualTo filter (refused with HTTP 400 when the fake says the property is not filterable) and BBOX in RD.
"""
import json
import re
from urllib.parse import parse_qsl, urlsplit

WFS_PREFIX = "/wfs/"
MAX_COUNT = 1000
FILTER_RE = re.compile(r"<fes:ValueReference>([^<]+)</fes:ValueReference>\s*<fes:Literal>([^<]*)</fes:Literal>")


class WfsYear:
    """The feature types of one WFS year: {type name: [GeoJSON features in RD]} and the filterable properties."""

    def __init__(self, layers, filterable=("gemeentecode", "GM_CODE")):
        self.layers = layers
        self.filterable = set(filterable)


def capabilities(names):
    types = "".join(f"<wfs:FeatureType><wfs:Name>{n}</wfs:Name><wfs:Title>{n}</wfs:Title></wfs:FeatureType>"
                    for n in names)
    return ('<?xml version="1.0" encoding="UTF-8"?><wfs:WFS_Capabilities version="2.0.0" '
            'xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:FeatureTypeList>' + types
            + "</wfs:FeatureTypeList></wfs:WFS_Capabilities>").encode()


def _bbox(geometry):
    xs, ys, stack = [], [], [geometry["coordinates"]]
    while stack:
        c = stack.pop()
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            stack.extend(c)
    return min(xs), min(ys), max(xs), max(ys)


def handle(handler, fake, rest):
    """Answer one /wfs/<jaar>/wfs/v1_0?… request on handler (a _Handler)."""
    parts = urlsplit(rest)
    year = parts.path.split("/")[0]
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    wfs = fake.wfs.get(int(year)) if year.isdigit() else None
    if wfs is None:
        return handler.send(404, b"<ExceptionReport>unknown year</ExceptionReport>", "application/xml")
    request = query.get("request", "").lower()
    if request == "getcapabilities":
        return handler.send(200, capabilities(list(wfs.layers)), "application/xml")
    if request != "getfeature":
        return handler.send(400, b"<ExceptionReport>bad request</ExceptionReport>", "application/xml")
    name = query.get("typenames", "")
    local = {n.rpartition(":")[2]: n for n in wfs.layers}
    name = name if name in wfs.layers else local.get(name.rpartition(":")[2])
    if name is None:
        return handler.send(400, b"<ExceptionReport>unknown typeNames</ExceptionReport>", "application/xml")
    feats = wfs.layers[name]
    if "filter" in query:
        match = FILTER_RE.search(query["filter"])
        if not match or match.group(1) not in wfs.filterable:
            return handler.send(400, b"<ExceptionReport>filter not supported</ExceptionReport>", "application/xml")
        feats = [f for f in feats if str(f["properties"].get(match.group(1), "")).strip() == match.group(2)]
    if "bbox" in query:
        box = [float(v) for v in query["bbox"].split(",")[:4]]
        feats = [f for f in feats if not (lambda b: b[0] > box[2] or b[2] < box[0] or b[1] > box[3]
                                          or b[3] < box[1])(_bbox(f["geometry"]))]
    count = min(int(query.get("count", MAX_COUNT)), MAX_COUNT, fake.wfs_page_cap)
    start = int(query.get("startindex", "0"))
    page = feats[start:start + count]
    matched = len(feats) + fake.wfs_matched_extra
    body = {"type": "FeatureCollection", "numberMatched": matched, "numberReturned": len(page), "features": page}
    handler.send(200, json.dumps(body).encode(), "application/geo+json")
