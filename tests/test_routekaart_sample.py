"""The sample dossier carries invented besluitmomenten and actual quarters; its project plays the measures in time."""
import json
import re
from datetime import date

from atlas_pdf_tools import page_texts
from qgis.core import Qgis, QgsProject, QgsVectorLayer

from wijkatlas.layers.routekaart import make_routekaart
from wijkatlas.layers.sample.routekaart_sample import ROUTEKAART_JSON
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema import MEASURE_LAYERS, project_uri


def _layer(path, name):
    return QgsVectorLayer(f"{path}|layername={name}", name, "ogr")


def test_sample_routekaart_and_project(tmp_path, qgis_app):
    path = create_sample_dossier(str(tmp_path / "voorbeeld.gpkg"))
    with open(ROUTEKAART_JSON, encoding="utf-8") as fh:
        doc = json.load(fh)
    assert "verzonnen" in doc["_let_op"]
    besluiten = list(_layer(path, "besluitmomenten").getFeatures())
    assert len(besluiten) == len(doc["besluitmomenten"])
    assert all(f["toelichting"] == "voorbeeld, verzonnen" and "(voorbeeld)" in f["onderwerp"] for f in besluiten)
    links = _layer(path, "besluit_maatregelen").featureCount()
    assert links == sum(len(b["maatregelen"]) for b in doc["besluitmomenten"])
    actual = {f["maatregel_id"]: f["werkelijk_start"] for name in MEASURE_LAYERS
              for f in _layer(path, name).getFeatures() if f["werkelijk_start"]}
    assert actual == {k: v["werkelijk_start"] for k, v in doc["werkelijk"].items()}

    project = QgsProject()
    assert project.read(project_uri(path))
    for layer in project.mapLayers().values():
        name = layer.source().split("layername=")[-1]
        if name in MEASURE_LAYERS:
            props = layer.temporalProperties()
            assert props.isActive() and props.mode() == \
                Qgis.VectorTemporalMode.FeatureDateTimeStartAndEndFromExpressions, name
            assert "werkelijk_start" in props.startExpression() and "eind_kwartaal" in props.endExpression()
        if name == "besluitmomenten":
            assert layer.editorWidgetSetup(layer.fields().indexOf("kwartaal")).type() == "ValueMap"
    assert project.relationManager().relation("besluit_maatregelen_besluit").isValid()

    pdf = str(tmp_path / "routekaart.pdf")
    today = date(2026, 11, 28)
    result = make_routekaart(path, pdf, today=today)
    assert result["horizon"][0] == "2026-Q4"
    text = re.sub(r"\s+", " ", "\n".join(page_texts(pdf)))
    for b in doc["besluitmomenten"]:
        shown = "2026-Q4" <= b["kwartaal"] <= result["horizon"][1]
        assert (b["onderwerp"][:20] in text) == shown, b["onderwerp"]
    for name in MEASURE_LAYERS:
        for f in _layer(path, name).getFeatures():
            assert text.count(f["titel"]) == 1, f["titel"]
    assert "Buiten de horizon" in text and "vandaag" in text and "evaluatie na twee jaar" in text
