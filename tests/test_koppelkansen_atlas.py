"""Koppelkansen in the buurtatlas: a short list on each buurt's page, the count on the cover, drawn on the map."""
import os

from atlas_pdf_tools import page_texts, render_page
from participatie_fixture import make_dossier, wkt
from qgis.core import QgsVectorLayer

from wijkatlas.layers.atlas import export_buurtatlas
from wijkatlas.layers.plans import find_koppelkansen, import_plannen
from wijkatlas.layers.schema import layer_uri


def test_atlas_lists_koppelkansen_per_buurt_and_counts_them_on_the_cover(qgis_app, tmp_path):
    dossier = make_dossier(tmp_path / "d.gpkg")
    csv = tmp_path / "plans.csv"
    csv.write_text("id;titel;categorie;start;eind;wkt\n"
                   f"R1;Riool Kerkstraat;riolering;2028-Q1;2028-Q4;{wkt('LINESTRING', (10, 50), (90, 50))}\n",
                   encoding="utf-8")
    import_plannen(str(csv), dossier, "Gemeente")
    csv.write_text("id;titel;categorie;start;eind;wkt\n"
                   f"H1;Herinrichting Kerkstraat;herinrichting;2028-Q2;2029-Q1;"
                   f"{wkt('LINESTRING', (10, 50), (90, 50))}\n", encoding="utf-8")
    import_plannen(str(csv), dossier, "Stadsdeel")
    assert len(find_koppelkansen(dossier).rows) == 1
    buurten = QgsVectorLayer(layer_uri(dossier, "buurten"), "buurten", "ogr")
    pdf = str(tmp_path / "atlas.pdf")
    export_buurtatlas(buurten, pdf, dpi=60)
    flat = [" ".join(p.replace("\ufb02", "fl").replace("\ufb01", "fi").split()) for p in page_texts(pdf)]
    assert "Plannen van partners: 1 koppelkans · 0 conflicten" in flat[0]
    buurt_a = next(p for p in flat if "Buurt BU00010001" in p)
    assert "Koppelkansen en conflicten (1): • koppelkans:" in buurt_a
    assert "Herinrichting Kerkstraat × Riool Kerkstraat (2028-Q2 t/m 2028-Q4)" in buurt_a
    buurt_c = next(p for p in flat if "Buurt BU00010003" in p)
    # A buurt without koppelkansen gets no list box: it would only hide part of the map.
    assert "Koppelkansen en conflicten" not in buurt_c and "Buurt 3" in buurt_c
    page_a = 1 + next(i for i, p in enumerate(flat) if "Buurt BU00010001" in p)
    pixels = render_page(pdf, page_a, str(tmp_path / "a"), dpi=40)
    green = (pixels[:, :, 1] > 120) & (pixels[:, :, 0] < 90) & (pixels[:, :, 2] < 120)
    assert green.sum() > 20                                  # the koppelkans is drawn on the buurt map
    del buurten
    assert not [f for f in os.listdir(tmp_path) if f.endswith("-wal") and os.path.getsize(tmp_path / f) > 0]
