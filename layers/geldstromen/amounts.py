"""Amounts as finance departments write them, to whole cents: '€ 1.250.000,00', '1,25 mln', '(12.500)', '-3.400'.

Everything is Decimal until the last step, so '1,25 mln' is exactly 125000000 cents and sums never drift.
"""
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SCALES = {"k": 3, "dzd": 3, "duizend": 3, "mln": 6, "mio": 6, "miljoen": 6, "m": 6, "mld": 9, "miljard": 9}
_SCALE_RE = re.compile(r"(?<=\d)\s*(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\.?$")
_CURRENCY_RE = re.compile(r"(€|eur(?:o)?\b|\beuro\b)", re.IGNORECASE)


def _plain_number(text):
    """Decimal of a number in Dutch or plain notation ('1.250.000,50', '1250000.50', '1,25'); None when not one."""
    if not re.fullmatch(r"\d[\d.,]*\d|\d", text):
        return None
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        if text.count(",") > 1:
            return None  # '1,250,000' is not how Dutch finance writes; refuse rather than guess
        text = text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            return None
        text = text.replace(".", "")  # Dutch thousands: '1.250' is twelve hundred and fifty
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_amount(value):
    """(amount in whole cents as int, or None; problem text or '') for one cell.

    Numbers from Excel are taken as they are. Text may carry €/EUR, spaces as thousands separators, a scale word
    (k, dzd, mln, mio, miljoen, mld), a minus sign in front or behind, or brackets for a negative amount.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "geen bedrag"
    if isinstance(value, bool):
        return None, f"'{value}' is geen bedrag"
    if isinstance(value, (int, float, Decimal)):
        return _cents(Decimal(str(value))), ""
    original = str(value).strip()
    text = original.replace("\u00a0", " ").replace("\u2212", "-").replace("–", "-").strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY_RE.sub("", text).strip()
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    elif text.endswith("-") and not text.endswith(",-"):
        negative, text = not negative, text[:-1].strip()
    text = _CURRENCY_RE.sub("", text).strip()
    if text.endswith(",-") or text.endswith(".-"):
        text = text[:-2]  # '€ 500,-': whole euros
    scale = 0
    match = _SCALE_RE.search(text.lower())
    if match:
        scale = SCALES[match.group(1)]
        text = text[:match.start()].strip()
    number = _plain_number(re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "", text))
    if number is None:
        return None, f"bedrag '{original}' is niet te lezen"
    number = number.scaleb(scale)
    return _cents(-number if negative else number), ""


def _cents(number):
    return int((number * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euros(cents):
    """Cents as a float in euros (for the dossier's Double field)."""
    return None if cents is None else float(Decimal(cents) / 100)


def cents_of(euro_value):
    """Whole cents of a stored euro amount (Double from the dossier)."""
    return None if euro_value is None else _cents(Decimal(str(euro_value)))
