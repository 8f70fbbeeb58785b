"""The vectorised koppelkansen search against a brute-force check of every pair with shapely."""
import numpy as np
from koppelkansen_fixture import generated_plans
from shapely.geometry import Point

from wijkatlas.layers.plans import search_plans
from wijkatlas.layers.plans.categories import load_categories, load_matrix
from wijkatlas.layers.plans.search import SearchParams, connected_groups, find_pairs, plan_arrays


def brute_force(plans, categories, matrix, params):
    """{(id_a, id_b): kind} by testing every pair: the definitions of the issue, written out plainly."""
    out = {}
    far = 10 ** 9
    for x in range(len(plans)):
        a = plans[x]
        for y in range(x + 1, len(plans)):
            b = plans[y]
            if a["partner_id"] == b["partner_id"] and a["categorie"] == b["categorie"]:
                continue
            ea = far if a["end"] is None else a["end"]
            eb = far if b["end"] is None else b["end"]
            gap = max(0, b["start"] - ea - 1, a["start"] - eb - 1)
            kind = None
            for first, e_first, later in ((a, ea, b), (b, eb, a)):
                if (first["categorie"] in categories.reshapes and later["categorie"] in categories.digs
                        and 0 < later["start"] - e_first <= matrix.breekverbod_quarters):
                    kind = "breekverbod"
            if kind is None and gap <= params.max_gap:
                kind = matrix.kind(a["categorie"], b["categorie"])[0]
            if kind is None or a["geometry"].distance(b["geometry"]) > params.near:
                continue
            out[tuple(sorted((a["plan_id"], b["plan_id"])))] = kind
    return out


def ours(plans, categories, matrix, params):
    arrays = plan_arrays(plans, categories.names)
    pairs = find_pairs(arrays, categories, matrix, params)
    names = {1: "koppelkans", 2: "conflict", 3: "breekverbod"}
    return {tuple(sorted((arrays.ids[i], arrays.ids[j]))): names[int(k)]
            for i, j, k in zip(pairs["i"], pairs["j"], pairs["kind"])}


def test_same_pairs_and_kinds_as_brute_force():
    categories = load_categories()
    matrix = load_matrix(categories)
    plans = generated_plans(1800, categories)
    for params in (SearchParams(), SearchParams(touch=0.0, near=0.0, max_gap=0), SearchParams(near=60, max_gap=8)):
        expected = brute_force(plans, categories, matrix, params)
        assert len(expected) > 200 and {"koppelkans", "conflict", "breekverbod"} <= set(expected.values())
        assert ours(plans, categories, matrix, params) == expected


def test_exact_boundaries_and_identical_geometries():
    categories = load_categories()
    matrix = load_matrix(categories)
    base = {"partner_naam": "x", "titel": "t", "start": 8100, "end": 8103}
    plans = [dict(base, plan_id="A", partner_id="P1", categorie="riolering", geometry=Point(0, 0)),
             dict(base, plan_id="B", partner_id="P2", categorie="verharding/herinrichting", geometry=Point(25, 0)),
             dict(base, plan_id="C", partner_id="P2", categorie="warmte", geometry=Point(25.01, 0).buffer(0.001)),
             dict(base, plan_id="D", partner_id="P1", categorie="riolering", geometry=Point(0, 0)),
             dict(base, plan_id="E", partner_id="P3", categorie="riolering", geometry=Point(0, 0), end=None,
                  start=8110)]
    found = ours(plans, categories, matrix, SearchParams())
    assert found[("A", "B")] == "koppelkans"          # exactly 25 m: nabij
    assert ("A", "D") not in found                   # same partner, same category
    assert ("A", "E") not in found                   # 6 empty quarters apart: more than 4
    assert found[("B", "E")] == "breekverbod"        # digging 7 quarters after the herinrichting ends
    assert found[("B", "C")] == "koppelkans" and ("A", "C") not in found   # C lies just over 25 m from A
    assert found == brute_force(plans, categories, matrix, SearchParams())


def test_groups_are_connected_sets():
    groups = connected_groups(6, np.array([0, 1, 4]), np.array([1, 2, 5]))
    assert groups.tolist() == [1, 1, 1, -1, 2, 2]


def test_every_pair_gets_a_row_with_a_sentence_and_a_meeting_place():
    categories = load_categories()
    plans = generated_plans(700, categories, seed=3)
    rows = search_plans(plans, [], SearchParams(), categories)
    expected = brute_force(plans, categories, load_matrix(categories), SearchParams())
    assert {(r["plan_a"], r["plan_b"]): r["soort"] for r in rows} == expected
    assert any("open einde" in r["uitleg"] for r in rows)
    for row in rows:
        assert row["uitleg"] and row["geometry"].area > 0 and row["kans_id"].startswith("KK-")
        assert row["band"] == ("raakt" if row["afstand"] == 0 else "nabij") and 1 <= row["sterkte"] <= 3
