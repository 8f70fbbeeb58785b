"""Turning CBS/PDOK values into numbers: sentinels, StatLine symbols and padding become None."""
import math

MISSING_TEXT = {"", ".", "NA", "-", "x", "?", "null", "None"}
SENTINEL_LIMIT = -99990


def is_null(value):
    """True for None and for a QGIS NULL (a NULL QVariant or a null QDate from a feature)."""
    return value is None or (hasattr(value, "isNull") and value.isNull())


def plain(value):
    """A feature's attribute value with QGIS NULL as None."""
    return None if is_null(value) else value


def cbs_number(value):
    """A CBS value as float, or None when it is missing, secret or a sentinel (never 0 for missing)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if text in MISSING_TEXT:
            return None
        text = text.replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
    if math.isnan(number) or number <= SENTINEL_LIMIT:
        return None
    return number


def cbs_code(value):
    """A region code without OData/StatLine padding."""
    return "" if value is None else str(value).strip()
