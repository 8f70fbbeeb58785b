"""PDOK OGC API Features client for the CBS Wijk- en Buurtkaart: collections, queryables, paging, gemeente filter."""
import difflib
import re
from urllib.parse import urlencode, urljoin

from ..common import WijkatlasError, WijkatlasNetworkError, services

LEVELS = ("buurt", "wijk", "gemeente")
GM_CODE = re.compile(r"^\s*(?:GM)?\s*(\d{1,4})\s*$", re.IGNORECASE)


def gemeente_code(text):
    """'GM0363' for 'GM0363', 'gm363' or '363'; None when text is not a code."""
    match = GM_CODE.match(text or "")
    return f"GM{int(match.group(1)):04d}" if match else None


def next_link(doc):
    """The href of the rel=next link of an OGC API response, or None."""
    for link in doc.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return link["href"]
    return None


def feature_bbox(feature):
    """(minx, miny, maxx, maxy) of a GeoJSON feature's coordinates."""
    return union_bbox([feature])


def union_bbox(features):
    """(minx, miny, maxx, maxy) over all coordinates of all features: a gemeente's WHOLE geometry, every part.

    The gemeenten layer has more features than gemeenten (water and land parts share a code; 2024: 424 features
    for 342 gemeenten), so a bbox of the first feature with the code can miss most of the gemeente."""
    xs, ys = [], []
    stack = [(f.get("geometry") or {}).get("coordinates", []) for f in features]
    while stack:
        coords = stack.pop()
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            stack.extend(coords)
    if not xs:
        raise WijkatlasError("De gemeentegrens van PDOK bevat geen coördinaten.")
    return min(xs), min(ys), max(xs), max(ys)


class PdokClient:
    """One year of https://api.pdok.nl/cbs/wijken-en-buurten-<jaar>/ogc/v1 (or a mirror), through an HttpClient."""

    def __init__(self, http, base_url, feedback=None, on_page=None):
        conf = services()["pdok_ogc"]
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.feedback = feedback
        self.crs = conf["crs"]
        self.limit = int(conf["page_limit"])
        self.max_pages = int(conf["max_pages"])
        self.collection_ids = conf["collections"]
        self._queryables = {}
        self.on_page = on_page  # called with each page's feature list (e.g. to convert geometries early)

    def info(self, text):
        if self.feedback is not None:
            self.feedback.pushInfo(text)

    def collection(self, level):
        """The collection id of a level ('buurt', 'wijk', 'gemeente')."""
        return self.collection_ids[level]

    def check_collection(self, level):
        """Fail clearly when the service does not offer the collection (e.g. a year PDOK does not serve)."""
        doc = self.http.get_json(f"{self.base_url}/collections?f=json")
        ids = [c.get("id") for c in doc.get("collections", []) if isinstance(c, dict)]
        if self.collection(level) not in ids:
            raise WijkatlasError(f"De PDOK-dienst {self.base_url} biedt geen collectie '{self.collection(level)}' "
                                 f"(wel: {', '.join(map(str, ids)) or 'geen'}).")

    def queryables(self, level):
        """Property names this collection accepts as query parameters (empty when /queryables is missing)."""
        cid = self.collection(level)
        if cid not in self._queryables:
            try:
                doc = self.http.get_json(f"{self.base_url}/collections/{cid}/queryables?f=json")
                self._queryables[cid] = set((doc.get("properties") or {}).keys())
            except WijkatlasNetworkError as err:
                if err.status not in (400, 404):
                    raise
                self._queryables[cid] = set()
        return self._queryables[cid]

    def pages(self, level, params):
        """Yield the feature list of each page, following rel=next until absent; stops on a paging loop."""
        cid = self.collection(level)
        query = {"f": "json", "limit": str(self.limit), "crs": self.crs}
        query.update(params)
        url = f"{self.base_url}/collections/{cid}/items?{urlencode(query)}"
        seen = set()
        count = 0
        while url:
            if url in seen:
                raise WijkatlasNetworkError(
                    f"PDOK stuurde dezelfde vervolgpagina twee keer ({cid}); het laden is gestopt om een "
                    "eindeloze lus te voorkomen. Probeer het later opnieuw.", url)
            if len(seen) >= self.max_pages:
                raise WijkatlasNetworkError(
                    f"Meer dan {self.max_pages} pagina's van PDOK ({cid}); het laden is gestopt. Kies een "
                    "gemeente of controleer de dienst.", url)
            seen.add(url)
            doc = self.http.get_json(url)
            features = doc.get("features") if isinstance(doc, dict) else None
            if not isinstance(features, list) or doc.get("type") != "FeatureCollection":
                raise WijkatlasNetworkError(
                    f"PDOK gaf op pagina {len(seen)} geen GeoJSON-FeatureCollection ({cid}).", url, 200)
            count += len(features)
            if self.feedback is not None:
                self.feedback.setProgress(80 * (1 - 0.85 ** len(seen)))
            self.info(f"Pagina {len(seen)}: {len(features)} objecten ({count} in totaal).")
            yield features
            nxt = next_link(doc)
            url = urljoin(url, nxt) if nxt else None

    def all_features(self, level, params, convert=True):
        """Every feature of every page."""
        out = []
        for page in self.pages(level, params):
            if convert and self.on_page is not None:
                self.on_page(page)
            out.extend(page)
        return out

    def gemeenten(self):
        """(code, naam) of every gemeente in the year's gemeenten collection."""
        found = {}
        for feat in self.all_features("gemeente", {}, convert=False):
            props = feat.get("properties") or {}
            code = str(props.get("gemeentecode") or "").strip()
            if code:
                found[code] = str(props.get("gemeentenaam") or "").strip()
        return sorted(found.items())

    def resolve_gemeente(self, text):
        """The GM-code for a code or a gemeente name (case-insensitive); a clear error with suggestions otherwise."""
        code = gemeente_code(text)
        if code:
            return code
        wanted = (text or "").strip().lower()
        known = self.gemeenten()
        for code, naam in known:
            if naam.lower() == wanted:
                return code
        names = [naam for _, naam in known]
        close = difflib.get_close_matches((text or "").strip(), names, n=3, cutoff=0.6)
        hint = f" Bedoelde u: {', '.join(close)}?" if close else ""
        raise WijkatlasError(f"Gemeente '{text}' komt niet voor in de CBS Wijk- en Buurtkaart van deze "
                             f"dienst.{hint} Geef een naam of GM-code (bijv. GM0363).")

    def gemeente_filter(self, level, code):
        """Query parameters that narrow a request to one gemeente: the queryable, else the gemeente's bbox."""
        if "gemeentecode" in self.queryables(level):
            return {"gemeentecode": code}
        self.info("De dienst kent 'gemeentecode' niet als filter; er wordt op de omhullende van de gemeente "
                  "gefilterd en daarna op code.")
        if "gemeentecode" in self.queryables("gemeente"):
            gemeente = self.all_features("gemeente", {"gemeentecode": code}, convert=False)
        else:
            gemeente = self.all_features("gemeente", {}, convert=False)
        gemeente = [f for f in gemeente
                    if str((f.get("properties") or {}).get("gemeentecode") or "").strip() == code]
        if not gemeente:
            raise WijkatlasError(f"Gemeente {code} komt niet voor in de collectie gemeenten van deze dienst.")
        box = union_bbox(gemeente)
        self.info(f"Omhullende van alle {len(gemeente)} delen van {code} (land en water).")
        return {"bbox": ",".join(f"{v:.3f}" for v in box), "bbox-crs": self.crs}

    def features(self, level, gemeente=""):
        """All features of a level, for one gemeente (name or code) or, when empty, the whole country."""
        self.check_collection(level)
        params = {}
        code = None
        if (gemeente or "").strip():
            code = self.resolve_gemeente(gemeente)
            params = self.gemeente_filter(level, code)
            self.info(f"Gemeente {code}.")
        features = self.all_features(level, params)
        if code:
            features = [f for f in features
                        if str((f.get("properties") or {}).get("gemeentecode") or "").strip() == code]
        return code, features
