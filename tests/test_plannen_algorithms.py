"""The two algorithms of '3. Plannen': import (with an address via a loopback Locatieserver) and the search."""
from participatie_fixture import FakeLocatieserver, make_dossier, rd, wkt
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProcessingUtils

from wijkatlas.layers.participatie import read_layer_records


class Runner:
    """processing.run without the `processing` module: one context, so temporary outputs stay readable."""

    def __init__(self):
        self.context = QgsProcessingContext()

    def run(self, alg_id, params):
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        results, ok = alg.run(params, self.context, QgsProcessingFeedback())
        assert ok, alg_id
        for key in ("RAPPORT", "OUTPUT"):
            if isinstance(results.get(key), str):
                results[key] = QgsProcessingUtils.mapLayerFromString(results[key], self.context)
        return results


def test_import_and_search_algorithms(qgis_app, provider, tmp_path):
    processing = Runner()
    dossier = make_dossier(tmp_path / "d.gpkg")
    x, y = rd(60, 52)
    server = FakeLocatieserver([{"postcode": "1000AA", "huisnummer": 5, "straat": "Teststraat",
                                 "woonplaats": "Test", "x": x, "y": y}]).start()
    try:
        csv = tmp_path / "corporatie.csv"
        csv.write_text("Complex;Naam;Soort;Van;Tot;Postcode;Huisnummer\n"
                       "C1;Isolatie complex 12;Na-isolatie;Q1 2028;eind 2028;1000 AA;5\n", encoding="utf-8")
        imported = processing.run("wijkatlas:plannenimporteren", {
            "INPUT": str(csv), "DOSSIER": dossier, "PARTNER": "Corporatie Test", "CACHE": False,
            "KOLOMMEN": "bron_id=Complex; titel=Naam; start=Van; eind=Tot", "LOCATIESERVER_URL": server.url,
            "RAPPORT": "TEMPORARY_OUTPUT"})
    finally:
        server.stop()
    assert (imported["NIEUW"], imported["FOUTEN"]) == (1, 0)
    plan = read_layer_records(dossier, "plannen_punten")[0][0]
    assert plan["categorie"] == "isolatie" and plan["eind_kwartaal"] == "2028-Q4"
    assert plan["plek"] == "adres (PDOK Locatieserver)"
    warmte = tmp_path / "warmte.csv"
    warmte.write_text(f"id;titel;categorie;start;eind;wkt\nW1;Warmtenet;warmte;2028;2029;"
                      f"{wkt('LINESTRING', (0, 50), (200, 50))}\nW2;Fout;warmte;morgen;2029;\n", encoding="utf-8")
    refused = processing.run("wijkatlas:plannenimporteren", {
        "INPUT": str(warmte), "DOSSIER": dossier, "PARTNER": "Warmtebedrijf", "RAPPORT": "TEMPORARY_OUTPUT"})
    assert refused["FOUTEN"] == 1 and refused["NIEUW"] == 0
    assert [f["rij"] for f in refused["RAPPORT"].getFeatures()] == [3]
    warmte.write_text(warmte.read_text(encoding="utf-8").splitlines()[0] + "\n"
                      + warmte.read_text(encoding="utf-8").splitlines()[1] + "\n", encoding="utf-8")
    processing.run("wijkatlas:plannenimporteren", {
        "INPUT": str(warmte), "DOSSIER": dossier, "PARTNER": "Warmtebedrijf", "RAPPORT": "TEMPORARY_OUTPUT"})
    found = processing.run("wijkatlas:koppelkansenzoeken", {"DOSSIER": dossier, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert (found["KOPPELKANSEN"], found["CONFLICTEN"], found["NIEUW"]) == (1, 0, 1)
    kans = next(found["OUTPUT"].getFeatures())
    assert kans["band"] == "nabij" and kans["afstand"] == 2.0 and kans["soort"] == "koppelkans"
    assert "warmtenet-gereed" in kans["uitleg"]
    assert len(read_layer_records(dossier, "koppelkansen")) == 1
