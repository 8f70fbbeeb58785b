"""Geldstromen samenvatten: every amount in exactly one total, per-inhabitant figures from the dossier's CBS figures,
spread amounts adding up to the cent."""
import random
import sqlite3

import pytest
from geldstromen_fixture import make_geld_dossier, write_csv
from participatie_fixture import A, B, C

from wijkatlas.layers.geldstromen import (
    import_geldstromen,
    largest_remainder,
    map_rows,
    read_context,
    read_flows,
    summarise_flows,
    table_rows,
)

ROWS = [
    ("Gemeente Test", "PA-COR", "energie", A, "€ 1.250.000,00", "2025", "begroot", "bekend"),
    ("PA-COR", "isolatie", "energie", B, "1,25 mln", "2024-2026", "toegezegd", "geschat"),
    ("Rijk", "PA-GEM", "wonen", "", "1.000,01", "2026", "besteed", "bekend"),
    ("fondsen", "buurthuis", "leefbaarheid", "WK000100", "€ 10.000,01", "2025", "begroot", "geschat"),
    ("Gemeente Test", "", "klimaat", C, "(2.500)", "2025", "besteed", "bekend"),
]


@pytest.fixture()
def dossier(tmp_path):
    path = make_geld_dossier(tmp_path / "d.gpkg")
    assert import_geldstromen(write_csv(tmp_path / "g.csv", ROWS), path).written == len(ROWS)
    return path


def _cbs(dossier, code, column):
    con = sqlite3.connect(dossier)
    try:
        return con.execute(f'SELECT "{column}" FROM buurten WHERE buurtcode = ?', (code,)).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("spread_by", [None, "inwoners", "woningen"])
def test_every_amount_reaches_exactly_one_total(dossier, spread_by):
    flows = read_flows(dossier)
    summary = summarise_flows(flows, read_context(dossier), spread_by)
    for flow in flows:
        parts = [a for a in summary.allocations if a.flow is flow]
        assert sum(a.cents for a in parts) == flow.cents
        assert len({(a.niveau, a.code) for a in parts}) == 1
        assert len({a.jaar for a in parts}) == len(parts)   # a span: one part per year, never a year twice
        if spread_by and flow.gebied_niveau == "gemeente":
            assert all(a.spread and a.niveau == "gespreid" for a in parts)
            assert sum(c for f, _, _, c in summary.spread_parts() if f is flow) == flow.cents
        else:
            assert (parts[0].niveau, parts[0].code) == (flow.gebied_niveau, flow.gebiedscode)
    imported = sum(f.cents for f in flows)
    assert sum(summary.own.values()) == imported
    assert summary.total("gemeente", "GM0001") == imported
    for dimension in ("thema", "partner", "status", "jaar"):
        assert sum(summary.total("gemeente", "GM0001", dimension, k)
                   for k in summary.keys("gemeente", "GM0001", dimension)) == imported
    wijk = summary.total("wijk", "WK000100")
    assert wijk == summary.own[("wijk", "WK000100")] + summary.total("buurt", A) + summary.total("buurt", B)


def test_table_rows_add_up_and_span_years_split_to_the_cent(dossier):
    summary = summarise_flows(read_flows(dossier), read_context(dossier))
    rows = table_rows(summary)
    years = {r["waarde"]: r["bedrag"] for r in rows if r["niveau"] == "buurt" and r["code"] == B
             and r["dimensie"] == "jaar"}
    assert years == {"2024": 416666.67, "2025": 416666.67, "2026": 416666.66}
    total = next(r for r in rows if r["niveau"] == "gemeente" and r["dimensie"] == "totaal")
    assert total["bedrag"] == round((125_000_000 + 125_000_000 + 100_001 + 1_000_001 - 250_000) / 100, 2)


def test_per_inhabitant_uses_the_dossiers_cbs_figures(dossier):
    summary = summarise_flows(read_flows(dossier), read_context(dossier))
    rows = map_rows(summary)
    inwoners_a, woningen_a = _cbs(dossier, A, "inwoners"), _cbs(dossier, A, "woningen")
    assert rows[A]["per_inwoner"] == pytest.approx(1_250_000 / inwoners_a)
    assert rows[A]["per_woning"] == pytest.approx(1_250_000 / woningen_a)
    assert rows[A]["inkomen_bewoners"] == pytest.approx(inwoners_a * _cbs(dossier, A, "ink_inwoner") * 1000)
    assert rows[A]["inkomen_jaar"] == _cbs(dossier, A, "jaar")
    assert _cbs(dossier, C, "inwoners") is None
    assert rows[C]["per_inwoner"] is None and rows[C]["per_woning"] is None
    assert "geen CBS-cijfer inwoners" in rows[C]["reden_leeg"] and "inkomen" in rows[C]["reden_leeg"]
    assert rows[C]["bedrag_totaal"] == -2500.0


def test_gemeente_wide_flow_spread_by_inhabitants_to_the_cent(dossier):
    summary = summarise_flows(read_flows(dossier), read_context(dossier), "inwoners")
    spread = {code: cents for _, _, code, cents in summary.spread_parts()}
    assert sum(spread.values()) == 100_001 and C not in spread   # C has no inhabitants: nothing spread there
    assert spread[A] == 66_667 and spread[B] == 33_334            # 2/3 and 1/3 of 100.001 cents
    rows = map_rows(summary)
    assert rows[A]["bedrag_gespreid"] == 666.67 and "gespreid naar inwoners" in rows[A]["gespreid_naar"]
    assert rows[A]["bedrag_eigen"] == 1_250_000.0


def test_largest_remainder_always_adds_up():
    rng = random.Random(15)
    for _ in range(2000):
        total = rng.randint(-10**11, 10**11)
        weights = [rng.choice([None, 0, rng.randint(1, 20000), rng.random() * 5000]) for _ in range(rng.randint(1, 40))]
        parts = largest_remainder(total, weights)
        if not any(w for w in weights if w):
            assert parts is None
            continue
        assert sum(parts) == total
        assert all(p == 0 for p, w in zip(parts, weights) if not w)


def test_spread_per_wijk_matches_the_parts(dossier):
    summary = summarise_flows(read_flows(dossier), read_context(dossier), "inwoners")
    for wijk in ("WK000100", "WK000101"):
        triples, years = summary.spread_in_wijk(wijk)
        parts = summary.spread_parts(wijk)
        assert sum(triples.values()) == sum(years.values()) == sum(c for *_, c in parts)
        for flow, year, code, cents in parts:
            assert triples[(summary.ctx.partner_name(flow.van), flow.thema, code)] >= cents > 0
