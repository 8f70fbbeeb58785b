"""The embedded sample dossier carries the invented example notes, measures and partners, marked as invented."""
import json

from qgis.core import QgsVectorLayer

from wijkatlas.layers.participatie.atlas_texts import atlas_texts
from wijkatlas.layers.participatie.store import SAMPLE_JSON
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier


def _layer(path, name):
    return QgsVectorLayer(f"{path}|layername={name}", name, "ogr")


def test_sample_dossier_holds_the_marked_example_set(tmp_path, qgis_app):
    path = str(tmp_path / "voorbeeld.gpkg")
    create_sample_dossier(path)
    with open(SAMPLE_JSON, encoding="utf-8") as fh:
        doc = json.load(fh)
    assert "verzonnen" in doc["_let_op"]
    expected = {}
    for record in doc["participatie"] + doc["maatregelen"]:
        expected[record["laag"]] = expected.get(record["laag"], 0) + 1
    for name, count in expected.items():
        assert _layer(path, name).featureCount() == count, name
    notes = [f for name in expected if name.startswith("participatie") for f in _layer(path, name).getFeatures()]
    assert notes and all(f["bron"] == "voorbeeld, verzonnen" for f in notes)
    partners = list(_layer(path, "partners").getFeatures())
    assert len(partners) == len(doc["partners"]) and all("(voorbeeld)" in f["naam"] for f in partners)
    links = _layer(path, "maatregel_partners").featureCount()
    assert links == sum(len(m["partners"]) for m in doc["maatregelen"])
    texts = atlas_texts(path)
    dapper_noord = texts["BU03632900"]
    assert dapper_noord.startswith("Voorbeeldgegevens (verzonnen).")
    assert "Energiecafé in het buurthuis – in uitvoering, 2025-Q3 t/m 2026-Q4" in dapper_noord
    assert not any(f["tekst"] in "\n".join(texts.values()) for f in notes)
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".wijkatlas-")]
