"""The wijk pages PDF as a reader sees it: coalition by role, each wijk opened by its story, then its money."""
import os
import sqlite3
import subprocess

import pytest
from atlas_pdf_tools import flat, page_texts
from geldstromen_fixture import make_geld_dossier, write_csv
from participatie_fixture import A, B, C
from qgis.core import QgsFeedback
from test_wijkverhaal import _csv, _photo

from wijkatlas.layers.atlas import export_wijkpaginas
from wijkatlas.layers.common import WijkatlasCancelled
from wijkatlas.layers.geldstromen import import_geldstromen
from wijkatlas.layers.wijkverhaal import import_wijkverhalen


def test_pages_show_coalition_story_and_money(tmp_path, qgis_app):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    assert import_geldstromen(write_csv(tmp_path / "g.csv", [
        ("Gemeente Test", "PA-COR", "energie", A, "€ 1.000.000", "2025", "begroot", "bekend"),
        ("PA-COR", "", "wonen", B, "500.000", "2026", "toegezegd", "bekend"),
        ("Rijk", "", "leefbaarheid", C, "250.000", "2026", "besteed", "bekend")]), dossier).written == 3
    _photo(tmp_path / "plein.png")
    assert import_wijkverhalen(_csv(tmp_path / "v.csv", [
        ("Het verhaal van Wijk Een", "Hier lagen vroeger tuinderijen.", "WK000100", "archief", "2025-03-12",
         "plein.png", "Beeldbank (verzonnen)", "")]), dossier).written == 1
    out = str(tmp_path / "wijk.pdf")
    result = export_wijkpaginas(dossier, out)
    pages = [flat(t) for t in page_texts(out)]
    assert result == {"pages": len(pages), "wijken": 2}
    coalition = pages[0]
    assert coalition.index("Trekker (1)") < coalition.index("Gemeente Test") < coalition.index("Deelnemer (1)") \
        < coalition.index("Corporatie Test")
    assert "Contact: team Wijkaanpak" in coalition and "Trekker van: Isolatie" in coalition
    assert pages[1].startswith("Verhaal van Wijk Een") and "Foto: Beeldbank (verzonnen)" in pages[1]
    assert pages[2].startswith("Geldstromen door Wijk Een")
    money = pages[2]
    for name in ("Gemeente Test", "Corporatie Test", "energie", "wonen", "Buurt 1", "Buurt 2"):
        assert name in money
    # Wijk Een: € 1.500.000 over 1.500 inwoners (CBS in the dossier) = € 1.000; all wijken: 1.750.000 / ... C has no
    # inhabitants, so the dossier figure is missing and says why.
    assert "Per inwoner € 1.000" in money and "geen CBS-cijfer inwoners" in money
    assert "Er is nog geen verhaal" in pages[3] and pages[3].startswith("Geldstromen door Wijk Twee")
    images = subprocess.run(["pdfimages", "-list", "-f", "2", "-l", "2", out], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) >= 3   # header lines + the photo


def test_cancelled_wijk_pages_say_so_and_write_nothing(tmp_path, qgis_app):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    feedback = QgsFeedback()
    feedback.cancel()
    out = tmp_path / "wijk.pdf"
    with pytest.raises(WijkatlasCancelled, match="wijkpagina's is afgebroken"):
        export_wijkpaginas(dossier, str(out), feedback=feedback)
    assert not any(name.endswith(".pdf") for name in os.listdir(tmp_path))  # no PDF, no temporary copy


def test_contact_details_that_reached_the_dossier_another_way_are_not_printed(tmp_path, qgis_app):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    _photo(tmp_path / "plein.png")
    assert import_wijkverhalen(_csv(tmp_path / "v.csv", [
        ("Het verhaal van Wijk Een", "Hier lagen vroeger tuinderijen.", "WK000100", "archief", "2025-03-12",
         "plein.png", "Beeldbank (verzonnen)", "")]), dossier).written == 1
    con = sqlite3.connect(dossier)  # an edit outside QGIS's forms, as a colleague could make in the database
    with con:
        con.execute("UPDATE partners SET contact = 'j.jansen@gemeente.nl of 06-12345678', "
                    "toezegging = 'Bel (020) 123 45 67 voor de afspraken'")
        con.execute("UPDATE wijkverhalen SET tekst = 'Vragen? +31 (0)6 1234 5678 of info@buurthuis.nl'")
    con.close()
    out = str(tmp_path / "wijk.pdf")
    export_wijkpaginas(dossier, out)
    text = flat(" ".join(page_texts(out)))
    for private in ("jansen", "@", "12345678", "123 45 67", "1234 5678"):
        assert private not in text, private
    assert "Contact: [e-mailadres verwijderd] of [telefoonnummer verwijderd]" in text
    assert "Bel [telefoonnummer verwijderd] voor de afspraken" in text
    assert "Vragen? [telefoonnummer verwijderd] of [e-mailadres verwijderd]" in text
