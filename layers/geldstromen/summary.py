"""Summing the geldstromen: every flow allocated to exactly one area (or spread over buurten to the cent), totals per
area, theme, partner, status and year, per inhabitant and per dwelling from the dossier's CBS figures.
"""
from collections import defaultdict
from dataclasses import dataclass

from .spread import largest_remainder, years_of

SPREAD_BY = {"inwoners": "inwoners", "woningen": "woningen"}
DIMENSIONS = ("totaal", "thema", "partner", "status", "jaar")
DOSSIER_NAME = "Alle wijken in het dossier"


@dataclass(frozen=True)
class Allocation:
    """The part of one flow booked on one area; spread=True when it came from a gemeente-wide flow."""

    flow: object
    niveau: str
    code: str
    cents: int
    spread: bool = False
    jaar: str = ""


def allocate(flows, ctx, spread_by=None):
    """(allocations, notes): each flow (per year of its span) on its own area, or spread over the buurten.

    The parts of a spread flow add up to the flow's amount to the cent (largest-remainder rounding on cents). A flow
    that cannot be spread (no buurt has the figure) stays on the gemeente, with a note.
    """
    allocations, notes = [], []
    codes = sorted(ctx.buurten)
    weights = [getattr(ctx.buurten[c], SPREAD_BY[spread_by]) for c in codes] if spread_by else []
    for flow in flows:
        years = years_of(flow.jaar, flow.jaar_tot)
        # A span of years is split evenly first, so every year's total is right to the cent.
        for year, cents in zip(years, largest_remainder(flow.cents, [1] * len(years))):
            if flow.gebied_niveau == "gemeente" and spread_by:
                parts = largest_remainder(cents, weights)
                if parts is not None:
                    allocations += [Allocation(flow, "buurt", c, p, True, str(year))
                                    for c, p in zip(codes, parts) if p]
                    continue
                notes.append(f"{flow.geldstroom_id}: niet gespreid, geen buurt heeft {spread_by}")
            allocations.append(Allocation(flow, flow.gebied_niveau, flow.gebiedscode or ctx.gemeentecode, cents,
                                          False, str(year)))
    return allocations, notes


def _keys(alloc, dimension, ctx):
    """(key, cents) pairs of one allocation for a dimension."""
    flow = alloc.flow
    if dimension == "totaal":
        return [("totaal", alloc.cents)]
    if dimension == "thema":
        return [(flow.thema, alloc.cents)]
    if dimension == "partner":
        return [(ctx.partner_name(flow.van), alloc.cents)]
    if dimension == "status":
        return [(flow.status or "onbekend", alloc.cents)]
    return [(alloc.jaar, alloc.cents)]


def _areas_of(alloc, ctx):
    """The areas whose totals include this allocation: the area itself, its wijk, and the whole dossier."""
    areas = [(alloc.niveau, alloc.code)]
    if alloc.niveau == "buurt":
        area = ctx.buurten.get(alloc.code)
        if area is not None and area.wijkcode:
            areas.append(("wijk", area.wijkcode))
    if alloc.niveau != "gemeente":
        areas.append(("gemeente", ctx.gemeentecode))
    return areas


class Summary:
    """Totals (cents) per (niveau, code, dimension, key); own and spread parts kept apart per area."""

    def __init__(self, flows, ctx, spread_by=None):
        self.ctx, self.flows, self.spread_by = ctx, flows, spread_by
        self.allocations, self.notes = allocate(flows, ctx, spread_by)
        self.totals = defaultdict(int)
        self.spread_part = defaultdict(int)
        self.own = defaultdict(int)          # (niveau, code) -> cents booked on the area itself
        for alloc in self.allocations:
            self.own[(alloc.niveau, alloc.code)] += alloc.cents
            for niveau, code in _areas_of(alloc, ctx):
                if alloc.spread:
                    self.spread_part[(niveau, code)] += alloc.cents
                for dimension in DIMENSIONS:
                    for key, cents in _keys(alloc, dimension, ctx):
                        self.totals[(niveau, code, dimension, key)] += cents

    def total(self, niveau, code, dimension="totaal", key="totaal"):
        """Cents of an area for one key of a dimension (0 when nothing flows there)."""
        return self.totals.get((niveau, code, dimension, key), 0)

    def keys(self, niveau, code, dimension):
        """The keys with an amount for an area and dimension, sorted."""
        return sorted(k for (n, c, d, k) in self.totals if (n, c, d) == (niveau, code, dimension))

    def area(self, niveau, code):
        """(naam, inwoners, woningen, ink_inwoner, jaar) of an area; the dossier row sums its buurten."""
        ctx = self.ctx
        if niveau == "buurt" and code in ctx.buurten or niveau == "wijk" and code in ctx.wijken:
            a = (ctx.buurten if niveau == "buurt" else ctx.wijken)[code]
            return a.naam, a.inwoners, a.woningen, a.ink_inwoner, a.jaar
        buurten = list(ctx.buurten.values())
        inwoners = None if any(b.inwoners is None for b in buurten) else sum(b.inwoners for b in buurten)
        woningen = None if any(b.woningen is None for b in buurten) else sum(b.woningen for b in buurten)
        return DOSSIER_NAME, inwoners, woningen, None, ctx.jaar_cijfers

    def per_unit(self, cents, niveau, code, unit):
        """(euros per inwoner/woning or None, reason) from the dossier's CBS figure; never 0 for a missing one."""
        naam, inwoners, woningen, _, jaar = self.area(niveau, code)
        figure = inwoners if unit == "inwoners" else woningen
        if figure is None:
            return None, f"geen CBS-cijfer {unit} voor {naam}"
        if figure <= 0:
            return None, f"{naam} heeft geen {unit} (CBS {jaar})"
        return cents / 100.0 / figure, ""

    def income(self, niveau, code):
        """(total income of the residents in euros or None, reference year, reason): inwoners × gemiddeld inkomen."""
        naam, inwoners, _, ink, jaar = self.area(niveau, code)
        if niveau == "gemeente":
            parts = [self.income("buurt", c) for c in self.ctx.buurten]
            if any(p[0] is None for p in parts):
                return None, jaar, "ontbreekt voor een of meer buurten"
            return sum(p[0] for p in parts), jaar, ""
        if inwoners is None or ink is None:
            return None, jaar, f"CBS publiceert geen gemiddeld inkomen per inwoner voor {naam}"
        return inwoners * ink * 1000.0, jaar, ""

    def area_list(self):
        """Every (niveau, code) with a total, plus every buurt and wijk of the dossier, in a stable order."""
        seen = {(n, c) for (n, c, _, _) in self.totals}
        seen |= {("buurt", c) for c in self.ctx.buurten} | {("wijk", c) for c in self.ctx.wijken}
        seen.add(("gemeente", self.ctx.gemeentecode))
        order = {"gemeente": 0, "wijk": 1, "buurt": 2}
        return sorted(seen, key=lambda nc: (order.get(nc[0], 3), nc[1]))


def summarise_flows(flows, ctx, spread_by=None):
    """A Summary of the flows over the dossier's areas; spread_by None, 'inwoners' or 'woningen'."""
    if spread_by not in (None, *SPREAD_BY):
        raise ValueError(spread_by)
    return Summary(flows, ctx, spread_by)
