"""Making a wijkroutekaart from a dossier: selection, horizon, plan, PDF and the measure × quarter table."""
import os
from datetime import date

from ..common import DossierError, WijkatlasError, plugin_version
from ..common.formatting import format_date_nl
from .canvas import text_measurer
from .layout import build_layout, export_pdf
from .model import DossierReader, read_routekaart
from .plan import make_plan
from .quarters import current_quarter, label, make_horizon, of_date, parse_quarter
from .table import table_rows, write_csv, write_xlsx

REVIEW_AFTER = 8  # quarters: the review after two years


def selection_of(dossier, wijkcode="", buurtcodes=()):
    """(set of buurtcodes or None for the whole dossier, Dutch name of the area); dossier: path or DossierReader."""
    wijkcode, buurtcodes = (wijkcode or "").strip(), [c.strip() for c in buurtcodes or () if c.strip()]
    if not wijkcode and not buurtcodes:
        return None, ""
    reader = dossier if isinstance(dossier, DossierReader) else DossierReader(dossier)
    buurten = {a["buurtcode"]: a for a, _ in reader.records("buurten", False)}
    if wijkcode:
        codes = {c for c, a in buurten.items() if a.get("wijkcode") == wijkcode}
        if not codes:
            known = sorted({a.get("wijkcode") for a in buurten.values() if a.get("wijkcode")})
            raise WijkatlasError(f"Wijk {wijkcode} staat niet in het dossier. Bekende wijken: {', '.join(known)}.")
        names = {buurten[c].get("wijknaam") for c in codes}
        return codes, f"wijk {', '.join(sorted(n for n in names if n)) or wijkcode}"
    unknown = [c for c in buurtcodes if c not in buurten]
    if unknown:
        raise WijkatlasError(f"Buurtcode(s) {', '.join(unknown)} staan niet in het dossier.")
    return set(buurtcodes), f"{len(buurtcodes)} buurt(en): {', '.join(buurten[c]['buurtnaam'] for c in buurtcodes)}"


def _today(day):
    q = of_date(day)
    start = date(day.year, (q % 4) * 3 + 1, 1)
    end = date(day.year + (1 if q % 4 == 3 else 0), ((q % 4 + 1) % 4) * 3 + 1, 1)
    return q, (day - start).days / (end - start).days


def review_quarter(data, horizon):
    """Two years after the raad adopted the wijkuitvoeringsplan (a besluitmoment), else after the horizon's start."""
    adopted = [b.quarter for b in data.besluiten if b.orgaan == "raad" and "uitvoeringsplan" in b.onderwerp.lower()]
    return (min(adopted) if adopted else horizon.first) + REVIEW_AFTER


def prepare(dossier, wijkcode="", buurtcodes=(), start=None, end=None, paper="A3", colour_by="status", title="",
            today=None):
    """(data, horizon, plan, area) of a routekaart; start/end are quarter labels or None.

    dossier: the path, or a DossierReader(path) shared by routekaarten of several wijken (read once)."""
    if paper not in ("A3", "A4"):
        raise WijkatlasError("Kies papier A3 of A4.")
    reader = dossier if isinstance(dossier, DossierReader) else DossierReader(dossier)
    if not os.path.isfile(reader.path):
        raise DossierError(f"Het wijkdossier {reader.path} bestaat niet.")
    today = today or date.today()
    selection, area = selection_of(reader, wijkcode, buurtcodes)
    data = read_routekaart(reader, selection, title)
    try:
        first = parse_quarter(start) if start else of_date(today)
        last = parse_quarter(end) if end else None
    except ValueError as err:
        raise WijkatlasError(f"Horizon: {err}.") from err
    horizon = make_horizon([m.end for m in data.measures if m.planned], first, last, today)
    plan = make_plan(data, horizon, paper, colour_by, text_measurer(), _today(today),
                     review_quarter(data, horizon))
    return data, horizon, plan, area


def texts(data, horizon, area, dossier, today, source_name=None):
    """(title, subtitle, footer) of every page; source_name names the dossier (default: the file's name)."""
    drawn = sum(1 for m in data.measures if m.planned)
    subtitle = (f"{area or 'hele dossier'} · {label(horizon.first)} t/m {label(horizon.last)} · "
                f"{drawn} van {len(data.measures)} maatregelen getekend · {len(data.besluiten)} besluitmomenten · "
                f"{len(data.koppelkansen)} koppelkansen · stand {format_date_nl(today)}")
    footer = (f"Bron: wijkdossier {source_name or os.path.basename(dossier)} "
              "(maatregelen, partners, besluitmomenten, koppelkansen)"
              + (f"; {data.sources.rstrip('.')}" if data.sources else "")
              + f". Gemaakt met Wijkatlas {plugin_version()} op {format_date_nl(today)}.")
    return data.title, subtitle, footer


def make_routekaart(dossier, out_pdf=None, out_xlsx=None, out_csv=None, wijkcode="", buurtcodes=(), start=None,
                    end=None, paper="A3", colour_by="status", title="", today=None, feedback=None, source_name=None):
    """Write the routekaart of `dossier` as PDF and/or XLSX/CSV; returns a dict with pages, counts and the plan.
    source_name: how the footer names the dossier when `dossier` is a snapshot (a PostGIS dossier's schema)."""
    today = today or date.today()
    data, horizon, plan, area = prepare(dossier, wijkcode, buurtcodes, start, end, paper, colour_by, title, today)
    if out_pdf:
        layout = build_layout(plan, paper, *texts(data, horizon, area, dossier, today, source_name))
        export_pdf(layout, out_pdf, feedback)
    if out_xlsx or out_csv:
        header, rows = table_rows(data, horizon, current_quarter(today))
        if out_csv:
            write_csv(out_csv, header, rows)
        if out_xlsx:
            write_xlsx(out_xlsx, header, rows)
    return {"pages": len(plan.pages), "measures": len(data.measures),
            "drawn": sum(1 for m in data.measures if m.planned), "besluiten": len(data.besluiten),
            "koppelkansen": len(data.koppelkansen), "horizon": (label(horizon.first), label(horizon.last)),
            "plan": plan}
