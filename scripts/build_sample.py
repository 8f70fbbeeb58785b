"""Build the embedded sample (layers/sample/built/, ignored by git) from the real files in ../shared/data.

Amsterdam stadsdeel Oost: CBS Kerncijfers wijken en buurten 2019 (84583NED, StatLine CSV) on the buurt polygons
of the City of Amsterdam (2022 drawing) for the buurten whose code maps one-to-one (crosswalk file). A polygon whose
code has no CBS figures is kept with every figure NULL (the maps hatch and name it); CBS buurten without a polygon
are listed in the metadata and named on the cover.
Run: .venv/bin/python scripts/build_sample.py [path/to/shared/data]
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bootstrap import ROOT, load_plugin_package  # noqa: E402

STADSDEEL = "Oost"
YEAR = 2019
FIGURES = "cbs_statline_84583NED_kwb2019_amsterdam_GM0363.csv"
CROSSWALK = "amsterdam_buurten_crosswalk_2015_2022_GM0363.csv"
OUT_DIR = os.path.join(ROOT, "layers", "sample", "built")  # ignored by git: built at set-up, never committed
OUT_GPKG = os.path.join(OUT_DIR, "amsterdam_oost_2019.gpkg")
OUT_META = os.path.join(OUT_DIR, "amsterdam_oost_2019.json")


def main(data_dir):
    """Build the sample GeoPackage and its provenance JSON."""
    from qgis.core import QgsApplication, QgsGeometry

    app = QgsApplication([], False)
    app.initQgis()
    load_plugin_package()
    from wijkatlas.layers.data.statline_csv import read_statline_csv
    from wijkatlas.layers.sample.writer import write_sample

    rows, found = read_statline_csv(os.path.join(data_dir, FIGURES), YEAR)
    by_code = {r["code"]: r for r in rows}
    with open(os.path.join(data_dir, CROSSWALK), encoding="utf-8", newline="") as fh:
        cross = [r for r in csv.DictReader(fh) if r["STADSDEELNAAM"] == STADSDEEL]
    placed, wijken, without = [], set(), []
    for rec in sorted(cross, key=lambda r: r["BUURTCODE_CBS_2015"]):
        code = rec["BUURTCODE_CBS_2015"]
        fig = by_code.get(code)
        wijk = "WK" + code[2:8]
        geom = QgsGeometry.fromWkt(rec["geometrie"].split(";", 1)[1])
        if fig is None:  # a boundary without CBS figures stays on the map (hatched), every figure NULL, never 0
            without.append({"buurtcode": code, "buurtnaam": rec["BUURTNAAM_2022"], "wijkcode": wijk,
                            "wijknaam": rec["WIJKNAAM_2022"], "gemeentecode": "GM0363", "gemeentenaam": "Amsterdam",
                            "grens_bron": f"Gemeente Amsterdam, buurtgrens 2022 ({rec['BUURTCODE_CBS_2022']}); "
                                          f"geen CBS-cijfers {YEAR} voor deze code", "geometry": geom})
            continue
        wijken.add(wijk)
        row = {k: v for k, v in fig.items() if k not in ("code", "naam", "niveau")}
        row.update(buurtcode=code, buurtnaam=fig["naam"], wijkcode=wijk,
                   wijknaam=by_code.get(wijk, {}).get("naam", ""), gemeentecode="GM0363",
                   gemeentenaam="Amsterdam", jaar=YEAR,
                   grens_bron=f"Gemeente Amsterdam, buurtgrens 2022 ({rec['BUURTCODE_CBS_2022']})", geometry=geom)
        placed.append(row)
    placed_codes = {r["buurtcode"] for r in placed}
    unplaced = [{"buurtcode": r["code"], "buurtnaam": r["naam"]} for r in rows
                if r["niveau"] == "buurt" and "WK" + r["code"][2:8] in wijken and r["code"] not in placed_codes]
    reference = [r for r in rows if r["niveau"] in ("land", "gemeente") or r["code"] in wijken]
    os.makedirs(OUT_DIR, exist_ok=True)
    write_sample(OUT_GPKG, placed + without, reference)
    meta = {
        "titel": f"Voorbeeld: Amsterdam, stadsdeel {STADSDEEL} (CBS kerncijfers {YEAR})",
        "gemeente": "Amsterdam (GM0363)",
        "jaar_cijfers": YEAR,
        "cijfers": "CBS StatLine, tabel 84583NED 'Kerncijfers wijken en buurten 2019' (CSV-download van 2025-06-05 "
                   "via de GitHub-repository elakyc15/Group-7); waarden ongewijzigd, ontbrekend = NULL.",
        "grenzen": "Buurtpolygonen van de Gemeente Amsterdam (Onderzoek en Statistiek), tekening 2022, via de "
                   "GitHub-repository tommasozf/amsterdam-green-gentrification; alleen buurten waarvan de code "
                   "één-op-één overgaat van de indeling 2015 naar 2022 (dus met dezelfde grens).",
        "bronvermelding": "© CBS / Kadaster, CC-BY 4.0; buurtgrenzen © Gemeente Amsterdam",
        "buurten_geplaatst": len(placed),
        "buurten_niet_geplaatst": unplaced,
        "grenzen_zonder_cijfers": [{"buurtcode": r["buurtcode"], "buurtnaam": r["buurtnaam"]} for r in without],
        "indicatoren": found,
        "let_op": "De grenzen zijn van 2022, de cijfers van 2019 op de indeling van 2019: voor de geplaatste "
                  "buurten is de code één-op-één gekoppeld; buurten die na 2019 zijn gesplitst of samengevoegd "
                  "ontbreken.",
    }
    with open(OUT_META, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1)
    print(f"{len(placed)} buurten geplaatst, {len(unplaced)} niet, {len(without)} grenzen zonder cijfers: {OUT_GPKG} "
          f"({os.path.getsize(OUT_GPKG)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared", "data"))
