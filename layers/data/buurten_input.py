"""Reading buurten and reference rows from QGIS layers into the dossier schema, with checks and repairs.

Nothing is dropped or reinterpreted silently: non-polygon input, a short local code instead of the CBS buurtcode, a
coordinate system that does not fit the coordinates, empty or duplicate codes and empty layers are refused in Dutch;
CBS sentinels (-99997 …) become NULL; repaired geometries and derived codes are reported in the notes.
"""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeatureRequest,
    QgsWkbTypes,
)

from ..common import DossierError, WijkatlasCancelled, cbs_number, plain
from ..schema import BUURT_ID_FIELDS, CRS, REFERENCE_ID_FIELDS, indicator_fields
from .buurtcodes import choose_code_field, clean_code, derived_codes, indicator_field_map, is_buurtcode, name_field

POLYGON = QgsWkbTypes.GeometryType.PolygonGeometry
NL_DEGREES = (2.0, 50.0, 8.0, 54.0)  # the Netherlands in longitude/latitude


def _field_map(layer_fields, wanted):
    """Schema field name -> index in the layer (case-insensitive), for the fields the layer has."""
    names = {f.name().lower(): i for i, f in enumerate(layer_fields)}
    return {f.name: names[f.name.lower()] for f in wanted if f.name.lower() in names}


def _kind(wkb_type):
    return {QgsWkbTypes.GeometryType.PointGeometry: "punten", QgsWkbTypes.GeometryType.LineGeometry: "lijnen",
            QgsWkbTypes.GeometryType.NullGeometry: "geen geometrie"}.get(QgsWkbTypes.geometryType(wkb_type),
                                                                        "geen vlakken")


def check_polygon_source(source, what="De buurtenlaag"):
    """Refuse an empty source and one whose geometry type is not polygon (points, lines, a table)."""
    if not source.featureCount():
        raise DossierError(f"{what} is leeg (geen enkele buurt).")
    if QgsWkbTypes.geometryType(source.wkbType()) != POLYGON:
        raise DossierError(f"{what} bevat {_kind(source.wkbType())}, maar buurten moeten vlakken (polygonen) zijn. "
                           "Kies de laag met de buurtgrenzen.")


def _transform(source, transform_context):
    crs = source.sourceCrs()
    if not crs.isValid():
        raise DossierError("De buurtenlaag heeft geen (geldig) coördinatenstelsel; stel het eerst in.")
    extent = source.sourceExtent()
    x0, y0, x1, y1 = NL_DEGREES
    if crs.isGeographic() and not extent.isEmpty() and (abs(extent.xMaximum()) > 180 or abs(extent.yMaximum()) > 90):
        raise DossierError(f"De buurtenlaag staat in {crs.authid()} (graden), maar de coördinaten zijn meters. Het "
                           "coördinatenstelsel van de laag klopt niet; stel het juiste in (meestal EPSG:28992).")
    if not crs.isGeographic() and x0 <= extent.xMinimum() and extent.xMaximum() <= x1 and \
            y0 <= extent.yMinimum() and extent.yMaximum() <= y1:
        raise DossierError(f"De buurtenlaag staat in {crs.authid()} (meters), maar de coördinaten zijn graden. Het "
                           "coördinatenstelsel van de laag klopt niet; stel het juiste in (meestal EPSG:4326).")
    target = QgsCoordinateReferenceSystem(CRS)
    if crs == target:
        return None
    return QgsCoordinateTransform(crs, target, transform_context or QgsCoordinateTransformContext())


def _geometry(feat, code, transform, notes):
    geom = feat.geometry()
    if geom is None or geom.isEmpty():
        raise DossierError(f"Buurt {code} heeft geen geometrie.")
    if geom.type() != POLYGON:
        raise DossierError(f"Buurt {code} is geen vlak maar {_kind(geom.wkbType())}; buurten moeten polygonen zijn.")
    if transform is not None:
        try:
            geom.transform(transform)
        except QgsCsException as err:
            raise DossierError(f"De geometrie van buurt {code} kan niet naar RD New worden omgezet; klopt het "
                               "coördinatenstelsel van de laag?", details=str(err)) from err
    if not geom.isGeosValid():
        geom = geom.makeValid()
        notes.append(f"Geometrie van {code} was ongeldig en is gerepareerd.")
    return geom


def buurten_rows_from_layer(source, transform_context=None, feedback=None, code_field=""):
    """Rows for the dossier's buurten layer from a polygon source; returns (rows, notes).

    code_field: the field with the CBS buurtcode; empty = the field whose values are valid CBS codes.
    """
    check_polygon_source(source)
    fields = source.fields()
    features = list(source.getFeatures(QgsFeatureRequest()))
    if not features:
        raise DossierError("De buurtenlaag is leeg.")
    code_name = choose_code_field(fields.names(), [f.attributes() for f in features], code_field)
    code_idx = fields.indexOf(code_name)
    mapping = _field_map(fields, BUURT_ID_FIELDS[1:])
    mapping.pop("buurtnaam", None)
    naam = name_field(fields.names(), code_name)
    indicators = {k: fields.indexOf(v) for k, v in indicator_field_map(fields.names()).items()}
    transform = _transform(source, transform_context)
    notes = [f"Buurtcode uit veld '{code_name}'" + (f", namen uit '{naam}'." if naam else "; geen veld met namen.")]
    renamed = sorted(f"{v} → {k}" for k, v in indicator_field_map(fields.names()).items() if k != v)
    if renamed:
        notes.append("Velden herkend via de indicatorencatalogus: " + ", ".join(renamed) + ".")
    rows, missing, invalid, seen, dupes, sentinels = [], [], [], set(), set(), 0
    for n, feat in enumerate(features):
        if feedback is not None and feedback.isCanceled():
            raise WijkatlasCancelled()
        code = clean_code(feat[code_idx])
        if not code:
            missing.append(str(feat.id()))
            continue
        if not is_buurtcode(code):
            invalid.append(code)
        if code in seen:
            dupes.add(code)
        seen.add(code)
        row = {name: plain(feat[idx]) for name, idx in mapping.items()}
        for ind_id, idx in indicators.items():
            raw = plain(feat[idx])
            row[ind_id] = cbs_number(raw)
            sentinels += raw is not None and row[ind_id] is None
        for key, value in derived_codes(code).items():
            if not row.get(key):
                row[key] = value
        row.update(buurtcode=code, buurtnaam=plain(feat[naam]) if naam else None,
                   geometry=_geometry(feat, code, transform, notes))
        rows.append(row)
        if feedback is not None:
            feedback.setProgress(100.0 * (n + 1) / len(features))
    if missing:
        raise DossierError(f"{len(missing)} buurten hebben geen buurtcode (feature-id's: "
                           f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}).")
    if dupes:
        raise DossierError(f"Buurtcodes komen dubbel voor: {', '.join(sorted(dupes)[:10])}. Elke buurt mag één "
                           "keer voorkomen; voeg delen samen (bijv. met 'Samensmelten') of verwijder de dubbele.")
    if invalid:
        notes.append(f"{len(invalid)} codes zijn geen geldige CBS-buurtcode en koppelen niet aan CBS-cijfers: "
                     f"{', '.join(invalid[:10])}{' …' if len(invalid) > 10 else ''}.")
    if sentinels:
        notes.append(f"{sentinels} waarden waren geen cijfer of een CBS-code voor geheim/onbekend (-99997 …) en "
                     "zijn leeg (NULL) gemaakt, niet 0.")
    return rows, notes


def reference_rows_from_layer(table):
    """Rows for the dossier's referentie table from a table with the same field names (sentinels become NULL)."""
    if table is None:
        return []
    mapping = _field_map(table.fields(), REFERENCE_ID_FIELDS)
    if "code" not in mapping:
        raise DossierError("De referentietabel heeft geen veld 'code'.")
    indicators = {k: table.fields().indexOf(v) for k, v in indicator_field_map(table.fields().names()).items()}
    known = {f.name for f in indicator_fields()}
    rows = []
    for feat in table.getFeatures():
        row = {name: plain(feat[idx]) for name, idx in mapping.items()}
        row.update({k: cbs_number(plain(feat[idx])) for k, idx in indicators.items() if k in known})
        rows.append(row)
    return rows
