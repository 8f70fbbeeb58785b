"""Dutch notation for every number, amount and date Wijkatlas shows: 1.234,5 · € 245.000 · 12 procentpunt."""
from functools import lru_cache

from qgis.core import QgsBasicNumericFormat

from .catalogue import indicator as _catalogue_indicator

indicator = lru_cache(maxsize=None)(_catalogue_indicator)

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def format_nl(value, decimals=0):
    """A number in Dutch notation: 1.234,5; '–' for a missing value."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_value(value, ind_id):
    """An indicator value with its unit in Dutch notation: '24,3%', '1.840 m³', '€ 245.000'."""
    ind = indicator(ind_id)
    if value is None:
        return "onbekend"
    if ind.unit == "%":
        return f"{format_nl(value, ind.decimals)}%"
    if ind.unit == "x € 1.000":
        return f"€ {format_nl(value * 1000, 0)}"
    return f"{format_nl(value, ind.decimals)} {ind.unit}".strip()


def format_euro(value, decimals=0):
    """An amount in euros in Dutch notation: '€ 6.400.000', '€ -12.500,50'; '–' for a missing value."""
    if value is None:
        return "–"
    return ("€ -" if value < 0 else "€ ") + format_nl(abs(value), decimals)


def format_euro_short(value):
    """A short Dutch amount for charts: '€ 1,25 mln', '€ 2,10 mld', '€ 850.000'."""
    for size, word in ((1e9, "mld"), (1e6, "mln")):
        if abs(value) >= size:
            return ("€ -" if value < 0 else "€ ") + f"{format_nl(abs(value) / size, 2)} {word}"
    return format_euro(value)


def format_date_nl(day):
    """A date as '5 juni 2025' (a datetime.date)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def dutch_number_format(decimals=None):
    """A QgsBasicNumericFormat for scale bars and legends: 1.000,5 whatever the machine's locale."""
    fmt = QgsBasicNumericFormat()
    fmt.setShowThousandsSeparator(True)
    fmt.setThousandsSeparator(".")
    fmt.setDecimalSeparator(",")
    if decimals is not None:
        fmt.setNumberDecimalPlaces(decimals)
    return fmt
