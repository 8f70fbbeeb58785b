"""The leeswijzer: what each knelpunt rule checks, which references and sources (with years), how to read the page."""
from ..common import is_null
from ..knelpunten import describe_rule_thresholds, load_rules
from .atlas_data import common_year
from .layout_items import add_box_title, add_front_footer, add_label, text_format
from .options import Box
from .page_cover import boundary_source
from .text_fit import WIDTH_SLACK, shorten, text_height

SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
SECTION_GAP = 3.0
HEADING_H = 8.0
KNELPUNTEN_INTRO = (
    "Een regel vergelijkt een cijfer van de buurt met de gemeente of met Nederland. Bij een index is de referentie "
    "100: 130 is 30% hoger. Knelpunt: de drempel is gehaald; let op: de lagere drempel. Stapeling is het aantal "
    "verschillende problemen met een knelpunt: regels over hetzelfde probleem tellen één keer (in de standaardregels "
    "zijn energiearmoede, laag inkomen en sociaal minimum samen één inkomensprobleem) en de ouderdom van de woningen "
    "is alleen context. Een buurt met te weinig inwoners of woningen voor een cijfer krijgt 'onbekend', geen 0.")
NO_ANALYSIS = "Voor deze atlas is geen knelpuntenanalyse gemaakt; de knelpuntenvakken blijven leeg."
READING = (
    "Kerncijfers: de buurt naast de gemeente en Nederland. Balkjes: per rij geschaald op de hoogste van de drie "
    "waarden (rood buurt, blauw gemeente, grijs Nederland); bij aantallen geen balk, want een buurt is nooit zo groot "
    "als het land. Een streepje (–) betekent: geen gegevens (CBS publiceert het cijfer niet of houdt het geheim). "
    "Overzichtskaart: de kleur is het aantal knelpunten (stapeling) per buurt, grijs is geen gegevens. Verschillen "
    "staan bij percentages in procentpunt (van 10% naar 12% is 2 procentpunt), bij bedragen en verbruik als "
    "percentage van de referentie. Buurten met weinig inwoners dragen een waarschuwing: hun cijfers zijn onzeker.")


def _rule_ids(layer):
    return [name[:-5] for name in layer.fields().names() if name.endswith("_flag")] if layer is not None else []


def rules_lines(knelpunten_layer, buurten_layer):
    """One line per rule the analysis used (from the standard rules; other rules are named as own rules)."""
    ids = _rule_ids(knelpunten_layer) or _rule_ids(buurten_layer)
    known = {rule.id: rule for rule in load_rules()}
    lines = []
    for rule_id in ids:
        rule = known.get(rule_id)
        lines.append("• " + (describe_rule_thresholds(rule) if rule else
                             f"{rule_id}: eigen regel uit het regelbestand dat bij de analyse is gebruikt."))
    return lines


def _reference_years(reference_layer):
    years = {}
    if reference_layer is None or "niveau" not in reference_layer.fields().names():
        return years
    has_year = "jaar" in reference_layer.fields().names()
    for feat in reference_layer.getFeatures():
        level = str(feat["niveau"] or "").lower()
        year = feat["jaar"] if has_year else None
        if level in ("gemeente", "land") and not is_null(year):
            years[level] = max(years.get(level, 0), int(year))
    return years


def sections(ctx):
    """(heading, body) of each leeswijzer section."""
    year = ctx.year or common_year(ctx.layer)
    ref_years = _reference_years(ctx.reference_layer)
    rules = rules_lines(ctx.knelpunten_layer, ctx.layer) if ctx.stapeling_expr else []
    knelpunten = "\n".join([KNELPUNTEN_INTRO] + rules) if rules or ctx.stapeling_expr else NO_ANALYSIS
    refs = ("Gemeente en Nederland komen uit dezelfde CBS-tabel als de buurten"
            + (f": gemeente {ref_years['gemeente']}" if "gemeente" in ref_years else "")
            + (f", Nederland {ref_years['land']}" if "land" in ref_years else "") + ". "
            if ref_years else "Er zijn geen referentiecijfers gekozen; de kolommen gemeente en Nederland zijn leeg. ")
    refs += "Een knelpuntregel noemt zelf of zij de gemeente, Nederland of een vaste grens gebruikt."
    jaar = f" {year}" if year else ""
    indicators = ", ".join(ind.label.lower() for ind in ctx.options.indicators)
    sources = (f"Buurtcijfers: CBS, Kerncijfers wijken en buurten{jaar} ({indicators}). CBS meldt per cijfer de "
               "peildatum in die tabel; inkomens lopen daarin enkele jaren achter op de bevolkingscijfers. "
               f"Buurtgrenzen: {boundary_source(ctx.layer)}."
               + (f" {ctx.options.credits}" if ctx.options.credits else ""))
    return [("Knelpunten en stapeling", knelpunten), ("Referenties", refs), ("Bronnen en jaren", sources),
            ("Zo leest u een buurtpagina", READING)]


def _layout_sections(parts, width, height):
    """The largest size at which every section fits; the rules section is shortened at the smallest size."""
    for size in SIZES:
        fmt = text_format(size)
        needed = sum(HEADING_H + text_height(fmt, body, width * WIDTH_SLACK) + SECTION_GAP + 1 for _, body in parts)
        if needed <= height:
            return size, parts
    fmt = text_format(SIZES[-1])
    rest = sum(HEADING_H + text_height(fmt, body, width * WIDTH_SLACK) + SECTION_GAP + 1 for _, body in parts[1:])
    room = height - rest - HEADING_H - SECTION_GAP - 1
    return SIZES[-1], [(parts[0][0], shorten(fmt, parts[0][1], width, room))] + parts[1:]


def add_leeswijzer_page(layout, page, ctx):
    """The leeswijzer on `page`."""
    w, h = ctx.grid.width, ctx.grid.height
    margin = 12.0
    add_label(layout, "Leeswijzer", Box(margin, 12, w - 2 * margin, 10), page, size=18, bold=True,
              item_id="Leeswijzer")
    top, bottom = 26.0, h - 16.0
    size, parts = _layout_sections(sections(ctx), w - 2 * margin, bottom - top)
    fmt = text_format(size)
    y = top
    for heading, body in parts:
        body_h = text_height(fmt, body, (w - 2 * margin) * WIDTH_SLACK) + 1
        content = add_box_title(layout, heading, Box(margin, y, w - 2 * margin, HEADING_H + body_h), page)
        add_label(layout, body, content, page, size=size)
        y += HEADING_H + body_h + SECTION_GAP
    add_front_footer(layout, page, ctx.front_count, w, h, margin)
