"""Quarters as people write them ('2027-Q3', 'Q3 2027', '3e kwartaal 2027', '2027', '1-7-2027', 'najaar 2027')."""
import datetime
import re

from ..common import quarter_index, quarter_label, quarter_of

OPEN = ("", "open", "open einde", "onbepaald", "doorlopend", "nog onbekend", "onbekend", "?", "-", "nvt", "n.v.t.")
MONTHS = {m: i for i, names in enumerate((("jan", "januari"), ("feb", "februari"), ("mrt", "maart", "mar"),
                                          ("apr", "april"), ("mei",), ("jun", "juni"), ("jul", "juli"),
                                          ("aug", "augustus"), ("sep", "sept", "september"),
                                          ("okt", "oktober", "oct"), ("nov", "november"), ("dec", "december")), 1)
          for m in names}
# Words for parts of a year -> (first quarter, last quarter).
PARTS = {"voorjaar": (1, 2), "lente": (1, 2), "zomer": (2, 3), "najaar": (3, 4), "herfst": (3, 4), "winter": (1, 1),
         "begin": (1, 1), "medio": (2, 3), "midden": (2, 3), "eind": (4, 4), "einde": (4, 4), "eerste helft": (1, 2),
         "tweede helft": (3, 4), "h1": (1, 2), "h2": (3, 4)}
_Q = r"(?:q|k|kw)"
PATTERNS = (
    (re.compile(rf"^((?:19|20)\d\d)\s*[-/ ]?\s*{_Q}\s*([1-4])$"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(rf"^{_Q}\s*([1-4])\s*[-/ ]?\s*((?:19|20)\d\d)$"), lambda m: (int(m[2]), int(m[1]))),
    (re.compile(r"^([1-4])\s*(?:e|de|ste)?\s*kwartaal\s*((?:19|20)\d\d)$"), lambda m: (int(m[2]), int(m[1]))),
    (re.compile(r"^kwartaal\s*([1-4])\s*((?:19|20)\d\d)$"), lambda m: (int(m[2]), int(m[1]))),
)


def parse_day(text):
    """A date from 2027-07-01, 1-7-2027, 01/07/2027 or 1.7.2027; None otherwise."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(text[:19], fmt).date()
        except ValueError:
            continue
    return None


def parse_period(value):
    """(first, last) quarter indices that the text covers, or None when it cannot be read."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        q = quarter_of(value)
        return q, q
    text = " ".join(str(value).strip().lower().replace(",", " ").split())
    for pattern, parts in PATTERNS:
        match = pattern.match(text)
        if match:
            q = quarter_index(*parts(match))
            return q, q
    if re.fullmatch(r"(19|20)\d\d", text):
        return quarter_index(int(text), 1), quarter_index(int(text), 4)
    day = parse_day(text)
    if day is not None:
        q = quarter_of(day)
        return q, q
    match = re.fullmatch(r"([a-z0-9 ]+?)\s+((?:19|20)\d\d)", text)
    if match:
        word, year = match[1].strip(), int(match[2])
        if word in MONTHS:
            q = quarter_index(year, (MONTHS[word] - 1) // 3 + 1)
            return q, q
        if word in PARTS:
            first, last = PARTS[word]
            return quarter_index(year, first), quarter_index(year, last)
    return None


def parse_start_end(start, end):
    """(start index, end index or None, open_ended, problems) for a plan's start and end cells."""
    problems = []
    s_text = "" if start is None else str(start).strip()
    e_text = "" if end is None else str(end).strip()
    first = parse_period(start) if s_text else None
    if not s_text:
        problems.append("geen start")
    elif first is None:
        problems.append(f"start '{s_text}' is geen datum of kwartaal (bijv. 2027-Q3, Q3 2027, 3e kwartaal 2027, "
                        "2027, 1-7-2027, najaar 2027)")
    open_ended = e_text.lower() in OPEN
    last = None if open_ended else parse_period(end)
    if not open_ended and last is None:
        problems.append(f"eind '{e_text}' is geen datum of kwartaal (leeg of 'open' = open einde)")
    if problems:
        return None, None, open_ended, problems
    s_idx, e_idx = first[0], None if open_ended else last[1]
    if e_idx is not None and e_idx < s_idx:
        problems.append(f"eind ({quarter_label(e_idx)}) ligt vóór start ({quarter_label(s_idx)})")
    return s_idx, e_idx, open_ended, problems
