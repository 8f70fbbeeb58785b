"""The buurtatlas with a routekaart page per wijk: after the last buurt of each wijk, A4 landscape, that wijk only."""
from datetime import date

from atlas_pdf_tools import page_count, page_size_mm, page_texts
from participatie_fixture import A, B, C
from qgis.core import QgsVectorLayer
from routekaart_fixture import generated_dossier

from wijkatlas.layers.atlas import export_buurtatlas
from wijkatlas.layers.atlas.front_pages import FRONT_PAGES
from wijkatlas.layers.routekaart import DossierReader, prepare
from wijkatlas.layers.schema import layer_uri


def _m(i, buurt, start, end):
    return {"maatregel_id": f"M-{i}", "titel": f"Maatregel{i}", "thema": "wonen", "status": "besloten",
            "start_kwartaal": start, "eind_kwartaal": end, "buurtcodes": buurt}


def test_atlas_gets_a_routekaart_page_per_wijk(tmp_path, qgis_app):
    this_year = date.today().year
    rows = [_m(1, A, f"{this_year + 1}-Q1", f"{this_year + 2}-Q2"), _m(2, B, f"{this_year + 1}-Q3",
                                                                       f"{this_year + 1}-Q4"),
            _m(3, C, f"{this_year + 2}-Q1", f"{this_year + 3}-Q1")]
    dossier = generated_dossier(tmp_path / "d.gpkg", rows)
    layer = QgsVectorLayer(layer_uri(dossier, "buurten"), "buurten", "ogr")
    pdf = str(tmp_path / "atlas.pdf")
    result = export_buurtatlas(layer, pdf, routekaart_dossier=dossier)
    front = len(FRONT_PAGES)  # cover, leeswijzer, inhoud
    assert result["pages"] == front + 3 + 2 == page_count(pdf)
    texts = page_texts(pdf)[front:]
    # buurt A, buurt B, routekaart Wijk Een (after its last buurt B), buurt C, routekaart Wijk Twee
    kinds = ["route" if "Wijkroutekaart" in t else "page" for t in texts]
    assert kinds == ["page", "page", "route", "page", "route"]
    assert "Wijkroutekaart Wijk Een" in texts[2] and "Wijkroutekaart Wijk Twee" in texts[4]
    assert "Maatregel1" in texts[2] and "Maatregel2" in texts[2] and "Maatregel3" not in texts[2]
    assert "Maatregel3" in texts[4] and "Maatregel1" not in texts[4]
    width, height = page_size_mm(pdf, front + 2)
    assert round(width) == 297 and round(height) == 210
    assert round(page_size_mm(pdf, front)[0]) == 210  # the buurt pages stay portrait


def test_one_reader_for_all_wijken_reads_what_a_fresh_read_does(tmp_path, qgis_app):
    this_year = date.today().year
    rows = [_m(1, A, f"{this_year + 1}-Q1", f"{this_year + 1}-Q2"), _m(2, C, f"{this_year + 1}-Q3",
                                                                       f"{this_year + 2}-Q4")]
    dossier = generated_dossier(tmp_path / "d.gpkg", rows)
    reader = DossierReader(dossier)
    seen = {}
    for wijk in ("WK000100", "WK000101", "WK000100"):
        shared = prepare(reader, wijkcode=wijk, paper="A4", today=date(this_year, 1, 5))
        fresh = prepare(dossier, wijkcode=wijk, paper="A4", today=date(this_year, 1, 5))
        assert shared[0] == fresh[0] and shared[3] == fresh[3], wijk
        seen[wijk] = [m.id for m in shared[0].measures]
    assert seen == {"WK000100": ["M-1"], "WK000101": ["M-2"]}
