"""What the wijk pages show, read from a wijkdossier: the wijkcoalitie, the stories and the geldstromen per wijk."""
from collections import defaultdict
from dataclasses import dataclass, field

from ..common import format_euro, format_euro_short
from ..geldstromen import read_context, read_flows, summarise_flows
from ..schema import COALITIEROLLEN
from ..wijkverhaal import read_wijkverhalen

NO_ROLE = "zonder rol in de wijkcoalitie"


@dataclass
class WijkMoney:
    """The geldstromen of one wijk: Sankey triples, amounts per year and status, per-inhabitant comparisons."""

    triples: list = field(default_factory=list)
    per_year: dict = field(default_factory=dict)
    total_cents: int = 0
    spread_cents: int = 0
    figures: list = field(default_factory=list)   # (label, wijk text, dossier text)


def coalition(ctx):
    """[(role, [partner dicts with 'leads': [measure titles]])] in the order of COALITIEROLLEN, then the rest."""
    leads = defaultdict(list)
    for measure in ctx.measures.values():
        if measure.get("trekker"):
            leads[str(measure["trekker"])].append(str(measure.get("titel") or measure.get("maatregel_id")))
    groups = defaultdict(list)
    for pid, partner in sorted(ctx.partners.items(), key=lambda p: str(p[1].get("naam") or "")):
        role = partner.get("coalitierol") if partner.get("coalitierol") in COALITIEROLLEN else NO_ROLE
        groups[role].append(dict(partner, leads=sorted(leads.get(pid, []))))
    return [(role, groups[role]) for role in (*COALITIEROLLEN, NO_ROLE) if groups.get(role)]


def _big(value):
    return "–" if value is None else format_euro_short(value)


def _figures(summary, wijkcode, total):
    """Rows of the comparison table: wijk beside all wijken in the dossier, with reasons for empty cells."""
    ctx = summary.ctx
    all_total = summary.total("gemeente", ctx.gemeentecode)
    rows = [("Totaal", _big(total / 100), _big(all_total / 100))]
    for unit, label in (("inwoners", "Per inwoner"), ("woningen", "Per woning")):
        wijk, why = summary.per_unit(total, "wijk", wijkcode, unit)
        alle, why_all = summary.per_unit(all_total, "gemeente", ctx.gemeentecode, unit)
        rows.append((label, format_euro(wijk) if wijk is not None else f"– ({why})",
                     format_euro(alle) if alle is not None else f"– ({why_all})"))
    income, year, why = summary.income("wijk", wijkcode)
    income_all, _, why_all = summary.income("gemeente", ctx.gemeentecode)
    rows.append((f"Inkomen van de bewoners ({year or 'jaar onbekend'})",
                 _big(income) if income is not None else f"– ({why})",
                 _big(income_all) if income_all is not None else f"– ({why_all})"))
    return rows


def wijk_money(summary, wijkcode):
    """WijkMoney for one wijk from a Summary (buurt allocations of its buurten and the wijk's own flows)."""
    ctx, money = summary.ctx, WijkMoney()
    per_year = defaultdict(lambda: defaultdict(int))
    parts = [(a.flow, a.jaar, a.code if a.niveau == "buurt" else None, a.cents, False)
             for a in summary.in_wijk.get(wijkcode, ())]
    names, triples = {}, defaultdict(int)
    for flow, year, code, cents, _ in parts:
        area = ctx.buurten[code].naam if code else "hele wijk"
        if flow.van not in names:
            names[flow.van] = ctx.partner_name(flow.van)
        triples[(names[flow.van], flow.thema, area)] += cents
        per_year[year][flow.status or "onbekend"] += cents
        money.total_cents += cents
    spread_triples, spread_years = summary.spread_in_wijk(wijkcode)
    for (partner, theme, code), cents in spread_triples.items():
        triples[(partner, theme, ctx.buurten[code].naam)] += cents
        money.total_cents += cents
        money.spread_cents += cents
    for (year, status), cents in spread_years.items():
        per_year[year][status] += cents
    money.triples = [key + (cents,) for key, cents in triples.items()]
    money.per_year = {year: dict(v) for year, v in per_year.items()}
    money.figures = _figures(summary, wijkcode, money.total_cents)
    return money


def wijk_pages_data(dossier, spread_by="inwoners"):
    """(context, summary, coalition groups, stories by code) of a dossier for the wijk pages."""
    ctx = read_context(dossier)
    summary = summarise_flows(read_flows(dossier), ctx, spread_by)
    return ctx, summary, coalition(ctx), read_wijkverhalen(dossier)
