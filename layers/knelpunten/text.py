"""Short Dutch explanations of knelpunt flags: one line per rule, knelpunten before 'let op', Dutch numbers.

A line names the indicator, the buurt's value with its unit, the reference and the difference: procentpunt for
percentages ("8,2 procentpunt boven de gemeente"), a relative difference for amounts ("30% onder de gemeente").
A rule that combines conditions shows each condition that counted.
"""
from ..common import format_nl, format_value, indicator
from .reference import SOURCE_CBS

REFERENCE_WORDS = {
    ("gemeente", SOURCE_CBS): "de gemeente",
    ("nederland", SOURCE_CBS): "Nederland",
}
LINE_SEPARATOR = "\n"
LET_OP = "Let op: "


def reference_words(level, source):
    """How the text names the reference: 'de gemeente', 'Nederland', 'het gewogen gemiddelde van de buurten'."""
    return REFERENCE_WORDS.get((level, source), "het gewogen gemiddelde van de buurten")


def difference_words(value, reference, ind_id):
    """'8,2 procentpunt boven' for percentages, '30% onder' for amounts, or 'gelijk aan'."""
    ind = indicator(ind_id)
    diff = value - reference
    if round(diff, ind.decimals + 1) == 0:
        return "gelijk aan"
    side = "boven" if diff > 0 else "onder"
    if ind.unit == "%":
        return f"{format_nl(abs(diff), max(ind.decimals, 1) if abs(diff) < 10 else 0)} procentpunt {side}"
    if reference:
        return f"{format_nl(abs(diff) / abs(reference) * 100, 0)}% {side}"
    return f"{format_value(abs(diff), ind_id)} {side}"


def _phrase(result, label):
    """'<label> 24,0% (de gemeente 12,8%), 11,2 procentpunt boven de gemeente' for one condition."""
    cond = result.condition
    head = f"{label} {format_value(result.value, cond.indicator)}"
    if result.level == "onbekend" or result.reference is None:
        return f"{head} ({result.reason or 'onbekend'})"
    if cond.comparison == "waarde":
        side = "boven" if result.value >= cond.knelpunt else "onder"
        return f"{head}, {side} de grens van {format_value(cond.knelpunt, cond.indicator)}"
    words = reference_words(result.reference_level, result.reference_source)
    ref_text = format_value(result.reference, cond.indicator)
    short = words[3:] if words.startswith("de ") else words
    return f"{head} ({short} {ref_text}), {difference_words(result.value, result.reference, cond.indicator)} {words}"


def describe_condition(result):
    """One line for a condition: 'Huishoudens met een laag inkomen 24,0% (gemeente 12,8%), 11,2 procentpunt …'."""
    return _phrase(result, indicator(result.condition.indicator).label)


def describe_rule(rule, level, leaves):
    """The line for one flagged rule; a composite rule names each condition that counted."""
    prefix = "" if level == "knelpunt" else LET_OP
    flagged = [leaf for leaf in leaves if leaf.level in ("knelpunt", "let op")] or leaves
    if len(leaves) == 1:
        return prefix + describe_condition(leaves[0])
    details = "; ".join(_phrase(leaf, indicator(leaf.condition.indicator).label.lower()) for leaf in flagged)
    return f"{prefix}{rule.label}: {details}"


def explanation(parts, stapeling, unknown, total=None):
    """The whole toelichting, one line per flagged rule (knelpunten first), then the rules without figures.

    `stapeling` is stated by whoever shows the text (the atlas heading, the map class), not repeated here.
    """
    why = "geen cijfer, te kleine buurt of geen referentie"
    if not parts and total is not None and unknown >= total:
        return f"Geen gegevens: alle {total} regels onbekend ({why})"
    lines = [p[0].upper() + p[1:] for p in parts]
    if not lines:
        lines = ["Geen knelpunten gesignaleerd" + (" in de regels met gegevens" if unknown else "")]
    if unknown:
        lines.append(f"{unknown} regel(s) onbekend ({why})")
    return LINE_SEPARATOR.join(lines)


def describe_threshold(cond):
    """When a condition flags, in words: 'huishoudens met een laag inkomen ≥ 130 (gemeente = 100)'."""
    label = indicator(cond.indicator).label.lower()
    sign = "≥" if cond.higher_is_worse else "≤"
    let_op = "" if cond.let_op is None else f"; let op {sign} {format_nl(cond.let_op, 0)}"
    if cond.comparison == "waarde":
        return (f"{label} {sign} {format_value(cond.knelpunt, cond.indicator)}"
                + ("" if cond.let_op is None else f" (let op {sign} {format_value(cond.let_op, cond.indicator)})"))
    ref = "de gemeente" if cond.reference == "gemeente" else "Nederland"
    if cond.comparison == "index":
        return f"{label} {sign} {format_nl(cond.knelpunt, 0)} als {ref} 100 is{let_op}"
    unit = "procentpunt" if indicator(cond.indicator).unit == "%" else indicator(cond.indicator).unit
    word = "boven" if cond.higher_is_worse else "onder"
    let_op = "" if cond.let_op is None else f"; let op vanaf {format_nl(abs(cond.let_op), 0)}"
    return f"{label} {format_nl(abs(cond.knelpunt), 0)} {unit} of meer {word} {ref}{let_op}"


def describe_test(node):
    """A rule's test in words; groups as '(… en …)' / '(… of …)'."""
    if not hasattr(node, "items"):
        return describe_threshold(node)
    joiner = " en " if node.operator == "alle" else " of "
    return "(" + joiner.join(describe_test(item) for item in node.items) + ")"


def describe_rule_thresholds(rule):
    """One leeswijzer line per rule: label, what it checks and whether it is context only."""
    test = describe_test(rule.test)
    test = test[1:-1] if test.startswith("(") and test.endswith(")") else test
    context = " Alleen context (hoogstens let op)." if rule.context_only else ""
    return f"{rule.label}: {test}.{context}"
