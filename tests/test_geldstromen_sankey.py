"""The Sankey flow diagram as a user sees it: every partner and theme named in the PDF text, and each band's width
in the rendered PDF proportional to its amount."""
import subprocess

import numpy
import pytest
from atlas_pdf_tools import render_page
from qgis.core import QgsLayoutExporter, QgsPrintLayout, QgsProject

from wijkatlas.layers.atlas.export import pdf_settings
from wijkatlas.layers.atlas.geldstromen_charts import NODE_W, SankeyItem
from wijkatlas.layers.atlas.layout_items import place
from wijkatlas.layers.atlas.options import Box
from wijkatlas.layers.geldstromen import sankey_layout

DPI = 300
BOX = Box(10, 20, 190, 150)
# One band per partner (each to its own theme), amounts 1 : 2 : 3 : 4.5; all into two buurten.
TRIPLES = [("Gemeente Voorbeeldstad, team Wijkaanpak", "energie", "Buurt Noord", 100_000_000),
           ("Woningcorporatie De Sleutel", "wonen", "Buurt Noord", 200_000_000),
           ("Rijk", "leefbaarheid", "Buurt Zuid", 300_000_000),
           ("Stichting Fonds Oost", "gezondheid", "Buurt Zuid", 450_000_000)]


def _runs(column):
    """(start, length) of the runs of coloured (non-white) pixels along a pixel column."""
    ink = (column.astype(int).sum(axis=1) < 3 * 235)
    runs, start = [], None
    for i, on in enumerate(list(ink) + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, qgis_app):
    out = tmp_path_factory.mktemp("sankey")
    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    item = SankeyItem(layout, TRIPLES)
    layout.addLayoutItem(item)
    place(item, BOX, 0)
    path = str(out / "sankey.pdf")
    result = QgsLayoutExporter(layout).exportToPdf(path, pdf_settings())
    assert result == QgsLayoutExporter.ExportResult.Success
    return path, str(out / "page"), item


def pdf_text(path):
    """The PDF's text in reading order (no -layout: a wrapped label stays together), whitespace collapsed."""
    out = subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_pdf_text_names_every_partner_and_theme(pdf):
    text = pdf_text(pdf[0])
    for partner, theme, area, _ in TRIPLES:
        for name in (partner, theme, area):
            assert name in text, name
    for amount in ("€ 1,00 mln", "€ 2,00 mln", "€ 3,00 mln", "€ 4,50 mln", "€ 7,50 mln"):
        assert amount in text


@pytest.mark.parametrize("column", [0, 2])
def test_band_widths_in_the_rendering_are_proportional_to_the_amounts(pdf, column):
    path, prefix, item = pdf
    pixels = render_page(path, 1, prefix, dpi=DPI)
    xs = item.columns_x(BOX.w)
    px = DPI / 25.4
    # Just right of the partner bars (bands leave horizontally) or just left of the buurt bars (bands arrive).
    x_mm = BOX.x + (xs[0] + NODE_W + 0.8 if column == 0 else xs[2] - 0.8)
    runs = _runs(pixels[int(BOX.y * px):int((BOX.y + BOX.h) * px), int(x_mm * px)])
    outline = 0.3 * px   # the white outline between bands takes half its width from each side
    widths = [length + outline for _, length in runs]
    if column == 0:
        amounts = sorted(c for *_, c in TRIPLES)
    else:   # per buurt: energie+wonen into Noord, leefbaarheid and gezondheid into Zuid, one band per theme
        amounts = [100_000_000, 200_000_000, 300_000_000, 450_000_000]
    assert len(widths) == len(amounts)
    measured = sorted(widths)
    ratios = [w / a for w, a in zip(measured, sorted(amounts))]
    assert max(ratios) / min(ratios) < 1.03, (measured, amounts)
    expected_scale = sankey_layout(TRIPLES, BOX.h - 6.0).scale * px
    assert numpy.mean(ratios) == pytest.approx(expected_scale, rel=0.03)


def test_many_partners_fold_into_overige_and_every_band_keeps_the_scale():
    triples = [(f"Partner {i:02d}", ("energie", "wonen")[i % 2], f"Buurt {i % 3}", (i + 1) * 10_000) for i in range(20)]
    triples.append(("Partner 00", "klimaat", "Buurt 0", -5_000))
    layout = sankey_layout(triples, 150.0)
    partners = [n for n in layout.nodes if n.column == 0]
    assert len(partners) == 12 and sum(n.key == "overige (9)" for n in partners) == 1
    positive = sum(c for *_, c in triples if c > 0)
    assert layout.left_out_cents == -5_000
    for column in (0, 1, 2):
        assert sum(n.cents for n in layout.nodes if n.column == column) == positive
    for band in layout.bands:
        assert band.width == pytest.approx(band.cents * layout.scale)
    for step in (0, 1):
        assert sum(b.cents for b in layout.bands if layout.nodes[b.source].column == step) == positive
