"""Per-buurt text for the atlas box 'Participatie en maatregelen': notes by theme, measures with status and period."""
from .attach import BuurtIndex, attach_all
from .betrokkenheid import atlas_area_text, representation
from .store import read_layer_records
from .summary import DEFAULT_MIN_GROUP, summarise

SAMPLE_PREFIX = "Voorbeeldgegevens (verzonnen). "


def _measure_lines(measures, max_measures):
    active = [m for m in measures if m["status"] != "vervallen"]
    lines = [f"• {m['titel']} – {m['status'] or 'status onbekend'}, {m['periode']}" for m in active[:max_measures]]
    if len(active) > max_measures:
        lines.append(f"• en {len(active) - max_measures} andere")
    return lines


def atlas_texts(path, min_group=DEFAULT_MIN_GROUP, max_measures=4, with_betrokkenheid=True, feedback=None):
    """buurtcode -> Dutch text (privacy-safe: aggregates only, small counts suppressed) for every buurt."""
    index = BuurtIndex(path)
    links = attach_all(path, feedback, index)
    buurten = {c: {k: b[k] for k in ("buurtnaam", "wijkcode", "wijknaam")} for c, b in index.buurten.items()}
    summaries = summarise(links, buurten, min_group)
    heard = {}
    if with_betrokkenheid:
        attrs = {a["buurtcode"]: a for a, _ in read_layer_records(path, "buurten")}
        for row in representation(links, attrs, "buurt", min_group):
            heard.setdefault(row["gebied_code"], []).append(row)
    texts = {}
    for code, s in summaries.items():
        first_line = s["maatregelen_tekst"].split("\n", 1)[0].replace(SAMPLE_PREFIX, "")
        lines = [SAMPLE_PREFIX.strip()] if s["voorbeeld"] else []
        lines.append(s["notities_tekst"].replace(SAMPLE_PREFIX, ""))
        line = atlas_area_text(heard.get(code, []))
        if line:
            lines.append(line)
        lines.append(first_line)
        lines += _measure_lines(s["maatregelen"], max_measures)
        texts[code] = "\n".join(lines)
    return texts
