"""Knelpunt rules across editions: a leg on an indicator absent from the buurt's edition uses the rule's equivalent
('vanaf_editie') or is 'onbekend' with the reason 'niet in deze editie (<jaar>)' - never a silent 'geen'."""
from wijkatlas.layers.knelpunten import load_rules
from wijkatlas.layers.knelpunten.flags import evaluate
from wijkatlas.layers.knelpunten.rules import parse_rules

OUDER_10 = (90.0, 90.0, 90.0, 98.0)  # woningen-weighted mean 92: the last buurt is +6 pp, the others -2 pp


def rows(jaar, voor_2000=None, ouder_10=OUDER_10):
    out = []
    for i, value in enumerate(ouder_10):
        out.append({"buurtcode": f"BU0405000{i}", "gemeentecode": "GM0405", "jaar": jaar, "inwoners": 1000.0,
                    "woningen": 500.0, "pct_bouwjaar_voor_2000": None if voor_2000 is None else voor_2000[i],
                    "pct_bouwjaar_ouder_10": value})
    return out


def only(rule_id):
    return [r for r in load_rules() if r.id == rule_id]


def test_2024_uses_the_equivalent_of_the_dropped_bouwjaar_concept():
    results = evaluate(rows(2024), only("oude_woningen"))
    # The age of the housing stock is context only in the default rules (alleen_let_op): 'let op', never knelpunt.
    assert [r["oude_woningen_flag"] for r in results] == ["geen", "geen", "geen", "let op"]
    assert results[3]["oude_woningen_afwijking"] == 6.0
    assert "Woningen gebouwd meer dan tien jaar geleden 98%" in results[3]["toelichting"]


def test_2022_keeps_the_old_concept():
    results = evaluate(rows(2022, voor_2000=(60.0, 60.0, 60.0, 80.0)), only("oude_woningen"))
    # The age of the housing stock is context only in the default rules (alleen_let_op): 'let op', never knelpunt.
    assert [r["oude_woningen_flag"] for r in results] == ["geen", "geen", "geen", "let op"]
    assert results[3]["oude_woningen_afwijking"] == 15.0  # 80 - 65 on 'vóór 2000', the 10-year share is ignored


def test_rule_without_equivalent_is_onbekend_with_the_reason():
    rules = parse_rules({"regels": [{"id": "oud", "label": "Oud", "voorwaarde": {
        "indicator": "pct_bouwjaar_voor_2000", "referentie": "gemeente", "vergelijking": "verschil",
        "knelpunt": 15, "let_op": 5}}]})
    results = evaluate(rows(2024), rules)
    assert {r["oud_flag"] for r in results} == {"onbekend"}
    assert all(r["stapeling"] is None for r in results)  # unknown is not zero
    assert all("niet in deze editie (2024)" in r["toelichting"] for r in results)


def test_energiearmoede_leg_switches_with_the_edition():
    cond = next(c for c in only("energiearmoede")[0].conditions() if c.indicator == "pct_bouwjaar_voor_2000")
    assert cond.equivalent.indicator == "pct_bouwjaar_ouder_10"
    assert (cond.equivalent.reference, cond.equivalent.comparison) == ("gemeente", "verschil")
