"""Buurtatlas export: page count, names and Dutch-formatted figures as text, NULL buurt, per-buurt files, cancel."""
import os

import pytest
from atlas_fixture import NULL_BUURT, buurt_name, make_dossier, make_knelpunten_layer, open_layers
from atlas_pdf_tools import dutch, page_count, page_size_mm, page_texts, region, render_page
from qgis.core import QgsFeedback

from wijkatlas.layers.atlas import export_buurtatlas
from wijkatlas.layers.atlas.front_pages import FRONT_PAGES
from wijkatlas.layers.atlas.options import NO_FIGURES, PORTRAIT
from wijkatlas.layers.common.catalogue import indicator
from wijkatlas.layers.common.errors import WijkatlasCancelled, WijkatlasError

COUNT = 6


@pytest.fixture(scope="module")
def dossier(qgis_app, tmp_path_factory):
    return make_dossier(str(tmp_path_factory.mktemp("atlas") / "dossier.gpkg"), count=COUNT, knelpunten=True)


@pytest.fixture(scope="module")
def atlas_pdf(dossier, tmp_path_factory):
    buurten, ref = open_layers(dossier)
    out = str(tmp_path_factory.mktemp("pdf") / "atlas.pdf")
    result = export_buurtatlas(buurten, out, reference_layer=ref, title="Buurtatlas Proef", credits="Team Test")
    return out, result


def _buurten(dossier):
    buurten, _ = open_layers(dossier)
    return sorted(buurten.getFeatures(), key=lambda f: f["buurtcode"])


FRONT = len(FRONT_PAGES)  # cover, leeswijzer, inhoud (and pages other modules add)


def test_page_count_is_buurten_plus_front_pages(atlas_pdf):
    pdf, result = atlas_pdf
    assert page_count(pdf) == COUNT + FRONT == result["pages"]
    texts = page_texts(pdf)
    assert "Buurtatlas Proef" in texts[0] and "CC-BY 4.0" in texts[0] and "Team Test" in texts[0]
    assert f"Pagina 1 van {COUNT + FRONT}" in texts[0]
    assert texts[1].lstrip().startswith("Leeswijzer") and "Stapeling" in texts[1]
    contents = texts[2]
    assert contents.lstrip().startswith("Inhoud")
    for number, text in enumerate(texts[FRONT:], start=FRONT + 1):  # every buurt with the page it is on
        name = text.strip().splitlines()[0].split("  ")[0].strip()
        assert any(line.split() and line.split()[-1] == str(number) and name in line
                   for line in contents.splitlines()), name


def test_each_page_has_name_and_dutch_figures(atlas_pdf, dossier):
    _, ref = open_layers(dossier)
    gemeente = next(f for f in ref.getFeatures() if f["niveau"] == "gemeente")
    texts = page_texts(atlas_pdf[0])
    for number, feat in enumerate(_buurten(dossier), start=FRONT + 1):
        text = texts[number - 1]
        assert text.lstrip().startswith(feat["buurtnaam"]) and feat["buurtcode"] in text
        assert f"Pagina {number} van {COUNT + FRONT}" in text
        if feat["buurtnaam"] == buurt_name(NULL_BUURT):
            continue
        for ind_id in ("inwoners", "woz", "ink_inwoner", "pct_stadsverwarming"):
            decimals = indicator(ind_id).decimals
            assert dutch(feat[ind_id], decimals) in text, (ind_id, feat[ind_id])
            assert dutch(gemeente[ind_id], decimals) in text
        assert NO_FIGURES not in text.lower()
        assert "Participatie en maatregelen" in text and "nog geen notities" in text


def test_null_buurt_page_says_no_figures(atlas_pdf, dossier):
    texts = page_texts(atlas_pdf[0])
    page = next(t for t in texts[FRONT:] if t.lstrip().startswith(buurt_name(NULL_BUURT)))
    assert NO_FIGURES in page.lower()
    assert "–" in page


def test_knelpunten_fields_appear(atlas_pdf, dossier):
    texts = page_texts(atlas_pdf[0])
    for feat in _buurten(dossier):
        page = next(t for t in texts[FRONT:] if feat["buurtcode"] in t)
        if feat["stapeling"]:
            assert f"Stapeling: {feat['stapeling']}" in page
            assert " ".join(feat["toelichting"].split()[:3]) in " ".join(page.split())
        else:
            assert "Geen knelpunten gesignaleerd" in page


def test_text_boxes_show_their_text(atlas_pdf, tmp_path):
    """The knelpunten and participatie texts are visible (no label's background covers another's text)."""
    pixels = render_page(atlas_pdf[0], FRONT + 1, str(tmp_path / "boxes"), dpi=100)
    for box in (PORTRAIT.knelpunten, PORTRAIT.participatie):
        content = type(box)(box.x, box.y + 8, box.w, 12)  # the first lines under the box title
        dark = region(pixels, content, dpi=100).astype(int).sum(axis=2) < 450
        assert dark.sum() > 100, (box, dark.sum())


def test_map_area_is_not_blank(atlas_pdf, tmp_path):
    pixels = render_page(atlas_pdf[0], FRONT + 1, str(tmp_path / "page2"))
    map_pixels = region(pixels, PORTRAIT.map).astype(float)
    assert map_pixels.std() > 15
    # The highlighted buurt (orange) is drawn in the map.
    orange = (map_pixels[..., 0] > 200) & (map_pixels[..., 1] > 140) & (map_pixels[..., 1] < 200) & \
        (map_pixels[..., 2] < 150)
    assert orange.mean() > 0.03


def test_per_buurt_writes_one_file_per_buurt(dossier, tmp_path):
    buurten, ref = open_layers(dossier)
    folder = tmp_path / "perbuurt"
    result = export_buurtatlas(buurten, str(folder), reference_layer=ref, per_buurt=True)
    names = sorted(os.path.basename(p) for p in result["files"])
    assert names == sorted(f"buurt_{f['buurtcode']}.pdf" for f in buurten.getFeatures())
    assert sorted(os.listdir(folder)) == names
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".pdf")]
    for path in result["files"]:
        assert page_count(path) == 1
    code = os.path.basename(result["files"][0])[6:-4]
    assert code in page_texts(result["files"][0])[0]


def test_filter_landscape_and_separate_knelpunten(dossier, tmp_path):
    buurten, ref = open_layers(dossier)
    knel = make_knelpunten_layer(buurten)
    stapeling = {f["buurtcode"]: f["stapeling"] for f in knel.getFeatures()}
    out = str(tmp_path / "liggend.pdf")
    result = export_buurtatlas(buurten, out, reference_layer=ref, knelpunten_layer=knel, orientation="liggend",
                               sort="stapeling", filter_expression="\"buurtcode\" <> 'BU03630000'",
                               indicators=["woz", "aardgas"])
    assert result["buurten"] == COUNT - 1 and page_count(out) == COUNT - 1 + FRONT
    width, height = page_size_mm(out)
    assert width > height and abs(width - 297) < 1
    texts = page_texts(out)[FRONT:]
    order = [next(code for code in stapeling if code in t) for t in texts]
    assert "BU03630000" not in order
    assert [stapeling[c] for c in order] == sorted((stapeling[c] for c in order), reverse=True)
    assert "Woningen met stadsverwarming" not in texts[0] and "Gemiddelde WOZ-waarde" in texts[0]


def test_cancel_leaves_no_file(dossier, tmp_path):
    buurten, ref = open_layers(dossier)
    feedback = QgsFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p > 20 else None)
    out = tmp_path / "afgebroken.pdf"
    with pytest.raises(WijkatlasCancelled):
        export_buurtatlas(buurten, str(out), reference_layer=ref, feedback=feedback)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_bad_input_gives_dutch_error(dossier, tmp_path):
    buurten, _ = open_layers(dossier)
    with pytest.raises(WijkatlasError, match="indicator"):
        export_buurtatlas(buurten, str(tmp_path / "x.pdf"), indicators=["bestaat_niet"])
    with pytest.raises(WijkatlasError, match="voldoet"):
        export_buurtatlas(buurten, str(tmp_path / "x.pdf"), filter_expression="\"buurtcode\" = 'nee'")
    with pytest.raises(WijkatlasError, match="geselecteerd"):
        export_buurtatlas(buurten, str(tmp_path / "x.pdf"), selected_only=True)
    assert not list(tmp_path.iterdir())


def _bar_pixels(pdf, page, tmp_path):
    """Counts of buurt-red and gemeente-blue pixels in the bar column of a portrait buurt page."""
    dpi = 100
    pixels = render_page(pdf, page, str(tmp_path / f"bars{page}"), dpi=dpi).astype(int)
    t = PORTRAIT.table
    column = region(pixels, type(t)(t.x + t.w - 34, t.y + 14, 34, t.h - 22), dpi=dpi)
    r, g, b = column[..., 0], column[..., 1], column[..., 2]
    red = (abs(r - 0xb2) < 30) & (abs(g - 0x37) < 30) & (abs(b - 0x1b) < 30)
    blue = (abs(r - 0x6b) < 30) & (abs(g - 0x8f) < 30) & (abs(b - 0xa8) < 30)
    return int(red.sum()), int(blue.sum())


def test_bars_follow_the_figures(atlas_pdf, tmp_path):
    pdf = atlas_pdf[0]
    texts = page_texts(pdf)
    null_page = next(i for i, t in enumerate(texts, start=1) if t.lstrip().startswith(buurt_name(NULL_BUURT)))
    full_page = next(i for i in range(FRONT + 1, len(texts) + 1) if i != null_page)
    red, blue = _bar_pixels(pdf, full_page, tmp_path)
    assert red > 50 and blue > 50
    red, blue = _bar_pixels(pdf, null_page, tmp_path)
    assert red == 0 and blue > 50  # no buurt bars without figures, the gemeente bars remain
