"""End to end against the loopback PDOK/CBS: 2022 boundaries + 2022 figures; 2024 with the new bouwjaar concept;
a first-release 2025 table with empty income, completed from the newest filled edition and marked as such."""
import pytest
from fake_cbs_pdok import FakeServer
from fake_editions import (
    amsterdam_2022,
    layout_2025,
    make_table,
    ogc_buurten,
    pdok_collections,
    real_properties,
    synthetic_value,
)
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

SAMPLE = ("BU0363AE01", "BU0363AF03")


class LogFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802
        self.lines.append(warning)
        super().pushWarning(warning)


@pytest.fixture(scope="module")
def codes(shared_data):
    return [c for c, *_ in amsterdam_2022(shared_data)]


@pytest.fixture()
def fake(qgis_app):
    server = FakeServer().start()
    yield server
    server.stop()


def py(value):
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def load(fake, tmp_path, jaar):
    import processing

    out = processing.run("wijkatlas:buurtgrenzenladen", {
        "GEMEENTE": "Amsterdam", "JAAR": str(jaar), "NIVEAU": 0, "WATER": 0, "BASIS_URL": fake.pdok_template(),
        "TIMEOUT": 5, "CACHE": False, "OUTPUT": str(tmp_path / f"buurten_{jaar}.gpkg")})["OUTPUT"]
    layer = QgsVectorLayer(out, "b", "ogr")
    assert layer.isValid()
    return layer


def join(fake, tmp_path, layer, jaar, themas=(), indicatoren=(), **extra):
    import processing

    feedback = LogFeedback()
    params = {"INPUT": layer, "CODEVELD": "buurtcode", "JAAR": str(jaar), "THEMAS": list(themas),
              "INDICATOREN": list(indicatoren), "ODATA_URL": fake.cbs_api(), "CATALOGUS_URL": fake.cbs_catalog(),
              "TIMEOUT": 5, "CACHE": False, "OUTPUT": "TEMPORARY_OUTPUT",
              "NIET_GEKOPPELD": "TEMPORARY_OUTPUT"}
    params.update(extra)
    result = processing.run("wijkatlas:cbskerncijferskoppelen", params, feedback=feedback)
    joined = result["OUTPUT"]
    joined = joined if isinstance(joined, QgsVectorLayer) else QgsVectorLayer(joined, "j", "ogr")
    assert joined.isValid()
    rows = {f["buurtcode"]: {n: py(f[n]) for n in joined.fields().names()} for f in joined.getFeatures()}
    return result, joined, rows, feedback.lines


def choice(ind_id):
    from wijkatlas.layers.common import indicator
    from wijkatlas.processing.base import choice_label

    return choice_label(indicator(ind_id).label, ind_id)


def test_2022_boundaries_and_2022_figures(provider, fake, tmp_path, shared_data, codes):
    fake.pdok[2022] = pdok_collections(ogc_buurten(shared_data, 2022, lambda c: {
        "aantal_inwoners": int(synthetic_value(c, "inw") * 10)}))
    fake.cbs["85318NED"] = make_table("85318NED", 2022, real_properties(shared_data, "2020"), codes)
    layer = load(fake, tmp_path, 2022)
    assert layer.featureCount() == 439 and {f["jaar"] for f in layer.getFeatures()} == {2022}
    result, joined, rows, log = join(fake, tmp_path, layer, 2022, themas=["Woningvoorraad", "Inkomen"])
    assert result["CBS_TABEL"] == "85318NED" and result["GEKOPPELD"] == 439
    for code in SAMPLE:
        assert rows[code]["inwoners"] == int(synthetic_value(code, "inw") * 10)
        assert rows[code]["woningen"] == synthetic_value(code, "Woningvoorraad")
        assert rows[code]["pct_bouwjaar_voor_2000"] == synthetic_value(code, "BouwjaarVoor2000")
        assert rows[code]["ink_inwoner"] == synthetic_value(code, "GemiddeldInkomenPerInwoner")
    assert "pct_bouwjaar_ouder_10" not in joined.fields().names()
    assert "ink_inwoner=2020" in result["PEILJAREN"] and "woz=2021" in result["PEILJAREN"]
    assert "woningen=2022" in result["PEILJAREN"]
    assert any("Gemiddeld inkomen per inwoner: editie 2022, peiljaar 2020" in line for line in log)


def test_2024_with_the_new_bouwjaar_concept(provider, fake, tmp_path, shared_data, codes):
    fake.pdok[2024] = pdok_collections(ogc_buurten(shared_data, 2024, lambda c: {
        "aantal_inwoners": 1000, "perc_bouwjaar_afgelopen_10_jaar": synthetic_value(c, "BouwjaarAfgelopenTienJaar")}))
    fake.cbs["85984NED"] = make_table("85984NED", 2024, real_properties(shared_data, "2024"), codes)
    layer = load(fake, tmp_path, 2024)
    names = layer.fields().names()
    assert "pct_bouwjaar_laatste_10" in names and "pct_bouwjaar_voor_2000" not in names
    loaded = {f["buurtcode"]: f["pct_bouwjaar_laatste_10"] for f in layer.getFeatures()}
    assert all(loaded[c] == synthetic_value(c, "BouwjaarAfgelopenTienJaar") for c in SAMPLE)
    result, joined, rows, log = join(fake, tmp_path, layer, 2024,
                                     indicatoren=[choice("pct_bouwjaar_ouder_10"), choice("pct_bouwjaar_voor_2000"),
                                                  choice("pct_onbewoond")])
    for code in SAMPLE:
        assert rows[code]["pct_bouwjaar_laatste_10"] == synthetic_value(code, "BouwjaarAfgelopenTienJaar")
        assert rows[code]["pct_bouwjaar_ouder_10"] == synthetic_value(code, "BouwjaarMeerDanTienJaarGeleden")
        assert rows[code]["pct_onbewoond"] == synthetic_value(code, "OnbewoondeWoningen")
    assert "pct_bouwjaar_voor_2000" not in joined.fields().names()
    assert any("vóór 2000: niet in deze editie (2024)" in line for line in log)


def test_first_release_2025_with_empty_income(provider, fake, tmp_path, shared_data, codes):
    fake.pdok[2025] = pdok_collections(ogc_buurten(shared_data, 2025, lambda c: {
        "aantal_inwoners": 1000, "gemiddeld_inkomen_per_inwoner": -99995}))
    fake.cbs["86165NED"] = make_table("86165NED", 2025, layout_2025(shared_data), codes, empty_groups=("Inkomen",))
    fake.cbs["85984NED"] = make_table("85984NED", 2024, real_properties(shared_data, "2024"), codes)
    layer = load(fake, tmp_path, 2025)
    assert all(py(f["ink_inwoner"]) is None for f in layer.getFeatures())  # -99995: published later, NULL
    result, joined, rows, log = join(fake, tmp_path, layer, 2025, themas=["Inkomen"],
                                     indicatoren=[choice("woningen")])
    assert result["CBS_TABEL"] == "86165NED"
    assert "ink_inwoner" in result["NOG_NIET_GEPUBLICEERD"] and "woningen" not in result["NOG_NIET_GEPUBLICEERD"]
    assert "ink_inwoner_2024=2024" in result["AANGEVULD"] and "ink_gestandaardiseerd_2024=2024" in result["AANGEVULD"]
    assert any("nog niet gepubliceerd in de editie 2025" in line for line in log)
    for code in SAMPLE:
        assert rows[code]["ink_inwoner"] is None
        assert rows[code]["ink_inwoner_2024"] == synthetic_value(code, "GemiddeldInkomenPerInwoner")
        assert rows[code]["ink_gestandaardiseerd_2024"] == synthetic_value(code, "GemGestandaardiseerdInkomenVanHuish")
        assert rows[code]["woningen"] == synthetic_value(code, "Woningvoorraad")
    assert "ink_inwoner_2024=2022" in result["PEILJAREN"]
    assert any("aangevuld uit editie 2024 (veld ink_inwoner_2024" in line for line in log)


def test_first_release_without_completion_keeps_null(provider, fake, tmp_path, shared_data, codes):
    fake.pdok[2025] = pdok_collections(ogc_buurten(shared_data, 2025, lambda c: {"aantal_inwoners": 1000}))
    fake.cbs["86165NED"] = make_table("86165NED", 2025, layout_2025(shared_data), codes, empty_groups=("Inkomen",))
    layer = load(fake, tmp_path, 2025)
    result, joined, rows, _ = join(fake, tmp_path, layer, 2025, indicatoren=[choice("ink_inwoner")],
                                   AANVULLEN_OUDERE_EDITIE=False)
    assert result["AANGEVULD"] == "" and "ink_inwoner_2024" not in joined.fields().names()
    assert all(r["ink_inwoner"] is None for r in rows.values())
