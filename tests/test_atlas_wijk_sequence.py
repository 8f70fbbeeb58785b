"""The buurtatlas with the wijk pages, read as a user reads the PDF: the wijkcoalitie after the front pages, each wijk
opened by its verhaal and geldstromen before its buurten (and routekaart); printed page numbers, the contents page
and the bookmarks all agree with where the pages really are."""
import re

from atlas_pdf_tools import flat, page_texts, pdf_outline
from geldstromen_fixture import make_geld_dossier, write_csv
from participatie_fixture import A, B, C, make_dossier
from pypdf import PdfReader
from qgis.core import QgsVectorLayer
from test_wijkverhaal import _csv

from wijkatlas.layers.atlas import export_buurtatlas
from wijkatlas.layers.atlas.front_pages import FRONT_PAGES
from wijkatlas.layers.geldstromen import import_geldstromen
from wijkatlas.layers.schema.geopackage import layer_uri
from wijkatlas.layers.wijkverhaal import import_wijkverhalen

FRONT = len(FRONT_PAGES)


def _dossier(tmp_path, money=True, story=True):
    """Wijk Een (buurten 1, 2) and Wijk Twee (buurt C, renamed 'Achterbuurt' so that it sorts first by name)."""
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    if money:
        assert import_geldstromen(write_csv(tmp_path / "g.csv", [
            ("Gemeente Test", "PA-COR", "energie", A, "€ 1.000.000", "2025", "begroot", "bekend"),
            ("PA-COR", "", "wonen", B, "500.000", "2026", "toegezegd", "bekend"),
            ("Rijk", "", "leefbaarheid", C, "250.000", "2026", "besteed", "bekend")]), dossier).written == 3
    if story:
        assert import_wijkverhalen(_csv(tmp_path / "v.csv", [
            ("Het verhaal van Wijk Een", "Hier lagen vroeger tuinderijen.", "WK000100", "archief", "2025-03-12", "",
             "", "")]), dossier).written == 1
    layer = QgsVectorLayer(layer_uri(dossier, "buurten"), "buurten", "ogr")
    field = layer.fields().indexOf("buurtnaam")
    fid = next(f.id() for f in layer.getFeatures() if f["buurtcode"] == C)
    assert layer.dataProvider().changeAttributeValues({fid: {field: "Achterbuurt"}})
    return dossier, QgsVectorLayer(layer_uri(dossier, "buurten"), "buurten", "ogr")


def _first_page(texts, start):
    """Index of the first page whose text starts with `start`."""
    return next(i for i, t in enumerate(texts) if flat(t).startswith(start))


def _contents(text):
    """[(entry, page number)] of a one-column contents page."""
    rows = [re.match(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", line) for line in text.splitlines()]
    return [(m.group(1).strip(), int(m.group(2))) for m in rows if m and not m.group(1).startswith("Pagina")]


def _bold_texts(pdf, index):
    """The texts set in a bold font on page `index`, stripped and non-empty."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None and "Bold" in str(font.get("/BaseFont", "")):
            found.append(flat(text))

    PdfReader(pdf).pages[index].extract_text(visitor_text=visit)
    return found


def test_each_wijk_opens_with_its_story_and_money_before_its_buurten(tmp_path, qgis_app):
    dossier, layer = _dossier(tmp_path)
    pdf = str(tmp_path / "atlas.pdf")
    result = export_buurtatlas(layer, pdf, sort="naam", wijk_dossier=dossier, routekaart_dossier=dossier)
    texts = page_texts(pdf)
    total = len(texts)
    assert result["pages"] == total and result["wijken"] == 2 and result["buurten"] == 3
    starts = ["Wijkcoalitie", "Verhaal van Wijk Een", "Geldstromen door Wijk Een", "Buurt 1", "Buurt 2",
              "Wijkroutekaart Wijk Een", "Geldstromen door Wijk Twee", "Achterbuurt", "Wijkroutekaart Wijk Twee"]
    assert [_first_page(texts, s) for s in starts] == list(range(FRONT, FRONT + len(starts))) == \
        list(range(FRONT, total))
    assert "Hier lagen vroeger tuinderijen." in texts[FRONT + 1]
    assert "Er is nog geen verhaal" in texts[FRONT + 6]   # Wijk Twee has money but no story
    for name in ("Gemeente Test", "Corporatie Test", "energie", "wonen", "Buurt 1", "Buurt 2"):
        assert name in flat(texts[FRONT + 2]), name
    for number, text in enumerate(texts, start=1):   # every page says where it is
        assert f"Pagina {number} van {total}" in flat(text), number

    page = {s: _first_page(texts, s) + 1 for s in starts}
    assert _contents(texts[FRONT - 1]) == [
        ("Wijkcoalitie", page["Wijkcoalitie"]),
        ("Wijk Een", page["Verhaal van Wijk Een"]), ("Verhaal van de wijk", page["Verhaal van Wijk Een"]),
        ("Geldstromen", page["Geldstromen door Wijk Een"]), ("Buurt 1", page["Buurt 1"]),
        ("Buurt 2", page["Buurt 2"]), ("Wijkroutekaart Wijk Een", page["Wijkroutekaart Wijk Een"]),
        ("Wijk Twee", page["Geldstromen door Wijk Twee"]), ("Geldstromen", page["Geldstromen door Wijk Twee"]),
        ("Achterbuurt", page["Achterbuurt"]), ("Wijkroutekaart Wijk Twee", page["Wijkroutekaart Wijk Twee"])]
    assert _bold_texts(pdf, FRONT - 1) == ["Inhoud", "Wijkcoalitie", "Wijk Een", "Wijk Twee"]  # the headings

    outline = pdf_outline(PdfReader(pdf, strict=True))
    index = {s: p - 1 for s, p in page.items()}
    assert outline == [(name, i, []) for i, (name, _) in enumerate(FRONT_PAGES)] + [
        ("Wijkcoalitie", index["Wijkcoalitie"], []),
        ("Wijk Een", index["Verhaal van Wijk Een"], [
            ("Verhaal van de wijk", index["Verhaal van Wijk Een"]),
            ("Geldstromen", index["Geldstromen door Wijk Een"]), ("Buurt 1", index["Buurt 1"]),
            ("Buurt 2", index["Buurt 2"]), ("Wijkroutekaart Wijk Een", index["Wijkroutekaart Wijk Een"])]),
        ("Wijk Twee", index["Geldstromen door Wijk Twee"], [
            ("Geldstromen", index["Geldstromen door Wijk Twee"]), ("Achterbuurt", index["Achterbuurt"]),
            ("Wijkroutekaart Wijk Twee", index["Wijkroutekaart Wijk Twee"])])]


def test_without_wijk_pages_the_atlas_keeps_its_classic_order(tmp_path, qgis_app):
    dossier, layer = _dossier(tmp_path, money=False, story=False)
    pdf = str(tmp_path / "atlas.pdf")
    result = export_buurtatlas(layer, pdf, sort="naam", wijk_dossier=dossier)
    texts = page_texts(pdf)
    # Partners only: the wijkcoalitie page after the front pages; no story or money pages, buurten in name order.
    starts = ["Wijkcoalitie", "Achterbuurt", "Buurt 1", "Buurt 2"]
    assert [_first_page(texts, s) for s in starts] == list(range(FRONT, len(texts)))
    assert result["wijken"] == 0 and result["pages"] == len(texts)
    assert not any("Geldstromen door" in t or "Verhaal van" in t for t in texts)
    outline = pdf_outline(PdfReader(pdf, strict=True))
    assert outline[FRONT] == ("Wijkcoalitie", FRONT, [])
    assert outline[FRONT + 1] == ("Buurten", FRONT + 1, [("Achterbuurt", FRONT + 1), ("Buurt 1", FRONT + 2),
                                                           ("Buurt 2", FRONT + 3)])
    assert _contents(texts[FRONT - 1]) == [("Wijkcoalitie", FRONT + 1), ("Achterbuurt", FRONT + 2),
                                           ("Buurt 1", FRONT + 3), ("Buurt 2", FRONT + 4)]
    assert _bold_texts(pdf, FRONT - 1) == ["Inhoud"]  # one level: no headings


def test_a_dossier_without_partners_stories_or_money_adds_nothing(tmp_path, qgis_app):
    dossier = make_dossier(tmp_path / "leeg.gpkg")
    layer = QgsVectorLayer(layer_uri(dossier, "buurten"), "buurten", "ogr")
    plain, with_wijk = str(tmp_path / "plain.pdf"), str(tmp_path / "wijk.pdf")
    export_buurtatlas(layer, plain)
    result = export_buurtatlas(layer, with_wijk, wijk_dossier=dossier)
    assert result["pages"] == FRONT + 3
    assert [flat(t) for t in page_texts(with_wijk)] == [flat(t) for t in page_texts(plain)]


def test_pdf_per_buurt_never_gets_wijk_pages(tmp_path, qgis_app):
    dossier, layer = _dossier(tmp_path)
    result = export_buurtatlas(layer, str(tmp_path / "los"), per_buurt=True, wijk_dossier=dossier)
    assert len(result["files"]) == 3
    for path in result["files"]:
        texts = page_texts(path)
        assert len(texts) == 1 and "Geldstromen" not in texts[0] and "Wijkcoalitie" not in texts[0]


def test_a_step_that_cannot_be_shown_is_noticed(tmp_path, qgis_app):
    # seekTo fails for a buurt that is not in the atlas: the exporter just stops, so the sequence must tell.
    from qgis.core import QgsLayoutExporter, QgsProject

    from wijkatlas.layers.atlas.atlas_sequence import AtlasSequence, Step
    from wijkatlas.layers.atlas.export import make_options, pdf_settings
    from wijkatlas.layers.atlas.layout_builder import build_atlas

    dossier = make_dossier(tmp_path / "d.gpkg")
    layer = QgsVectorLayer(layer_uri(dossier, "buurten"), "buurten", "ogr")
    project = QgsProject()
    layout, plan = build_atlas(project, layer, make_options())
    good = AtlasSequence(layout, plan)
    result, _ = QgsLayoutExporter.exportToPdf(good, str(tmp_path / "goed.pdf"), pdf_settings(72))
    assert result == QgsLayoutExporter.ExportResult.Success and good.done
    assert len(page_texts(str(tmp_path / "goed.pdf"))) == good.total == FRONT + 3
    plan.sections[0].steps.insert(1, Step("buurt", "Bestaat niet", feature=99))
    broken = AtlasSequence(layout, plan)
    QgsLayoutExporter.exportToPdf(broken, str(tmp_path / "kapot.pdf"), pdf_settings(72))
    assert not broken.done and broken.index == 2
