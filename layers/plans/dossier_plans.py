"""Reading plans and measures from a wijkdossier as search input, and writing the koppelkansen back all at once."""
import datetime
import os

from qgis.core import QgsGeometry
from shapely import wkb

from ..common import DossierError
from ..participatie import read_layer_records
from ..schema import KOPPELKANSEN_LAYER, MEASURE_LAYERS, PLAN_LAYERS, schema_version, staged
from .gpkg_rows import append_rows, delete_rows
from .quarters import parse_period


def check_plans_dossier(path):
    """Refuse a dossier older than schema version 3 with a Dutch hint."""
    if schema_version(path) < 3:
        raise DossierError(f"{os.path.basename(path)} heeft nog geen plannen en koppelkansen (schemaversie "
                           f"{schema_version(path)}). Werk het dossier eerst bij met 'Wijkdossier bijwerken'.")


def to_shapely(geom):
    """A shapely geometry from a QgsGeometry."""
    return wkb.loads(bytes(geom.asWkb()))


def to_qgs(geom):
    """A QgsGeometry from a shapely geometry."""
    out = QgsGeometry()
    out.fromWkb(geom.wkb)
    return out


def partner_names(path):
    """{partner_id: organisation name} from the partners table."""
    return {a["partner_id"]: a.get("naam") or a["partner_id"] for a, _ in read_layer_records(path, "partners")
            if a.get("partner_id")}


def _quarter(text, last):
    period = parse_period(text) if text else None
    return None if period is None else period[1 if last else 0]


def search_input(path, categories, with_measures=True):
    """(plans as search dicts, number of measures left out) from the plan layers and the measure layers."""
    names = partner_names(path)
    plans, skipped = [], 0
    for name in PLAN_LAYERS:
        for attrs, geom in read_layer_records(path, name):
            if geom is None or geom.isEmpty() or attrs.get("categorie") not in categories.names:
                skipped += 1
                continue
            plans.append(_entry(attrs["plan_id"], attrs, geom, names, attrs["categorie"], attrs.get("partner_id"),
                                attrs.get("start_kwartaal"), attrs.get("eind_kwartaal")))
    for name, kind in MEASURE_LAYERS.items():
        if not with_measures or kind is None:
            continue
        for attrs, geom in read_layer_records(path, name):
            category = categories.measure_category(attrs.get("thema"), attrs.get("soort"))
            if geom is None or geom.isEmpty() or category is None or _quarter(attrs.get("start_kwartaal"), 0) is None:
                skipped += 1
                continue
            plans.append(_entry(attrs["maatregel_id"], attrs, geom, names, category,
                                attrs.get("trekker") or "wijkaanpak", attrs.get("start_kwartaal"),
                                attrs.get("eind_kwartaal")))
    return [p for p in plans if p["start"] is not None], skipped


def _entry(ident, attrs, geom, names, category, partner, start, end):
    return {"plan_id": ident, "titel": attrs.get("titel") or ident, "partner_id": partner or "onbekend",
            "partner_naam": names.get(partner, partner or "onbekende partner"), "categorie": category,
            "start": _quarter(start, False), "end": _quarter(end, True), "geometry": to_shapely(geom)}


def buurt_shapes(path):
    """[(buurtcode, shapely polygon)] of the dossier's buurten."""
    return [(a["buurtcode"], to_shapely(g)) for a, g in read_layer_records(path, "buurten") if g is not None]


def write_kansen(path, rows, today=None):
    """Replace the koppelkansen in the dossier, keeping status and reason of pairs that still exist.

    Pairs that vanished stay with stand 'verdwenen'. Returns (new ids, kept ids, vanished ids).
    """
    today = (today or datetime.date.today()).isoformat()
    old = {a["kans_id"]: (a, g) for a, g in read_layer_records(path, KOPPELKANSEN_LAYER)}
    found = {row["kans_id"] for row in rows}
    out, new, kept = [], [], []
    for row in rows:
        previous = old.get(row["kans_id"], ({}, None))[0]
        (kept if previous else new).append(row["kans_id"])
        out.append(dict(row, status=previous.get("status") or "nieuw", reden=previous.get("reden"), stand="actueel",
                        eerst_gevonden=previous.get("eerst_gevonden") or today, laatst_gevonden=today,
                        geometry=to_qgs(row["geometry"])))
    vanished = sorted(k for k in old if k not in found)
    out += [dict(old[k][0], stand="verdwenen", geometry=old[k][1]) for k in vanished]
    with staged(path, copy=True) as tmp:
        delete_rows(tmp, KOPPELKANSEN_LAYER)
        append_rows(tmp, KOPPELKANSEN_LAYER, out)
    return sorted(new), sorted(kept), [v for v in vanished if old[v][0].get("stand") != "verdwenen"]
