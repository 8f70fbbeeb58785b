"""Where a plan lies: the source's own geometry (any CRS), WKT, RD or lat/lon coordinates, an address or a buurtcode."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsGeometry,
    QgsPointXY,
    QgsWkbTypes,
)

from ..participatie import LATLON_BOUNDS, RD_BOUNDS, BuurtIndex, parse_number
from ..schema import CRS

KINDS = {QgsWkbTypes.GeometryType.PointGeometry: "punten", QgsWkbTypes.GeometryType.LineGeometry: "lijnen",
         QgsWkbTypes.GeometryType.PolygonGeometry: "vlakken"}
GEOS_ERRORS = {"Self-intersection": "de rand snijdt zichzelf", "Ring Self-intersection": "een ring raakt zichzelf",
               "Too few points in geometry component": "te weinig punten",
               "Nested shells": "vlakken in elkaar", "Hole lies outside shell": "gat buiten het vlak"}


class PlanPlacer:
    """Turns a row's geometry or location columns into an RD geometry inside the dossier's buurten."""

    def __init__(self, dossier, source_crs=None, geocoder=None, transform_context=None):
        self.index = BuurtIndex(dossier)
        self.geocoder = geocoder
        ctx = transform_context or QgsCoordinateTransformContext()
        rd = QgsCoordinateReferenceSystem(CRS)
        self.from_source = None
        if source_crs is not None and source_crs.isValid() and source_crs != rd:
            self.from_source = QgsCoordinateTransform(source_crs, rd, ctx)
        self.from_wgs84 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), rd, ctx)

    def place(self, geometry, rec):
        """(geometry, buurtcodes, how, problem); a problem means the row cannot be placed."""
        if geometry is not None and not geometry.isEmpty():
            geom = QgsGeometry(geometry)
            if self.from_source is not None:
                try:
                    geom.transform(self.from_source)
                except QgsCsException:
                    return None, [], "", "geometrie kan niet naar RD (EPSG:28992) worden omgezet"
            return self._checked(geom, "geometrie van de laag")
        if rec.get("wkt"):
            geom = QgsGeometry.fromWkt(rec["wkt"])
            if geom.isNull() or geom.isEmpty():
                return None, [], "", f"geometrie '{rec['wkt'][:40]}' is geen geldige WKT"
            return self._checked(geom, "WKT")
        x, y = parse_number(rec.get("x")), parse_number(rec.get("y"))
        if x is not None or y is not None:
            if x is None or y is None or not (RD_BOUNDS[0] <= x <= RD_BOUNDS[1] and RD_BOUNDS[2] <= y <= RD_BOUNDS[3]):
                return None, [], "", f"RD-coördinaten ({rec.get('x')}, {rec.get('y')}) liggen niet in Nederland"
            return self._checked(QgsGeometry.fromPointXY(QgsPointXY(x, y)), "coördinaten (RD)")
        lat, lon = parse_number(rec.get("lat")), parse_number(rec.get("lon"))
        if lat is not None or lon is not None:
            if lat is None or lon is None or not (LATLON_BOUNDS[0] <= lat <= LATLON_BOUNDS[1]
                                                  and LATLON_BOUNDS[2] <= lon <= LATLON_BOUNDS[3]):
                return None, [], "", f"lat/lon ({rec.get('lat')}, {rec.get('lon')}) ligt niet in Nederland"
            point = self.from_wgs84.transform(QgsPointXY(lon, lat))
            return self._checked(QgsGeometry.fromPointXY(point), "coördinaten (lat/lon)")
        if rec.get("postcode") or rec.get("adres"):
            return self._geocode(rec)
        code = (rec.get("buurtcode") or "").strip().upper()
        if code:
            if code not in self.index.buurten:
                return None, [], "", f"buurtcode {code} hoort niet bij dit dossier"
            return QgsGeometry(self.index.buurten[code]["geometry"]), [code], "buurtcode (hele buurt)", ""
        return None, [], "", "geen geometrie en geen plek (coördinaten, adres, postcode of buurtcode)"

    def _geocode(self, rec):
        if self.geocoder is None:
            return None, [], "", "adres opgegeven maar opzoeken in de Locatieserver staat uit"
        if rec.get("postcode"):
            hit = self.geocoder.postcode(rec["postcode"], rec.get("huisnummer"))
            what = f"postcode {rec['postcode']} {rec.get('huisnummer', '')}".strip()
        else:
            hit = self.geocoder.address(rec["adres"], rec.get("woonplaats", ""))
            what = f"adres '{rec['adres']}'"
        if hit is None:
            return None, [], "", f"{what} niet gevonden in de PDOK Locatieserver"
        (x, y), _ = hit
        return self._checked(QgsGeometry.fromPointXY(QgsPointXY(x, y)), "adres (PDOK Locatieserver)")

    def _checked(self, geom, how):
        if geom.type() not in KINDS:
            return None, [], "", "geometrietype wordt niet ondersteund (alleen punten, lijnen en vlakken)"
        geom.get().dropZValue()
        geom.get().dropMValue()
        errors = geom.validateGeometry(QgsGeometry.ValidationMethod.ValidatorGeos)
        if errors:
            what = errors[0].what()
            return None, [], "", f"ongeldige geometrie: {GEOS_ERRORS.get(what, what)} (herstel de tekening bij de bron)"
        codes = [c for c in self.index.candidates(geom) if self.index.buurten[c]["engine"].intersects(geom.constGet())]
        if not codes:
            return None, [], "", "ligt buiten de buurten van het dossier (ander coördinatenstelsel?)"
        return geom, codes, how, ""


def layer_kind(geom):
    """'punten', 'lijnen' or 'vlakken'."""
    return KINDS[geom.type()]
