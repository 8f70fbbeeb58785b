"""'Betrokkenheid controleren': hand-computed ratios, chi-square, and suppression of small groups in every output."""
import pytest
from participatie_fixture import CBS, A, B, make_dossier, wkt
from qgis.core import QgsGeometry, QgsProcessingFeedback
from scipy.stats import chisquare

from wijkatlas.layers.participatie.chi2 import chi2_sf_pure
from wijkatlas.layers.participatie.store import append_rows

# Participants in buurt A (persons): 40, with one of them giving two notes (counted once).
AGES_A = {"0-15": 0, "15-25": 2, "25-45": 8, "45-65": 14, "65+": 16}
HH_A = {"eenpersoons": 10, "zonder kinderen": 10, "met kinderen": 20}
TENURE_A = {"koop": 20, "huur corporatie": 6, "huur overig": 4}   # 10 did not answer
# Buurt B: 3 participants, all small groups.
AGES_B = {"25-45": 2, "65+": 1}


def _expand(counts):
    return [group for group, n in counts.items() for _ in range(n)]


class Log(QgsProcessingFeedback):
    """Feedback that keeps every message."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.lines.append(warning)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory, qgis_app):
    path = make_dossier(tmp_path_factory.mktemp("betr") / "d.gpkg")
    ages, hhs, tenures = _expand(AGES_A), _expand(HH_A), _expand(TENURE_A) + [None] * 10
    rows = []
    for i in range(40):
        rows.append({"notitie_id": f"P-A{i}", "deelnemer_id": f"D-A{i}", "thema": "energie", "tekst": "t",
                     "leeftijdsgroep": ages[i], "huishouden": hhs[i], "woonsituatie": tenures[i],
                     "geometry": QgsGeometry.fromWkt(wkt("POINT", (10 + i, 10)))})
    rows.append(dict(rows[0], notitie_id="P-A-dubbel"))  # same participant, second note
    for i, age in enumerate(_expand(AGES_B)):
        rows.append({"notitie_id": f"P-B{i}", "deelnemer_id": f"D-B{i}", "thema": "wonen", "tekst": "t",
                     "leeftijdsgroep": age, "huishouden": "met kinderen", "woonsituatie": "koop",
                     "geometry": QgsGeometry.fromWkt(wkt("POINT", (150, 10 + i)))})
    append_rows(path, {"participatie_punten": rows})
    return path


def _run(dossier, level, min_group=5):
    import processing

    log = Log()
    result = processing.run("wijkatlas:betrokkenheidcontroleren",
                            {"DOSSIER": dossier, "NIVEAU": level, "MIN_GROEP": min_group,
                             "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=log)
    rows = [{n: (None if str(f[n]) == "NULL" else f[n]) for n in f.fields().names()}
            for f in result["OUTPUT"].getFeatures()]
    return rows, log.lines


def _row(rows, area, dim, group):
    return next(r for r in rows if r["gebied_code"] == area and r["dimensie"] == dim and r["groep"] == group)


def test_ratios_match_hand_computation(dossier, provider, qgis_processing):
    rows, _ = _run(dossier, 0)
    persons = sum(CBS[A][f"inw_{k}"] for k in ("0_15", "15_25", "25_45", "45_65", "65plus"))
    r65 = _row(rows, A, "leeftijd", "65+")
    assert r65["n_deelnemers"] == 16 and r65["n_dimensie"] == 40
    assert r65["ratio"] == pytest.approx((16 / 40) / (CBS[A]["inw_65plus"] / persons))
    assert r65["oordeel"] == "oververtegenwoordigd"
    assert _row(rows, A, "leeftijd", "0-15")["oordeel"].startswith("ondervertegenwoordigd")
    r4565 = _row(rows, A, "leeftijd", "45-65")
    assert r4565["ratio"] == pytest.approx(0.35 / 0.25) and r4565["oordeel"] == "in verhouding"
    households = CBS[A]["hh_eenpersoons"] + CBS[A]["hh_zonder_kinderen"] + CBS[A]["hh_met_kinderen"]
    met = _row(rows, A, "huishouden", "met kinderen")
    assert met["ratio"] == pytest.approx((20 / 40) / (CBS[A]["hh_met_kinderen"] / households))
    # tenure against dwellings: koop 40 %, corporatie 45 %, overige huur 60 - 45 = 15 % of 500 dwellings
    koop = _row(rows, A, "woonsituatie", "koop")
    assert koop["bevolking"] == pytest.approx(200) and koop["n_dimensie"] == 30
    assert koop["ratio"] == pytest.approx((20 / 30) / 0.40)


def test_chi_square_from_30_participants(dossier, provider, qgis_processing):
    rows, _ = _run(dossier, 0)
    hh = _row(rows, A, "huishouden", "eenpersoons")
    expected = chisquare([10, 10, 20], [40 * 0.4, 40 * 0.3, 40 * 0.3])
    assert hh["chi2"] == pytest.approx(expected.statistic, abs=0.005)
    assert hh["df"] == 2 and hh["p_waarde"] == pytest.approx(expected.pvalue, abs=5e-5)
    assert "significant" in hh["toets"]
    # with suppressed groups the statistic is withheld and p is coarse, so it cannot reveal the small count
    age = _row(rows, A, "leeftijd", "65+")
    assert age["chi2"] is None and age["p_waarde"] == round(age["p_waarde"], 2)
    assert "minder dan 30" in _row(rows, B, "leeftijd", "65+")["toets"]


def test_small_groups_are_suppressed_in_every_output(dossier, provider, qgis_processing):
    for level in (0, 1):
        rows, log = _run(dossier, level)
        for row in rows:
            n = row["n_deelnemers"]
            assert n is None or n == 0 or n >= 5, row
            assert row["n_dimensie"] is None or row["n_dimensie"] == 0 or row["n_dimensie"] >= 5, row
            if row["oordeel"].startswith("onderdrukt"):
                assert row["aandeel_deelnemers"] is None and row["ratio"] is None
        if level == 0:
            # 15-25 (2) is small; 25-45 (8) is hidden with it so that 40 minus the rest does not reveal it
            assert _row(rows, A, "leeftijd", "15-25")["n_deelnemers"] is None
            assert _row(rows, A, "leeftijd", "25-45")["n_deelnemers"] is None
            assert _row(rows, A, "woonsituatie", "huur overig")["n_deelnemers"] is None
            assert _row(rows, A, "woonsituatie", "huur corporatie")["n_deelnemers"] is None
            assert all(r["n_deelnemers"] in (None, 0) for r in rows if r["gebied_code"] == B)
            assert _row(rows, B, "leeftijd", "65+")["n_dimensie"] is None
        text = "\n".join(log)
        assert "15-25" not in text and "huur overig" not in text
        assert "Buurt 2" not in text  # B has only small groups: nothing about it in the log


def test_wijk_sums_the_buurten(dossier, provider, qgis_processing):
    rows, _ = _run(dossier, 1, min_group=1)
    persons = sum(CBS[c][f"inw_{k}"] for c in (A, B) for k in ("0_15", "15_25", "25_45", "45_65", "65plus"))
    r65 = _row(rows, "WK000100", "leeftijd", "65+")
    assert r65["n_deelnemers"] == 17 and r65["n_dimensie"] == 43
    assert r65["ratio"] == pytest.approx((17 / 43) / ((CBS[A]["inw_65plus"] + CBS[B]["inw_65plus"]) / persons))
    # the other wijk has no CBS figures: a reason, never a ratio of 0
    assert all(r["ratio"] is None and r["aandeel_bevolking"] is None for r in rows if r["gebied_code"] == "WK000101")


@pytest.mark.parametrize("statistic,df,p", [(3.841458820694124, 1, 0.05), (5.991464547107979, 2, 0.05),
                                            (11.070497693516351, 5, 0.05), (13.276704135987622, 4, 0.01),
                                            (6.634896601021214, 1, 0.01), (0.0, 3, 1.0)])
def test_pure_python_chi2_survival_function_matches_tables(statistic, df, p):
    assert chi2_sf_pure(statistic, df) == pytest.approx(p, abs=1e-12)


def test_pure_python_chi2_matches_scipy_over_a_range():
    from scipy.stats import chi2

    for df in (1, 2, 3, 4, 7, 12, 30):
        for x in (0.01, 0.5, 1.0, df - 0.5, df + 2.0, 3.0 * df, 60.0):
            assert chi2_sf_pure(x, df) == pytest.approx(float(chi2.sf(x, df)), rel=1e-9, abs=1e-300)
