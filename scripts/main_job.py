"""The main job, headless: a wijkdossier from the embedded sample, and its maps, into an output folder."""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bootstrap import ROOT, start_qgis  # noqa: E402


def main(out_dir):
    """Run every step on the sample; exit 1 with a Dutch message on failure."""
    app, provider = start_qgis()
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsProject

    import processing
    from wijkatlas.layers.atlas.overview_maps import export_overview
    from wijkatlas.layers.common.formatting import format_euro
    from wijkatlas.layers.schema.geopackage import layer_uri, read_meta
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    feedback = QgsProcessingFeedback()
    dossier = os.path.join(out_dir, "wijkdossier_amsterdam_oost.gpkg")
    print("1. Nieuw wijkdossier van het ingebouwde voorbeeld …")
    processing.run("wijkatlas:nieuwwijkdossier", {"OUTPUT": dossier}, feedback=feedback)
    meta = read_meta(dossier)
    print(f"   {meta['titel']}; niet geplaatst: {meta['niet_geplaatste_buurten']}")
    print("2. Overzichtskaarten …")
    export_overview(dossier, os.path.join(out_dir, "overzichtskaart_aardgas.png"), "aardgas")
    export_overview(dossier, os.path.join(out_dir, "overzichtskaart_laag_inkomen.pdf"), "pct_hh_laag_inkomen")
    print("3. Knelpunten signaleren …")
    knelpunten = processing.run("wijkatlas:knelpuntensignaleren", {
        "INPUT": layer_uri(dossier, "buurten"), "REFERENTIE": layer_uri(dossier, "referentie"),
        "GI_VARIABELE": "stapeling", "DOSSIER": dossier,
        "OUTPUT": "TEMPORARY_OUTPUT", "SAMENVATTING": "TEMPORARY_OUTPUT"}, feedback=feedback)["OUTPUT"]
    stapeling = [f["stapeling"] for f in knelpunten.getFeatures()]
    print(f"   {sum(1 for s in stapeling if s and s >= 1)} van {len(stapeling)} buurten met minstens één knelpunt, "
          f"{sum(1 for s in stapeling if s and s >= 2)} met stapeling (2 of meer)")
    print("4. Participatie importeren, notities en maatregelen koppelen, betrokkenheid controleren …")
    from wijkatlas.layers.sample.sample_dossier import SAMPLE_DIR

    imported = processing.run("wijkatlas:participatieimporteren", {
        "INPUT": os.path.join(SAMPLE_DIR, "participatie_voorbeeld_import.csv"), "DOSSIER": dossier,
        "RAPPORT": os.path.join(out_dir, "participatie_importrapport.csv")}, feedback=feedback)
    print(f"   {imported['INGELEZEN']} notities ingelezen, {imported['NIET_INGELEZEN']} rij(en) niet: zie "
          "participatie_importrapport.csv")
    processing.run("wijkatlas:notitiesmaatregelenkoppelen", {
        "DOSSIER": dossier, "PER_BUURT": os.path.join(out_dir, "participatie_per_buurt.gpkg"),
        "KOPPELINGEN": os.path.join(out_dir, "participatie_koppelingen.csv")}, feedback=feedback)
    processing.run("wijkatlas:betrokkenheidcontroleren", {
        "DOSSIER": dossier, "NIVEAU": 1, "OUTPUT": os.path.join(out_dir, "betrokkenheid_per_wijk.csv")},
        feedback=feedback)
    print("4b. Plannen van partners importeren (voorbeeld, verzonnen) en koppelkansen zoeken …")
    import json

    with open(os.path.join(SAMPLE_DIR, "plannen_voorbeeld.json"), encoding="utf-8") as fh:
        for entry in json.load(fh)["bestanden"]:
            plans = processing.run("wijkatlas:plannenimporteren", {
                "INPUT": os.path.join(SAMPLE_DIR, entry["bestand"]), "DOSSIER": dossier, "PARTNER": entry["partner"],
                "CATEGORIEEN": entry["categorieen"], "RAPPORT": "TEMPORARY_OUTPUT"}, feedback=feedback)
            print(f"   {entry['bestand']}: {plans['NIEUW']} nieuw, {plans['BIJGEWERKT']} bijgewerkt, "
                  f"{plans['FOUTEN']} fout(en)")
            if plans["FOUTEN"]:
                raise SystemExit(f"Voorbeeldplannen {entry['bestand']} niet ingelezen: zie het rapport.")
    kansen = processing.run("wijkatlas:koppelkansenzoeken", {"DOSSIER": dossier}, feedback=feedback)
    print(f"   {kansen['KOPPELKANSEN']} koppelkansen, {kansen['CONFLICTEN']} conflicten (incl. breekverbod)")
    print("5. Geldstromen en verhaal van de wijk (verzonnen voorbeeld) importeren, samenvatten, wijkpagina's …")
    geld = processing.run("wijkatlas:geldstromenimporteren", {
        "INPUT": os.path.join(SAMPLE_DIR, "geldstromen_voorbeeld.csv"), "DOSSIER": dossier,
        "RAPPORT": os.path.join(out_dir, "geldstromen_importrapport.csv")}, feedback=feedback)
    processing.run("wijkatlas:wijkverhalenimporteren", {
        "INPUT": os.path.join(SAMPLE_DIR, "wijkverhaal_voorbeeld.csv"), "DOSSIER": dossier}, feedback=feedback)
    processing.run("wijkatlas:geldstromensamenvatten", {
        "DOSSIER": dossier, "SPREIDEN": "naar inwoners", "TABEL": os.path.join(out_dir, "geldstromen_per_gebied.csv"),
        "KAART": os.path.join(out_dir, "geldstromen_per_buurt.gpkg")}, feedback=feedback)
    wijk = processing.run("wijkatlas:wijkpaginasmaken", {
        "DOSSIER": dossier, "TITEL": "Wijkaanpak Amsterdam Oost (voorbeeld, verzonnen geldstromen en verhalen)",
        "OUTPUT": os.path.join(out_dir, "wijkpaginas_amsterdam_oost.pdf")}, feedback=feedback)
    euros = format_euro(geld["TOTAAL"], 2)
    print(f"   {geld['INGELEZEN']} geldstromen ({euros}); {wijk['PAGINAS']} wijkpagina's (ook apart)")
    print("6. Buurtatlas (met wijkcoalitie, verhaal en geldstromen per wijk) …")
    atlas = processing.run("wijkatlas:buurtatlasmaken", {
        "TITEL": "Buurtatlas Amsterdam Oost (voorbeeld)",
        "COLOFON": f"Buurtgrenzen © Gemeente Amsterdam. Voorbeelddossier: cijfers {meta['jaar_cijfers']} op "
                   "buurtgrenzen van 2022; participatie, maatregelen, plannen van partners, geldstromen en het "
                   "verhaal van de wijk zijn verzonnen voorbeelden.",
        "INPUT": layer_uri(dossier, "buurten"), "REFERENTIE": layer_uri(dossier, "referentie"),
        "KNELPUNTEN": layer_uri(dossier, "knelpunten"),
        "OUTPUT": os.path.join(out_dir, "buurtatlas_amsterdam_oost.pdf")}, feedback=feedback)
    print(f"   {atlas['PAGINAS']} pagina's (de wijkpagina's staan er ook in)")
    print("7. Wijkroutekaart …")
    route = processing.run("wijkatlas:wijkroutekaartmaken", {
        "DOSSIER": dossier, "OUTPUT": os.path.join(out_dir, "wijkroutekaart_amsterdam_oost.pdf"),
        "TABEL_XLSX": os.path.join(out_dir, "wijkroutekaart_amsterdam_oost.xlsx"),
        "TABEL_CSV": os.path.join(out_dir, "wijkroutekaart_amsterdam_oost.csv")}, feedback=feedback)
    print(f"   {route['HORIZON']}: {route['MAATREGELEN']} maatregelen, {route['PAGINAS']} pagina('s)")
    del knelpunten
    QgsApplication.processingRegistry().removeProvider(provider)
    QgsProject.instance().clear()
    app.exitQgis()  # closes the GeoPackages, so no -wal/-shm files stay behind
    print(f"\nKlaar. Uitvoer in: {out_dir}")
    for name in sorted(os.listdir(out_dir)):
        print(f"  {name}  ({os.path.getsize(os.path.join(out_dir, name)):,} bytes)")


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "output", "hoofdtaak")))
