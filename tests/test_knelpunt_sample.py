"""Knelpunten on real data: CBS kerncijfers 2019 of Amsterdam (StatLine CSV) on Amsterdam's buurt polygons.

Expected flags are recomputed here straight from the CSV figures and the raw rules JSON, and the Gi* z-scores are
compared with esda on libpysal's own Queen weights of the same polygons.
"""
import csv
import json
import os
import warnings

import numpy as np
import pytest
from shapely import wkt

from wijkatlas.layers.common.catalogue import load_catalogue
from wijkatlas.layers.common.values import cbs_number
from wijkatlas.layers.knelpunten.analysis import analyse
from wijkatlas.layers.knelpunten.rules import DEFAULT_RULES_PATH, load_rules

warnings.filterwarnings("ignore", message=".*(not fully connected|islands).*")
KWB = "cbs_statline_84583NED_kwb2019_amsterdam_GM0363.csv"
CROSSWALK = "amsterdam_buurten_crosswalk_2015_2022_GM0363.csv"
MIN = {"inwoners": 200, "woningen": 50}


def _rows_from_csv(path):
    """Catalogue rows (raw CSV text kept in '_raw') per region, with soort regio and code."""
    with open(path, encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    out = []
    for rec in records:
        row = {"code": rec["Regioaanduiding.Codering..code."].strip(),
               "soort": rec["Regioaanduiding.Soort.regio..omschrijving."].strip(), "_raw": {}}
        for ind in load_catalogue():
            column = next((c for c in ind.source_fields("statline_csv") if c in rec), None)
            row[ind.id] = cbs_number(rec[column]) if column else None
            row["_raw"][ind.id] = rec[column] if column else None
        out.append(row)
    return out


@pytest.fixture(scope="module")
def amsterdam(shared_data):
    regions = _rows_from_csv(os.path.join(shared_data, KWB))
    with open(os.path.join(shared_data, CROSSWALK), encoding="utf-8") as fh:
        shapes = {r["BUURTCODE_CBS_2015"]: wkt.loads(r["geometrie"].split(";", 1)[1]) for r in csv.DictReader(fh)}
    buurten = [dict(r, buurtcode=r["code"], gemeentecode="GM0363") for r in regions
               if r["soort"] == "Buurt" and r["code"] in shapes]
    refs = [dict(r, niveau={"Land": "land", "Gemeente": "gemeente"}[r["soort"]]) for r in regions
            if r["soort"] in ("Land", "Gemeente")]
    geoms = [shapes[r["buurtcode"]] for r in buurten]
    results = analyse(buurten, geoms, load_rules(), refs)
    return buurten, refs, geoms, results


def _expected(cond, row, gemeente, catalogue):
    """The level of one raw JSON condition, worked out from the CSV figures alone."""
    ind = catalogue[cond["indicator"]]
    value = row[cond["indicator"]]
    base = "woningen" if ind.weight == "woningen" else "inwoners"
    if value is None or row[base] is None or row[base] < MIN[base]:
        return "onbekend"
    ref = gemeente[cond["indicator"]]
    metric = value / ref * 100 if cond.get("vergelijking", "index") == "index" else value - ref
    metric = round(metric, 9)
    worse = (lambda t: metric >= t) if ind.higher_is_worse else (lambda t: metric <= t)
    if worse(cond["knelpunt"]):
        return "knelpunt"
    return "let op" if cond.get("let_op") is not None and worse(cond["let_op"]) else "geen"


def _expected_node(node, row, gemeente, catalogue):
    order = ["geen", "let op", "knelpunt"]
    for op in ("alle", "een_van"):
        if op in node:
            levels = [_expected_node(n, row, gemeente, catalogue) for n in node[op]]
            known = [order.index(lv) for lv in levels if lv != "onbekend"]
            if op == "alle" and known and min(known) == 0:
                return "geen"
            if op == "een_van" and known and max(known) == 2:
                return "knelpunt"
            if len(known) < len(levels):
                return "onbekend"
            return order[min(known) if op == "alle" else max(known)]
    return _expected(node, row, gemeente, catalogue)


def test_flags_follow_the_published_figures(amsterdam):
    buurten, refs, _, results = amsterdam
    assert len(buurten) == 439
    gemeente = next(r for r in refs if r["niveau"] == "gemeente")
    catalogue = {ind.id: ind for ind in load_catalogue()}
    with open(DEFAULT_RULES_PATH, encoding="utf-8") as fh:
        raw_rules = json.load(fh)["regels"]
    for raw in raw_rules:
        node = raw.get("voorwaarde") or {k: raw[k] for k in ("alle", "een_van") if k in raw}
        flags = [res[f"{raw['id']}_flag"] for res in results]
        expected = [_expected_node(node, row, gemeente, catalogue) for row in buurten]
        if raw.get("alleen_let_op"):  # context: at most 'let op'
            expected = ["let op" if e == "knelpunt" else e for e in expected]
        assert flags == expected, raw["id"]
        assert ("let op" if raw.get("alleen_let_op") else "knelpunt") in flags and "onbekend" in flags, raw["id"]
    problem = {raw["id"]: raw.get("probleem", raw["id"]) for raw in raw_rules}
    for res in results:  # stapeling counts distinct problems, read from the rules file itself
        if all(res[f"{r}_flag"] == "onbekend" for r in problem):
            assert res["stapeling"] is None  # unknown is not zero
        else:
            assert res["stapeling"] == len({problem[r] for r in problem if res[f"{r}_flag"] == "knelpunt"})
    gas_missing = [res["hoog_gasverbruik_flag"] for row, res in zip(buurten, results) if row["aardgas"] is None]
    assert gas_missing and set(gas_missing) == {"onbekend"}
    assert all(res["laag_inkomen_ref"] == gemeente["pct_hh_laag_inkomen"] for res in results
               if res["laag_inkomen_flag"] != "onbekend")


def test_explanation_quotes_the_csv_figures(amsterdam):
    buurten, _, _, results = amsterdam
    checked = 0
    for row, res in zip(buurten, results):
        if res["laag_inkomen_flag"] == "knelpunt":
            raw = row["_raw"]["pct_hh_laag_inkomen"]  # StatLine writes "15,3": the Dutch notation we must show
            raw = raw if "," in raw else f"{raw},0"  # R drops a trailing ",0"; the catalogue asks for 1 decimal
            assert f"Huishoudens met een laag inkomen {raw}%" in res["toelichting"]
            checked += 1
    assert checked >= 10


def test_gi_star_equals_esda_on_libpysal_queen(amsterdam):
    from esda.getisord import G_Local
    from libpysal.weights import Queen

    buurten, _, geoms, results = amsterdam
    stapeling = np.array([np.nan if res["gi_z"] is None else res["stapeling"] for res in results])
    keep = np.flatnonzero(~np.isnan(stapeling))
    w = Queen.from_iterable([geoms[k] for k in keep])
    oracle = G_Local(stapeling[keep], w, transform="B", star=True, permutations=0).Zs
    ours = np.array([results[k]["gi_z"] for k in keep])
    assert np.max(np.abs(ours - oracle)) < 1e-6
    clustered = [res for res in results if res["cluster_id"] is not None]
    assert clustered and all(res["stapeling"] >= 1 for res in clustered)
