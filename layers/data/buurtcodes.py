"""Which field of a user's buurten layer holds the CBS buurtcode, and what follows from a code (wijk, gemeente)."""
import re

from ..common import DossierError, is_null, load_catalogue
from ..schema import BUURTCODE_PATTERN

BUURTCODE = re.compile(f"^{BUURTCODE_PATTERN}$")  # digits, and letters since the 2022 division (BU0363AA01)
NAME_ALIASES = ("buurtnaam", "bu_naam", "buurt_naam", "statnaam", "naam", "name", "buurt")
MOST = 0.5  # a code field must hold valid CBS codes in more than half of its rows


def clean_code(value):
    """A buurtcode without padding, upper case; '' for NULL."""
    if is_null(value):
        return ""
    return str(value).strip().upper()


def is_buurtcode(value):
    """True for a valid CBS buurtcode (BU + 8 characters)."""
    return bool(BUURTCODE.match(clean_code(value)))


def derived_codes(code):
    """{'wijkcode': 'WK…', 'gemeentecode': 'GM…'} of a valid buurtcode, else {}."""
    if not is_buurtcode(code):
        return {}
    code = clean_code(code)
    return {"wijkcode": "WK" + code[2:8], "gemeentecode": "GM" + code[2:6]}


def _share_valid(values):
    filled = [v for v in values if clean_code(v)]
    return (sum(1 for v in filled if is_buurtcode(v)) / len(filled)) if filled else 0.0


def choose_code_field(field_names, sample_rows, wanted=""):
    """The field that holds CBS buurtcodes: `wanted` when given, else the field whose values are most often valid.

    sample_rows: lists of attribute values aligned with field_names. Refuses (DossierError, in Dutch) a field that
    does not exist, or when no field holds mostly valid codes; the message lists the candidate fields.
    """
    shares = {name: _share_valid([row[i] for row in sample_rows]) for i, name in enumerate(field_names)}
    candidates = ", ".join(f"{n} ({shares[n]:.0%} geldige codes)" for n in field_names)
    if wanted:
        match = next((n for n in field_names if n.lower() == wanted.lower()), None)
        if match is None:
            raise DossierError(f"Het veld '{wanted}' bestaat niet in de buurtenlaag; velden: {', '.join(field_names)}.")
        if shares[match] <= MOST:
            raise DossierError(f"Het veld '{match}' bevat grotendeels geen CBS-buurtcodes (BU + 8 tekens, bijv. "
                               f"BU0363AA01). Kies het veld met de CBS-code; kandidaten: {candidates}.")
        return match
    best = max(field_names, key=lambda n: shares[n], default=None)
    if best is None or shares[best] <= MOST:
        raise DossierError("Geen veld met CBS-buurtcodes gevonden (BU + 8 tekens, bijv. BU0363AA01). Een eigen, "
                           "korte buurtcode koppelt niet aan CBS-cijfers. Kies het veld met de buurtcode als "
                           f"parameter of voeg de CBS-code toe; velden: {candidates}.")
    return best


def name_field(field_names, code_field):
    """The field with buurt names (buurtnaam, bu_naam, naam …), or None."""
    lower = {n.lower(): n for n in field_names if n != code_field}
    return next((lower[a] for a in NAME_ALIASES if a in lower), None)


def indicator_field_map(field_names):
    """{indicator id: field name} for the catalogue indicators a layer holds, by id or by any source's field name
    (e.g. PDOK's 'aantal_inwoners' or WFS 'aantalInwoners' for 'inwoners'); matched case-insensitively."""
    lower = {n.lower(): n for n in field_names}
    found = {}
    for ind in load_catalogue():
        names = [ind.id] + [alias for fields in ind.sources.values() for alias in fields]
        hit = next((lower[n.lower()] for n in names if n.lower() in lower), None)
        if hit is not None:
            found[ind.id] = hit
    return found
