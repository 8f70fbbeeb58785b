"""Short Dutch explanations of knelpunt flags, with Dutch number formatting."""
from ..common import format_difference, format_nl, format_value, indicator
from .reference import SOURCE_CBS

REFERENCE_WORDS = {
    ("gemeente", SOURCE_CBS): "het gemeentelijk gemiddelde",
    ("nederland", SOURCE_CBS): "het landelijk gemiddelde",
}


def reference_words(level, source):
    """How the text names the reference: 'het gemeentelijk gemiddelde', 'het gewogen buurtgemiddelde'."""
    return REFERENCE_WORDS.get((level, source), "het gewogen gemiddelde van de buurten")


def describe_condition(result):
    """One phrase for a condition result: 'Huishoudens met een laag inkomen 24,0%, 88% boven ... (12,8%)'."""
    cond = result.condition
    head = f"{indicator(cond.indicator).label} {format_value(result.value, cond.indicator)}"
    if result.level == "onbekend" or result.reference is None:
        return f"{head} ({result.reason or 'onbekend'})"
    if cond.comparison == "waarde":
        side = "boven" if result.value >= cond.knelpunt else "onder"
        return f"{head}, {side} de grens van {format_value(cond.knelpunt, cond.indicator)}"
    words = reference_words(result.reference_level, result.reference_source)
    ref_text = format_value(result.reference, cond.indicator)
    diff = result.deviation
    side = "boven" if diff > 0 else "onder" if diff < 0 else "gelijk aan"
    if diff == 0:
        return f"{head}, gelijk aan {words} ({ref_text})"
    amount = f"{format_nl(abs(diff), 0)}%" if cond.comparison == "index" else format_difference(diff, cond.indicator)
    return f"{head}, {amount} {side} {words} ({ref_text})"


def describe_rule(rule, level, leaves):
    """The explanation part for one flagged rule; composite rules name their flagged conditions."""
    prefix = "" if level == "knelpunt" else "let op: "
    flagged = [leaf for leaf in leaves if leaf.level in ("knelpunt", "let op")]
    if len(leaves) == 1:
        return prefix + describe_condition(leaves[0])
    details = ", ".join(f"{indicator(leaf.condition.indicator).label.lower()} "
                        f"{format_value(leaf.value, leaf.condition.indicator)}" for leaf in flagged)
    return f"{prefix}{rule.label} ({details})"


def explanation(parts, stapeling, unknown, total=None):
    """The whole toelichting: flagged rules first, then how many rules had no usable figures."""
    why = "geen cijfer, te kleine buurt of geen referentie"
    if not parts and total is not None and unknown >= total:
        return f"Geen gegevens: alle {total} regels onbekend ({why})"
    if parts:
        text = "; ".join(parts)
        text = text[0].upper() + text[1:]
    else:
        text = "Geen knelpunten gesignaleerd" + (" in de regels met gegevens" if unknown else "")
    if stapeling > 1:
        text += f". Stapeling: {stapeling} knelpunten"
    if unknown:
        text += f". {unknown} regel(s) onbekend ({why})"
    return text
