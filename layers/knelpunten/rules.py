"""Knelpunt rules: load a rules file (JSON) and validate it against the indicator catalogue."""
import difflib
import json
import math
import os
import re
from dataclasses import dataclass, replace

from ..common import WijkatlasError, load_catalogue

DEFAULT_RULES_PATH = os.path.join(os.path.dirname(__file__), "knelpunt_rules.json")
REFERENCES = ("gemeente", "nederland", "absolute")
COMPARISONS = ("index", "verschil")
DIRECTIONS = {"hoger_is_slechter": True, "lager_is_slechter": False}
GROUP_KEYS = ("alle", "een_van")
RULE_KEYS = {"id", "label", "thema", "toelichting", "voorwaarde", "probleem", "alleen_let_op"} | set(GROUP_KEYS)
CONDITION_KEYS = {"indicator", "referentie", "vergelijking", "knelpunt", "let_op", "richting", "vanaf_editie"}
# Output fields the algorithm writes itself; a rule id must not produce a clash.
RESERVED_IDS = {"stapeling", "let_op_aantal", "onbekend_aantal", "toelichting", "cluster_id", "gi_z"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


@dataclass(frozen=True)
class Condition:
    """One comparison of an indicator with a reference: thresholds for 'knelpunt' and 'let op'."""

    indicator: str
    reference: str
    comparison: str
    knelpunt: float
    let_op: object
    higher_is_worse: bool
    equivalent: object = None  # a Condition for editions that no longer publish this indicator ('vanaf_editie')


@dataclass(frozen=True)
class Group:
    """Conditions combined with 'alle' (AND) or 'een_van' (OR)."""

    operator: str
    items: tuple


@dataclass(frozen=True)
class Rule:
    """A named knelpunt rule: a single condition or a group of conditions."""

    id: str
    label: str
    theme: str
    test: object
    note: str = ""
    problem: str = ""  # rules with the same problem count once in the stapeling
    context_only: bool = False  # at most 'let op', never a knelpunt

    @property
    def composite(self):
        """True when the rule combines conditions (alle / een_van)."""
        return not isinstance(self.test, Condition)

    def conditions(self):
        """All leaf conditions of this rule, depth first."""
        return list(_leaves(self.test))


def _leaves(node):
    if isinstance(node, Condition):
        yield node
    else:
        for item in node.items:
            yield from _leaves(item)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _condition(raw, where, catalogue, errors):
    if not isinstance(raw, dict):
        errors.append(f"{where}: een voorwaarde moet een object zijn, gevonden: {raw!r}")
        return None
    for key in sorted(set(raw) - CONDITION_KEYS):
        errors.append(f"{where}: onbekende sleutel '{key}' (toegestaan: {', '.join(sorted(CONDITION_KEYS))})")
    ind_id = raw.get("indicator")
    ind = catalogue.get(ind_id)
    if ind is None:
        hint = difflib.get_close_matches(str(ind_id), catalogue, n=1)
        extra = f"; bedoelt u '{hint[0]}'?" if hint else ""
        errors.append(f"{where}: onbekende indicator '{ind_id}'{extra}")
    reference = raw.get("referentie")
    if reference not in REFERENCES:
        errors.append(f"{where}: referentie '{reference}' is ongeldig (kies uit: {', '.join(REFERENCES)})")
    comparison = raw.get("vergelijking", "index" if reference != "absolute" else "waarde")
    if reference == "absolute":
        if comparison not in ("waarde", None):
            errors.append(f"{where}: bij referentie 'absolute' hoort geen vergelijking '{comparison}'")
        comparison = "waarde"
    elif comparison not in COMPARISONS:
        errors.append(f"{where}: vergelijking '{comparison}' is ongeldig (kies uit: {', '.join(COMPARISONS)})")
    if ind is not None and ind.kind == "count" and reference in ("gemeente", "nederland"):
        errors.append(f"{where}: '{ind_id}' is een aantal; vergelijk een aantal alleen met een absolute grens")
    higher = ind.higher_is_worse if ind is not None else None
    direction = raw.get("richting")
    if direction is not None:
        if direction not in DIRECTIONS:
            errors.append(f"{where}: richting '{direction}' is ongeldig (kies uit: {', '.join(DIRECTIONS)})")
        elif higher is not None and DIRECTIONS[direction] != higher:
            errors.append(f"{where}: richting '{direction}' spreekt de catalogus tegen voor '{ind_id}'")
        else:
            higher = DIRECTIONS[direction]
    elif ind is not None and higher is None:
        errors.append(f"{where}: '{ind_id}' heeft geen richting in de catalogus; geef 'richting' op")
    knelpunt, let_op = raw.get("knelpunt"), raw.get("let_op")
    if not _is_number(knelpunt):
        errors.append(f"{where}: drempel 'knelpunt' moet een getal zijn, gevonden: {knelpunt!r}")
    if let_op is not None and not _is_number(let_op):
        errors.append(f"{where}: drempel 'let_op' moet een getal of null zijn, gevonden: {let_op!r}")
    if comparison == "index":
        for name, value in (("knelpunt", knelpunt), ("let_op", let_op)):
            if _is_number(value) and value <= 0:
                errors.append(f"{where}: indexdrempel '{name}' moet groter dan 0 zijn (100 = referentie)")
    if _is_number(knelpunt) and _is_number(let_op) and higher is not None:
        if (higher and knelpunt < let_op) or (not higher and knelpunt > let_op):
            word = "hoger" if higher else "lager"
            errors.append(f"{where}: drempel 'knelpunt' ({knelpunt}) moet {word} dan of gelijk aan 'let_op' "
                          f"({let_op}) zijn, want bij '{ind_id}' is {word} slechter")
    equivalent = None
    if "vanaf_editie" in raw:
        sub = raw["vanaf_editie"]
        if not isinstance(sub, dict) or "vanaf_editie" in sub:
            errors.append(f"{where}: 'vanaf_editie' moet één voorwaarde zijn (zonder eigen 'vanaf_editie')")
        else:
            inherited = {k: raw[k] for k in ("referentie", "vergelijking") if k in raw}
            equivalent = _condition(dict(inherited, **sub), f"{where} > vanaf_editie", catalogue, errors)
    if ind is None or reference not in REFERENCES or higher is None or not _is_number(knelpunt):
        return None
    return Condition(ind_id, reference, comparison, float(knelpunt),
                     float(let_op) if _is_number(let_op) else None, bool(higher), equivalent)


def _node(raw, where, catalogue, errors):
    if isinstance(raw, dict) and any(k in raw for k in GROUP_KEYS):
        keys = [k for k in GROUP_KEYS if k in raw]
        if len(keys) > 1 or len(raw) > 1:
            errors.append(f"{where}: een groep heeft precies één sleutel 'alle' of 'een_van'")
            return None
        items = raw[keys[0]]
        if not isinstance(items, list) or len(items) < 2:
            errors.append(f"{where}: '{keys[0]}' heeft een lijst van minstens twee voorwaarden nodig")
            return None
        nodes = [_node(item, f"{where} > {keys[0]}[{i + 1}]", catalogue, errors) for i, item in enumerate(items)]
        return None if None in nodes else Group(keys[0], tuple(nodes))
    return _condition(raw, where, catalogue, errors)


def _rule(raw, index, catalogue, errors, seen):
    where = f"regel {index + 1}"
    if not isinstance(raw, dict):
        errors.append(f"{where}: een regel moet een object zijn")
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not ID_PATTERN.match(rule_id):
        errors.append(f"{where}: id {rule_id!r} is ongeldig (kleine letters, cijfers en _, begint met een letter, "
                      "hooguit 30 tekens)")
    else:
        where = f"regel '{rule_id}'"
        if rule_id in seen:
            errors.append(f"{where}: id komt meer dan eens voor")
        if rule_id in RESERVED_IDS:
            errors.append(f"{where}: id is gereserveerd voor een uitvoerveld")
        seen.add(rule_id)
    for key in sorted(set(raw) - RULE_KEYS):
        errors.append(f"{where}: onbekende sleutel '{key}' (toegestaan: {', '.join(sorted(RULE_KEYS))})")
    if not isinstance(raw.get("label"), str) or not raw.get("label", "").strip():
        errors.append(f"{where}: 'label' (Nederlandse omschrijving) ontbreekt")
    tests = [k for k in ("voorwaarde",) + GROUP_KEYS if k in raw]
    if len(tests) != 1:
        errors.append(f"{where}: geef precies één van 'voorwaarde', 'alle' of 'een_van'")
        return None
    raw_test = raw["voorwaarde"] if tests[0] == "voorwaarde" else {tests[0]: raw[tests[0]]}
    test = _node(raw_test, where, catalogue, errors)
    problem = raw.get("probleem", "")
    if not isinstance(problem, str) or (problem and not ID_PATTERN.match(problem)):
        errors.append(f"{where}: 'probleem' {problem!r} is ongeldig (kleine letters, cijfers en _)")
    if not isinstance(raw.get("alleen_let_op", False), bool):
        errors.append(f"{where}: 'alleen_let_op' moet true of false zijn")
    if test is None or rule_id is None:
        return None
    return Rule(rule_id, raw["label"].strip(), str(raw.get("thema", "")), test, str(raw.get("toelichting", "")),
                problem if isinstance(problem, str) else "", raw.get("alleen_let_op") is True)


def with_problems(rules):
    """The rules with their stapeling problem filled in.

    A rule's own 'probleem' wins. Otherwise a composite rule is its own problem, and a single-condition rule whose
    indicator is one of a composite rule's conditions belongs to that composite's problem: a composite rule and its
    components count one problem once. Any other rule is a problem of its own.
    """
    owners = {}
    for rule in rules:
        if rule.composite:
            for cond in rule.conditions():
                owners.setdefault(cond.indicator, rule.problem or rule.id)
    out = []
    for rule in rules:
        problem = rule.problem or (rule.id if rule.composite else owners.get(rule.test.indicator, rule.id))
        out.append(replace(rule, problem=problem))
    return tuple(out)


def parse_rules(doc, source="regelbestand"):
    """Validated Rule objects from a parsed rules document; WijkatlasError listing every problem otherwise."""
    catalogue = {ind.id: ind for ind in load_catalogue()}
    errors = []
    raw_rules = doc.get("regels") if isinstance(doc, dict) else None
    if not isinstance(raw_rules, list) or not raw_rules:
        errors.append("het bestand heeft geen lijst 'regels' met minstens één regel")
        raw_rules = []
    seen = set()
    rules = [_rule(raw, i, catalogue, errors, seen) for i, raw in enumerate(raw_rules)]
    if errors:
        listing = "\n".join(f"- {e}" for e in errors)
        raise WijkatlasError(f"Het {source} bevat {len(errors)} fout(en):\n{listing}")
    return with_problems(rules)


def load_rules(path=None):
    """The rules in a JSON rules file (default: the shipped set), validated."""
    path = path or DEFAULT_RULES_PATH
    name = f"regelbestand '{os.path.basename(path)}'"
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError as err:
        raise WijkatlasError(f"Het regelbestand '{path}' bestaat niet.") from err
    except json.JSONDecodeError as err:
        raise WijkatlasError(f"Het {name} is geen geldige JSON: regel {err.lineno}, kolom {err.colno}: "
                             f"{err.msg}.") from err
    except (OSError, UnicodeDecodeError) as err:
        raise WijkatlasError(f"Het {name} kan niet worden gelezen: {err}") from err
    return parse_rules(doc, name)
