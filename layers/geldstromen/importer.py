"""Importing geldstromen from CSV/XLSX: every row checked against the dossier, a Dutch report per row, all or nothing.

Nothing is written when any row has an error: a half-imported budget would show totals that are simply wrong.
Unknown partners are reported with the offer to add them; with add_partners=True they are added to the partner
register in the same write as the flows.
"""
import hashlib
import os
import re
from dataclasses import dataclass, field

from ..common import DossierError, WijkatlasCancelled
from ..participatie import append_rows, normalise_value
from ..schema import BRONNEN_BUITEN, GELD_STATUSSEN, HORIZON, INSTRUMENTEN, ZEKERHEDEN, schema_version
from .amounts import euros, parse_amount
from .context import read_context, read_flows
from .read import records

SYNONYMS = {
    "status": {"begroting": "begroot", "gepland": "begroot", "geraamd": "begroot", "toezegging": "toegezegd",
               "verplicht": "toegezegd", "besloten": "toegezegd", "uitgegeven": "besteed", "gerealiseerd": "besteed",
               "realisatie": "besteed"},
    "zekerheid": {"schatting": "geschat", "raming": "geschat", "zeker": "bekend", "exact": "bekend"},
    "instrument": {"subsidies": "subsidie", "investeringen": "investering", "beheer": "exploitatie",
                   "exploitatiekosten": "exploitatie", "uitkeringen": "uitkering", "regelingen": "regeling"},
}
LISTS = {"status": GELD_STATUSSEN, "zekerheid": ZEKERHEDEN, "instrument": INSTRUMENTEN}
OUTSIDE = {b.lower(): b for b in BRONNEN_BUITEN}


@dataclass
class GeldImportResult:
    """What an import did: rows written, the report per row, unknown partners with the rows that name them."""

    written: int = 0
    added_partners: list = field(default_factory=list)
    report: list = field(default_factory=list)          # (row, status, reason)
    unknown_partners: dict = field(default_factory=dict)  # name -> [rows]
    personal_columns: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    total_cents: int = 0

    @property
    def rejected(self):
        """Report entries of rows with an error."""
        return [r for r in self.report if r[1] == "fout"]


def parse_years(value, horizon=HORIZON):
    """(first year, last year or None, problem) from 2025, '2024-2027', '2024 t/m 2027'."""
    text = str(value if value is not None else "").strip()
    match = re.fullmatch(r"(\d{4})(?:\s*(?:-|–|t/m|tot en met|tm)\s*(\d{4}))?", text)
    if not match:
        return None, None, f"jaar '{text}' is niet te lezen (verwacht 2025 of 2024-2027)" if text else "geen jaar"
    first, last = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if last is not None and last < first:
        return None, None, f"jaren '{text}': het laatste jaar ligt vóór het eerste"
    for year in (first, last):
        if year is not None and not horizon[0] <= year <= horizon[1]:
            return None, None, f"jaar {year} ligt buiten de horizon {horizon[0]}–{horizon[1]}"
    return first, (last if last != first else None), ""


def _listed(name, value):
    text = str(value or "").strip().lower()
    if not text:
        return None, ""
    text = SYNONYMS[name].get(text, text)
    if text in LISTS[name]:
        return text, ""
    return None, f"onbekende {name} '{value}' (toegestaan: {', '.join(LISTS[name])})"


def _area(rec, ctx):
    """(niveau, code, problem): buurt, wijk or gemeente-wide (empty code or the gemeentecode)."""
    code = str(rec.get("gebiedscode") or "").strip().upper()
    niveau = str(rec.get("gebied_niveau") or "").strip().lower()
    if not code or code == ctx.gemeentecode or niveau in ("gemeente", "gemeentebreed", "hele gemeente"):
        return "gemeente", ctx.gemeentecode, ""
    if code in ctx.buurten:
        return "buurt", code, ""
    if code in ctx.wijken:
        return "wijk", code, ""
    return None, None, f"gebiedscode {code} hoort niet bij dit dossier"


def flow_id(source_name, number, rec):
    """A stable id, so that importing the same file twice adds nothing."""
    text = "|".join(str(rec.get(k, "")) for k in sorted(rec))
    return "G-" + hashlib.sha1(f"{source_name}|{number}|{text}".encode("utf-8")).hexdigest()[:10]


def check_row(number, rec, ctx, horizon, unknown):
    """(row for the dossier or None, [problems], [warnings]) for one record."""
    problems, warnings = [], []
    cents, issue = parse_amount(rec.get("bedrag"))
    if issue:
        problems.append(issue)
    van_text = str(rec.get("van") or "").strip()
    van = OUTSIDE.get(van_text.lower()) or ctx.partner_by_name(van_text)
    if not van_text:
        problems.append("geen 'van' (partner of Rijk, provincie, bewoners, fondsen)")
    elif van is None:
        unknown.setdefault(van_text, []).append(number)
        problems.append(f"onbekende partner '{van_text}' (voeg hem toe aan de partners, of kies 'onbekende partners "
                        "toevoegen')")
    naar_text = str(rec.get("naar") or "").strip()
    naar = ctx.partner_by_name(naar_text) or naar_text or None
    thema, issue = normalise_value("thema", rec.get("thema"))
    if not thema:
        problems.append(issue or "geen thema")
    niveau, code, issue = _area(rec, ctx)
    if issue:
        problems.append(issue)
    first, last, issue = parse_years(rec.get("jaar"), horizon)
    if issue:
        problems.append(issue)
    values = {}
    for name in ("status", "zekerheid", "instrument"):
        values[name], issue = _listed(name, rec.get(name))
        if issue:
            problems.append(issue)
    if not values["status"] and not any("status" in p for p in problems):
        problems.append("geen status (begroot, toegezegd of besteed)")
    measure = str(rec.get("maatregel_id") or "").strip() or None
    if measure and measure not in ctx.measures:
        problems.append(f"maatregel {measure} staat niet in het dossier")
    if problems:
        return None, problems, warnings
    row = dict(values, van=van, naar=naar, thema=thema, gebied_niveau=niveau, gebiedscode=code,
               maatregel_id=measure, bedrag=euros(cents), jaar=first, jaar_tot=last, bron=rec.get("bron") or None)
    return (row, cents), problems, warnings


def _new_partner_rows(names, ctx):
    rows, taken = [], set(ctx.partners)
    for name in sorted(names):
        pid = "PA-" + hashlib.sha1(name.lower().encode("utf-8")).hexdigest()[:8]
        while pid in taken:
            pid += "x"
        taken.add(pid)
        rows.append({"partner_id": pid, "naam": name, "partnertype": "overig", "wijkcoalitie": 0,
                     "rol": "toegevoegd bij het inlezen van geldstromen"})
        ctx.partners[pid] = rows[-1]
    return rows


def _unknown_names(recs, ctx):
    names = set()
    for _, rec in recs:
        text = str(rec.get("van") or "").strip()
        if text and text.lower() not in OUTSIDE and ctx.partner_by_name(text) is None:
            names.add(text)
    return names


def import_geldstromen(path, dossier, sheet="", add_partners=False, horizon=HORIZON, feedback=None):
    """Check every row of `path` and, only when none has an error, add all flows to `dossier` in one write.

    Returns a GeldImportResult; result.written is 0 when any row had an error (see result.report).
    """
    if schema_version(dossier) < 3:
        raise DossierError(f"{os.path.basename(path)}: het dossier heeft een oudere schemaversie; werk het eerst "
                           "bij met 'Wijkdossier bijwerken'.")
    recs, personal, ignored = records(path, sheet)
    ctx = read_context(dossier)
    new_partners = _new_partner_rows(_unknown_names(recs, ctx), ctx) if add_partners else []
    known = {f.geldstroom_id for f in read_flows(dossier)}
    result = GeldImportResult(personal_columns=personal, ignored_columns=ignored)
    source_name = os.path.basename(path)
    rows = []
    for i, (number, rec) in enumerate(recs):
        if feedback is not None:
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            feedback.setProgress(100.0 * i / max(len(recs), 1))
        checked, problems, warnings = check_row(number, rec, ctx, horizon, result.unknown_partners)
        if problems:
            result.report.append((number, "fout", "; ".join(problems)))
            continue
        row, cents = checked
        row["geldstroom_id"] = flow_id(source_name, number, rec)
        row["bron"] = row["bron"] or f"import {source_name}"
        if row["geldstroom_id"] in known:
            result.report.append((number, "overgeslagen", "al eerder ingelezen"))
            continue
        if warnings:
            result.report.append((number, "waarschuwing", "; ".join(warnings)))
        rows.append(row)
        result.total_cents += cents
    if result.rejected or not rows:
        result.total_cents = 0 if result.rejected else result.total_cents
        return result
    append_rows(dossier, {"partners": new_partners, "geldstromen": rows}, feedback)
    result.written, result.added_partners = len(rows), [p["naam"] for p in new_partners]
    return result
