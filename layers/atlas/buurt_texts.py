"""The per-buurt texts of a buurt page (name, subtitle, knelpunten, participatie), fitted to their boxes in Python.

The layout shows them from one JSON layout variable; nothing is left for a label to overflow. The knelpunten list
follows the stored toelichting (one line per rule, knelpunten before 'let op'); the heading states the stapeling.
"""
import re

from ..common import cbs_number, load_catalogue, plain
from ..knelpunten import DEFAULT_MIN_INWONERS
from .atlas_data import quote_field
from .layout_items import text_format
from .options import NO_NOTES
from .text_fit import fit_lines, fit_size, shorten

VAR_TEXTS = "wijkatlas_teksten"
NAME_SIZES = (18.0, 15.0, 12.5, 10.5)
NAME_HEIGHT = 9.0
SUB_SIZE = 9.0
SUB_HEIGHT = 6.0
BOX_TEXT_SIZES = (8.5, 7.5)  # a long list first gets the smaller size, then loses lines to a pointer
BOX_TITLE = 8.0  # the box heading above the text (add_box_title)
BOX_MARGIN_X, BOX_MARGIN_Y = 2.0, 1.5
SMALL_BUURT = DEFAULT_MIN_INWONERS  # the knelpunt rules' floor: CBS publishes few figures below it
BULLET = "• "
NO_ANALYSIS = "Er is (nog) geen knelpuntenanalyse voor deze buurt gemaakt."
MORE_KNELPUNTEN = "… en {n} regel(s) meer: zie het veld toelichting in de laag Knelpunten van het wijkdossier."
MORE_PARTICIPATIE = "… en {n} regel(s) meer: zie de lagen Participatie en Maatregelen in het wijkdossier."
OLD_STAPELING = re.compile(r"\.? ?Stapeling: \d+ knelpunten")


def name_key(index):
    """The key of the name at NAME_SIZES[index]; only one of them is filled per buurt."""
    return f"naam_{index}"


def text_expression(key):
    """QGIS expression: this buurt's fitted text `key` (empty when there is none)."""
    return f"coalesce(map_get(map_get(json_to_map(@{VAR_TEXTS}), to_string({quote_field('buurtcode')})), '{key}'), '')"


def box_inner(box):
    """(width, height) in mm of the text inside a titled text box."""
    return box.w - 2 * BOX_MARGIN_X, box.h - BOX_TITLE - 2 * BOX_MARGIN_Y


def toelichting_lines(toelichting):
    """The rule lines of a stored toelichting (also the older '; '-joined text with a closing stapeling count)."""
    text = OLD_STAPELING.sub("", str(toelichting or "")).strip()
    if not text:
        return []
    parts = text.split("\n") if "\n" in text else re.split(r"; (?=[A-Z]|let op)", text)
    return [p.strip() for p in parts if p.strip() and not p.startswith("Geen knelpunten gesignaleerd")]


def knelpunten_lines(stapeling, toelichting, inwoners=None):
    """Heading (the stapeling), a small-buurt caveat, then one bulleted line per rule."""
    lines = toelichting_lines(toelichting)
    knelpunt_lines = [line for line in lines if not line.lower().startswith("let op") and "onbekend (" not in line]
    if stapeling is None:
        head = "Stapeling: geen gegevens (ontbrekende of geheime cijfers)."
    elif stapeling == 0:
        head = "Geen knelpunten gesignaleerd (stapeling 0)."
    else:
        head = f"Stapeling: {stapeling} {'knelpunt' if stapeling == 1 else 'knelpunten'}."
        if len(knelpunt_lines) > stapeling:
            head += " Regels over hetzelfde probleem tellen één keer."
    out = [head]
    if inwoners is not None and inwoners < SMALL_BUURT:
        out.append(f"Kleine buurt ({int(inwoners)} inwoners): CBS publiceert hier weinig cijfers.")
    out += [line if line[0].isdigit() else BULLET + line for line in lines]
    return out


def _figures_part(line):
    """The part of a knelpunt line that quotes figures: without 'Let op: ' and a combined rule's own label."""
    line = line[len("Let op: "):] if line.lower().startswith("let op: ") else line
    head, sep, rest = line.partition(": ")
    return rest if sep and not any(ch.isdigit() for ch in head) else line


def cited_indicators(texts):
    """Catalogue indicator ids whose figures a text quotes (longest labels first, so no label hides in another)."""
    found = set()
    remaining = [_figures_part(line).lower() for t in texts if t for line in toelichting_lines(t)]
    for ind in sorted(load_catalogue(), key=lambda i: -len(i.label)):
        label = ind.label.lower()
        hit = False
        for i, text in enumerate(remaining):
            if label in text:
                hit = True
                remaining[i] = text.replace(label, " ")
        if hit:
            found.add(ind.id)
    return found


def box_key(key, index):
    """The key of a box text at BOX_TEXT_SIZES[index]; only one of them is filled per buurt."""
    return key if index == 0 else f"{key}_{index}"


def _box_texts(key, lines, width, height, more):
    """{box_key: text}: all lines at the largest size that holds them, else the smallest size with a pointer."""
    for index, size in enumerate(BOX_TEXT_SIZES):
        fitted = fit_lines(text_format(size), lines, width, height, more)
        if fitted == "\n".join(line for line in lines if line) or index == len(BOX_TEXT_SIZES) - 1:
            return {box_key(key, i): (fitted if i == index else "") for i in range(len(BOX_TEXT_SIZES))}
    return {}


def _name_texts(name, width):
    size, text = fit_size(lambda s: text_format(s, True), name, width, NAME_HEIGHT, NAME_SIZES)
    return {name_key(i): (text if s == size else "") for i, s in enumerate(NAME_SIZES)}


def page_texts(layer, grid, knelpunten, participatie, analysed):
    """({buurtcode: {key: text}}, cited indicator ids) for every buurt of `layer`.

    `knelpunten` is {buurtcode: {'stapeling', 'toelichting'}} (from a layer or the buurten's own fields),
    `participatie` {buurtcode: text}, `analysed` False when there is no knelpuntenanalyse at all.
    """
    names = layer.fields().names()
    header_w = grid.header.w * 0.68
    kn_w, kn_h = box_inner(grid.knelpunten)
    pa_w, pa_h = box_inner(grid.participatie)
    out, raw_knelpunten = {}, []
    for feat in layer.getFeatures():
        code = str(plain(feat["buurtcode"]) or "")
        get = {n: plain(feat[n]) for n in ("buurtnaam", "wijknaam", "gemeentenaam", "inwoners") if n in names}
        texts = _name_texts(str(get.get("buurtnaam") or code), header_w)
        sub = " · ".join(str(v) for v in (code, get.get("wijknaam"), get.get("gemeentenaam")) if v)
        texts["sub"] = shorten(text_format(SUB_SIZE), f"Buurt {sub}", header_w, SUB_HEIGHT)
        if analysed:
            row = knelpunten.get(code, {})
            stapeling = cbs_number(row.get("stapeling"))
            raw_knelpunten.append(str(row.get("toelichting") or ""))
            lines = knelpunten_lines(None if stapeling is None else int(stapeling), row.get("toelichting"),
                                     cbs_number(get.get("inwoners")))
            texts.update(_box_texts("knelpunten", lines, kn_w, kn_h, lambda n: MORE_KNELPUNTEN.format(n=n)))
        else:
            texts.update(_box_texts("knelpunten", [NO_ANALYSIS], kn_w, kn_h, lambda n: ""))
        lines = str(participatie.get(code) or NO_NOTES).split("\n")
        texts.update(_box_texts("participatie", lines, pa_w, pa_h, lambda n: MORE_PARTICIPATIE.format(n=n)))
        out[code] = texts
    return out, cited_indicators(raw_knelpunten)


def knelpunten_from_fields(layer):
    """{buurtcode: {'stapeling', 'toelichting'}} from the buurten's own fields."""
    names = layer.fields().names()
    return {str(plain(f["buurtcode"]) or ""): {"stapeling": plain(f["stapeling"]),
                                                 "toelichting": plain(f["toelichting"]) if "toelichting" in names
                                                 else ""} for f in layer.getFeatures()}
