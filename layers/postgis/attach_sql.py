"""The participation attach for a PostGIS dossier, done where the data is: which buurten each note and measure meets
and the parts of lines and areas per buurt are computed by PostGIS (spatial index, GEOS) in one query per layer;
only the sizes of the parts are measured here, with QGIS like the local path. The rules are those of
participatie.attach (same Links, same order), so links and summaries are identical to the local path.
"""
from qgis.core import QgsGeometry
from qgis.PyQt.QtCore import QDate

from ..common import DossierError
from ..participatie import MIN_SHARE, measure_links, note_links
from ..schema import MEASURE_LAYERS, NOTE_LAYERS
from .connect import connect
from .pg_tables import pg_schema_version, read_pg_tables

# The database finds the buurten an object meets (spatial index) and cuts the object by each; the sizes of the parts
# are measured by QGIS, exactly as the local path does, so shares are equal to the last bit.
_PARTS = """(SELECT array_agg(ARRAY[b.buurtcode, encode(ST_AsBinary(ST_Intersection(o.geom, b.geom)), 'hex')]
  ORDER BY b.buurtcode) FROM {s}.buurten b WHERE ST_Intersects(b.geom, o.geom))"""
_HITS = "(SELECT array_agg(b.buurtcode ORDER BY b.buurtcode) FROM {s}.buurten b WHERE ST_Intersects(b.geom, o.geom))"


def _value(value):
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return QDate(value.year, value.month, value.day)
    return value


def _records(cur, schema, table, geometry):
    """(attrs, kind, spatial) per object in fid order, as participatie.note_links takes them; the spatial part runs
    in SQL."""
    columns = ["fid"] + [c.name for c in table.columns]
    if geometry is None:
        spatial = "NULL"
    elif geometry == "MultiPoint":
        spatial = _HITS.format(s=schema)
    else:
        spatial = _PARTS.format(s=schema) + ", ST_AsBinary(o.geom)"
    has_geom = "o.geom IS NOT NULL" if geometry else "false"
    cur.execute(f'SELECT {", ".join(f"o.{chr(34)}{c}{chr(34)}" for c in columns)}, {has_geom}, {spatial} '
                f'FROM {schema}."{table.name}" o ORDER BY o.fid')
    for row in cur.fetchall():
        attrs = {c: _value(v) for c, v in zip(columns, row)}
        if not row[len(columns)]:
            yield attrs, None, None
        elif geometry == "MultiPoint":
            yield attrs, "point", row[len(columns) + 1] or []
        else:
            yield attrs, "area", _shares(row[-2] or [], row[-1], geometry == "MultiLineString")


def _size(wkb, line):
    geom = QgsGeometry()
    geom.fromWkb(bytes(wkb))
    return geom.length() if line else geom.area()


def _shares(parts, whole, line):
    """[(buurtcode, share)] with share >= MIN_SHARE, as BuurtIndex.shares measures them."""
    total = _size(whole, line)
    out = []
    for code, part in parts:
        share = _size(bytes.fromhex(part), line) / total if total > 0 else 0.0
        if share >= MIN_SHARE:
            out.append((code, share))
    return out


def attach_all_sql(ref, feedback=None):
    """Every note and measure of the PostGIS dossier attached to buurten: Links as participatie.attach_all gives."""
    with connect(ref) as pg, pg.cursor() as cur:
        if pg_schema_version(cur, ref.schema) < 2:
            raise DossierError("Dit dossier heeft nog geen participatie en maatregelen. Werk het dossier eerst bij.")
        tables = {t.name: t for t in read_pg_tables(cur, ref.schema)}
        cur.execute(f"SELECT buurtcode FROM {ref.schema}.buurten")
        known = {r[0] for r in cur.fetchall()}
        links = []
        layers = [(n, g, note_links) for n, g in NOTE_LAYERS.items()] + [(n, g, measure_links) for n, g in
                                                                          MEASURE_LAYERS.items()]
        for step, (name, geometry, attach) in enumerate(layers):
            if feedback is not None:
                feedback.setProgress(100.0 * step / len(layers))
            for attrs, kind, spatial in _records(cur, ref.schema, tables[name], geometry):
                links.extend(attach(name, attrs, kind, spatial, known))
        pg.rollback()  # read only
    return links


def pg_buurten(ref):
    """buurtcode -> {'geometry', 'buurtnaam', 'wijkcode', 'wijknaam'} of the PostGIS dossier (as BuurtIndex.buurten)."""
    with connect(ref) as pg, pg.cursor() as cur:
        cur.execute(f"SELECT buurtcode, ST_AsBinary(geom), buurtnaam, wijkcode, wijknaam FROM {ref.schema}.buurten "
                    "ORDER BY fid")
        rows = cur.fetchall()
        pg.rollback()
    out = {}
    for code, wkb, naam, wijkcode, wijknaam in rows:
        geom = QgsGeometry()
        if wkb is not None:
            geom.fromWkb(bytes(wkb))
        out[code] = {"geometry": geom, "buurtnaam": naam, "wijkcode": wijkcode, "wijknaam": wijknaam}
    return out
