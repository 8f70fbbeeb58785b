"""PDOK WFS 2.0 client for the CBS Wijk- en Buurtkaart of years without an OGC API (before 2022).

Same contract as PdokClient: features(level, gemeente) -> (GM-code, GeoJSON features) with the identification
properties under the dossier's names (buurtcode, wijknaam, gemeentecode, water …), whatever the year calls them
(camelCase 2022+, legacy shapefile names BU_CODE/GM_NAAM/WATER before); indicator properties are left as served and
matched through the catalogue's pdok_wfs and pdok_legacy aliases. Feature type names are discovered from
GetCapabilities. Paging with count/startIndex until a short page; a numberMatched larger than what arrived is an
error, never a silently partial layer. The gemeente filter is an FES PropertyIsEqualTo; when the service refuses it
(HTTP 400), the request falls back to the bbox of the gemeente's whole geometry plus a filter on code.
"""
import difflib
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

from ..common import WijkatlasError, WijkatlasNetworkError, cbs_code, services
from .pdok_client import gemeente_code, union_bbox

SOURCES = ("pdok_wfs", "pdok_legacy")
ID_ALIASES = {
    "buurtcode": ("buurtcode", "BU_CODE"), "buurtnaam": ("buurtnaam", "BU_NAAM"),
    "wijkcode": ("wijkcode", "WK_CODE"), "wijknaam": ("wijknaam", "WK_NAAM"),
    "gemeentecode": ("gemeentecode", "GM_CODE"), "gemeentenaam": ("gemeentenaam", "GM_NAAM"),
    "water": ("water", "WATER"),
}
FES = ('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo>'
       '<fes:ValueReference>{prop}</fes:ValueReference><fes:Literal>{value}</fes:Literal>'
       '</fes:PropertyIsEqualTo></fes:Filter>')


def normalise_ids(props):
    """Copy the identification properties under the dossier's names (kept when already present)."""
    for name, aliases in ID_ALIASES.items():
        if name not in props:
            for alias in aliases:
                if alias in props:
                    props[name] = props[alias]
                    break
    return props


def offered_type_names(xml_bytes):
    """Feature type names in a WFS GetCapabilities document (namespace-agnostic)."""
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError as err:
        raise WijkatlasNetworkError("De WFS gaf geen leesbare GetCapabilities (geen XML).", "", 200) from err
    names = []
    for elem in root.iter():
        if elem.tag.rpartition("}")[2] == "FeatureType":
            for child in elem:
                if child.tag.rpartition("}")[2] == "Name" and child.text:
                    names.append(child.text.strip())
    return names


def pick_type_name(candidates, offered):
    """The first candidate offered by the service (exact, or equal after the namespace prefix), else None."""
    local = {name.rpartition(":")[2].lower(): name for name in offered}
    for cand in candidates:
        if cand in offered:
            return cand
        hit = local.get(cand.rpartition(":")[2].lower())
        if hit:
            return hit
    return None


class PdokWfsClient:
    """One year of https://service.pdok.nl/cbs/wijkenbuurten/<jaar>/wfs/v1_0 (or a mirror), through an HttpClient."""

    source = SOURCES

    def __init__(self, http, url, jaar, feedback=None, on_page=None):
        conf = services()["pdok_wfs"]
        self.http, self.url, self.jaar, self.feedback = http, url.rstrip("/?"), int(jaar), feedback
        self.on_page = on_page
        self.count = int(conf["page_count"])
        self.max_pages = int(conf["max_pages"])
        self.srs = conf["srs_name"]
        self.candidates = {lvl: [c.replace("{jaar}", str(jaar)) for c in names]
                           for lvl, names in conf["type_names"].items()}
        self._offered = None

    def info(self, text):
        if self.feedback is not None:
            self.feedback.pushInfo(text)

    def _query(self, params):
        return f"{self.url}?{urlencode(dict({'service': 'WFS', 'version': '2.0.0'}, **params))}"

    def collection(self, level):
        """The feature type name of a level, discovered from GetCapabilities."""
        if self._offered is None:
            self._offered = offered_type_names(self.http.get_bytes(self._query({"request": "GetCapabilities"})))
        name = pick_type_name(self.candidates[level], self._offered)
        if name is None:
            raise WijkatlasError(f"De WFS {self.url} ({self.jaar}) biedt geen laag voor '{level}' (gezocht: "
                                 f"{', '.join(self.candidates[level])}; aangeboden: "
                                 f"{', '.join(self._offered) or 'geen'}).")
        return name

    def all_features(self, level, extra=None, convert=True):
        """Every feature of a level (optionally FILTER/BBOX), paged with count/startIndex; complete or an error."""
        type_name = self.collection(level)
        out, start, matched = [], 0, None
        for page_no in range(1, self.max_pages + 1):
            params = {"request": "GetFeature", "typeNames": type_name, "outputFormat": "application/json",
                      "srsName": self.srs, "count": str(self.count), "startIndex": str(start)}
            params.update(extra or {})
            url = self._query(params)
            doc = self.http.get_json(url)
            page = doc.get("features") if isinstance(doc, dict) else None
            if not isinstance(page, list):
                raise WijkatlasNetworkError(f"De WFS gaf op pagina {page_no} geen GeoJSON ({type_name}).", url, 200)
            if isinstance(doc.get("numberMatched"), int):
                matched = doc["numberMatched"]
            for feat in page:
                feat["properties"] = normalise_ids(feat.get("properties") or {})
            if convert and self.on_page is not None:
                self.on_page(page)
            out.extend(page)
            start += len(page)
            if self.feedback is not None:
                self.feedback.setProgress(80 * (1 - 0.85 ** page_no))
            self.info(f"WFS-pagina {page_no}: {len(page)} objecten ({len(out)} in totaal).")
            if len(page) < self.count or (matched is not None and len(out) >= matched):
                break
        else:
            raise WijkatlasNetworkError(f"Meer dan {self.max_pages} pagina's van de WFS ({type_name}); het laden "
                                        "is gestopt. Kies een gemeente.", self.url)
        if matched is not None and len(out) < matched:
            raise WijkatlasNetworkError(f"De WFS meldde {matched} objecten maar leverde er {len(out)} ({type_name});"
                                        " er is niets geschreven. Probeer het later opnieuw.", self.url, 200)
        return out

    def _code_property(self, level):
        """The service's own name of the gemeentecode property (from one feature)."""
        sample = self.http.get_json(self._query({
            "request": "GetFeature", "typeNames": self.collection(level), "outputFormat": "application/json",
            "srsName": self.srs, "count": "1"}))
        props = ((sample.get("features") or [{}])[0] or {}).get("properties") or {}
        return next((a for a in ID_ALIASES["gemeentecode"] if a in props), "gemeentecode")

    def by_gemeente(self, level, code):
        """Features of one gemeente: FES filter on the code; on HTTP 400 the bbox of all the gemeente's parts."""
        prop = self._code_property(level)
        try:
            return self.all_features(level, {"FILTER": FES.format(prop=prop, value=code)})
        except WijkatlasNetworkError as err:
            if err.status != 400:
                raise
            self.info(f"De WFS weigert een filter op '{prop}'; er wordt op de omhullende van de hele gemeente "
                      "gefilterd en daarna op code.")
        parts = [f for f in self.all_features("gemeente", convert=False)
                 if cbs_code(f["properties"].get("gemeentecode")) == code]
        if not parts:
            raise WijkatlasError(f"Gemeente {code} komt niet voor in de gemeentelaag van de WFS ({self.jaar}).")
        box = ",".join(f"{v:.3f}" for v in union_bbox(parts))
        self.info(f"Omhullende van alle {len(parts)} delen van {code} (land en water).")
        return self.all_features(level, {"BBOX": f"{box},urn:ogc:def:crs:EPSG::28992"})

    def resolve_gemeente(self, text):
        """The GM-code for a code or a gemeente name in this year's gemeentelaag."""
        code = gemeente_code(text)
        if code:
            return code
        names = {}
        for feat in self.all_features("gemeente", convert=False):
            props = feat["properties"]
            names.setdefault(cbs_code(props.get("gemeentenaam")).lower(), cbs_code(props.get("gemeentecode")))
        wanted = (text or "").strip().lower()
        if wanted in names:
            return names[wanted]
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
        hint = f" Bedoelde u: {', '.join(close)}?" if close else ""
        raise WijkatlasError(f"Gemeente '{text}' komt niet voor in de Wijk- en Buurtkaart {self.jaar} van de WFS."
                             f"{hint} Geef een naam of GM-code (bijv. GM0363).")

    def features(self, level, gemeente=""):
        """All features of a level, for one gemeente (name or code) or, when empty, the whole country."""
        code = None
        if (gemeente or "").strip():
            code = self.resolve_gemeente(gemeente)
            features = self.by_gemeente(level, code)
            features = [f for f in features if cbs_code(f["properties"].get("gemeentecode")) == code]
            self.info(f"Gemeente {code}.")
        else:
            features = self.all_features(level)
        return code, features
