"""Normalising imported values to the form's value lists (themes, methods, kinds, participant groups, dates)."""
import datetime
import re
import unicodedata

from ..schema import HUISHOUDENS, LEEFTIJDSGROEPEN, METHODES, SOORTEN_NOTITIE, THEMAS, WOONSITUATIES

SYNONYMS = {
    "thema": {"klimaatadaptatie": "klimaat", "energietransitie": "energie", "woningen": "wonen",
              "verkeer": "mobiliteit", "welzijn": "gezondheid", "zorg en welzijn": "gezondheid",
              "werk": "werken", "economie": "werken", "circulair": "circulariteit", "veiligheid": "leefbaarheid"},
    "methode": {"enquete": "enquête", "vragenlijst": "enquête", "schouw": "wijkschouw", "wandeling": "wijkschouw",
                "bewonersavond": "bijeenkomst", "informatieavond": "bijeenkomst", "interview": "gesprek",
                "keukentafelgesprek": "gesprek", "website": "online", "digitaal": "online"},
    "soort": {"zorgen": "zorg", "probleem": "zorg", "klacht": "zorg", "kansen": "kans", "ideeën": "idee",
              "ideeen": "idee", "suggestie": "idee", "vragen": "vraag"},
    "huishouden": {"alleenstaand": "eenpersoons", "eenpersoonshuishouden": "eenpersoons",
                   "paar zonder kinderen": "zonder kinderen", "samenwonend zonder kinderen": "zonder kinderen",
                   "gezin": "met kinderen", "paar met kinderen": "met kinderen", "eenoudergezin": "met kinderen"},
    "woonsituatie": {"koopwoning": "koop", "eigenaar": "koop", "eigen woning": "koop",
                     "sociale huur": "huur corporatie", "corporatie": "huur corporatie",
                     "huur (corporatie)": "huur corporatie", "particuliere huur": "huur overig",
                     "vrije sector": "huur overig", "huur particulier": "huur overig",
                     "huur (overig)": "huur overig"},
}
ALLOWED = {"thema": THEMAS, "methode": METHODES, "soort": SOORTEN_NOTITIE, "huishouden": tuple(HUISHOUDENS),
           "woonsituatie": WOONSITUATIES, "leeftijdsgroep": tuple(LEEFTIJDSGROEPEN)}
# CBS age classes: lower bound -> group (0 tot 15, 15 tot 25, ...).
AGE_BOUNDS = ((65, "65+"), (45, "45-65"), (25, "25-45"), (15, "15-25"), (0, "0-15"))


def _age_group(text):
    compact = re.sub(r"\s+", "", text).replace("jaar", "").replace("tot", "-").replace("–", "-")
    if compact in ("65+", "65enouder", "65ofouder", "ouderdan65"):
        return "65+"
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", compact)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        for bound, group in AGE_BOUNDS:
            upper = {"65+": 200, "45-65": 65, "25-45": 45, "15-25": 25, "0-15": 15}[group]
            if low >= bound and high <= upper:
                return group
        return None
    if compact.isdigit() and int(compact) < 120:
        age = int(compact)
        return next(group for bound, group in AGE_BOUNDS if age >= bound)
    return None


def normalise(field, value):
    """(value from the value list or None, problem text or '') for one imported cell."""
    text = unicodedata.normalize("NFC", str(value or "").strip())  # 'ideeën' typed with a combining diaeresis
    if not text:
        return None, ""
    lowered = text.lower()
    if field == "leeftijdsgroep":
        group = _age_group(lowered)
        return (group, "") if group else (None, f"onbekende leeftijdsgroep '{text}'")
    allowed = ALLOWED[field]
    lowered = SYNONYMS.get(field, {}).get(lowered, lowered)
    if lowered in allowed:
        return lowered, ""
    return None, f"onbekende waarde '{text}' voor {field} (toegestaan: {', '.join(allowed)})"


def parse_date(value):
    """(ISO date text or None, problem text) from 2025-03-14, 14-3-2025 or 14/03/2025."""
    text = str(value or "").strip()
    if not text:
        return None, ""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(text[:19], fmt).date().isoformat(), ""
        except ValueError:
            continue
    return None, f"onbekende datum '{text}'"


def parse_number(value):
    """A float from '121.345,6', '121345.6' or '121345,6'; None when empty or not a number."""
    text = str(value or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None
