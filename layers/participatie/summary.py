"""Per-buurt counts of notes (by theme and kind) and measures (by status), and a privacy-safe text for the atlas.

Notes are about people, so note counts from 1 to min_group - 1 are suppressed (NULL, never 0), with one more count
when a single one would otherwise follow from the total; measures are plans of organisations and are listed in full.
The text never quotes a note.
"""
from ..schema import OPVOLGINGEN, SOORTEN_NOTITIE, STATUSSEN, THEMAS
from .attach import BuurtIndex, attach_all

DEFAULT_MIN_GROUP = 5
SAMPLE_MARK = "voorbeeld, verzonnen"
SOORT_PLURAL = {"zorg": "zorgen", "kans": "kansen", "idee": "ideeën", "vraag": "vragen"}


def status_field(status):
    """Output field for the number of measures with a status, e.g. m_in_uitvoering."""
    return "m_" + status.replace(" ", "_")


def count_fields():
    """Names of the count fields of the per-buurt summary, in output order."""
    return (["n_notities"] + [f"n_{t}" for t in THEMAS] + [f"n_{s}" for s in SOORTEN_NOTITIE] + ["n_maatregelen"]
            + [status_field(s) for s in STATUSSEN])


def suppress(count, min_group):
    """The count, or None when it is a small group (1 .. min_group-1)."""
    return None if 0 < count < min_group else count


def hidden_counts(counts, min_group):
    """Names of counts to hide: the small ones, plus the next smallest when only one is small (else the total
    minus the shown counts would give it away)."""
    hidden = {n for n, v in counts.items() if 0 < v < min_group}
    if len(hidden) == 1:
        others = sorted((v, n) for n, v in counts.items() if v > 0 and n not in hidden)
        if others:
            hidden.add(others[0][1])
    return hidden


def _quarters(attrs):
    start, end = attrs.get("start_kwartaal"), attrs.get("eind_kwartaal")
    if start and end:
        return f"{start} t/m {end}"
    return start or (f"tot {end}" if end else "periode onbekend")


def _is_sample(link):
    return any(SAMPLE_MARK in str(link.attrs.get(k) or "") for k in ("bron", "omschrijving"))


def _notes_text(counts, total, min_group):
    if total == 0:
        return "Nog geen notities uit participatie."
    if total < min_group:
        return f"Participatie: minder dan {min_group} notities (kleine aantallen worden niet getoond)."
    shown = sorted(((counts[f"n_{t}"], t) for t in THEMAS if counts[f"n_{t}"]), key=lambda ct: (-ct[0], ct[1]))
    parts = [f"{t} ({n})" for n, t in shown]
    rest = total - sum(n for n, _ in shown)
    text = f"Participatie: {total} notities"
    if parts:
        text += "; vooral over " + (", ".join(parts[:-1]) + " en " + parts[-1] if len(parts) > 1 else parts[0])
        if rest:
            text += ", verder over andere thema's"
    else:
        text += " over verschillende thema's"
    text += "."
    kinds = [f"{counts['n_' + s]} {SOORT_PLURAL[s]}" for s in SOORTEN_NOTITIE if counts["n_" + s]]
    if kinds:  # what kind of note, apart from what it is about
        text += "\nSoort notities: " + ", ".join(kinds) + "."
    return text


def follow_up_text(done, total, min_group):
    """'Opvolging: 5 meegenomen in een maatregel, 3 beantwoord, 4 zonder opvolging ingevuld.' (small counts hidden)."""
    if total < min_group or not done:
        return ""
    hidden = hidden_counts(done, min_group)
    parts = [f"{n} {what}" for what, n in sorted(done.items(), key=lambda item: (-item[1], item[0]))
             if what not in hidden]
    unknown = total - sum(done.values())
    if unknown >= min_group:
        parts.append(f"{unknown} zonder opvolging ingevuld")
    return ("Opvolging: " + ", ".join(parts) + ".") if parts else "Opvolging: aantallen te klein om te tonen."


def _measures_text(measures):
    if not measures:
        return "Nog geen maatregelen."
    by_status = {}
    for m in measures:
        by_status[m["status"] or "status onbekend"] = by_status.get(m["status"] or "status onbekend", 0) + 1
    order = list(STATUSSEN) + ["status onbekend"]
    parts = [f"{by_status[s]} {s}" for s in order if s in by_status]
    noun = "maatregel" if len(measures) == 1 else "maatregelen"
    return f"{len(measures)} {noun}: " + ", ".join(parts) + "."


def summarise(links, buurten, min_group=DEFAULT_MIN_GROUP):
    """buurtcode -> summary dict (counts with small note counts suppressed, measures, texts) for every buurt.

    links: Links from participatie_attach.attach_all; buurten: buurtcode -> dict with buurtnaam, wijkcode, wijknaam.
    """
    raw = {code: {f: 0 for f in count_fields()} for code in buurten}
    measures = {code: [] for code in buurten}
    follow_up = {code: {} for code in buurten}
    sample = {"notitie": set(), "maatregel": set()}
    for link in links:
        code = link.buurtcode
        if code not in raw:
            continue
        if _is_sample(link):
            sample[link.soort].add(code)
        c = raw[code]
        if link.soort == "notitie":
            c["n_notities"] += 1
            if link.attrs.get("opvolging") in OPVOLGINGEN:
                follow_up[code][link.attrs["opvolging"]] = follow_up[code].get(link.attrs["opvolging"], 0) + 1
            for value, allowed in ((link.attrs.get("thema"), THEMAS), (link.attrs.get("soort"), SOORTEN_NOTITIE)):
                if value in allowed:
                    c[f"n_{value}"] += 1
        else:
            c["n_maatregelen"] += 1
            if link.attrs.get("status") in STATUSSEN:
                c[status_field(link.attrs["status"])] += 1
            measures[code].append({"maatregel_id": link.object_id, "titel": link.attrs.get("titel"),
                                   "thema": link.attrs.get("thema"), "status": link.attrs.get("status"),
                                   "periode": _quarters(link.attrs), "aandeel": link.aandeel,
                                   "start_kwartaal": link.attrs.get("start_kwartaal"),
                                   "eind_kwartaal": link.attrs.get("eind_kwartaal")})
    out = {}
    for code, c in raw.items():
        counts = dict(c, n_notities=suppress(c["n_notities"], min_group))
        for names in ([f"n_{t}" for t in THEMAS], [f"n_{s}" for s in SOORTEN_NOTITIE]):
            group = {n: c[n] for n in names}
            small_total = counts["n_notities"] is None
            hidden = {n for n, v in group.items() if v > 0} if small_total else hidden_counts(group, min_group)
            counts.update({n: (None if n in hidden else v) for n, v in group.items()})
        ms = sorted(measures[code], key=lambda m: (m["start_kwartaal"] or "9999", m["titel"] or ""))
        lines = [f"{m['titel']} ({m['thema'] or 'geen thema'}; {m['status'] or 'status onbekend'}, {m['periode']})"
                 for m in ms]
        mark = {k: "Voorbeeldgegevens (verzonnen). " if code in v else "" for k, v in sample.items()}
        out[code] = dict(buurten[code], buurtcode=code, **counts, maatregelen=ms,
                         notities_tekst=mark["notitie"] + "\n".join(t for t in (
                             _notes_text(counts, c["n_notities"], min_group),
                             follow_up_text(follow_up[code], c["n_notities"], min_group)) if t),
                         maatregelen_tekst=mark["maatregel"] + "\n".join([_measures_text(ms)] + lines),
                         voorbeeld=any(code in v for v in sample.values()))
    return out


def buurt_summaries(path, min_group=DEFAULT_MIN_GROUP, feedback=None):
    """The per-buurt summaries of a dossier, for the atlas: buurtcode -> dict (see summarise)."""

    index = BuurtIndex(path)
    buurten = {code: {k: b[k] for k in ("buurtnaam", "wijkcode", "wijknaam")} for code, b in index.buurten.items()}
    return summarise(attach_all(path, feedback, index), buurten, min_group)
