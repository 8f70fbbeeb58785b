"""Stapeling counts problems once: a composite rule and its components, 'probleem' groups and context-only rules."""
import pytest
from knelpunt_fixture import REFERENCES, buurten

from wijkatlas.layers.common.errors import WijkatlasError
from wijkatlas.layers.knelpunten.flags import evaluate
from wijkatlas.layers.knelpunten.rules import parse_rules

INCOME = {"indicator": "pct_hh_laag_inkomen", "referentie": "gemeente", "knelpunt": 120, "let_op": 110}
GAS = {"indicator": "aardgas", "referentie": "gemeente", "knelpunt": 115, "let_op": 105}
OLD = {"indicator": "pct_bouwjaar_voor_2000", "referentie": "gemeente", "vergelijking": "verschil",
       "knelpunt": 10, "let_op": 5}


def _one_buurt(**values):
    row = dict(buurten()[0], buurtcode="X1", pct_hh_laag_inkomen=10.0, pct_hh_sociaal_minimum=10.0, aardgas=1000.0,
               woz=300.0, pct_bouwjaar_voor_2000=70.0, pct_onbewoond=3.0)  # the gemeente's own figures
    row.update(values)
    return row


def _rules(*extra, context=None):
    rules = [{"id": "armoede", "label": "Energiearmoede", "alle": [INCOME, GAS]},
             {"id": "inkomen", "label": "Laag inkomen", "voorwaarde": INCOME},
             {"id": "gas", "label": "Hoog gasverbruik", "voorwaarde": GAS},
             {"id": "oud", "label": "Oude woningen", "voorwaarde": OLD}]
    if context is not None:
        rules[3]["alleen_let_op"] = context
    return parse_rules({"regels": rules + list(extra)})


def test_composite_and_its_components_count_once():
    # Income 15% (index 150) and gas 1300 (index 130) against 10% and 1000: all three income/gas rules fire.
    (res,) = evaluate([_one_buurt(pct_hh_laag_inkomen=15.0, aardgas=1300.0)], _rules(), REFERENCES)
    assert [res[f"{r}_flag"] for r in ("armoede", "inkomen", "gas")] == ["knelpunt"] * 3
    assert res["stapeling"] == 1
    assert "Stapeling" not in res["toelichting"]


def test_probleem_key_splits_and_joins_problems():
    extra = {"id": "woz", "label": "Lage WOZ", "probleem": "inkomen",
             "voorwaarde": {"indicator": "woz", "referentie": "gemeente", "knelpunt": 70, "let_op": 90}}
    rules = list(_rules(extra))
    assert [r.problem for r in rules] == ["armoede", "armoede", "armoede", "oud", "inkomen"]
    row = _one_buurt(pct_hh_laag_inkomen=15.0, aardgas=1300.0, woz=150.0, pct_bouwjaar_voor_2000=95.0)
    (res,) = evaluate([row], rules, REFERENCES)
    assert res["woz_flag"] == "knelpunt" and res["oud_flag"] == "knelpunt"
    assert res["stapeling"] == 3  # armoede (3 rules), oud, inkomen (the WOZ rule)


def test_age_of_housing_alone_is_context_unless_the_file_says_otherwise():
    row = _one_buurt(pct_bouwjaar_voor_2000=95.0)  # 25 procentpunt above 70%
    (context,) = evaluate([row], _rules(context=True), REFERENCES)
    assert context["oud_flag"] == "let op" and context["stapeling"] == 0 and context["let_op_aantal"] == 1
    assert context["toelichting"].lower().startswith("let op")
    (counted,) = evaluate([row], _rules(context=False), REFERENCES)
    assert counted["oud_flag"] == "knelpunt" and counted["stapeling"] == 1


def test_bad_probleem_and_context_values_are_named():
    with pytest.raises(WijkatlasError) as err:
        parse_rules({"regels": [{"id": "a", "label": "A", "probleem": "Met Spaties", "alleen_let_op": "ja",
                                 "voorwaarde": INCOME}]})
    assert "'probleem'" in str(err.value) and "'alleen_let_op'" in str(err.value)
