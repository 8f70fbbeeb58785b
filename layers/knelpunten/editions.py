"""Knelpunt conditions across Kerncijfers editions: a leg on an indicator that CBS no longer publishes in the
buurt's edition uses the rule's equivalent ('vanaf_editie') when there is one, and is otherwise 'onbekend' with the
reason 'niet in deze editie (<jaar>)' - never a silent 'geen knelpunt'."""
from ..common import NOT_IN_EDITION
from ..common import indicator as catalogue_indicator


def edition_of(value):
    """The edition year of a row's 'jaar' value, or None when absent or not a year."""
    try:
        year = int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None
    return year if 1900 < year < 2200 else None


def _published(ind_id, year):
    return year is None or catalogue_indicator(ind_id).in_edition(year)


def condition_for_edition(cond, jaar):
    """cond, or its equivalent when the row's edition lacks cond's indicator and publishes the equivalent's."""
    year = edition_of(jaar)
    equivalent = getattr(cond, "equivalent", None)
    if equivalent is not None and not _published(cond.indicator, year) and _published(equivalent.indicator, year):
        return equivalent
    return cond


def edition_reason(ind_id, jaar):
    """'niet in deze editie (2024)' when the catalogue says the edition lacks the indicator, else ''."""
    year = edition_of(jaar)
    return "" if _published(ind_id, year) else f"{NOT_IN_EDITION} ({year})"


def needed_indicators(rules):
    """Every indicator a rule set may read, equivalents included."""
    out = set()
    for rule in rules:
        for cond in rule.conditions():
            out.add(cond.indicator)
            if getattr(cond, "equivalent", None) is not None:
                out.add(cond.equivalent.indicator)
    return out


def edition_notes(rule, leaves):
    """Dutch notes for the legs of an 'onbekend' rule whose indicator is not in the buurt's edition."""
    return [f"{rule.label}: {catalogue_indicator(leaf.condition.indicator).label.lower()} {leaf.reason}"
            for leaf in leaves if leaf.reason.startswith(NOT_IN_EDITION)]
