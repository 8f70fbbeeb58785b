"""The two geldstromen algorithms through processing.run, as a user runs them from the toolbox or a model."""
from geldstromen_fixture import make_geld_dossier, write_csv
from participatie_fixture import A, B

import processing
from wijkatlas.layers.geldstromen import style_geldstromen_layer

ROWS = [("Gemeente Test", "", "energie", A, "€ 1.250.000,00", "2025", "begroot", "bekend"),
        ("Rijk", "", "wonen", "", "2,5 mln", "2024-2025", "toegezegd", "geschat"),
        ("PA-COR", "isolatie", "energie", B, "(12.500)", "2026", "besteed", "bekend")]


def test_import_then_summarise(tmp_path, provider, qgis_processing):
    dossier = make_geld_dossier(tmp_path / "d.gpkg")
    bad = write_csv(tmp_path / "bad.csv", ROWS + [("Onbekend BV", "", "energie", A, "10", "2025", "besteed", "")])
    out = processing.run("wijkatlas:geldstromenimporteren", {"INPUT": bad, "DOSSIER": dossier,
                                                             "RAPPORT": "TEMPORARY_OUTPUT"})
    assert out["INGELEZEN"] == 0 and out["FOUTEN"] == 1
    report = [(f["rij"], f["status"], f["reden"]) for f in out["RAPPORT"].getFeatures()]
    assert report == [(5, "fout", report[0][2])] and "Onbekend BV" in report[0][2]
    good = write_csv(tmp_path / "good.csv", ROWS)
    out = processing.run("wijkatlas:geldstromenimporteren", {"INPUT": good, "DOSSIER": dossier,
                                                             "RAPPORT": "TEMPORARY_OUTPUT"})
    assert out["INGELEZEN"] == 3 and out["TOTAAL"] == 1_250_000 + 2_500_000 - 12_500
    res = processing.run("wijkatlas:geldstromensamenvatten", {"DOSSIER": dossier, "SPREIDEN": "naar inwoners",
                                                              "TABEL": "TEMPORARY_OUTPUT",
                                                              "KAART": "TEMPORARY_OUTPUT"})
    assert res["TOTAAL"] == 1_250_000 + 2_500_000 - 12_500
    buurten = {f["buurtcode"]: f for f in res["KAART"].getFeatures()}
    assert sum(f["bedrag_totaal"] for f in buurten.values()) == res["TOTAAL"]   # A and B share the Rijk flow
    assert buurten[A]["bedrag_gespreid"] == 1_666_666.66 and buurten[B]["bedrag_gespreid"] == 833_333.34
    assert buurten[A]["per_inwoner"] == (1_250_000 + 1_666_666.66) / 1000
    style_geldstromen_layer(res["KAART"])
    labels = [rule.label() for rule in res["KAART"].renderer().rootRule().children()]
    assert labels[-1].startswith("geen gegevens") and len(labels) >= 2
    years = {f["waarde"]: f["bedrag"] for f in res["TABEL"].getFeatures()
             if f["niveau"] == "gemeente" and f["dimensie"] == "jaar"}
    assert years == {"2024": 1_250_000.0, "2025": 2_500_000.0, "2026": -12_500.0}
