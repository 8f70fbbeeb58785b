"""Reading a partner's list of plans: a CSV/XLSX table or any vector layer QGIS reads, with the column mapping."""
import os
import re

from qgis.core import QgsVectorLayer

from ..common import WijkatlasError, is_null
from ..data import read_table

# Our name -> column headers seen in practice (compared lower-case without spaces, dots, dashes, underscores).
COLUMNS = {
    "bron_id": ("id", "bronid", "projectid", "projectnummer", "projectnr", "complexnr", "complex", "nummer", "kenmerk",
                 "objectid", "planid", "code"),
    "titel": ("titel", "naam", "projectnaam", "project", "plan", "omschrijvingkort", "name"),
    "categorie": ("categorie", "soort", "type", "discipline", "thema", "werksoort", "category"),
    "start": ("start", "begin", "startdatum", "startkwartaal", "vanaf", "van", "startjaar", "uitvoeringvanaf"),
    "eind": ("eind", "einde", "einddatum", "eindkwartaal", "tot", "totenmet", "eindjaar", "gereed", "oplevering"),
    "zekerheid": ("zekerheid", "status", "fase", "planstatus"),
    "omschrijving": ("omschrijving", "toelichting", "beschrijving", "description"),
    "bron": ("bron", "source"),
    "bron_datum": ("brondatum", "peildatum", "datuminformatie", "versiedatum", "datum"),
    "wkt": ("wkt", "geometrie", "geometry", "geom"),
    "x": ("x", "rdx", "xrd", "xcoord", "xcoordinaat"),
    "y": ("y", "rdy", "yrd", "ycoord", "ycoordinaat"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "postcode": ("postcode", "pc", "pc6"),
    "huisnummer": ("huisnummer", "huisnr", "nr"),
    "adres": ("adres", "straatenhuisnummer", "locatie", "straat"),
    "woonplaats": ("woonplaats", "plaats", "plaatsnaam"),
    "buurtcode": ("buurtcode", "bucode", "codebuurt"),
}
REQUIRED = ("titel", "categorie", "start")
VECTOR_EXTENSIONS = (".gpkg", ".shp", ".geojson", ".json", ".gml", ".kml", ".fgb", ".sqlite")


def _key(header):
    return re.sub(r"[\s._\-/]+", "", str(header or "").strip().lower())


def parse_pairs(text):
    """{'left': 'right'} from 'left=right; left2=right2' (the way mappings are typed in a parameter)."""
    out = {}
    for part in re.split(r"[;\n]", text or ""):
        if "=" in part:
            left, right = part.split("=", 1)
            if left.strip() and right.strip():
                out[left.strip()] = right.strip()
    return out


def map_columns(headers, explicit=None):
    """{our name: header} from the explicit (or saved) mapping first, then the usual column names."""
    by_key = {_key(h): h for h in headers if str(h or "").strip()}
    mapping = {}
    for ours, theirs in (explicit or {}).items():
        if ours not in COLUMNS:
            raise WijkatlasError(f"Onbekend veld '{ours}' in de kolomkoppeling; bekend: {', '.join(COLUMNS)}.")
        if _key(theirs) not in by_key:
            raise WijkatlasError(f"De kolom '{theirs}' (voor {ours}) staat niet in het bestand. Gevonden kolommen: "
                                 + ", ".join(str(h) for h in headers if h) + ".")
        mapping[ours] = by_key[_key(theirs)]
    used = set(mapping.values())
    for ours, aliases in COLUMNS.items():
        if ours in mapping:
            continue
        hit = next((by_key[a] for a in aliases if a in by_key and by_key[a] not in used), None)
        if hit is not None:
            mapping[ours] = hit
            used.add(hit)
    missing = [m for m in REQUIRED if m not in mapping]
    if missing:
        raise WijkatlasError(f"Geen kolom gevonden voor {', '.join(missing)}. Koppel ze zelf, bijvoorbeeld "
                             f"'titel=Projectnaam; categorie=Discipline; start=Startdatum'. Gevonden kolommen: "
                             + ", ".join(str(h) for h in headers if h) + ".")
    return mapping


def is_vector(path):
    """True for a source that is read as a vector layer (a GIS file or a QGIS data source URI)."""
    lowered = path.lower().split("|", 1)[0]
    return lowered.endswith(VECTOR_EXTENSIONS) or "://" in lowered or lowered.startswith(("wfs:", "url="))


def _cell(value):
    if is_null(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "toString") and hasattr(value, "isValid"):      # QDate / QDateTime from a layer
        return value.toString("yyyy-MM-dd")
    return str(value).strip()


def read_source(path, sheet="", layer=None):
    """(headers, [(row number, {header: text}, QgsGeometry or None)], CRS or None) of a table or vector layer."""
    if layer is None and is_vector(path):
        layer = QgsVectorLayer(path, os.path.basename(path), "WFS" if path.lower().startswith("url=") else "ogr")
        if not layer.isValid():
            raise WijkatlasError(f"{os.path.basename(path)} kan niet als kaartlaag worden gelezen.")
    if layer is not None:
        if layer.isSpatial() and not layer.crs().isValid():
            raise WijkatlasError("De laag heeft geen (geldig) coördinatenstelsel; stel het in QGIS in en lees "
                                 "opnieuw in. Er is niets ingelezen.")
        headers = layer.fields().names()
        rows = []
        for number, feat in enumerate(layer.getFeatures(), 1):
            cells = {h: _cell(v) for h, v in zip(headers, feat.attributes())}
            rows.append((number, cells, feat.geometry() if feat.hasGeometry() else None))
        return headers, rows, layer.crs() if layer.isSpatial() else None
    headers, table = read_table(path, sheet)
    rows = [(number, {h: _cell(cells[i]) if i < len(cells) else "" for i, h in enumerate(headers)}, None)
            for number, cells in table]
    return headers, rows, None
