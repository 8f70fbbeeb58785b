"""Matching the column headers of a user's table to our field names, leaving personal columns unread.

Used by every import (participatie, geldstromen, wijkverhalen): one normalisation of headers, one list of personal
columns, one mapping function.
"""
import re

# Columns that hold personal data: never read, never stored, never exported.
PERSONAL = ("naam", "voornaam", "achternaam", "email", "emailadres", "mail", "telefoon", "telefoonnummer", "tel",
            "mobiel", "contact", "contactgegevens", "geboortedatum", "bsn")


def column_key(header):
    """A header compared lower-case, without spaces, dots, dashes, underscores and brackets."""
    return re.sub(r"[\s._\-()]+", "", str(header or "").strip().lower())


def is_personal_header(header):
    """True for a column that holds personal data (names, e-mail, phone, contact, date of birth, BSN)."""
    key = column_key(header)
    return key in PERSONAL or any(key.startswith(p) for p in ("naam", "email", "telefoon"))


def map_columns(headers, columns):
    """(our name -> column index, [personal headers], [ignored headers]) for {our name: (aliases, …)}."""
    lookup = {column_key(alias): name for name, aliases in columns.items() for alias in aliases}
    mapping, personal, ignored = {}, [], []
    for i, header in enumerate(headers):
        key = column_key(header)
        if not key:
            continue
        if is_personal_header(header):
            personal.append(str(header))
        elif key in lookup and lookup[key] not in mapping:
            mapping[lookup[key]] = i
        else:
            ignored.append(str(header))
    return mapping, personal, ignored
