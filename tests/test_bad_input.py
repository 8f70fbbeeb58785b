"""Every algorithm of the provider on every relevant bad input (tests/data/bad/): either the correct result or a
QgsProcessingException with a Dutch message; the inputs byte-identical afterwards; no traceback text; no stray output.

Adding an algorithm is one entry in FEED (how to give it each kind of input). CASES lists the bad inputs per kind;
EXPECT says, where it matters, whether a case must be refused or must give a checked result (default: either).
"""
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess

import pytest
from bad_corpus import BAD, CODES
from qgis.core import QgsProcessingException, QgsVariantUtils, QgsVectorLayer

from wijkatlas.layers.atlas.front_pages import FRONT_PAGES

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "layers", "sample")

CLOSED = "http://127.0.0.1:9/"  # nothing listens there: a network step fails at once, in Dutch
NET = {"TIMEOUT": 2, "CACHE": False}


def _copy(name):
    return lambda tmp: shutil.copy(os.path.join(BAD, name), os.path.join(tmp, "in", name))


def _missing(name):
    return lambda tmp: os.path.join(tmp, "in", name)


def _dossier(tmp, name="dossier.gpkg"):
    """A good wijkdossier of the four buurten in good_buurten.geojson, made with Nieuw wijkdossier."""
    import processing

    path = os.path.join(tmp, "in", name)
    processing.run("wijkatlas:nieuwwijkdossier", {"BUURTEN": os.path.join(BAD, "good_buurten.geojson"),
                                                 "TITEL": "Test", "OUTPUT": path})
    return path


def _sql(path, *statements):
    con = sqlite3.connect(path)
    with con:
        for statement in statements:
            con.execute(statement)
    con.close()


def _newer(tmp):
    path = _dossier(tmp)
    _sql(path, "UPDATE wijkatlas_meta SET waarde = '99' WHERE sleutel = 'schema_version'")
    return path


def _readonly(tmp):
    path = _dossier(tmp)
    os.chmod(path, 0o444)
    return path


def _without_buurten(tmp):
    path = _dossier(tmp)
    _sql(path, "DROP TABLE buurten", "DELETE FROM gpkg_contents WHERE table_name = 'buurten'",
         "DELETE FROM gpkg_geometry_columns WHERE table_name = 'buurten'")
    return path


def _truncated(tmp):
    path = _dossier(tmp)
    with open(path, "r+b") as fh:
        fh.truncate(4096)
    return path


# kind -> case -> maker(tmp) returning the path of the input (made in tmp/in).
CASES = {
    "buurten": {name: _copy(f"{name}.geojson") for name in (
        "good_buurten", "points", "lines", "empty_geometry", "local_codes", "only_local_codes", "pdok_names",
        "no_indicators", "duplicate_codes", "wrong_crs", "empty_layer", "sentinels")}
    | {"missing_layer": _missing("weg.geojson")},
    "table": {name: _copy(f"{name}.csv") for name in (
        "collision", "thousands", "ambiguous", "bad_cells", "title_row", "two_row_header", "empty_first_column",
        "empty", "cp1252")} | {"duplicate_rows": _copy("duplicate_codes.csv"), "missing_table": _missing("weg.csv")},
    "participatie": {"participatie_contact": _copy("participatie_contact.csv"), "empty": _copy("empty.csv"),
                     "missing_table": _missing("weg.csv")},
    "dossier": {"good_dossier": _dossier, "newer_dossier": _newer, "readonly_dossier": _readonly,
                "without_buurten": _without_buurten, "truncated_dossier": _truncated,
                "corrupt_gpkg": _copy("corrupt.gpkg"), "not_a_gpkg": _copy("not_a_gpkg.gpkg"),
                "missing_dossier": _missing("weg.gpkg")},
}


def _out(tmp, name):
    return os.path.join(tmp, "out", name)


def _good(tmp):
    return os.path.join(BAD, "good_buurten.geojson")

def _atlas(tmp, **params):
    return dict({"OUTPUT": _out(tmp, "atlas.pdf"), "ACHTERGROND": 0}, **params)


# algorithm -> kind -> feed(input path, tmp) -> parameters. One entry per algorithm of the provider.
FEED = {
    "nieuwwijkdossier": {"buurten": lambda p, t: {"BUURTEN": p, "OUTPUT": _out(t, "d.gpkg")}},
    "wijkdossierbijwerken": {"dossier": lambda p, t: {"DOSSIER": p}},
    "buurtgrenzenladen": {},  # no file input; its network failures are tested in test_pdok_network.py
    "cbskerncijferskoppelen": {"buurten": lambda p, t: dict(NET, INPUT=p, JAAR="2023", ODATA_URL=CLOSED,
                                                            CATALOGUS_URL=CLOSED, OUTPUT=_out(t, "k.gpkg"),
                                                            NIET_GEKOPPELD=_out(t, "nk.csv"))},
    "eigencijferskoppelen": {
        "table": lambda p, t: {"INPUT": _good(t), "BESTAND": p, "OUTPUT": _out(t, "e.gpkg"),
                               "NIET_GEKOPPELD": _out(t, "nk.csv")},
        "buurten": lambda p, t: {"INPUT": p, "BESTAND": os.path.join(BAD, "thousands.csv"),
                                 "OUTPUT": _out(t, "e.gpkg"), "NIET_GEKOPPELD": _out(t, "nk.csv")}},
    "knelpuntensignaleren": {
        "buurten": lambda p, t: {"INPUT": p, "OUTPUT": _out(t, "k.gpkg"), "SAMENVATTING": _out(t, "s.csv")},
        "dossier": lambda p, t: {"DOSSIER": p, "OUTPUT": _out(t, "k.gpkg"), "SAMENVATTING": _out(t, "s.csv")}},
    "participatieimporteren": {
        "participatie": lambda p, t: dict(NET, INPUT=p, DOSSIER=_dossier(t, "pd.gpkg"), LOCATIESERVER_URL=CLOSED,
                                          RAPPORT=_out(t, "r.csv")),
        "dossier": lambda p, t: dict(NET, INPUT=os.path.join(BAD, "participatie_contact.csv"), DOSSIER=p,
                                     LOCATIESERVER_URL=CLOSED, RAPPORT=_out(t, "r.csv"))},
    "notitiesmaatregelenkoppelen": {"dossier": lambda p, t: {"DOSSIER": p, "PER_BUURT": _out(t, "pb.gpkg")}},
    "betrokkenheidcontroleren": {"dossier": lambda p, t: {"DOSSIER": p, "OUTPUT": _out(t, "b.csv")}},
    "buurtatlasmaken": {"dossier": lambda p, t: _atlas(t, DOSSIER=p), "buurten": lambda p, t: _atlas(t, INPUT=p)},
    "geldstromenimporteren": {
        "table": lambda p, t: {"INPUT": p, "DOSSIER": _dossier(t, "gd.gpkg"), "RAPPORT": _out(t, "r.csv")},
        "dossier": lambda p, t: {"INPUT": os.path.join(SAMPLE, "geldstromen_voorbeeld.csv"), "DOSSIER": p,
                                 "RAPPORT": _out(t, "r.csv")}},
    "geldstromensamenvatten": {"dossier": lambda p, t: {"DOSSIER": p, "TABEL": _out(t, "g.csv"),
                                                        "KAART": _out(t, "g.gpkg")}},
    "wijkverhalenimporteren": {
        "participatie": lambda p, t: {"INPUT": p, "DOSSIER": _dossier(t, "vd.gpkg")},
        "dossier": lambda p, t: {"INPUT": os.path.join(SAMPLE, "wijkverhaal_voorbeeld.csv"), "DOSSIER": p}},
    "wijkpaginasmaken": {"dossier": lambda p, t: {"DOSSIER": p, "OUTPUT": _out(t, "w.pdf")}},
    "plannenimporteren": {
        "table": lambda p, t: dict(NET, INPUT=p, DOSSIER=_dossier(t, "pl.gpkg"), PARTNER="Voorbeeldpartner",
                                   LOCATIESERVER_URL=CLOSED, RAPPORT=_out(t, "r.csv")),
        "dossier": lambda p, t: dict(NET, INPUT=os.path.join(SAMPLE, "plannen_voorbeeld_gemeente.csv"), DOSSIER=p,
                                     PARTNER="Voorbeeldpartner", LOCATIESERVER_URL=CLOSED, RAPPORT=_out(t, "r.csv"))},
    "koppelkansenzoeken": {"dossier": lambda p, t: {"DOSSIER": p, "OUTPUT": _out(t, "k.gpkg")}},
    # The PostGIS copies: a bad dossier is refused before any connection is made (service 'bestaat_niet').
    "wijkdossiernaarpostgis": {"dossier": lambda p, t: {"DOSSIER": p, "SERVICE": "bestaat_niet", "SCHEMA": "proef"}},
    "postgisnaarwijkdossier": {},  # no file input; its bad connections are tested in test_postgis_*.py
    "wijkroutekaartmaken": {"dossier": lambda p, t: {"DOSSIER": p, "OUTPUT": _out(t, "r.pdf"),
                                                     "TABEL_XLSX": _out(t, "r.xlsx"), "TABEL_CSV": _out(t, "r.csv")}},
}


def _layer(path, name=None):
    layer = QgsVectorLayer(path if name is None else f"{path}|layername={name}", "x", "ogr")
    assert layer.isValid(), path
    return {f["buurtcode"]: f for f in layer.getFeatures()}


def _py(value):
    return None if QgsVariantUtils.isNull(value) else value


def _new_dossier_local_codes(result, tmp):
    rows = _layer(result["OUTPUT"], "buurten")
    assert set(rows) == set(CODES)
    assert rows["BU0363AA01"]["gemeentecode"] == "GM0363" and rows["BU0363AA01"]["wijkcode"] == "WK0363AA"
    assert rows["BU0363AA01"]["buurtnaam"] == "Buurt 1"


def _new_dossier_pdok_names(result, tmp):
    rows = _layer(result["OUTPUT"], "buurten")
    assert _py(rows[CODES[0]]["inwoners"]) is None  # -99997 is 'geheim', never a number
    assert rows[CODES[1]]["inwoners"] == 1001 and rows[CODES[1]]["woningen"] == 501


def _own(expected):
    def check(result, tmp):
        rows = _layer(result["OUTPUT"])
        for code, values in expected.items():
            for field, value in values.items():
                assert _py(rows[code][field]) == value, (code, field)
    return check


def _all_unknown(result, tmp):
    rows = _layer(result["OUTPUT"])
    assert all(_py(f["stapeling"]) is None for f in rows.values())  # unknown, not 0
    assert all(f["toelichting"].startswith("Geen gegevens") for f in rows.values())


def _contact_removed(result, tmp):
    with open(os.path.join(tmp, "in", "pd.gpkg"), "rb") as fh:
        raw = fh.read()
    for secret in (b"anna@example.nl", b"06-12345678", b"123 4567", b"bert@example.nl"):
        assert secret not in raw
    texts = [f["tekst"] for f in QgsVectorLayer(os.path.join(tmp, "in", "pd.gpkg") + "|layername=participatie_buurt",
                                                "p", "ogr").getFeatures()]
    assert any("[e-mailadres verwijderd]" in t and "[telefoonnummer verwijderd]" in t for t in texts)


def _pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


def _atlas_pages(count):
    def check(result, tmp):
        assert result["PAGINAS"] == count
        text = _pdf_text(result["OUTPUT"])
        assert "Buurt 1" in text and "Traceback" not in text
        assert not re.search(r"-?99[.]?99[5-9]", text), "a CBS sentinel was printed"
    return check


def _sentinels_are_null(result, tmp):
    rows = _layer(result["OUTPUT"], "buurten")
    assert _py(rows[CODES[0]]["aardgas"]) is None and _py(rows[CODES[0]]["woz"]) is None
    assert rows[CODES[2]]["aardgas"] == 1200


def _sentinels_unknown(result, tmp):
    rows = _layer(result["OUTPUT"])
    assert rows[CODES[0]]["lage_woz_flag"] == "onbekend"
    assert "99997" not in rows[CODES[0]]["toelichting"] and "99.997" not in rows[CODES[0]]["toelichting"]


REFUSE = "refuse"
EXPECT = {
    ("nieuwwijkdossier", c): REFUSE for c in ("points", "lines", "empty_geometry", "only_local_codes",
                                              "duplicate_codes", "wrong_crs", "empty_layer", "missing_layer")
} | {
    ("nieuwwijkdossier", "local_codes"): _new_dossier_local_codes,
    ("nieuwwijkdossier", "pdok_names"): _new_dossier_pdok_names,
    ("eigencijferskoppelen", "collision"): _own({"BU0363AA01": {"buurtnaam": "Buurt 1", "gemeentecode": "GM0363",
                                                                "buurtnaam_2": "Andere naam", "labels_efg": 31.5},
                                                 "BU03630003": {"buurtnaam": "Buurt 3", "gemeentecode": "GM0363"}}),
    ("eigencijferskoppelen", "thousands"): _own({"BU0363AA01": {"woningen_2": 1650.0, "aandeel_efg": 12.5},
                                                 "BU0363AA02": {"woningen_2": 950.0, "aandeel_efg": 8.25},
                                                 "BU03630003": {"woningen_2": 12345.0, "aandeel_efg": None},
                                                 "BU03630004": {"woningen_2": 2100.0, "aandeel_efg": None}}),
    ("eigencijferskoppelen", "ambiguous"): REFUSE,
    ("eigencijferskoppelen", "bad_cells"): _own({"BU0363AA01": {"woz_2": 310.0}, "BU0363AA02": {"woz_2": None},
                                                 "BU03630003": {"woz_2": 325.5}, "BU03630004": {"woz_2": None}}),
    ("eigencijferskoppelen", "title_row"): _own({"BU0363AA01": {"aandeel_efg": 31.5, "aantal": 120.0}}),
    ("eigencijferskoppelen", "two_row_header"): _own({"BU0363AA02": {"energielabel_aandeel_efg": 12.0,
                                                                     "energielabel_aandeel_ab": 40.5,
                                                                     "woz_gemiddeld": 325.0}}),
    ("eigencijferskoppelen", "empty_first_column"): _own({"BU0363AA01": {"aandeel_efg": 31.5}}),
    ("eigencijferskoppelen", "duplicate_rows"): _own({"BU0363AA01": {"aandeel_efg": 31.5}}),
    ("eigencijferskoppelen", "cp1252"): _own({"BU0363AA01": {"opmerking": "Één café, geveltuin"},
                                              "BU0363AA02": {"opmerking": "Ruïne, €-teken"}}),
    ("eigencijferskoppelen", "empty"): REFUSE,
    ("eigencijferskoppelen", "missing_table"): REFUSE,
    ("knelpuntensignaleren", "no_indicators"): _all_unknown,
    ("knelpuntensignaleren", "sentinels"): _sentinels_unknown,
    ("nieuwwijkdossier", "sentinels"): _sentinels_are_null,
    ("buurtatlasmaken", "no_indicators"): _atlas_pages(len(FRONT_PAGES) + 4),
    ("buurtatlasmaken", "sentinels"): _atlas_pages(len(FRONT_PAGES) + 4),
    ("buurtatlasmaken", "good_dossier"): _atlas_pages(len(FRONT_PAGES) + 4),
    ("participatieimporteren", "participatie_contact"): _contact_removed,
} | {
    (alg, c): REFUSE for alg in FEED for c in ("newer_dossier", "without_buurten", "truncated_dossier",
                                               "corrupt_gpkg", "not_a_gpkg", "missing_dossier", "missing_layer",
                                               "missing_table")
} | {
    (alg, c): REFUSE for alg in ("knelpuntensignaleren", "buurtatlasmaken") for c in (
        "points", "lines", "empty_layer")
} | {
    (alg, "readonly_dossier"): REFUSE for alg in ("wijkdossierbijwerken", "knelpuntensignaleren",
                                                  "participatieimporteren")
}

WRITERS = {"wijkdossierbijwerken", "knelpuntensignaleren", "participatieimporteren"}  # they may change the dossier
RUNS = [(alg, kind, case) for alg, feeds in FEED.items() for kind in feeds for case in CASES[kind]]


def _digests(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as fh:
            out[name] = hashlib.sha256(fh.read()).hexdigest()
    return out


def _is_dutch_refusal(message):
    assert "Traceback" not in message and 'File "' not in message, message
    assert not re.search(r"\b[A-Z][A-Za-z]*(Error|Exception)\b", message), message
    assert re.search(r"\b(de|het|een|niet|geen|kies|bestand|laag|is|heeft|bevat)\b", message, re.IGNORECASE), message


def test_every_algorithm_has_an_entry(provider):
    """A new algorithm needs a line in FEED (the merger adds those of the other issues)."""
    names = {alg.name() for alg in provider.algorithms() if not alg.name().startswith("wijkaanpakketen")}
    assert sorted(names - set(FEED)) == [], "algorithms without an entry in FEED"
    assert not set(FEED) - names


@pytest.mark.parametrize("alg, kind, case", RUNS, ids=[f"{a}-{c}" for a, _, c in RUNS])
def test_bad_input(alg, kind, case, tmp_path, provider, qgis_processing):
    import processing

    tmp = str(tmp_path)
    os.makedirs(os.path.join(tmp, "in"))
    os.makedirs(os.path.join(tmp, "out"))
    path = CASES[kind][case](tmp)
    params = FEED[alg][kind](path, tmp)
    before = _digests(os.path.join(tmp, "in"))
    expect = EXPECT.get((alg, case))
    try:
        result = processing.run(f"wijkatlas:{alg}", params)
    except QgsProcessingException as err:
        assert expect is None or expect == REFUSE, f"refused: {err}"
        _is_dutch_refusal(str(err))
        assert _digests(os.path.join(tmp, "in")) == before, "an input changed"
        assert os.listdir(os.path.join(tmp, "out")) == [], "a refusal left output behind"
        assert not [n for n in os.listdir(os.path.join(tmp, "in")) if n.startswith(".wijkatlas-")]
        return
    assert expect != REFUSE, f"{alg} accepted {case}: {result}"
    if callable(expect):
        expect(result, tmp)
    changed = {n for n, d in _digests(os.path.join(tmp, "in")).items() if before.get(n) != d}
    assert changed <= ({"dossier.gpkg", "pd.gpkg"} if alg in WRITERS else set()), f"inputs changed: {changed}"
    assert not [n for n in os.listdir(os.path.join(tmp, "in")) if n.startswith(".wijkatlas-")]
