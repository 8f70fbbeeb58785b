"""'Knelpunten signaleren' through processing.run: output fields, flags, summary table, style, bad rules file."""
import json
import os

import pytest
from knelpunt_fixture import REFERENCES, buurten
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsProcessingException, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QMetaType

import wijkatlas
from wijkatlas.layers.knelpunten.rules import load_rules

ALG = "wijkatlas:knelpuntensignaleren"
NUMERIC = ("inwoners", "woningen", "huishoudens", "pct_hh_laag_inkomen", "pct_hh_sociaal_minimum", "aardgas",
           "woz", "pct_bouwjaar_voor_2000", "pct_onbewoond")


def _memory_layer(rows, with_geometry=True):
    uri = "MultiPolygon?crs=EPSG:28992" if with_geometry else "None"
    layer = QgsVectorLayer(uri, "buurten" if with_geometry else "referentie", "memory")
    text = ("buurtcode", "buurtnaam", "gemeentecode") if with_geometry else ("code", "naam", "niveau")
    fields = [QgsField(n, QMetaType.Type.QString) for n in text]
    fields += [QgsField(n, QMetaType.Type.Double) for n in NUMERIC]
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    feats = []
    for row in rows:
        feat = QgsFeature(layer.fields())
        feat.setAttributes([row.get(n) for n in text + NUMERIC])
        if with_geometry:
            feat.setGeometry(QgsGeometry.fromWkt(row["geometry"].wkt))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def _run(params):
    import processing

    return processing.run(ALG, params)


def test_flags_fields_and_summary_on_fixture(provider, qgis_processing):
    rows = buurten()
    params = {"INPUT": _memory_layer(rows), "REFERENTIE": _memory_layer(REFERENCES, False),
              "REFERENTIEKEUZE": 0, "MIN_INWONERS": 200, "MIN_WONINGEN": 50, "GI_VARIABELE": "stapeling",
              "OUTPUT": "memory:", "SAMENVATTING": "memory:"}
    result = _run(params)
    out, summary = result["OUTPUT"], result["SAMENVATTING"]
    names = out.fields().names()
    rules = load_rules()
    for rule in rules:
        for suffix in ("flag", "waarde", "ref", "afwijking"):
            assert f"{rule.id}_{suffix}" in names
    for name in ("buurtcode", "stapeling", "let_op_aantal", "onbekend_aantal", "toelichting", "cluster_id", "gi_z",
                 "gi_klasse"):
        assert name in names
    feats = {f["buurtcode"]: f for f in out.getFeatures()}
    assert len(feats) == len(rows)
    assert feats["G00"]["laag_inkomen_flag"] == "knelpunt" and feats["G00"]["stapeling"] == 1  # one income problem
    assert feats["G11"]["laag_inkomen_flag"] == "onbekend"
    assert feats["G11"]["gi_z"] in (None,) or feats["G11"]["gi_z"].isNull()
    assert feats["G31"]["toelichting"].startswith("Gemiddeld aardgasverbruik per woning 1.400 m³")
    assert feats["ISL"]["cluster_id"] in (None,) or feats["ISL"]["cluster_id"].isNull()
    assert not feats["G11"].geometry().isEmpty()
    per_rule = {f["regel"]: f for f in summary.getFeatures()}
    assert set(per_rule) == {r.id for r in rules}
    woz = per_rule["lage_woz"]
    assert woz["knelpunt"] == 2 and set(woz["buurten_knelpunt"].split(", ")) == {"G01", "G21"}
    assert woz["buurten_let_op"] == "G02"
    assert sum(per_rule["laag_inkomen"][k] for k in ("knelpunt", "let_op", "geen", "onbekend")) == len(rows)


def test_bad_rules_file_gives_dutch_error(provider, qgis_processing, tmp_path):
    bad = tmp_path / "regels.json"
    bad.write_text(json.dumps({"regels": [{"id": "x", "label": "X", "voorwaarde": {
        "indicator": "gasverbruik", "referentie": "gemeente", "knelpunt": 130}}]}), encoding="utf-8")
    params = {"INPUT": _memory_layer(buurten()), "REGELS": str(bad), "OUTPUT": "memory:",
              "SAMENVATTING": "memory:"}
    with pytest.raises(QgsProcessingException, match="onbekende indicator 'gasverbruik'"):
        _run(params)


def test_sample_dossier_styled_output(provider, qgis_processing, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsRuleBasedRenderer

    from wijkatlas.processing.flag_knelpunten import FlagKnelpuntenAlgorithm

    gpkg = os.path.join(os.path.dirname(wijkatlas.__file__), "layers", "sample", "built", "amsterdam_oost_2019.gpkg")
    buurt_layer = QgsVectorLayer(f"{gpkg}|layername=buurten", "buurten", "ogr")
    ref_layer = QgsVectorLayer(f"{gpkg}|layername=referentie", "referentie", "ogr")
    assert buurt_layer.isValid() and ref_layer.isValid()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    alg = FlagKnelpuntenAlgorithm()
    alg.initAlgorithm()
    out_path = str(tmp_path / "knelpunten.gpkg")
    params = {"INPUT": buurt_layer, "REFERENTIE": ref_layer, "GI_VARIABELE": "pct_hh_laag_inkomen",
              "OUTPUT": out_path, "SAMENVATTING": "memory:"}
    context.addLayerToLoadOnCompletion(out_path, QgsProcessingContext.LayerDetails("knelpunten",
                                                                                    QgsProject.instance(), "OUTPUT"))
    result, ok = alg.run(params, context, QgsProcessingFeedback())
    assert ok
    details = context.layerToLoadOnCompletionDetails(result["OUTPUT"])
    layer = QgsVectorLayer(result["OUTPUT"], "knelpunten", "ogr")
    assert layer.featureCount() == buurt_layer.featureCount()
    details.postProcessor().postProcessLayer(layer, context, QgsProcessingFeedback())
    assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
    labels = [r.label() for r in layer.renderer().rootRule().children()]
    assert "geen gegevens" in labels and "1 knelpunt" in labels
    assert any(f["gi_z"] is not None and not (hasattr(f["gi_z"], "isNull") and f["gi_z"].isNull())
               for f in layer.getFeatures())


def test_result_is_stored_in_dossier_with_style(provider, qgis_processing, tmp_path):
    from qgis.core import QgsRuleBasedRenderer

    from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
    from wijkatlas.layers.schema.geopackage import layer_uri, project_uri

    dossier = create_sample_dossier(str(tmp_path / "d.gpkg"))
    _run({"INPUT": layer_uri(dossier, "buurten"), "REFERENTIE": layer_uri(dossier, "referentie"),
          "DOSSIER": dossier, "OUTPUT": "TEMPORARY_OUTPUT", "SAMENVATTING": "TEMPORARY_OUTPUT"})
    stored = QgsVectorLayer(layer_uri(dossier, "knelpunten"), "k", "ogr")
    buurten = QgsVectorLayer(layer_uri(dossier, "buurten"), "b", "ogr")
    assert stored.featureCount() == buurten.featureCount()
    assert "stapeling" in stored.fields().names()
    project = QgsProject()
    assert project.read(project_uri(dossier))
    (layer,) = [lyr for lyr in project.mapLayers().values() if lyr.name() == "Knelpunten"]
    assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
