"""The routekaart PDF checked as a user reads it: its text (quarters, titles) and the pixels of its bars."""
import re
from datetime import date

import numpy
from atlas_pdf_tools import page_count, page_size_mm, page_texts, render_page
from routekaart_fixture import generated_dossier, generated_measures, pdf_words, q_label, q_num

from wijkatlas.layers.routekaart import make_routekaart

TODAY = date(2027, 1, 1)  # first day of 2027-Q1: the 'vandaag' line lies on a column edge, not a column centre
FIRST = q_num(2027, 1)
GEPLAND = numpy.array([0x9E, 0xCA, 0xE1])  # the 'gepland' status colour of the legend
DPI = 72


def _quarter_columns(words):
    """Centres (pt) of the quarter columns, left to right, from the 'Q1'..'Q4' labels of the header."""
    heads = sorted((w for w in words if re.fullmatch(r"Q[1-4]", w[0])), key=lambda w: w[1])
    return [((w[1] + w[3]) / 2, w[0]) for w in heads]


def _is_bar(pixels, x_pt, y_pt):
    px = pixels[int(round(y_pt * DPI / 72)), int(round(x_pt * DPI / 72))].astype(int)
    return bool(numpy.all(numpy.abs(px - GEPLAND) <= 18))


def test_text_holds_every_quarter_and_every_title_once(tmp_path, qgis_app):
    measures = generated_measures(40, FIRST, seed=3)
    dossier = generated_dossier(tmp_path / "d.gpkg", measures)
    pdf = str(tmp_path / "rk.pdf")
    result = make_routekaart(dossier, pdf, today=TODAY)
    assert result["horizon"] == (q_label(FIRST), q_label(FIRST + 15))
    assert page_count(pdf) == result["pages"]
    width, height = page_size_mm(pdf)
    assert round(width) == 420 and round(height) == 297  # A3 landscape by default
    text = "\n".join(page_texts(pdf))
    for m in measures:
        assert len(re.findall(rf"\b{m['titel']}\b", text)) == 1, m["titel"]
    for page in pdf_words(pdf):
        columns = _quarter_columns(page)
        assert [label for _, label in columns] == [f"Q{q % 4 + 1}" for q in range(FIRST, FIRST + 16)]
        years = {w[0] for w in page}
        assert {str(y) for y in range(2027, 2031)} <= years


def test_pixels_fall_inside_the_right_bar_at_the_right_quarter(tmp_path, qgis_app):
    measures = generated_measures(24, FIRST, seed=5)
    dossier = generated_dossier(tmp_path / "d.gpkg", measures)
    pdf = str(tmp_path / "rk.pdf")
    make_routekaart(dossier, pdf, today=TODAY)
    words = pdf_words(pdf)[0]
    pixels = render_page(pdf, 1, str(tmp_path / "p1"), dpi=DPI)
    columns = _quarter_columns(words)
    titles = {w[0]: w for w in words if w[0].startswith("Maatregel")}
    assert set(titles) == {m["titel"] for m in measures}
    span = {m["titel"]: (q_num(int(m["start_kwartaal"][:4]), int(m["start_kwartaal"][-1])),
                         q_num(int(m["eind_kwartaal"][:4]), int(m["eind_kwartaal"][-1]))) for m in measures}
    checked = 0
    for title, box in titles.items():
        y = box[4] + 4.0  # the bar lies just under its title
        same_lane = [t for t, b in titles.items() if abs(b[4] - box[4]) < 1.0]
        for i, (x, _) in enumerate(columns):
            q = FIRST + i
            mine = span[title][0] <= q <= span[title][1]
            anyone = any(span[t][0] <= q <= span[t][1] for t in same_lane)
            if mine:
                assert _is_bar(pixels, x, y), f"{title}: no bar at {q_label(q)}"
            elif not anyone:
                assert not _is_bar(pixels, x, y), f"{title}: bar at {q_label(q)} outside {span[title]}"
            checked += 1
    assert checked == len(measures) * 16


def test_300_measures_flow_onto_pages_without_overlap(tmp_path, qgis_app):
    measures = generated_measures(300, FIRST, seed=7)
    dossier = generated_dossier(tmp_path / "d.gpkg", measures)
    pdf = str(tmp_path / "rk.pdf")
    result = make_routekaart(dossier, pdf, today=TODAY)
    assert result["pages"] >= 3 and page_count(pdf) == result["pages"]
    pages = pdf_words(pdf)
    seen = []
    for page in pages:
        assert len(_quarter_columns(page)) == 16  # the quarter header is repeated on every page
        boxes = [w for w in page if w[0].startswith("Maatregel")]
        seen += [w[0] for w in boxes]
        for i, a in enumerate(boxes):  # no two titles on a page overlap
            for b in boxes[i + 1:]:
                assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], (a, b)
    assert sorted(seen) == sorted(m["titel"] for m in measures)
    plan = result["plan"]
    for page in plan.pages:  # bars (with their titles) never overlap: brute force over every pair on a page
        rects = [(b.x0, b.x1, row.y + b.slot * 7.2, row.y + (b.slot + 1) * 7.2)
                 for row in page.rows for b in row.bars]
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] + 1e-6 or b[3] <= a[2] + 1e-6, (a, b)
        assert all(r[3] <= plan.height - 17.0 for r in rects)  # above the legend (17 mm)
