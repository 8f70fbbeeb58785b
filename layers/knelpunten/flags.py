"""Evaluate knelpunt rules per buurt: flags, values, references, deviations, stapeling and a Dutch explanation."""
from dataclasses import dataclass
from functools import lru_cache

from ..common import WijkatlasCancelled, cbs_code, cbs_number
from ..common import indicator as _catalogue_indicator
from .editions import condition_for_edition, edition_notes, edition_reason, needed_indicators
from .reference import References, as_records
from .rules import Condition
from .text import LINE_SEPARATOR, describe_rule, explanation

indicator = lru_cache(maxsize=None)(_catalogue_indicator)
KNELPUNT, LET_OP, GEEN, ONBEKEND = "knelpunt", "let op", "geen", "onbekend"
RANK = {GEEN: 0, LET_OP: 1, KNELPUNT: 2}
DEFAULT_MIN_INWONERS = 200  # CBS publishes no income figures below this (privacy), a stable-figure floor
DEFAULT_MIN_WONINGEN = 50
RULE_SUFFIXES = ("flag", "waarde", "ref", "afwijking")
SUMMARY_FIELDS = ("regel", "label", "knelpunt", "let_op", "geen", "onbekend", "buurten_knelpunt",
                  "buurten_let_op")


@dataclass
class ConditionResult:
    """The outcome of one condition for one buurt."""

    condition: Condition
    level: str
    value: object = None
    reference: object = None
    deviation: object = None
    reference_level: str = ""
    reference_source: str = ""
    reason: str = ""


@lru_cache(maxsize=None)
def size_base(ind_id):
    """The count field that says whether a buurt is big enough for this indicator: woningen or inwoners."""
    return "woningen" if indicator(ind_id).weight == "woningen" else "inwoners"


def _too_small(row, ind_id, minimum):
    base = size_base(ind_id)
    count = row.get(base)
    if count is None:
        return f"aantal {base} onbekend"
    if count < minimum[base]:
        return f"te weinig {base} ({int(count)} < {minimum[base]})"
    return ""


def evaluate_condition(cond, row, refs, minimum, override=None):
    """Flag one condition for one buurt; missing data, a missing reference or a small buurt give 'onbekend'."""
    names = [c.indicator for c in (cond, cond.equivalent) if c is not None] + ["inwoners", "woningen"]
    clean = {name: cbs_number(row.get(name)) for name in names}
    clean[refs.gemeente_field] = row.get(refs.gemeente_field)
    clean["jaar"] = row.get("jaar")
    return _condition(cond, clean, refs, minimum, override)


def _condition(cond, row, refs, minimum, override):
    """evaluate_condition() on a row whose numbers are already parsed."""
    cond = condition_for_edition(cond, row.get("jaar"))
    value = row.get(cond.indicator)
    level = cond.reference if cond.reference == "absolute" or not override else override
    result = ConditionResult(cond, ONBEKEND, value, reference_level=level)
    if value is None:
        result.reason = edition_reason(cond.indicator, row.get("jaar")) or "geen cijfer"
        return result
    small = _too_small(row, cond.indicator, minimum)
    if small:
        result.reason = small
        return result
    comparison = cond.comparison
    if level == "absolute":
        comparison = "waarde"
        result.reference, result.deviation, metric = cond.knelpunt, value - cond.knelpunt, value
    else:
        ref, source, detail = refs.value(cond.indicator, level, row.get(refs.gemeente_field))
        if ref is None or (comparison == "index" and ref == 0):
            result.reason = detail if ref is None else "referentie is 0"
            return result
        result.reference, result.reference_source = ref, source
        metric = value / ref * 100.0 if comparison == "index" else value - ref
        result.deviation = metric - 100.0 if comparison == "index" else metric
    metric = round(metric, 9)  # 16.9 / 13 * 100 must reach a threshold of 130
    worse = (lambda t: metric >= t) if cond.higher_is_worse else (lambda t: metric <= t)
    if worse(cond.knelpunt):
        result.level = KNELPUNT
    elif cond.let_op is not None and worse(cond.let_op):
        result.level = LET_OP
    else:
        result.level = GEEN
    return result


def combine(operator, levels):
    """Three-valued AND ('alle') / OR ('een_van') of levels: unknown only when it could change the outcome."""
    known = [RANK[lv] for lv in levels if lv != ONBEKEND]
    unknown = len(known) < len(levels)
    if operator == "alle":
        if known and min(known) == 0:
            return GEEN
        if unknown:
            return ONBEKEND
        return [k for k, v in RANK.items() if v == min(known)][0]
    if known and max(known) == RANK[KNELPUNT]:
        return KNELPUNT
    if unknown:
        return ONBEKEND
    return [k for k, v in RANK.items() if v == max(known)][0]


def _evaluate_node(node, row, refs, minimum, override, leaves):
    if isinstance(node, Condition):
        result = _condition(node, row, refs, minimum, override)
        leaves.append(result)
        return result.level
    levels = [_evaluate_node(item, row, refs, minimum, override, leaves) for item in node.items]
    return combine(node.operator, levels)


def _evaluate_rule(rule, row, refs, minimum, override=None):
    """(flag, leaf results) of one rule for one buurt whose numbers are parsed."""
    leaves = []
    level = _evaluate_node(rule.test, row, refs, minimum, override, leaves)
    return level, leaves


def output_fields(rules):
    """Names of the result fields, in order: per rule flag/waarde/ref/afwijking, then the totals."""
    names = [f"{rule.id}_{suffix}" for rule in rules for suffix in RULE_SUFFIXES]
    return names + ["stapeling", "let_op_aantal", "onbekend_aantal", "toelichting"]


def evaluate(rows, rules, reference_rows=None, reference=None, min_inwoners=DEFAULT_MIN_INWONERS,
             min_woningen=DEFAULT_MIN_WONINGEN, gemeente_field="gemeentecode", feedback=None):
    """One result dict per row (same order) with the fields of output_fields(rules).

    reference: None keeps each rule's own reference; 'gemeente' or 'nederland' overrides every relative rule.
    The value/ref/afwijking columns of a composite rule are those of its first condition.
    """
    records = as_records(rows)
    refs = References(records, reference_rows, gemeente_field)
    needed = needed_indicators(rules) | {"inwoners", "woningen"}
    minimum = {"inwoners": min_inwoners, "woningen": min_woningen}
    results = []
    for i, raw in enumerate(records):
        row = {name: cbs_number(raw.get(name)) for name in needed}  # parse each CBS value once
        row[gemeente_field] = raw.get(gemeente_field)
        row["jaar"] = raw.get("jaar")
        if feedback is not None and i % 500 == 0:
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            feedback.setProgress(100.0 * i / max(1, len(records)))
        out, parts, notes = {}, {KNELPUNT: [], LET_OP: []}, []
        counts = {KNELPUNT: 0, LET_OP: 0, ONBEKEND: 0, GEEN: 0}
        problems = {KNELPUNT: set(), LET_OP: set()}
        for rule in rules:
            level, leaves = _evaluate_rule(rule, row, refs, minimum, reference)
            if rule.context_only and level == KNELPUNT:
                level = LET_OP
            if level in problems:
                problems[level].add(rule.problem or rule.id)
            first = leaves[0]
            out[f"{rule.id}_flag"] = level
            out[f"{rule.id}_waarde"] = first.value
            out[f"{rule.id}_ref"] = first.reference
            out[f"{rule.id}_afwijking"] = first.deviation
            counts[level] += 1
            if level in parts:
                parts[level].append(describe_rule(rule, level, leaves))
            elif level == ONBEKEND:
                notes += edition_notes(rule, leaves)
        # Stapeling counts problems, not rules: a composite rule and its components are one problem.
        # Unknown is not zero: when every rule is onbekend, stapeling is NULL.
        out["stapeling"] = None if rules and counts[ONBEKEND] == len(rules) else len(problems[KNELPUNT])
        out["let_op_aantal"] = len(problems[LET_OP] - problems[KNELPUNT])
        out["onbekend_aantal"] = counts[ONBEKEND]
        out["toelichting"] = explanation(parts[KNELPUNT] + parts[LET_OP], out["stapeling"], counts[ONBEKEND],
                                       len(rules)) + "".join(f"{LINE_SEPARATOR}{note}" for note in notes)
        results.append(out)
    return results


def summarize(rows, results, rules, code_field="buurtcode"):
    """One summary dict per rule: how many buurten per flag and which buurtcodes are knelpunt / let op."""
    codes = [cbs_code(row.get(code_field)) for row in as_records(rows)]
    summary = []
    for rule in rules:
        flags = [res[f"{rule.id}_flag"] for res in results]
        summary.append({
            "regel": rule.id,
            "label": rule.label,
            "knelpunt": flags.count(KNELPUNT),
            "let_op": flags.count(LET_OP),
            "geen": flags.count(GEEN),
            "onbekend": flags.count(ONBEKEND),
            "buurten_knelpunt": ", ".join(c for c, f in zip(codes, flags) if f == KNELPUNT),
            "buurten_let_op": ", ".join(c for c, f in zip(codes, flags) if f == LET_OP),
        })
    return summary
