"""Storing analysis results in a dossier: styled, in the stored project, all-or-nothing."""
import hashlib

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsRuleBasedRenderer, QgsVectorLayer

from wijkatlas.layers.common.errors import DossierError
from wijkatlas.layers.common.styling import indicator_renderer
from wijkatlas.layers.dossier import results as dossier_results
from wijkatlas.layers.dossier.results import result_layers, store_result_layer
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.geopackage import project_uri


def _digest(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _result_layer():
    layer = QgsVectorLayer("Polygon?crs=EPSG:28992&field=buurtcode:string&field=aardgas:double", "r", "memory")
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["BU1", 900.0])
    feat.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0,10 0,10 10,0 0))"))
    layer.dataProvider().addFeatures([feat])
    return layer


@pytest.fixture()
def dossier(tmp_path, qgis_app):
    return create_sample_dossier(str(tmp_path / "d.gpkg"))


def test_result_layer_is_stored_styled_and_in_the_project(dossier):
    store_result_layer(dossier, _result_layer(), "resultaat", "Mijn resultaat",
                       lambda lyr: lyr.setRenderer(indicator_renderer(lyr, "aardgas")))
    assert result_layers(dossier) == {"resultaat": "Mijn resultaat"}
    project = QgsProject()
    assert project.read(project_uri(dossier))
    (layer,) = [lyr for lyr in project.mapLayers().values() if lyr.name() == "Mijn resultaat"]
    assert layer.isValid() and layer.featureCount() == 1
    assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
    # Storing again replaces it rather than adding a second copy.
    store_result_layer(dossier, _result_layer(), "resultaat", "Mijn resultaat")
    project = QgsProject()
    project.read(project_uri(dossier))
    assert [lyr.name() for lyr in project.mapLayers().values()].count("Mijn resultaat") == 1


def test_schema_layers_cannot_be_replaced(dossier):
    before = _digest(dossier)
    with pytest.raises(DossierError, match="vaste laag"):
        store_result_layer(dossier, _result_layer(), "buurten", "Buurten")
    assert _digest(dossier) == before


def test_failure_while_storing_leaves_dossier_unchanged(dossier, monkeypatch):
    before = _digest(dossier)

    def broken(*args, **kwargs):
        raise DossierError("kapot")

    monkeypatch.setattr(dossier_results, "add_results_to_project", broken)
    with pytest.raises(DossierError):
        store_result_layer(dossier, _result_layer(), "resultaat", "Resultaat")
    assert _digest(dossier) == before
    assert result_layers(dossier) == {}


def test_not_a_dossier_is_refused(tmp_path, qgis_app):
    other = tmp_path / "x.gpkg"
    other.write_bytes(b"no")
    with pytest.raises(DossierError, match="geen wijkdossier"):
        store_result_layer(str(other), _result_layer(), "resultaat", "Resultaat")
    assert other.read_bytes() == b"no"
