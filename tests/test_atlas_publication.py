"""The atlas PDF as a publication: document information, bookmarks per buurt pointing at the right pages."""
import subprocess

import pytest
from atlas_fixture import make_dossier, open_layers
from atlas_pdf_tools import page_texts, pdf_outline
from pypdf import PdfReader

from wijkatlas.layers.atlas import export_buurtatlas
from wijkatlas.layers.atlas.front_pages import FRONT_PAGES
from wijkatlas.layers.atlas.pdf_finish import finish_pdf
from wijkatlas.layers.common import WijkatlasError


def test_pdf_has_document_info_and_a_bookmark_per_buurt(tmp_path):
    buurten, ref = open_layers(make_dossier(str(tmp_path / "d.gpkg"), count=5))
    pdf = str(tmp_path / "atlas.pdf")
    result = export_buurtatlas(buurten, pdf, ref, title="Buurtatlas Proefstad – één test", sort="naam")
    reader = PdfReader(pdf, strict=True)
    assert len(reader.pages) == result["pages"]
    meta = reader.metadata
    assert meta.title == "Buurtatlas Proefstad – één test"
    assert meta.author == "Gemeente Amsterdam"  # the fixture's gemeentenaam
    assert "5 buurten" in meta.subject
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    assert "Author:          Gemeente Amsterdam" in info
    outline = pdf_outline(reader)
    front = len(FRONT_PAGES)
    assert [(t, p) for t, p, _ in outline[:front]] == [(name, i) for i, (name, _) in enumerate(FRONT_PAGES)]
    assert outline[front][0] == "Buurten"
    texts = page_texts(pdf)
    children = outline[front][2]
    assert len(children) == 5
    for title, page in children:  # each bookmark opens the page that carries the buurt's name as its title
        assert texts[page].lstrip().startswith(title), (title, page)
    assert [t for t, _ in children] == sorted(t for t, _ in children)  # atlas order (by name)


def test_per_buurt_pdfs_stay_plain(tmp_path):
    buurten, ref = open_layers(make_dossier(str(tmp_path / "d.gpkg"), count=2))
    result = export_buurtatlas(buurten, str(tmp_path / "los"), ref, per_buurt=True)
    for path in result["files"]:
        assert len(PdfReader(path, strict=True).pages) == 1


def test_unreadable_pdf_is_left_alone(tmp_path):
    path = tmp_path / "vreemd.pdf"
    path.write_bytes(b"%PDF-1.5\n% cross-reference stream only, no classic trailer\n%%EOF\n")
    before = path.read_bytes()
    with pytest.raises(WijkatlasError):
        finish_pdf(str(path), {"Title": "x"}, [("Voorblad", 0, [])])
    assert path.read_bytes() == before
