"""Writing imported plans (new or updated by the partner's own id), a new partner and the saved mapping, at once."""
import datetime
import json

from qgis.PyQt.QtCore import QDate, Qt

from ..participatie import read_layer_records
from ..schema import PLAN_LAYERS, PROFILES_TABLE, staged
from .gpkg_rows import append_rows, delete_rows


def saved_profile(path, partner_id):
    """(column mapping, category mapping) saved at an earlier import for this partner, or ({}, {})."""
    for attrs, _ in read_layer_records(path, PROFILES_TABLE):
        if attrs.get("partner_id") == partner_id:
            return json.loads(attrs.get("kolommen") or "{}"), json.loads(attrs.get("categorieen") or "{}")
    return {}, {}


def existing_plan_ids(path):
    """Every plan id already in the dossier."""
    return {a["plan_id"] for name in PLAN_LAYERS for a, _ in read_layer_records(path, name) if a.get("plan_id")}


def write_plans(path, rows_by_layer, partner_row, profile):
    """Replace plans with the same plan_id (in any plan layer) and add the rest; all or nothing."""
    ids = {row["plan_id"] for rows in rows_by_layer.values() for row in rows}
    with staged(path, copy=True) as tmp:
        for name in PLAN_LAYERS:
            delete_rows(tmp, name, "plan_id", ids)
            rows = [dict(r, bron_datum=QDate.fromString(r["bron_datum"], Qt.DateFormat.ISODate)
                         if r.get("bron_datum") else None) for r in rows_by_layer.get(name, [])]
            append_rows(tmp, name, rows)
        if partner_row is not None:
            append_rows(tmp, "partners", [partner_row])
        delete_rows(tmp, PROFILES_TABLE, "partner_id", {profile["partner_id"]})
        append_rows(tmp, PROFILES_TABLE, [dict(profile, kolommen=json.dumps(profile["kolommen"], ensure_ascii=False),
                                               categorieen=json.dumps(profile["categorieen"], ensure_ascii=False),
                                               bijgewerkt=datetime.date.today().isoformat())])
