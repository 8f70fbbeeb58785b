"""Privacy on import: participant pseudonyms nobody can reverse with the dossier alone, and contact details that
residents typed into free text replaced by a marker.

Why not a hash of the participant id (or a hash with a salt stored in the dossier)? Whoever holds the dossier and a
list of e-mail addresses could hash each address and see who took part. So the dossier never holds what is needed to
recompute a pseudonym:

* with a **pseudonym key** (at least MIN_KEY_LENGTH characters, kept by the user, never written to the dossier or the
  project) the pseudonym is HMAC-SHA256(key, id): the same person gets the same pseudonym in every import that uses
  the same key, and without the key nobody can test an address;
* without a key every participant gets a **random** pseudonym for this import (the same within the file, so counts of
  participants stay right); the mapping exists only in memory during the import and is then gone.
"""
import hashlib
import hmac
import re
import secrets

from ..common import WijkatlasError
from ..schema import EMAIL_PATTERN, PHONE_PATTERN

MIN_KEY_LENGTH = 12
EMAIL = re.compile(EMAIL_PATTERN)
PHONE = re.compile(PHONE_PATTERN)  # the rule and its examples: schema.definitions
EMAIL_MARK, PHONE_MARK = "[e-mailadres verwijderd]", "[telefoonnummer verwijderd]"


class Pseudonyms:
    """Participant id -> pseudonym 'D-xxxxxxxxxx' (keyed hash with the user's key, else random per import)."""

    def __init__(self, key=""):
        key = (key or "").strip()
        if key and len(key) < MIN_KEY_LENGTH:
            raise WijkatlasError(f"De sleutel voor pseudoniemen is te kort: gebruik minstens {MIN_KEY_LENGTH} tekens "
                                 "(een lange, willekeurige zin), of laat hem leeg.")
        self.key = key.encode("utf-8")
        self._random = {}

    @property
    def keyed(self):
        """True when pseudonyms are stable across imports (a key was given)."""
        return bool(self.key)

    def __call__(self, value):
        text = str(value or "").strip().lower()
        if not text:
            return None
        if self.key:
            return "D-" + hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
        if text not in self._random:
            self._random[text] = "D-" + secrets.token_hex(8)
        return self._random[text]


def scrub_contact_details(text):
    """(text with e-mail addresses and phone numbers replaced by a marker, number of e-mails, number of phones)."""
    if not text:
        return text, 0, 0
    text, emails = EMAIL.subn(EMAIL_MARK, text)
    text, phones = PHONE.subn(PHONE_MARK, text)
    return text, emails, phones
