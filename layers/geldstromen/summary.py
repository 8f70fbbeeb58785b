"""Summing the geldstromen: every flow allocated to exactly one area (or spread over buurten to the cent), totals per
area, theme, partner, status and year, per inhabitant and per dwelling from the dossier's CBS figures.
"""
from collections import defaultdict
from typing import NamedTuple

import numpy

from .spread import exact_weights, largest_remainder, years_of

SPREAD_BY = {"inwoners": "inwoners", "woningen": "woningen"}
DIMENSIONS = ("totaal", "thema", "partner", "status", "jaar")
DOSSIER_NAME = "Alle wijken in het dossier"


class Allocation(NamedTuple):
    """The part of one flow booked on one area; spread=True when it came from a gemeente-wide flow."""

    flow: object
    niveau: str
    code: str
    cents: int
    spread: bool = False
    jaar: str = ""


def allocate(flows, ctx, spread_by=None):
    """(allocations, spread groups, notes): each flow (per year of its span) on its own area, or spread.

    The parts of a spread flow add up to the flow's amount to the cent (largest-remainder rounding on cents). A flow
    that cannot be spread (no buurt has the figure) stays on the gemeente, with a note. A spread flow-year is one
    allocation (niveau 'gespreid') plus a group (flow, year, parts in the order of the sorted buurtcodes).
    """
    allocations, groups, notes = [], [], []
    codes = sorted(ctx.buurten)
    weights = exact_weights([getattr(ctx.buurten[c], SPREAD_BY[spread_by]) for c in codes]) if spread_by else []
    for flow in flows:
        years = years_of(flow.jaar, flow.jaar_tot)
        # A span of years is split evenly first, so every year's total is right to the cent.
        for year, cents in zip(years, largest_remainder(flow.cents, [1] * len(years), exact=True)):
            if flow.gebied_niveau == "gemeente" and spread_by:
                parts = largest_remainder(cents, weights, exact=True)
                if parts is not None:
                    groups.append((flow, str(year), parts))
                    allocations.append(Allocation(flow, "gespreid", spread_by, cents, True, str(year)))
                    continue
                notes.append(f"{flow.geldstroom_id}: niet gespreid, geen buurt heeft {spread_by}")
            allocations.append(Allocation(flow, flow.gebied_niveau, flow.gebiedscode or ctx.gemeentecode, cents,
                                          False, str(year)))
    return allocations, groups, notes


def _keys(flow, year, ctx):
    """The (dimension, key) pairs a flow's amount in one year counts under: totaal, thema, partner, status, jaar."""
    return (("totaal", "totaal"), ("thema", flow.thema), ("partner", ctx.partner_name(flow.van)),
            ("status", flow.status or "onbekend"), ("jaar", year))


class Summary:
    """Totals (cents) per (niveau, code, dimension, key); own and spread parts kept apart per area."""

    def __init__(self, flows, ctx, spread_by=None):
        self.ctx, self.flows, self.spread_by = ctx, flows, spread_by
        self.allocations, groups, self.notes = allocate(flows, ctx, spread_by)
        self.totals = defaultdict(int)
        self.spread_part = defaultdict(int)
        self.own = defaultdict(int)          # (niveau, code) -> cents booked on the area itself
        self.in_wijk = defaultdict(list)     # wijkcode -> own allocations on the wijk or one of its buurten
        totals, cache = self.totals, {}
        wijk_of = {code: area.wijkcode for code, area in ctx.buurten.items()}
        dossier = ("gemeente", ctx.gemeentecode)
        for alloc in self.allocations:
            if alloc.spread:   # summed per group below, with vectors over the buurten
                continue
            area = (alloc.niveau, alloc.code)
            self.own[area] += alloc.cents
            keys = cache.get((id(alloc.flow), alloc.jaar))
            if keys is None:
                keys = cache[(id(alloc.flow), alloc.jaar)] = _keys(alloc.flow, alloc.jaar, ctx)
            areas = [area]
            wijk = wijk_of.get(alloc.code) if alloc.niveau == "buurt" else alloc.code if alloc.niveau == "wijk" \
                else None
            if wijk:
                self.in_wijk[wijk].append(alloc)
                if alloc.niveau == "buurt":
                    areas.append(("wijk", wijk))
            if alloc.niveau != "gemeente":
                areas.append(dossier)
            for niveau, code in areas:
                for dimension, key in keys:
                    totals[(niveau, code, dimension, key)] += alloc.cents
        self.groups, self._matrix = groups, None
        self._add_spread(groups, dossier)
        self._keys = defaultdict(set)
        for niveau, code, dimension, key in totals:
            self._keys[(niveau, code, dimension)].add(key)

    def _add_spread(self, groups, dossier):
        """Add the spread groups: one int64 vector over the buurten per (dimension, key), summed to wijk and dossier."""
        if not groups:
            return
        ctx = self.ctx
        codes = sorted(ctx.buurten)
        wijken = sorted({ctx.buurten[c].wijkcode for c in codes})
        wijk_index = numpy.array([wijken.index(ctx.buurten[c].wijkcode) for c in codes], dtype=numpy.int64)
        vectors = {}
        for flow, year, parts in groups:
            vec = numpy.array(parts, dtype=numpy.int64)
            for pair in _keys(flow, year, ctx):
                if pair in vectors:
                    vectors[pair] += vec
                else:
                    vectors[pair] = vec.copy()
        for (dimension, key), vec in vectors.items():
            per_wijk = numpy.zeros(len(wijken), dtype=numpy.int64)
            numpy.add.at(per_wijk, wijk_index, vec)
            areas = [(("buurt", codes[i]), int(vec[i])) for i in numpy.flatnonzero(vec)]
            areas += [(("wijk", wijken[j]), int(per_wijk[j])) for j in numpy.flatnonzero(per_wijk) if wijken[j]]
            areas.append((dossier, int(vec.sum())))
            for area, cents in areas:
                self.totals[area + (dimension, key)] += cents
                if (dimension, key) == ("totaal", "totaal"):
                    self.spread_part[area] += cents
                    if area[0] == "buurt":
                        self.own[area] += cents

    def spread_parts(self, wijkcode=None):
        """[(flow, year, buurtcode, cents)] of the spread groups, optionally only for the buurten of one wijk."""
        if not self.groups:
            return []
        codes = sorted(self.ctx.buurten)
        picked = [i for i, c in enumerate(codes) if wijkcode is None or self.ctx.buurten[c].wijkcode == wijkcode]
        if self._matrix is None:
            self._matrix = numpy.array([parts for _, _, parts in self.groups], dtype=numpy.int64)
        sub = self._matrix[:, picked]
        return [(self.groups[g][0], self.groups[g][1], codes[picked[j]], int(sub[g, j]))
                for g, j in zip(*numpy.nonzero(sub))]

    def spread_in_wijk(self, wijkcode):
        """Spread cents on the buurten of a wijk: ({(partner, theme, buurtcode): cents}, {(year, status): cents}).

        Summed with numpy per group attribute, so a page per wijk stays fast with thousands of spread flow-years.
        """
        if not self.groups:
            return {}, {}
        codes = sorted(self.ctx.buurten)
        picked = [i for i, c in enumerate(codes) if self.ctx.buurten[c].wijkcode == wijkcode]
        if self._matrix is None:
            self._matrix = numpy.array([parts for _, _, parts in self.groups], dtype=numpy.int64)
        sub = self._matrix[:, picked]
        by_flow, by_year = {}, {}
        flow_keys = [by_flow.setdefault((self.ctx.partner_name(f.van), f.thema), len(by_flow))
                     for f, _, _ in self.groups]
        year_keys = [by_year.setdefault((y, f.status or "onbekend"), len(by_year)) for f, y, _ in self.groups]
        acc = numpy.zeros((len(by_flow), len(picked)), dtype=numpy.int64)
        numpy.add.at(acc, numpy.array(flow_keys), sub)
        per_year = numpy.zeros(len(by_year), dtype=numpy.int64)
        numpy.add.at(per_year, numpy.array(year_keys), sub.sum(axis=1))
        triples = {key + (codes[picked[j]],): int(acc[i, j]) for key, i in by_flow.items()
                   for j in numpy.flatnonzero(acc[i])}
        return triples, {key: int(per_year[i]) for key, i in by_year.items() if per_year[i]}

    def total(self, niveau, code, dimension="totaal", key="totaal"):
        """Cents of an area for one key of a dimension (0 when nothing flows there)."""
        return self.totals.get((niveau, code, dimension, key), 0)

    def keys(self, niveau, code, dimension):
        """The keys with an amount for an area and dimension, sorted."""
        return sorted(self._keys.get((niveau, code, dimension), ()))

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
        seen = {(n, c) for (n, c, _) in self._keys}
        seen |= {("buurt", c) for c in self.ctx.buurten} | {("wijk", c) for c in self.ctx.wijken}
        seen.add(("gemeente", self.ctx.gemeentecode))
        order = {"gemeente": 0, "wijk": 1, "buurt": 2}
        return sorted(seen, key=lambda nc: (order.get(nc[0], 3), nc[1]))


def summarise_flows(flows, ctx, spread_by=None):
    """A Summary of the flows over the dossier's areas; spread_by None, 'inwoners' or 'woningen'."""
    if spread_by not in (None, *SPREAD_BY):
        raise ValueError(spread_by)
    return Summary(flows, ctx, spread_by)
