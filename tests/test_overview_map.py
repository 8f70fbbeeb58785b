"""The dossier's overview map: buurt names (knelpunt buurten first), north arrow, labels clear of the furniture."""
from qgis.core import QgsLayoutItemPicture, QgsProject

from wijkatlas.layers.atlas.overview_maps import export_overview, overview_layout
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.geopackage import project_uri


def test_overview_map_has_names_and_north_arrow(tmp_path):
    dossier = create_sample_dossier(str(tmp_path / "d.gpkg"))
    project = QgsProject()
    assert project.read(project_uri(dossier))
    layout = overview_layout(project, "Overzicht")
    buurten = project.mapLayersByName("Buurten")[0]
    assert buurten.labelsEnabled()
    arrows = [i for i in layout.items() if isinstance(i, QgsLayoutItemPicture) and i.id() == "Noordpijl"]
    assert len(arrows) == 1 and arrows[0].linkedMap() is not None
    the_map = arrows[0].linkedMap()
    assert the_map.isLabelBlockingItem(arrows[0])
    out = export_overview(dossier, str(tmp_path / "kaart.png"), dpi=40)
    assert (tmp_path / "kaart.png").stat().st_size > 10000 and out.endswith(".png")
