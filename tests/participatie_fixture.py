"""A tiny three-buurt dossier for participation tests, and a loopback server that mimics the PDOK Locatieserver.

Buurten (EPSG:28992, squares in metres): A = BU00010001 (0..100 x 0..100), B = BU00010002 (100..200 x 0..100), both
in wijk WK000100; C = BU00010003 (0..200 x 100..200) in wijk WK000101. Offset by (120000, 480000) so they lie in NL.
"""
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from loopback import LoopbackServer
from qgis.core import QgsGeometry

OX, OY = 120000, 480000
A, B, C = "BU00010001", "BU00010002", "BU00010003"
SQUARES = {A: (0, 0, 100, 100), B: (100, 0, 200, 100), C: (0, 100, 200, 200)}
WIJK = {A: ("WK000100", "Wijk Een"), B: ("WK000100", "Wijk Een"), C: ("WK000101", "Wijk Twee")}
# Invented CBS figures per buurt: persons by age, households by type, dwellings and tenure percentages.
CBS = {
    A: {"inw_0_15": 100, "inw_15_25": 100, "inw_25_45": 400, "inw_45_65": 250, "inw_65plus": 150,
        "hh_eenpersoons": 200, "hh_zonder_kinderen": 150, "hh_met_kinderen": 150,
        "woningen": 500, "pct_koop": 40, "pct_huur": 60, "pct_corporatie": 45},
    B: {"inw_0_15": 50, "inw_15_25": 50, "inw_25_45": 200, "inw_45_65": 100, "inw_65plus": 100,
        "hh_eenpersoons": 100, "hh_zonder_kinderen": 100, "hh_met_kinderen": 50,
        "woningen": 250, "pct_koop": 20, "pct_huur": 80, "pct_corporatie": 60},
    C: {"inw_0_15": None, "inw_15_25": None, "inw_25_45": None, "inw_45_65": None, "inw_65plus": None,
        "hh_eenpersoons": None, "hh_zonder_kinderen": None, "hh_met_kinderen": None,
        "woningen": None, "pct_koop": None, "pct_huur": None, "pct_corporatie": None},
}


def rd(x, y):
    """Fixture-local coordinates to RD."""
    return OX + x, OY + y


def wkt(kind, *coords):
    """WKT in RD from fixture-local coordinates: wkt('POINT', (10, 10))."""
    pts = ", ".join(f"{OX + x} {OY + y}" for x, y in coords)
    return f"{kind}(({pts}))" if kind == "POLYGON" else f"{kind}({pts})"


def buurt_rows():
    """Rows for create_dossier."""
    rows = []
    for code, (x0, y0, x1, y1) in SQUARES.items():
        geom = QgsGeometry.fromWkt(wkt("POLYGON", (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)))
        rows.append(dict(CBS[code], buurtcode=code, buurtnaam=f"Buurt {code[-1]}", wijkcode=WIJK[code][0],
                         wijknaam=WIJK[code][1], gemeentecode="GM0001", gemeentenaam="Testgemeente", jaar=2019,
                         geometry=geom))
    return rows


def make_dossier(path):
    """A schema-2 dossier with the three buurten and no notes."""
    from wijkatlas.layers.dossier.create import create_dossier

    return create_dossier(str(path), buurt_rows(), title="Testdossier")


class FakeLocatieserver:
    """GET /free with q and fq=type:adres, postcode:..., huisnummer:...; answers in the Locatieserver format."""

    def __init__(self, addresses):
        # addresses: list of dicts with postcode, huisnummer, straat, woonplaats, x, y (RD)
        self.addresses = addresses
        self.requests = []
        self.status = 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                server.requests.append(self.path)
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                    return
                body = json.dumps(server.answer(query)).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = LoopbackServer(Handler)

    @property
    def url(self):
        """The free endpoint of this server."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/bzk/locatieserver/search/v3_1/free"

    def start(self):
        self.httpd.start()
        return self

    def stop(self):
        self.httpd.stop()

    def answer(self, query):
        """A Solr-style response with at most one doc."""
        filters = dict(f.split(":", 1) for f in query.get("fq", []) if ":" in f)
        text = " ".join(query.get("q", [""])).lower()
        docs = []
        for a in self.addresses:
            name = f"{a['straat']} {a['huisnummer']}, {a['postcode']} {a['woonplaats']}"
            if "postcode" in filters:
                hit = filters["postcode"] == a["postcode"] and filters.get("huisnummer") == str(a["huisnummer"])
            else:
                hit = text.startswith(f"{a['straat']} {a['huisnummer']}".lower())
            if hit and filters.get("type") == "adres":
                docs.append({"type": "adres", "weergavenaam": name, "id": f"adr-{a['postcode']}",
                             "centroide_rd": f"POINT({a['x']} {a['y']})", "centroide_ll": "POINT(4.9 52.36)",
                             "score": 12.5})
        return {"response": {"numFound": len(docs), "start": 0, "maxScore": 12.5 if docs else 0.0,
                             "numFoundExact": True, "docs": docs[:1]}}
