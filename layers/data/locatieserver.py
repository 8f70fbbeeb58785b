"""Geocoding addresses through the PDOK Locatieserver (free endpoint), via the Wijkatlas HTTP client and its cache."""
import re
from urllib.parse import urlencode

LOCATIESERVER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
_POINT = re.compile(r"POINT\s*\(\s*([-0-9.eE]+)\s+([-0-9.eE]+)\s*\)")
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")


def normalise_postcode(text):
    """'1091 ab' -> '1091AB'; None when it is not a Dutch postcode."""
    match = _POSTCODE.match(str(text or ""))
    return f"{match.group(1)}{match.group(2).upper()}" if match else None


def parse_point(wkt):
    """(x, y) from 'POINT(x y)'; None when absent or malformed."""
    match = _POINT.search(str(wkt or ""))
    return (float(match.group(1)), float(match.group(2))) if match else None


class Geocoder:
    """Addresses to RD points; one request per distinct address (remembered in the run and cached on disk)."""

    def __init__(self, client, base_url=LOCATIESERVER_URL):
        self.client = client
        self.base_url = base_url.rstrip("?")
        self._memo = {}

    def _url(self, query, filters):
        params = [("q", query)] + [("fq", f) for f in ["type:adres"] + filters]
        params += [("fl", "weergavenaam centroide_rd type"), ("rows", "1")]
        return f"{self.base_url}?{urlencode(params)}"

    def _lookup(self, url):
        if url not in self._memo:
            doc = self.client.get_json(url)
            docs = ((doc or {}).get("response") or {}).get("docs") or []
            hit = None
            if docs and docs[0].get("type") == "adres":
                point = parse_point(docs[0].get("centroide_rd"))
                if point:
                    hit = (point, docs[0].get("weergavenaam", ""))
            self._memo[url] = hit
        return self._memo[url]

    def postcode(self, postcode, huisnummer, toevoeging=""):
        """((x, y), weergavenaam) for postcode + huisnummer (+ toevoeging), or None when not found."""
        pc = normalise_postcode(postcode)
        number = str(huisnummer or "").strip()
        if not pc or not number.isdigit():
            return None
        query = f"{pc} {number}{(' ' + toevoeging.strip()) if toevoeging else ''}"
        return self._lookup(self._url(query, [f"postcode:{pc}", f"huisnummer:{number}"]))

    def address(self, text, woonplaats=""):
        """((x, y), weergavenaam) for a free-text address (with optional woonplaats), or None."""
        query = " ".join(p for p in (str(text or "").strip(), str(woonplaats or "").strip()) if p)
        return self._lookup(self._url(query, [])) if query else None
