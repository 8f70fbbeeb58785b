"""The embedded sample: the expected buurten of Amsterdam Oost with the figures CBS published (from shared/data)."""
import csv
import json
import os

import pytest
from qgis.core import QgsProject, QgsVariantUtils, QgsVectorLayer

from wijkatlas.layers.common.errors import DossierError
from wijkatlas.layers.sample import sample_dossier
from wijkatlas.layers.sample.sample_dossier import (
    SAMPLE_GPKG,
    SAMPLE_META,
    create_sample_dossier,
    ensure_sample_dossier,
)
from wijkatlas.layers.schema.geopackage import project_uri, read_meta

FIGURES = "cbs_statline_84583NED_kwb2019_amsterdam_GM0363.csv"
CROSSWALK = "amsterdam_buurten_crosswalk_2015_2022_GM0363.csv"
# catalogue id -> StatLine CSV column (R-mangled title) for an independent check of the sample.
CHECKED = {
    "inwoners": "Bevolking.Aantal.inwoners..aantal.",
    "woningen": "Wonen.Woningvoorraad..aantal.",
    "woz": "Wonen.Gemiddelde.WOZ.waarde.van.woningen..x.1.000.euro.",
    "pct_corporatie": "Wonen.Woningen.naar.eigendom.Huurwoningen.In.bezit.woningcorporatie....",
    "aardgas": "Energie.Gemiddeld.aardgasverbruik.Gemiddeld.aardgasverbruik.totaal..m..",
    "elektriciteit": "Energie.Gemiddeld.elektriciteitsverbruik.Gemiddeld.elektriciteitsverbruik.totaal..kWh.",
    "pct_stadsverwarming": "Energie.Gemiddeld.aardgasverbruik.Percentage.woningen.met.stadsverwarming....",
    "ink_inwoner": "Inkomen.Inkomen.van.personen.Gemiddeld.inkomen.per.inwoner...x.1.000.euro.",
    "pct_hh_laag_inkomen": "Inkomen.Inkomen.van.huishoudens.Huishoudens.met.een.laag.inkomen....",
    "pct_hh_sociaal_minimum": "Inkomen.Inkomen.van.huishoudens.Huish..onder.of.rond.sociaal.minimum....",
    "vermogen_mediaan": "Inkomen.Inkomen.van.huishoudens.Mediaan.vermogen.van.particuliere.huish...x.1.000.euro.",
}


def _published(text):
    """The CSV text as CBS published it: None for NA/empty/'.', else the number (decimal comma)."""
    text = text.strip()
    return None if text in ("", "NA", ".") else float(text.replace(",", "."))


@pytest.fixture(scope="module")
def cbs_rows(shared_data):
    with open(os.path.join(shared_data, FIGURES), encoding="utf-8", newline="") as fh:
        return {r["Regioaanduiding.Codering..code."].strip(): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def oost_codes(shared_data, cbs_rows):
    with open(os.path.join(shared_data, CROSSWALK), encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["STADSDEELNAAM"] == "Oost"]
    return {r["BUURTCODE_CBS_2015"] for r in rows if r["BUURTCODE_CBS_2015"] in cbs_rows}


def _features(layer_name):
    layer = QgsVectorLayer(f"{SAMPLE_GPKG}|layername={layer_name}", layer_name, "ogr")
    assert layer.isValid()
    return {f["buurtcode" if layer_name == "buurten" else "code"]: f for f in layer.getFeatures()}


def test_sample_has_the_expected_buurten(qgis_app, oost_codes):
    feats = _features("buurten")
    assert set(feats) == oost_codes
    assert 50 <= len(feats) <= 120
    for feat in feats.values():
        assert feat.geometry().isGeosValid()
        assert feat["jaar"] == 2019 and feat["gemeentecode"] == "GM0363"


def test_sample_figures_equal_published_figures(qgis_app, cbs_rows):
    nulls = 0
    for code, feat in _features("buurten").items():
        row = cbs_rows[code]
        assert feat["buurtnaam"] == row["Wijken.en.buurten"].strip()
        for ind_id, column in CHECKED.items():
            expected = _published(row[column])
            value = feat[ind_id]
            if expected is None:
                nulls += 1
                assert QgsVariantUtils.isNull(value), f"{code} {ind_id}: expected NULL, got {value}"
            else:
                assert value == pytest.approx(expected), f"{code} {ind_id}"
    assert nulls > 0  # the real data has gaps; they must stay NULL


def test_reference_rows_are_the_published_gemeente_and_nl_rows(qgis_app, cbs_rows):
    feats = _features("referentie")
    assert feats["NL00"]["niveau"] == "land" and feats["GM0363"]["niveau"] == "gemeente"
    for code in ("NL00", "GM0363"):
        for ind_id, column in CHECKED.items():
            expected = _published(cbs_rows[code][column])
            if expected is not None:
                assert feats[code][ind_id] == pytest.approx(expected)


def test_sample_metadata_is_honest(qgis_app, oost_codes, cbs_rows):
    with open(SAMPLE_META, encoding="utf-8") as fh:
        meta = json.load(fh)
    assert meta["jaar_cijfers"] == 2019
    assert "CC-BY 4.0" in meta["bronvermelding"] and "Amsterdam" in meta["bronvermelding"]
    unplaced = {b["buurtcode"] for b in meta["buurten_niet_geplaatst"]}
    wijken = {c[2:8] for c in oost_codes}
    expected = {c for c, r in cbs_rows.items()
                if r["Regioaanduiding.Soort.regio..omschrijving."].strip() == "Buurt" and c[2:8] in wijken} - oost_codes
    assert unplaced == expected
    assert os.path.getsize(SAMPLE_GPKG) < 2 * 1024 * 1024


def test_sample_dossier_opens_and_says_what_it_is(tmp_path, qgis_app):
    path = create_sample_dossier(str(tmp_path / "v.gpkg"))
    meta = read_meta(path)
    assert meta["voorbeeld"] == "ja" and "BU03633303" in meta["niet_geplaatste_buurten"]
    project = QgsProject()
    assert project.read(project_uri(path))
    assert "Amsterdam" in project.title()
    again = ensure_sample_dossier(str(tmp_path / "profiel"))
    assert ensure_sample_dossier(str(tmp_path / "profiel")) == again


def test_missing_sample_says_what_to_do_in_dutch(tmp_path, qgis_app, monkeypatch):
    """A clone without ../shared/data has no built sample: 'Open voorbeelddossier' points to the user's own data."""
    monkeypatch.setattr(sample_dossier, "SAMPLE_GPKG", str(tmp_path / "weg.gpkg"))
    with pytest.raises(DossierError) as err:
        sample_dossier.ensure_sample_dossier(str(tmp_path / "profiel"))
    assert "Nieuw wijkdossier" in str(err.value) and "Buurtgrenzen laden (PDOK)" in str(err.value)
    assert not list((tmp_path / "profiel").glob("*.gpkg"))
