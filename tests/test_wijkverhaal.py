"""Verhaal van de wijk: stories with a photo kept in the dossier; personal data stays out; all or nothing."""
import csv
import os

from geldstromen_fixture import make_geld_dossier
from participatie_fixture import A
from qgis.PyQt.QtGui import QColor, QImage

from wijkatlas.layers.wijkverhaal import import_wijkverhalen, private_data_problem, read_wijkverhalen

HEADER = ("titel", "tekst", "gebiedscode", "bron", "datum", "foto", "foto_credit", "naam verteller")


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


def _photo(path):
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7d44"))
    assert image.save(str(path), "PNG")
    with open(path, "rb") as fh:
        return fh.read()


def test_story_with_photo_is_kept_and_the_narrator_is_not(tmp_path):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    photo = _photo(tmp_path / "plein.png")
    src = _csv(tmp_path / "v.csv", [
        ("Van tuinderij tot wijk", "Rond 1920 lagen hier tuinderijen; het plein was de veiling.", "WK000100",
         "wijkarchief", "12-03-2025", "plein.png", "Beeldbank (verzonnen)", "Jan Jansen"),
        ("De markt", "Elke zaterdag markt op het plein.", A, "bewonersavond", "2025-04-01", "", "", "Piet")])
    result = import_wijkverhalen(src, dossier)
    assert result.written == 2 and result.personal_columns == ["naam verteller"]
    stories = read_wijkverhalen(dossier)
    wijk = stories["WK000100"][0]
    assert wijk["niveau"] == "wijk" and wijk["foto"] == photo and wijk["foto_credit"] == "Beeldbank (verzonnen)"
    assert stories[A][0]["niveau"] == "buurt" and stories[A][0]["foto"] is None
    with open(dossier, "rb") as fh:
        content = fh.read()
    assert b"Jan Jansen" not in content and b"Piet" not in content


def test_personal_data_in_the_text_refuses_the_whole_file(tmp_path):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    before = os.path.getmtime(dossier)
    src = _csv(tmp_path / "v.csv", [
        ("Goed verhaal", "Het plein werd in 1975 vernieuwd.", A, "", "", "", "", ""),
        ("Contact", "Mail ons: info.wijk@example.nl", A, "", "", "", "", ""),
        ("Bel", "Bel 06-12345678 voor meer.", A, "", "", "", "", ""),
        ("Foto", "Een foto zonder maker.", A, "", "", "plein.png", "", ""),
        ("Elders", "Een verhaal uit een andere gemeente.", "WK999999", "", "", "", "", "")])
    _photo(tmp_path / "plein.png")
    result = import_wijkverhalen(src, dossier)
    reasons = {n: r for n, s, r in result.report if s == "fout"}
    assert sorted(reasons) == [3, 4, 5, 6]
    assert "e-mailadres" in reasons[3] and "telefoonnummer" in reasons[4]
    assert "maker of bron" in reasons[5] and "WK999999" in reasons[6]
    assert result.written == 0 and read_wijkverhalen(dossier) == {}
    assert os.path.getmtime(dossier) == before


def test_private_data_check():
    assert private_data_problem("bel +31 6 12 34 56 78")
    assert private_data_problem("020-1234567")
    assert not private_data_problem("In 1920 woonden hier 4.500 mensen op 1.200 adressen.")
