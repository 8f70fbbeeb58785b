"""Knelpunt rules: loading/validation, golden flags on the hand-made fixture, weighted references, explanations."""
import json

import pytest
from knelpunt_fixture import REFERENCES, buurten

from wijkatlas.layers.common.catalogue import indicator
from wijkatlas.layers.common.errors import WijkatlasError
from wijkatlas.layers.knelpunten.flags import evaluate, output_fields, summarize
from wijkatlas.layers.knelpunten.reference import References
from wijkatlas.layers.knelpunten.rules import DEFAULT_RULES_PATH, load_rules, parse_rules


def _by_code(rows, results):
    return {row["buurtcode"]: res for row, res in zip(rows, results)}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def flagged(rules):
    rows = buurten()
    return _by_code(rows, evaluate(rows, rules, REFERENCES))


def test_default_rules_use_catalogue_indicators_and_directions(rules):
    with open(DEFAULT_RULES_PATH, encoding="utf-8") as fh:
        raw = json.load(fh)
    assert [r.id for r in rules] == [r["id"] for r in raw["regels"]]
    for rule in rules:
        for cond in rule.conditions():
            assert cond.higher_is_worse == indicator(cond.indicator).higher_is_worse
            assert cond.reference in ("gemeente", "nederland", "absolute")


def test_validation_lists_every_problem_in_dutch():
    doc = {"regels": [
        {"id": "a", "label": "A", "voorwaarde": {"indicator": "pct_hh_laag_inkomn", "referentie": "gemeente",
                                                 "knelpunt": 130, "let_op": 110}},
        {"id": "b", "label": "B", "voorwaarde": {"indicator": "woz", "referentie": "provincie",
                                                 "knelpunt": "70", "let_op": 90}},
        {"id": "c", "label": "C", "voorwaarde": {"indicator": "aardgas", "referentie": "gemeente",
                                                 "knelpunt": 110, "let_op": 130, "drempel": 1}},
        {"id": "c", "label": "C2", "voorwaarde": {"indicator": "inwoners", "referentie": "gemeente",
                                                  "knelpunt": 10}},
        {"id": "Stapeling!", "label": "", "alle": [{"indicator": "woz", "referentie": "absolute",
                                                    "knelpunt": 200}]},
    ]}
    with pytest.raises(WijkatlasError) as info:
        parse_rules(doc)
    msg = str(info.value)
    for expected in ("onbekende indicator 'pct_hh_laag_inkomn'; bedoelt u 'pct_hh_laag_inkomen'?",
                     "referentie 'provincie' is ongeldig",
                     "drempel 'knelpunt' moet een getal zijn, gevonden: '70'",
                     "onbekende sleutel 'drempel'",
                     "moet hoger dan of gelijk aan 'let_op' (130) zijn",
                     "id komt meer dan eens voor",
                     "'inwoners' is een aantal",
                     "'inwoners' heeft geen richting in de catalogus; geef 'richting' op",
                     "id 'Stapeling!' is ongeldig",
                     "'label' (Nederlandse omschrijving) ontbreekt",
                     "minstens twee voorwaarden"):
        assert expected in msg, expected
    assert msg.startswith("Het regelbestand bevat 11 fout(en)")


def test_broken_json_and_missing_file(tmp_path):
    bad = tmp_path / "regels.json"
    bad.write_text('{"regels": [ {"id": "x",, } ]}', encoding="utf-8")
    with pytest.raises(WijkatlasError, match=r"geen geldige JSON: regel 1, kolom"):
        load_rules(str(bad))
    with pytest.raises(WijkatlasError, match="bestaat niet"):
        load_rules(str(tmp_path / "weg.json"))


def test_golden_flags_on_fixture(flagged):
    # Hand-checked against the fixture comments (reference: gemeente row, laag inkomen 10%, gas 1000 m3, WOZ 300).
    expected = {
        "G00": {"laag_inkomen": "knelpunt", "hoog_gasverbruik": "let op", "energiearmoede": "knelpunt"},
        "G10": {"laag_inkomen": "let op", "oude_woningen": "let op", "energiearmoede": "let op"},  # context only
        "G20": {"sociaal_minimum": "knelpunt", "hoog_gasverbruik": "let op", "energiearmoede": "knelpunt"},
        "G01": {"lage_woz": "knelpunt"},
        "G02": {"lage_woz": "let op"},
        "G31": {"leegstand": "knelpunt", "hoog_gasverbruik": "knelpunt"},
        "G30": {},
        "M": {"laag_inkomen": "knelpunt"},
        "E": {"laag_inkomen": "knelpunt"},
    }
    for code, flags in expected.items():
        res = flagged[code]
        for rule in ("energiearmoede", "laag_inkomen", "sociaal_minimum", "oude_woningen", "lage_woz",
                     "hoog_gasverbruik", "leegstand"):
            assert res[f"{rule}_flag"] == flags.get(rule, "geen"), (code, rule)
        # One income problem, however many of its rules fire (see '_stapeling' in the rules file).
        problems = {"inkomen" if r in ("energiearmoede", "laag_inkomen", "sociaal_minimum") else r
                    for r, v in flags.items() if v == "knelpunt"}
        assert res["stapeling"] == len(problems), code
    assert flagged["G00"]["laag_inkomen_waarde"] == 13.0
    assert flagged["G00"]["laag_inkomen_ref"] == 10.0
    assert flagged["G00"]["laag_inkomen_afwijking"] == pytest.approx(30.0)
    assert flagged["G10"]["oude_woningen_afwijking"] == pytest.approx(15.0)


def test_missing_and_small_buurten_are_onbekend_never_zero(flagged, rules):
    nulls = flagged["G11"]
    assert all(nulls[f"{r.id}_flag"] == "onbekend" for r in rules)
    assert nulls["stapeling"] is None and nulls["onbekend_aantal"] == len(rules)
    assert nulls["laag_inkomen_waarde"] is None
    assert nulls["toelichting"].startswith(f"Geen gegevens: alle {len(rules)} regels onbekend")
    small = flagged["G21"]  # 40 inhabitants, 500 dwellings: income rules unknown, WOZ (per woning) still judged
    assert small["laag_inkomen_flag"] == "onbekend" and small["sociaal_minimum_flag"] == "onbekend"
    assert small["lage_woz_flag"] == "knelpunt"


def test_explanation_uses_dutch_numbers(flagged):
    text = flagged["G31"]["toelichting"]
    # One line per rule: value with unit, the reference, and the difference (relative for amounts).
    lines = text.split("\n")
    assert "Gemiddeld aardgasverbruik per woning 1.400 m³ (gemeente 1.000 m³), 40% boven de gemeente" in lines
    # Percentages differ in procentpunt, whatever the rule compares (this rule: difference; 8% - 3%).
    assert "Onbewoonde woningen 8% (gemeente 3%), 5,0 procentpunt boven de gemeente" in lines
    assert len(lines) == 2 and "Stapeling" not in text
    assert flagged["G30"]["toelichting"] == "Geen knelpunten gesignaleerd"
    assert "€ 210.000 (gemeente € 300.000), 30% onder de gemeente" in flagged["G01"]["toelichting"]
    # An index rule on a percentage still reads in procentpunt: 13% against 10% is 3 points, not "30% boven".
    assert "Huishoudens met een laag inkomen 13,0% (gemeente 10,0%), 3,0 procentpunt boven de gemeente" in \
        flagged["G00"]["toelichting"]
    # Knelpunten before 'let op'; the composite rule shows each condition.
    g00 = flagged["G00"]["toelichting"].split("\n")
    assert [line.startswith("Let op") for line in g00] == [False, False, True]
    assert g00[0].startswith("Risico op energiearmoede: huishoudens met een laag inkomen 13,0%")
    assert "; gemiddeld aardgasverbruik per woning" in g00[0]


def test_weighted_reference_without_reference_table():
    rows = buurten()
    for k, row in enumerate(rows):
        row["woningen"] = 100.0 + 37.0 * k
        row["huishoudens"] = 80.0 + 91.0 * (k % 5)
    refs = References(rows)
    for ind_id in ("aardgas", "pct_hh_laag_inkomen", "pct_bouwjaar_voor_2000"):
        weight = indicator(ind_id).weight
        pairs = [(r[ind_id], r[weight]) for r in rows if r[ind_id] is not None and r[weight]]
        expected = sum(v * w for v, w in pairs) / sum(w for _, w in pairs)
        plain = sum(v for v, _ in pairs) / len(pairs)
        value, source, _ = refs.value(ind_id, "gemeente", "GM9999")
        assert source == "gewogen"
        assert value == pytest.approx(expected, rel=1e-12)
        if ind_id != "pct_bouwjaar_voor_2000":
            assert abs(value - plain) > 1e-6  # the fixture's weights make a plain mean visibly wrong
    assert refs.value("aardgas", "nederland", "GM9999")[0] is None


def test_dataframe_input_and_national_override(rules):
    import pandas as pd

    rows = buurten()
    frame = pd.DataFrame(rows)
    from_frame = evaluate(frame, rules, REFERENCES)
    assert from_frame == evaluate(rows, rules, REFERENCES)
    national = _by_code(rows, evaluate(rows, rules, REFERENCES, reference="nederland"))
    assert national["G30"]["laag_inkomen_ref"] == 8.0
    assert national["G30"]["laag_inkomen_flag"] == "let op"  # 10 / 8 = index 125: >= 110, < 130


def test_absolute_threshold_and_three_valued_composites():
    rules = parse_rules({"regels": [
        {"id": "gas_abs", "label": "Gas boven 1.300 m3", "voorwaarde": {
            "indicator": "aardgas", "referentie": "absolute", "knelpunt": 1300, "let_op": 1150}},
        {"id": "combi", "label": "Combinatie", "alle": [
            {"indicator": "pct_hh_laag_inkomen", "referentie": "gemeente", "knelpunt": 120, "let_op": 110},
            {"indicator": "woz", "referentie": "gemeente", "knelpunt": 70, "let_op": 90}]},
    ]})
    rows = buurten()
    res = _by_code(rows, evaluate(rows, rules, REFERENCES, reference="nederland"))
    # Absolute rules ignore the reference override: G31 1400 >= 1300, G20 1150 >= 1150 (let op), G30 1000 none.
    assert [res[c]["gas_abs_flag"] for c in ("G31", "G20", "G30")] == ["knelpunt", "let op", "geen"]
    assert res["G31"]["gas_abs_ref"] == 1300 and res["G31"]["gas_abs_afwijking"] == 100
    assert "boven de grens van 1.300 m³" in res["G31"]["toelichting"]
    # AND with an unknown part: 'geen' when another part is 'geen', else 'onbekend' (never silently 'geen').
    small = dict(rows[0], buurtcode="S1", inwoners=10.0, woz=100.0)  # income unknown (small), WOZ knelpunt
    plain = dict(rows[0], buurtcode="S2", inwoners=10.0, woz=300.0)  # income unknown, WOZ 'geen'
    out = evaluate([small, plain], rules, REFERENCES)
    assert [o["combi_flag"] for o in out] == ["onbekend", "geen"]


def test_cancel_stops_evaluation(rules):
    from qgis.core import QgsProcessingFeedback

    from wijkatlas.layers.common.errors import WijkatlasCancelled

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(WijkatlasCancelled):
        evaluate(buurten(), rules, REFERENCES, feedback=feedback)


def test_summary_counts_and_codes(rules):
    rows = buurten()
    results = evaluate(rows, rules, REFERENCES)
    assert list(results[0]) == output_fields(rules)
    summary = {item["regel"]: item for item in summarize(rows, results, rules)}
    gas = summary["hoog_gasverbruik"]
    assert (gas["knelpunt"], gas["let_op"], gas["onbekend"]) == (1, 2, 1)  # G31; G00, G20; G11
    assert gas["buurten_knelpunt"] == "G31" and gas["buurten_let_op"] == "G00, G20"
    assert all(sum(item[k] for k in ("knelpunt", "let_op", "geen", "onbekend")) == len(rows)
               for item in summary.values())
