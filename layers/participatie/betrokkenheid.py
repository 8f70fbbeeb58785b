"""Representativeness of participants per buurt or wijk against the CBS composition (domain.md §7).

Ratio R = share among participants / share in the population; < 0.5 under-heard, > 1.5 over-represented. Persons are
compared with persons (age), households with households, and tenure with dwellings. Population shares are taken over
the groups of one dimension, as participants are. Participant counts from 1 to min_group - 1 are suppressed in every
output; when one group alone is suppressed, the next smallest is suppressed too so that the total does not give it
away. A count of 0 stays visible: nobody reached is the finding, and it identifies no one.
"""
from ..common import cbs_number
from ..schema import HUISHOUDENS, LEEFTIJDSGROEPEN, WOONSITUATIES
from .chi2 import goodness_of_fit
from .summary import hidden_counts

UNDER, OVER = 0.5, 1.5
MIN_CHI2 = 30
DEFAULT_MIN_GROUP = 5
DIMENSIONS = (("leeftijd", "leeftijdsgroep", "personen", tuple(LEEFTIJDSGROEPEN)),
              ("huishouden", "huishouden", "huishoudens", tuple(HUISHOUDENS)),
              ("woonsituatie", "woonsituatie", "woningen", WOONSITUATIES))
ROW_FIELDS = ("niveau", "gebied_code", "gebied_naam", "dimensie", "basis", "groep", "n_deelnemers",
              "aandeel_deelnemers", "bevolking", "aandeel_bevolking", "ratio", "oordeel", "n_dimensie", "chi2",
              "df", "p_waarde", "toets", "opmerking")


def population(attrs):
    """dimension -> group -> CBS count (None when not published) for one buurt's attributes."""
    out = {"leeftijd": {g: cbs_number(attrs.get(f)) for g, f in LEEFTIJDSGROEPEN.items()},
           "huishouden": {g: cbs_number(attrs.get(f)) for g, f in HUISHOUDENS.items()}}
    woningen, koop, huur, corp = (cbs_number(attrs.get(f)) for f in ("woningen", "pct_koop", "pct_huur",
                                                                     "pct_corporatie"))
    if None in (woningen, koop, huur, corp):
        out["woonsituatie"] = {g: None for g in WOONSITUATIES}
    else:
        out["woonsituatie"] = {"koop": koop / 100 * woningen, "huur corporatie": corp / 100 * woningen,
                               "huur overig": max(0.0, huur - corp) / 100 * woningen}
    return out


def participants(links):
    """area-independent participants: key -> {'buurten': set, field: first answer}; key = deelnemer_id or note id."""
    people = {}
    for link in links:
        if link.soort != "notitie" or not link.buurtcode:
            continue
        key = link.attrs.get("deelnemer_id") or f"notitie:{link.object_id}"
        person = people.setdefault(key, {"buurten": set()})
        person["buurten"].add(link.buurtcode)
        for _, field, _, groups in DIMENSIONS:
            value = link.attrs.get(field)
            if value in groups and person.get(field) is None:
                person[field] = value
    return people


def areas(buurten, level):
    """area code -> (name, [buurtcodes]) for level 'buurt' or 'wijk'."""
    out = {}
    for code, b in buurten.items():
        key, name = (code, b["buurtnaam"]) if level == "buurt" else (b["wijkcode"], b["wijknaam"])
        out.setdefault(key, (name, []))[1].append(code)
    return out


def _area_population(codes, pops, dim):
    complete = [c for c in codes if None not in pops[c][dim].values()]
    if not complete:
        return None, "geen CBS-cijfers voor deze groepen"
    sums = {g: sum(pops[c][dim][g] for c in complete) for g in pops[complete[0]][dim]}
    note = "" if len(complete) == len(codes) else f"bevolking van {len(complete)} van {len(codes)} buurten"
    return sums, note


def _dimension_rows(base, dim, counts, pop, note, min_group):
    n = sum(counts.values())
    rows = []
    small_total = 0 < n < min_group
    hidden = set(counts) if small_total else hidden_counts(counts, min_group)
    pop_total = sum(pop.values()) if pop else 0
    test = {"chi2": None, "df": None, "p_waarde": None}
    if pop is None or pop_total <= 0:
        toets = "geen toets (geen bevolkingscijfers)"
    elif n < MIN_CHI2:
        toets = f"geen toets (minder dan {MIN_CHI2} deelnemers); alleen verhoudingen, met voorzichtigheid lezen"
    else:
        fit = goodness_of_fit([counts[g] for g in counts], [pop[g] / pop_total for g in counts])
        if fit is None:
            toets = "geen toets (een groep zonder inwoners heeft deelnemers)"
        else:
            stat, df, p, min_exp = fit
            test = {"chi2": None if hidden else round(stat, 2), "df": df,
                    "p_waarde": round(p, 2) if hidden else round(p, 4)}
            toets = ("verdeling wijkt significant af van de bevolking (p < 0,05)" if p < 0.05 else
                     "geen significant verschil met de bevolking (p ≥ 0,05)")
            if min_exp < 5:
                toets += "; verwachte aantallen onder 5, toets indicatief"
    for group, count in counts.items():
        row = dict(base, dimensie=dim[0], basis=dim[2], groep=group, n_dimensie=None if small_total else n,
                   opmerking=note, toets=toets, **test)
        share_pop = pop[group] / pop_total if pop and pop_total > 0 else None
        row["bevolking"] = pop[group] if pop else None
        row["aandeel_bevolking"] = share_pop
        if group in hidden:
            row.update(n_deelnemers=None, aandeel_deelnemers=None, ratio=None,
                       oordeel=f"onderdrukt (minder dan {min_group} deelnemers)")
        elif n == 0:
            row.update(n_deelnemers=0, aandeel_deelnemers=None, ratio=None, oordeel="geen deelnemers met antwoord")
        else:
            share = count / n
            ratio = share / share_pop if share_pop else None
            row.update(n_deelnemers=count, aandeel_deelnemers=share, ratio=ratio, oordeel=_verdict(ratio, share_pop))
        rows.append(row)
    return rows


def _verdict(ratio, share_pop):
    if share_pop is None:
        return "geen bevolkingscijfers"
    if ratio is None:
        return "geen inwoners in deze groep volgens CBS"
    if ratio < UNDER:
        return "ondervertegenwoordigd (minder gehoord)"
    if ratio > OVER:
        return "oververtegenwoordigd"
    return "in verhouding"


def representation(links, buurten, level="buurt", min_group=DEFAULT_MIN_GROUP):
    """Rows (dicts with ROW_FIELDS) per area, dimension and group.

    links: Links from participatie_attach; buurten: buurtcode -> attributes (buurtnaam, wijkcode, wijknaam, CBS ids).
    """
    pops = {code: population(attrs) for code, attrs in buurten.items()}
    people = participants(links)
    area_of = {c: code for code, (_, codes) in areas(buurten, level).items() for c in codes}
    members_of = {}
    for person in people.values():
        for area in {area_of[c] for c in person["buurten"] if c in area_of}:
            members_of.setdefault(area, []).append(person)
    rows = []
    for code, (name, codes) in sorted(areas(buurten, level).items()):
        members = members_of.get(code, [])
        base = {"niveau": level, "gebied_code": code, "gebied_naam": name}
        for dim in DIMENSIONS:
            counts = {g: sum(1 for p in members if p.get(dim[1]) == g) for g in dim[3]}
            pop, note = _area_population(codes, pops, dim[0])
            rows.extend(_dimension_rows(base, dim, counts, pop, note, min_group))
    return rows


GROUP_WORDS = {"0-15": "kinderen tot 15 jaar", "15-25": "jongeren van 15 tot 25 jaar",
               "25-45": "volwassenen van 25 tot 45 jaar", "45-65": "volwassenen van 45 tot 65 jaar",
               "65+": "ouderen vanaf 65 jaar", "eenpersoons": "alleenwonenden",
               "zonder kinderen": "huishoudens zonder kinderen", "met kinderen": "gezinnen met kinderen",
               "koop": "eigenaar-bewoners", "huur corporatie": "huurders van een corporatie",
               "huur overig": "huurders bij een andere verhuurder"}


def group_words(group):
    """A participant group in words: '0-15' -> 'kinderen tot 15 jaar'."""
    return GROUP_WORDS.get(group, group)


def atlas_area_text(rows, min_participants=MIN_CHI2):
    """area_text() for the atlas: only where enough people answered (the chi-square minimum), else says so."""
    answered = max((r["n_dimensie"] or 0) for r in rows) if rows else 0
    if not answered and not any(r["n_dimensie"] is None for r in rows):
        return ""  # nobody took part here: the notes line already says so
    if answered < min_participants:
        return "Betrokkenheid: te weinig deelnemers om te zeggen wie er ontbreekt."
    return area_text(rows)


def area_text(rows):
    """A short privacy-safe Dutch line for one area: which groups were heard little or much (groups in words)."""
    under = [group_words(r["groep"]) for r in rows if r["oordeel"].startswith("ondervertegenwoordigd")]
    over = [group_words(r["groep"]) for r in rows if r["oordeel"] == "oververtegenwoordigd"]
    parts = []
    if under:
        parts.append("minder gehoord: " + ", ".join(under))
    if over:
        parts.append("meer gehoord: " + ", ".join(over))
    return ("Betrokkenheid: " + "; ".join(parts) + ".") if parts else ""
