"""Every catalogue indicator resolved against each REAL CBS key set (shared/data/cbs_metadata): found, renamed or
'niet in deze editie' - never silently missing; and every edition 2013-2025 says where its mapping comes from."""
import os
import re

import pytest
from fake_editions import real_properties

from wijkatlas.layers.common import edition_provenance, indicator, load_catalogue
from wijkatlas.layers.data.odata_keys import MISSING, NOT_IN_EDITION, RENAMED, RESOLVED, UNEXPECTED, resolve_edition

RELEASES = {"2017-csv": 2017, "2017-json": 2017, "2020": 2020, "2024": 2024}
UNITS = {"%": {"%"}, "aantal": {"aantal"}, "x € 1.000": {"x 1 000 euro"}, "kWh": {"kWh"}, "m³": {"m³"},
         "ha": {"ha"}, "inwoners per km²": {"aantal inwoners per km²"}, "personen": {"aantal"}}


@pytest.fixture(scope="module", params=sorted(RELEASES))
def release(request, shared_data):
    return request.param, RELEASES[request.param], real_properties(shared_data, request.param)


def test_every_indicator_resolves_or_is_declared_absent(release):
    name, year, props = release
    odata = [ind for ind in load_catalogue() if ind.source_fields("odata_v3")]
    resolved = resolve_edition(props, odata, year)
    report = {s: sorted(i for i, r in resolved.items() if r.status == s)
              for s in (RESOLVED, RENAMED, NOT_IN_EDITION, MISSING, UNEXPECTED)}
    print(f"\n{name} ({year}):", {s: len(ids) for s, ids in report.items()}, "hernoemd:", report[RENAMED],
          "niet in deze editie:", report[NOT_IN_EDITION])
    assert set(resolved) == {ind.id for ind in odata}
    assert report[MISSING] == [], f"silently missing in {name}: {report[MISSING]}"
    assert report[UNEXPECTED] == [], f"catalogue says absent but {name} has: {report[UNEXPECTED]}"
    assert len(report[RESOLVED]) + len(report[RENAMED]) >= 30
    for ind_id, res in resolved.items():
        if res.usable:
            cbs_unit = (res.unit or "").strip()
            assert cbs_unit in UNITS[indicator(ind_id).unit], (name, ind_id, res.key, cbs_unit)


def test_known_renames_and_concept_changes(shared_data):
    def keys(release, year):
        return {i: r for i, r in resolve_edition(real_properties(shared_data, release), load_catalogue(),
                                                 year).items()}
    old, new, y2020, y2024 = keys("2017-csv", 2017), keys("2017-json", 2017), keys("2020", 2020), keys("2024", 2024)
    assert (old["woz"].key, old["woz"].status) == ("GemiddeldeWoningwaarde_35", RENAMED)
    assert (new["woz"].key, new["woz"].status) == ("GemiddeldeWOZWaardeVanWoningen_35", RESOLVED)
    assert y2020["pct_bouwjaar_voor_2000"].key == "BouwjaarVoor2000_45"
    assert y2024["pct_bouwjaar_voor_2000"].status == NOT_IN_EDITION  # never mapped onto 'meer dan 10 jaar'
    assert y2024["pct_bouwjaar_ouder_10"].key == "BouwjaarMeerDanTienJaarGeleden_51"
    assert y2024["pct_bouwjaar_laatste_10"].key == "BouwjaarAfgelopenTienJaar_52"
    assert y2020["pct_onbewoond"].key == "PercentageOnbewoond_39"
    assert (y2024["pct_onbewoond"].key, y2024["pct_onbewoond"].status) == ("OnbewoondeWoningen_46", RENAMED)
    assert y2024["herkomst_nederland"].key == "Nederland_17"  # herkomstland, not 'geboren in Nederland' (_20)
    assert y2024["migr_westers"].status == NOT_IN_EDITION
    assert y2024["aardgas_huur"].key == "Huurwoning_67" and y2020["aardgas_huur"].key == "Huurwoning_61"
    assert y2024["pct_pers_hoogste20"].key == "k_20PersonenMetHoogsteInkomen_85"
    assert new["pct_hh_hoogste20"].key == "k_20HuishoudensMetHoogsteInkomen_71"
    assert old["ink_gestandaardiseerd"].status == NOT_IN_EDITION and y2020["ink_gestandaardiseerd"].usable


def test_every_edition_states_its_source(shared_data):
    editions = edition_provenance()
    assert sorted(editions) == list(range(2013, 2026))
    for year, info in editions.items():
        assert info["odata"].startswith("verified" if info["verified"] else "unverified"), year
        assert info["boundaries"]
    verified = sorted(y for y, info in editions.items() if info["verified"])
    assert verified == sorted(set(RELEASES.values()))
    for table in ("83765NED", "84799NED", "85984NED"):
        assert any(f.startswith(table) for f in os.listdir(os.path.join(shared_data, "cbs_metadata")))


def test_reference_year_matches_what_cbs_states(shared_data):
    props = {p["Key"]: p for p in real_properties(shared_data, "2024")}
    match = re.search(r"2024: waardepeildatum 1 januari (\d{4})", props["GemiddeldeWOZWaardeVanWoningen_39"]
                      ["Description"])
    assert indicator("woz").reference_year(2024) == int(match.group(1)) == 2023
    assert "Peildatum: 1 januari van het desbetreffende jaar" in props["Koopwoningen_47"]["Description"]
    assert indicator("pct_koop").reference_year(2024) == 2024
    assert indicator("ink_inwoner").reference_year(2024) == 2022
    assert "niet geverifieerd" in indicator("ink_inwoner").reference_text(2024)
    assert "niet geverifieerd" not in indicator("woz").reference_text(2024)


def test_new_income_and_vacancy_indicators_are_choosable():
    ids = {ind.id for ind in load_catalogue() if ind.source_fields("odata_v3")}
    assert {"pct_pers_hoogste20", "pct_hh_hoogste20", "pct_onbewoond", "pct_bouwjaar_ouder_10"} <= ids
    aliases = indicator("pct_onbewoond").source_fields("odata_v3") + indicator("pct_onbewoond").source_fields(
        "pdok_ogc")
    assert {"PercentageOnbewoond", "OnbewoondeWoningen", "percentage_leegstand_woningen",
            "percentage_onbewoond"} <= set(aliases)
