"""Plannen importeren: a partner's list into the dossier, checked row by row, written all at once or not at all."""
import datetime
import hashlib
import os
from dataclasses import dataclass, field

from ..common import WijkatlasCancelled, WijkatlasError
from ..common import quarter_label as label
from ..participatie import read_layer_records
from ..schema import PLAN_ZEKERHEDEN as ZEKERHEDEN
from .categories import load_categories
from .dossier_plans import check_plans_dossier
from .placement import PlanPlacer, layer_kind
from .plan_source import map_columns, read_source
from .plan_store import existing_plan_ids, saved_profile, write_plans
from .quarters import parse_day, parse_start_end

CERTAINTY = {"gepland": "voorgenomen", "voornemen": "voorgenomen", "in voorbereiding": "voorgenomen",
             "concept": "idee", "verkenning": "idee", "wens": "idee", "vastgesteld": "besloten",
             "definitief": "besloten", "gegund": "besloten", "uitvoering": "in uitvoering",
             "in uitvoer": "in uitvoering", "loopt": "in uitvoering", "bezig": "in uitvoering"}


@dataclass
class PlanImport:
    """What an import did: new and updated plans, and a report line per row (number, status, reason)."""

    new: int = 0
    updated: int = 0
    report: list = field(default_factory=list)
    partner_id: str = ""
    mapping: dict = field(default_factory=dict)

    @property
    def rejected(self):
        """Report lines of rows that could not be read."""
        return [r for r in self.report if r[1] == "fout"]


def plan_id(partner_id, source_id, title, start):
    """A stable id: from the partner's own id, else from title and start."""
    basis = f"{partner_id}|id|{source_id}" if source_id else f"{partner_id}|titel|{title}|{start}"
    return "PL-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:10]


def resolve_partner(dossier, partner):
    """(partner_id, new partner row or None) for a partner id or organisation name."""
    text = (partner or "").strip()
    if not text:
        raise WijkatlasError("Kies de partner van wie de plannen zijn (id of naam uit de partnerlijst).")
    for attrs, _ in read_layer_records(dossier, "partners"):
        if text in (attrs.get("partner_id"), attrs.get("naam")):
            return attrs["partner_id"], None
    ident = "PA-" + hashlib.sha1(text.lower().encode("utf-8")).hexdigest()[:8]
    return ident, {"partner_id": ident, "naam": text, "domein": "anders", "rol": "levert plannen", "wijkcoalitie": 0}


def _certainty(text):
    key = " ".join(str(text or "").lower().split())
    if not key:
        return None, ""
    key = CERTAINTY.get(key, key)
    if key in ZEKERHEDEN:
        return key, ""
    return None, f"onbekende zekerheid '{text}' (toegestaan: {', '.join(ZEKERHEDEN)})"


def _row(number, rec, geometry, ctx):
    """(plan row or None, problems) for one source row."""
    problems = []
    title = rec.get("titel", "").strip()
    if not title:
        problems.append("geen titel")
    category, issue = ctx["categories"].resolve(rec.get("categorie"), ctx["category_map"])
    if issue:
        problems.append(issue)
    start, end, open_ended, issues = parse_start_end(rec.get("start"), rec.get("eind"))
    problems += issues
    certainty, issue = _certainty(rec.get("zekerheid"))
    if issue:
        problems.append(issue)
    geom, codes, how, issue = ctx["placer"].place(geometry, rec)
    if issue:
        problems.append(issue)
    source_id = rec.get("bron_id", "").strip()
    if source_id and source_id in ctx["seen"]:
        problems.append(f"id '{source_id}' staat ook in rij {ctx['seen'][source_id]}")
    if source_id:
        ctx["seen"].setdefault(source_id, number)
    if problems:
        return None, problems
    info_date = parse_day(rec.get("bron_datum", "")) if rec.get("bron_datum") else None
    return {"plan_id": plan_id(ctx["partner_id"], source_id, title, label(start)), "bron_id": source_id or None,
            "titel": title, "partner_id": ctx["partner_id"], "categorie": category,
            "bron_categorie": rec.get("categorie"), "omschrijving": rec.get("omschrijving") or None,
            "start_kwartaal": label(start), "eind_kwartaal": None if end is None else label(end),
            "open_einde": int(open_ended), "zekerheid": certainty, "bron": rec.get("bron") or ctx["source_name"],
            "bron_datum": info_date.isoformat() if info_date else None, "buurtcodes": ", ".join(codes),
            "plek": how, "geometry": geom}, []


def import_plannen(path, dossier, partner, columns=None, category_map=None, geocoder=None, sheet="", layer=None,
                   transform_context=None, feedback=None):
    """Read a partner's plans and write them to the dossier, all or nothing; returns a PlanImport.

    columns / category_map: {our field: their column} and {their category: ours}; empty means: use what was saved at
    the previous import of this partner. Rows with the partner's own id replace the plan imported before.
    """
    check_plans_dossier(dossier)
    partner_id, partner_row = resolve_partner(dossier, partner)
    saved_columns, saved_categories = saved_profile(dossier, partner_id)
    headers, rows, crs = read_source(path, sheet, layer)
    mapping = map_columns(headers, columns or saved_columns)
    categories_own = dict(saved_categories, **(category_map or {}))
    ctx = {"categories": load_categories(), "category_map": categories_own, "partner_id": partner_id, "seen": {},
           "placer": PlanPlacer(dossier, crs, geocoder, transform_context),
           "source_name": f"{os.path.basename(path.split('|', 1)[0]) or 'laag'}, "
                          f"ingelezen {datetime.date.today().isoformat()}"}
    result = PlanImport(partner_id=partner_id, mapping=mapping)
    by_layer = {}
    for k, (number, cells, geometry) in enumerate(rows):
        if feedback is not None:
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            feedback.setProgress(80.0 * k / max(len(rows), 1))
        rec = {ours: cells.get(theirs, "") for ours, theirs in mapping.items()}
        row, problems = _row(number, rec, geometry, ctx)
        if problems:
            result.report.append((number, "fout", "; ".join(problems)))
        else:
            by_layer.setdefault(f"plannen_{layer_kind(row['geometry'])}", []).append(row)
    if result.rejected or not by_layer:
        if not rows:
            result.report.append((0, "fout", "het bestand bevat geen plannen"))
        return result
    known = existing_plan_ids(dossier)
    ids = [r["plan_id"] for rows_ in by_layer.values() for r in rows_]
    result.updated = sum(1 for i in ids if i in known)
    result.new = len(ids) - result.updated
    write_plans(dossier, by_layer, partner_row, {"partner_id": partner_id, "kolommen": mapping,
                                                 "categorieen": categories_own})
    return result
