"""Geldstromen importeren: amounts as finance writes them, per-row Dutch report, all or nothing, unknown partners."""
import os

import pytest
from geldstromen_fixture import make_geld_dossier, write_csv
from participatie_fixture import A, B

from wijkatlas.layers.geldstromen import import_geldstromen, parse_amount, parse_years, read_flows


@pytest.mark.parametrize("text, cents", [
    ("€ 1.250.000,00", 125_000_000), ("1,25 mln", 125_000_000), ("(12.500)", -1_250_000), ("-3.400", -340_000),
    ("12.500-", -1_250_000), ("€ 500,-", 50_000), ("1 250 000", 125_000_000), ("EUR 2,5 mld", 250_000_000_000),
    ("0,5 miljoen", 50_000_000), ("3k", 300_000), ("€ -1.000,50", -100_050), ("1.250", 125_000),
    (1250000.5, 125_000_050), (7, 700), ("12,345.67", 1_234_567), ("(€ 1.000,01)", -100_001),
])
def test_amounts_as_finance_writes_them(text, cents):
    assert parse_amount(text) == (cents, "")


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "12..5", "€", "1.2.3", "mln"])
def test_unreadable_amounts_are_refused(text):
    cents, problem = parse_amount(text)
    assert cents is None and problem


def test_years_and_spans():
    assert parse_years("2025") == (2025, None, "")
    assert parse_years("2024-2027") == (2024, 2027, "")
    assert parse_years("2024 t/m 2026") == (2024, 2026, "")
    assert parse_years(2030)[2] == ""
    assert "horizon" in parse_years("2051")[2]
    assert "vóór" in parse_years("2027-2024")[2]


def test_import_writes_every_row_and_every_cent(tmp_path):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    src = write_csv(tmp_path / "geld.csv", [
        ("Gemeente Test", "PA-COR", "energie", A, "€ 1.250.000,00", "2025", "begroot", "bekend"),
        ("PA-COR", "isolatie", "Energietransitie", B, "1,25 mln", "2024-2026", "toegezegd", "geschat"),
        ("Rijk", "PA-GEM", "wonen", "", "(12.500)", "2026", "besteed", ""),
        ("fondsen", "buurthuis", "leefbaarheid", "WK000100", "€ 10.000,01", "2025", "Begroting", "schatting"),
    ])
    result = import_geldstromen(src, dossier)
    assert result.rejected == [] and result.written == 4
    flows = {f.gebiedscode: f for f in read_flows(dossier)}
    assert sum(f.cents for f in flows.values()) == 125_000_000 + 125_000_000 - 1_250_000 + 1_000_001
    assert flows[A].van == "PA-GEM" and flows[A].naar == "PA-COR"
    assert flows[B].thema == "energie" and (flows[B].jaar, flows[B].jaar_tot) == (2024, 2026)
    assert flows["GM0001"].gebied_niveau == "gemeente" and flows["GM0001"].cents == -1_250_000
    assert flows["WK000100"].status == "begroot" and flows["WK000100"].zekerheid == "geschat"
    again = import_geldstromen(src, dossier)
    assert again.written == 0 and [s for _, s, _ in again.report] == ["overgeslagen"] * 4


def test_bad_rows_reported_per_row_and_nothing_written(tmp_path):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    before = os.path.getmtime(dossier)
    src = write_csv(tmp_path / "geld.csv", [
        ("Gemeente Test", "", "energie", A, "€ 1.000", "2025", "begroot", "bekend"),         # row 2: good
        ("Gemeente Test", "", "energie", A, "een ton", "2025", "begroot", "bekend"),         # row 3: amount
        ("Stichting Onbekend", "", "energie", A, "1.000", "2025", "begroot", "bekend"),      # row 4: partner
        ("Gemeente Test", "", "energie", A, "1.000", "2061", "begroot", "bekend"),           # row 5: horizon
        ("Gemeente Test", "", "energie", "BU99999999", "1.000", "2025", "begroot", "bekend"),  # row 6: area
        ("Gemeente Test", "", "vrije tijd", A, "1.000", "2025", "misschien", "bekend"),      # row 7: theme, status
    ])
    result = import_geldstromen(src, dossier)
    reasons = {row: reason for row, status, reason in result.report if status == "fout"}
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "een ton" in reasons[3]
    assert "onbekende partner 'Stichting Onbekend'" in reasons[4] and result.unknown_partners == {
        "Stichting Onbekend": [4]}
    assert "horizon" in reasons[5]
    assert "BU99999999 hoort niet bij dit dossier" in reasons[6]
    assert "vrije tijd" in reasons[7] and "misschien" in reasons[7]
    assert result.written == 0 and read_flows(dossier) == []
    assert os.path.getmtime(dossier) == before


def test_unknown_partners_added_on_request_in_the_same_write(tmp_path):
    from wijkatlas.layers.geldstromen import read_context

    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    src = write_csv(tmp_path / "geld.csv", [
        ("Stichting Nieuw", "", "energie", A, "1.000", "2025", "begroot", "bekend"),
        ("Stichting Nieuw", "", "klimaat", B, "2.000", "2025", "toegezegd", "bekend")])
    result = import_geldstromen(src, dossier, add_partners=True)
    assert result.written == 2 and result.added_partners == ["Stichting Nieuw"]
    ctx = read_context(dossier)
    new = ctx.partner_by_name("stichting nieuw")
    assert new and {f.van for f in read_flows(dossier)} == {new}


def test_personal_columns_are_never_read(tmp_path):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    src = write_csv(tmp_path / "geld.csv", [("Rijk", "", "wonen", A, "100", "2025", "besteed", "j.jansen@example.nl")],
                    header=("van", "naar", "thema", "buurtcode", "bedrag", "jaar", "status", "e-mail"))
    result = import_geldstromen(src, dossier)
    assert result.written == 1 and result.personal_columns == ["e-mail"]
    with open(dossier, "rb") as fh:
        assert b"jansen@example" not in fh.read()
