"""What figures mean survives every step: notation per column, unknown is not zero, no silent overwrite, an empty
choice is none, 'cache uit' is fresh, pseudonyms nobody can test with the dossier alone."""
from http.server import BaseHTTPRequestHandler

import pytest
from fake_cbs_data import buurten_layer, cbs_table_83765
from fake_cbs_pdok import FakeServer
from loopback import LoopbackServer
from qgis.core import (
    QgsExpressionContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsRenderContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QMetaType

from wijkatlas.layers.common import WijkatlasError, WijkatlasNetworkError
from wijkatlas.layers.data.number_columns import numeric_column
from wijkatlas.layers.knelpunten.style import stapeling_renderer
from wijkatlas.layers.net import HttpClient
from wijkatlas.layers.participatie.privacy import EMAIL_MARK, PHONE_MARK, Pseudonyms, scrub_contact_details


@pytest.mark.parametrize("cells, expected", [
    (["1.650", "12,5", "950"], [1650.0, 12.5, 950.0]),            # Dutch: the comma decimal decides
    (["1,650", "12.5", "950"], [1650.0, 12.5, 950.0]),            # English
    (["-99997", ".", "1.650,25"], [None, None, 1650.25]),         # sentinel and StatLine's '.' are NULL
    ([310, "n.b.", "325,5", "x", 340, 350, 360, 370, 380, 390],
     [310.0, None, 325.5, None] + [340.0 + 10 * i for i in range(6)]),
])
def test_a_column_is_read_in_one_notation(cells, expected):
    numeric, values, bad = numeric_column("c", cells, list(range(2, 2 + len(cells))))
    assert numeric and values == expected
    assert [v for _, v in bad] == [c for c in cells if c == "n.b."]  # 'x' is CBS's 'secret', not a bad cell


def test_an_ambiguous_column_is_refused_unless_the_table_shows_its_notation():
    with pytest.raises(WijkatlasError, match="dubbelzinnig"):
        numeric_column("woningen", ["1.650", "2.100"], [2, 3])
    assert numeric_column("woningen", ["1.650", "2.100"], [2, 3], "nl")[1] == [1650.0, 2100.0]
    assert numeric_column("woningen", ["1.650", "2.100"], [2, 3], "en")[1] == [1.65, 2.1]
    with pytest.raises(WijkatlasError, match="twee manieren"):
        numeric_column("woningen", ["1.650", "1,650"], [2, 3])


def test_a_text_column_stays_text():
    assert numeric_column("naam", ["Oost", "West", "12"], [2, 3, 4])[0] is False


def test_stapeling_null_is_drawn_as_geen_gegevens():
    renderer = stapeling_renderer(7)
    fields = QgsFields()
    for name, kind in (("stapeling", QMetaType.Type.Int), ("let_op_aantal", QMetaType.Type.Int),
                       ("onbekend_aantal", QMetaType.Type.Int), ("cluster_id", QMetaType.Type.Int)):
        fields.append(QgsField(name, kind))

    def labels(values):
        feat = QgsFeature(fields)
        feat.setAttributes(values)
        ctx = QgsRenderContext()
        ctx.setExpressionContext(QgsExpressionContext())
        root = renderer.rootRule()
        root.startRender(ctx, fields, "")
        found = [r.label() for r in root.children() if r.isFilterOK(feat, ctx)]
        root.stopRender(ctx)
        return found

    assert labels([None, 0, 7, None]) == ["geen gegevens"]
    assert labels([0, 0, 7, None]) == ["geen gegevens"]  # a layer of an older Wijkatlas
    assert labels([0, 0, 2, None]) == ["geen knelpunt"]


@pytest.fixture()
def fake(shared_data, qgis_app):
    server = FakeServer()
    table = cbs_table_83765(shared_data, "99001NED")
    server.cbs[table.table_id] = table
    server.start()
    yield server
    server.stop()


def _join(fake, layer, tmp_path, **extra):
    import processing

    params = {"INPUT": layer, "JAAR": "2017", "ODATA_URL": fake.cbs_api(), "CATALOGUS_URL": fake.cbs_catalog(),
              "TIMEOUT": 5, "CACHE": False, "OUTPUT": str(tmp_path / "j.gpkg"),
              "NIET_GEKOPPELD": str(tmp_path / "nk.csv")}
    params.update(extra)
    return processing.run("wijkatlas:cbskerncijferskoppelen", params)


@pytest.mark.parametrize("empty", [{}, {"INDICATOREN": None}, {"INDICATOREN": []}])
def test_an_empty_indicator_choice_joins_nothing(empty, provider, fake, tmp_path, shared_data):
    result = _join(fake, buurten_layer(shared_data), tmp_path, THEMAS=["Energie"], **empty)
    names = QgsVectorLayer(result["OUTPUT"], "j", "ogr").fields().names()
    assert "aardgas" in names and "inwoners" not in names
    with pytest.raises(QgsProcessingException, match="minstens één thema"):
        _join(fake, buurten_layer(shared_data), tmp_path, THEMAS=[], INDICATOREN=[])


def test_figures_never_land_in_a_field_that_already_holds_figures(provider, fake, tmp_path, shared_data):
    layer = buurten_layer(shared_data)
    layer.dataProvider().addAttributes([QgsField("aardgas", QMetaType.Type.Double)])
    layer.updateFields()
    idx = layer.fields().indexOf("aardgas")
    layer.dataProvider().changeAttributeValues({f.id(): {idx: 4321.0} for f in layer.getFeatures()})
    result = _join(fake, layer, tmp_path, THEMAS=["Energie"])
    out = QgsVectorLayer(result["OUTPUT"], "j", "ogr")
    assert "aardgas_2017" in out.fields().names()
    feats = list(out.getFeatures())
    assert all(f["aardgas"] == 4321.0 for f in feats)  # the layer's own figures are untouched
    assert any(f["aardgas_2017"] not in (None, 4321.0) for f in feats)


def test_cache_off_asks_the_server_not_the_qgis_network_cache(qgis_app):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "public, max-age=3600")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = LoopbackServer(Handler).start()
    url = f"http://127.0.0.1:{server.port}/kerncijfers?x=1"
    assert HttpClient(retries=0, timeout_s=5).get_json(url) == {"ok": True}
    server.stop()
    with pytest.raises(WijkatlasNetworkError):  # the server is down: a fresh request must fail
        HttpClient(retries=0, timeout_s=5).get_json(url)


def test_pseudonyms_cannot_be_tested_with_the_dossier_alone():
    key = "een lange geheime zin die alleen de gemeente kent"
    keyed = Pseudonyms(key)
    assert keyed("Anna@Example.nl ") == Pseudonyms(key)("anna@example.nl")  # stable with the same key
    assert keyed("anna@example.nl") != Pseudonyms(key + "x")("anna@example.nl")
    first, second = Pseudonyms(), Pseudonyms()  # no key: random per import, same within one import
    assert first("anna@example.nl") == first("anna@example.nl") != second("anna@example.nl")
    import hashlib

    guesses = {"D-" + getattr(hashlib, h)(b"anna@example.nl").hexdigest()[:n] for h in ("sha1", "sha256", "md5")
               for n in (10, 16)}
    assert keyed("anna@example.nl") not in guesses and first("anna@example.nl") not in guesses
    with pytest.raises(WijkatlasError, match="te kort"):
        Pseudonyms("kort")


@pytest.mark.parametrize("text, emails, phones", [
    ("Mail me: jan.de.vries+wijk@gemeente.example.nl!", 1, 0),
    ("Bel 06-12345678 of 020 123 4567 of +31 6 1234 5678", 0, 3),
    ("Sinds 2019 woon ik op nummer 1234567; 50 m2 tuin", 0, 0),
])
def test_contact_details_in_free_text_are_replaced(text, emails, phones):
    clean, n_mail, n_phone = scrub_contact_details(text)
    assert (n_mail, n_phone) == (emails, phones)
    assert clean.count(EMAIL_MARK) == emails and clean.count(PHONE_MARK) == phones
    assert "@" not in clean and "12345678" not in clean


def test_qgis_null_is_none_and_nothing_else_is(qgis_app):
    from qgis.core import NULL
    from qgis.PyQt.QtCore import QDate

    from wijkatlas.layers.common import is_null, plain

    for empty in (None, NULL, QDate()):
        assert is_null(empty) and plain(empty) is None
    for value in (0, 0.0, "", "0", False, QDate(2025, 1, 1)):
        assert not is_null(value) and plain(value) is value
