"""A loopback HTTP server that mimics PDOK's OGC API Features (wijken en buurten) and CBS OData v3 for tests."""
import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import fake_wfs
from loopback import LoopbackServer

RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
PDOK_PREFIX = "/pdok/wijken-en-buurten-"
MAX_LIMIT = 1000
CBS_MAX_ROWS = 10000


class PdokCollection:
    """Features of one OGC API collection, pre-serialised, with their bbox and properties for filtering."""

    def __init__(self, features, queryables=("gemeentecode", "buurtcode", "wijkcode")):
        self.queryables = list(queryables)
        self.items = []
        for feat in features:
            self.items.append((feat["properties"], _bbox(feat["geometry"]), json.dumps(feat, separators=(",", ":"))))

    def select(self, filters, bbox):
        """Serialised features matching property filters (values compared stripped) and an RD bbox."""
        out = []
        for props, fb, text in self.items:
            if any(str(props.get(k, "")).strip() != v for k, v in filters.items()):
                continue
            if bbox and (fb[0] > bbox[2] or fb[2] < bbox[0] or fb[1] > bbox[3] or fb[3] < bbox[1]):
                continue
            out.append(text)
        return out


class CbsTable:
    """One OData v3 table: TableInfos, DataProperties and TypedDataSet rows (keys padded to 10)."""

    def __init__(self, table_id, title, infos, properties, rows):
        self.table_id, self.title, self.infos, self.properties, self.rows = table_id, title, infos, properties, rows


def _bbox(geom):
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)
    walk(geom["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys))


class FakeServer:
    """Start with .start(); .base_url is http://127.0.0.1:<port>; behaviours are plain attributes."""

    def __init__(self):
        self.pdok = {}            # year -> {collection id -> PdokCollection}
        self.cbs = {}             # table id -> CbsTable
        self.catalog_ok = True
        self.fail_items = 0       # answer this many items requests with 503 + Retry-After first
        self.cut_items = 0        # answer this many items requests with 200 whose body breaks off (connection closed)
        self.retry_after = "1"
        self.fail_status = 503
        self.slow_items_s = 0.0   # delay before answering an items request
        self.loop_after_page = None  # page index whose next link points back at itself
        self.broken_page = None   # page index answered with truncated JSON
        self.page_cap = MAX_LIMIT  # the server's own maximum page size (it may return fewer than limit)
        self.cbs_page_size = None  # rows per TypedDataSet page, followed by odata.nextLink
        self.cbs_max_rows = CBS_MAX_ROWS  # more matching rows than this in one answer is an error, as at CBS
        self.slow_cbs_s = 0.0
        self.cbs_fail_over = None  # answer HTTP 500 when a TypedDataSet answer would hold more rows than this
        self.cbs_fail_on_skip = False  # answer HTTP 500 to any $skip (reported by users of the real service)
        self.wfs = {}             # year -> fake_wfs.WfsYear
        self.wfs_page_cap = fake_wfs.MAX_COUNT
        self.wfs_matched_extra = 0  # claim this many more numberMatched than served (a partial answer)
        self.requests = []        # (path?query, User-Agent)
        self.lock = threading.Lock()
        self.httpd = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def pdok_template(self):
        """The url template to pass as the algorithm's base-URL parameter."""
        return self.base_url + PDOK_PREFIX + "{jaar}/ogc/v1"

    def cbs_api(self):
        return self.base_url + "/cbs/ODataApi/odata"

    def cbs_catalog(self):
        return self.base_url + "/cbs/ODataCatalog"

    def wfs_template(self):
        return self.base_url + fake_wfs.WFS_PREFIX + "{jaar}/wfs/v1_0"

    def start(self):
        server = self

        class Handler(_Handler):
            fake = server
        self.httpd = LoopbackServer(Handler).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.stop()

    def count(self, fragment):
        """How many requests contained fragment."""
        return sum(1 for path, _ in self.requests if fragment in path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake = None

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json", headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):  # noqa: N802
        with self.fake.lock:
            self.fake.requests.append((self.path, self.headers.get("User-Agent", "")))
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if parts.path.startswith(PDOK_PREFIX):
            return self.pdok(parts.path[len(PDOK_PREFIX):], query)
        if parts.path.startswith("/cbs/"):
            return self.cbs(parts.path[len("/cbs/"):], query)
        if parts.path.startswith(fake_wfs.WFS_PREFIX):
            return fake_wfs.handle(self, self.fake, self.path[len(fake_wfs.WFS_PREFIX):])
        self.send(404, {"code": "NotFound"})

    # ---- PDOK OGC API Features -------------------------------------------------------------------------------
    def pdok(self, rest, query):
        year, _, path = rest.partition("/ogc/v1")
        collections = self.fake.pdok.get(int(year)) if year.isdigit() else None
        if collections is None:
            return self.send(404, {"code": "NotFound", "description": "unknown dataset"})
        root = f"{self.fake.base_url}{PDOK_PREFIX}{year}/ogc/v1"
        path = path.rstrip("/")
        if path == "":
            return self.send(200, {"title": f"CBS Wijken en Buurten {year}", "links": [
                {"rel": "conformance", "href": root + "/conformance?f=json", "type": "application/json"},
                {"rel": "data", "href": root + "/collections?f=json", "type": "application/json"}]})
        if path == "/conformance":
            return self.send(200, {"conformsTo": [
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"]})
        if path == "/collections":
            return self.send(200, {"collections": [self.collection_doc(root, c) for c in collections],
                                   "links": []})
        bits = path.split("/")
        if len(bits) < 3 or bits[2] not in collections:
            return self.send(404, {"code": "NotFound", "description": "unknown collection"})
        coll = collections[bits[2]]
        if len(bits) == 3:
            return self.send(200, self.collection_doc(root, bits[2]))
        if bits[3] == "queryables":
            props = {q: {"type": "string", "title": q} for q in coll.queryables}
            return self.send(200, {"type": "object", "title": bits[2], "properties": props},
                             "application/schema+json")
        if bits[3] == "items":
            return self.items(root, bits[2], coll, query)
        return self.send(404, {"code": "NotFound"})

    def collection_doc(self, root, cid):
        return {"id": cid, "title": cid, "crs": [CRS84_URI, RD_URI], "storageCrs": RD_URI,
                "links": [{"rel": "items", "type": "application/geo+json",
                           "href": f"{root}/collections/{cid}/items?f=json"}]}

    def items(self, root, cid, coll, query):
        fake = self.fake
        allowed = {"f", "limit", "crs", "bbox", "bbox-crs", "cursor"} | set(coll.queryables)
        unknown = sorted(set(query) - allowed)
        if unknown:
            return self.send(400, {"code": "Bad Request", "description": f"unknown query parameter(s): {unknown}"})
        if fake.slow_items_s:
            time.sleep(fake.slow_items_s)
        if fake.cut_items > 0:
            with fake.lock:
                fake.cut_items -= 1
            self.send_response(200)
            self.send_header("Content-Type", "application/geo+json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"type": "FeatureCollection", "features": [')
            self.close_connection = True
            return None
        if fake.fail_items > 0:
            with fake.lock:
                fake.fail_items -= 1
            return self.send(fake.fail_status, {"code": "Unavailable"}, headers={"Retry-After": fake.retry_after})
        try:
            limit = int(query.get("limit", "10"))
            bbox = [float(v) for v in query["bbox"].split(",")] if "bbox" in query else None
        except ValueError:
            return self.send(400, {"code": "Bad Request", "description": "bad limit or bbox"})
        if not 1 <= limit <= MAX_LIMIT or query.get("crs", RD_URI) not in (RD_URI, CRS84_URI):
            return self.send(400, {"code": "Bad Request", "description": "limit or crs out of range"})
        if bbox and query.get("bbox-crs") != RD_URI:
            return self.send(400, {"code": "Bad Request", "description": "fake serves RD bbox only"})
        offset = int(base64.urlsafe_b64decode(query["cursor"]).decode()) if "cursor" in query else 0
        limit = min(limit, fake.page_cap)
        page_index = offset // limit
        filters = {k: v for k, v in query.items() if k in coll.queryables}
        selected = coll.select(filters, bbox)
        page = selected[offset:offset + limit]
        self_url = f"{root}/collections/{cid}/items?{urlencode(query, quote_via=quote)}"
        links = [{"rel": "self", "type": "application/geo+json", "href": self_url}]
        if fake.loop_after_page is not None and page_index >= fake.loop_after_page:
            links.append({"rel": "next", "type": "application/geo+json", "href": self_url})
        elif offset + limit < len(selected):
            nxt = dict(query, cursor=base64.urlsafe_b64encode(str(offset + limit).encode()).decode())
            links.append({"rel": "next", "type": "application/geo+json",
                          "href": f"{root}/collections/{cid}/items?{urlencode(nxt, quote_via=quote)}"})
        body = ('{"type":"FeatureCollection","timeStamp":"2026-01-01T00:00:00Z","links":' + json.dumps(links)
                + ',"numberReturned":' + str(len(page)) + ',"features":[' + ",".join(page) + "]}").encode()
        if fake.broken_page is not None and page_index == fake.broken_page:
            body = body[: len(body) // 2]
        crs = query.get("crs", CRS84_URI)
        self.send(200, body, "application/geo+json", {"Content-Crs": f"<{crs}>"})

    # ---- CBS OData v3 ----------------------------------------------------------------------------------------
    def cbs(self, path, query):
        fake = self.fake
        if path.startswith("ODataCatalog/Tables"):
            if not fake.catalog_ok:
                return self.send(503, {"odata.error": {"message": {"value": "catalog down"}}})
            wanted = query.get("$filter", "")
            value = [{"Identifier": t.table_id, "Title": t.title, "ShortTitle": t.title}
                     for t in fake.cbs.values() if "Kerncijfers wijken en buurten" in wanted]
            return self.send(200, {"odata.metadata": "catalog", "value": value})
        bits = path.split("/")
        if len(bits) != 4 or bits[:2] != ["ODataApi", "odata"] or bits[2] not in fake.cbs:
            return self.send(404, {"odata.error": {"message": {"value": "Resource not found"}}})
        table = fake.cbs[bits[2]]
        meta = f"{fake.base_url}/cbs/ODataApi/OData/{table.table_id}/$metadata#Cbs.OData.WebAPI.{bits[3]}"
        if bits[3] == "TableInfos":
            return self.send(200, {"odata.metadata": meta, "value": [table.infos]})
        if bits[3] == "DataProperties":
            return self.send(200, {"odata.metadata": meta, "value": table.properties})
        if bits[3] != "TypedDataSet":
            return self.send(404, {"odata.error": {"message": {"value": "Resource not found"}}})
        try:
            rows = _odata_filter(table.rows, query.get("$filter", ""))
            rows = _odata_select(rows, query.get("$select", ""))
        except ValueError as err:
            return self.send(400, {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": str(err)}}})
        skip = int(query.get("$skip", "0"))
        top = int(query["$top"]) if "$top" in query else None
        rows = rows[skip:] if top is None else rows[skip:skip + top]
        if fake.slow_cbs_s:
            time.sleep(fake.slow_cbs_s)
        if (fake.cbs_fail_on_skip and skip) or (fake.cbs_fail_over is not None and len(rows) > fake.cbs_fail_over):
            return self.send(500, {"odata.error": {"message": {"value": "Internal Server Error"}}},
                             headers={"Retry-After": "0"})
        if len(rows) > fake.cbs_max_rows:
            return self.send(400, {"odata.error": {"message": {
                "value": f"De opgevraagde dataset bevat meer dan {fake.cbs_max_rows} records."}}})
        doc = {"odata.metadata": meta}
        size = fake.cbs_page_size
        if size and len(rows) > size:
            nxt = dict(query, **{"$skip": str(skip + size)})
            if top is not None:
                nxt["$top"] = str(top - size)
            doc["odata.nextLink"] = (f"{fake.base_url}/cbs/ODataApi/odata/{table.table_id}/TypedDataSet?"
                                     + urlencode(nxt, quote_via=quote))
            rows = rows[:size]
        doc["value"] = rows
        self.send(200, doc)


def _odata_filter(rows, text):
    """Rows matching 'startswith(WijkenEnBuurten,'X') or WijkenEnBuurten eq 'Y'' clauses (all the fake knows)."""
    if not text:
        return list(rows)
    prefixes, exact = [], set()
    for clause in text.split(" or "):
        clause = clause.strip().strip("()")
        if clause.startswith("startswith(WijkenEnBuurten,'") and clause.endswith("'"):
            prefixes.append(clause[len("startswith(WijkenEnBuurten,'"):-1])
        elif clause.startswith("WijkenEnBuurten eq '") and clause.endswith("'"):
            exact.add(clause[len("WijkenEnBuurten eq '"):-1])
        else:
            raise ValueError(f"Unsupported filter clause: {clause}")
    return [r for r in rows if r["WijkenEnBuurten"] in exact
            or any(r["WijkenEnBuurten"].startswith(p) for p in prefixes)]


def _odata_select(rows, text):
    if not text:
        return rows
    keys = [k.strip() for k in text.split(",")]
    known = set(rows[0]) if rows else set(keys)
    missing = [k for k in keys if k not in known]
    if missing:
        raise ValueError(f"Onbekende eigenschap(pen) in $select: {missing}")
    return [{k: r[k] for k in keys} for r in rows]
