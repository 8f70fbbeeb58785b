"""'Nieuw wijkdossier': a dossier QGIS opens with its project, layers and styles; bad input changes nothing."""
import hashlib
import os
import sqlite3
from dataclasses import replace

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsRuleBasedRenderer, QgsVariantUtils, QgsVectorLayer

from wijkatlas.layers.common.errors import DossierError
from wijkatlas.layers.dossier import create as dossier_mod
from wijkatlas.layers.dossier.create import create_dossier, upgrade_dossier
from wijkatlas.layers.schema.definitions import META_TABLE, SCHEMA_VERSION, STRING, FieldDef
from wijkatlas.layers.schema.dossier_layers import layer_defs
from wijkatlas.layers.schema.geopackage import project_uri, read_meta, schema_version


def _digest(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _polygon_layer(crs="EPSG:28992", rows=(("BU00010001", "POLYGON((0 0,100 0,100 100,0 100,0 0))", 900.0),)):
    layer = QgsVectorLayer(f"Polygon?crs={crs}&field=buurtcode:string&field=buurtnaam:string&field=aardgas:double",
                           "in", "memory")
    feats = []
    for code, wkt, gas in rows:
        feat = QgsFeature(layer.fields())
        feat.setAttributes([code, f"Buurt {code}", gas])
        feat.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def _run(alg_params):
    import processing

    return processing.run("wijkatlas:nieuwwijkdossier", alg_params)


def test_new_dossier_from_sample_opens_with_project_layers_and_styles(tmp_path, provider, qgis_processing):
    path = str(tmp_path / "oost.gpkg")
    result = _run({"OUTPUT": path})
    assert result["OUTPUT"] == path
    assert schema_version(path) == SCHEMA_VERSION
    project = QgsProject()
    assert project.read(project_uri(path))
    names = {lyr.name(): lyr for lyr in project.mapLayers().values()}
    for defn in layer_defs():
        assert defn.title in names and names[defn.title].isValid(), defn.name
    buurten = names["Buurten"]
    assert buurten.crs().authid() == "EPSG:28992"
    assert buurten.featureCount() > 50
    assert isinstance(buurten.renderer(), QgsRuleBasedRenderer)
    assert buurten.attributeAlias(buurten.fields().indexOf("aardgas")).startswith("Gemiddeld aardgasverbruik")
    # The style is stored in the GeoPackage as default, so the layer alone opens styled too.
    alone = QgsVectorLayer(f"{path}|layername=buurten", "b", "ogr")
    assert isinstance(alone.renderer(), QgsRuleBasedRenderer)
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".wijkatlas-")], "temporary files left behind"


def test_new_dossier_from_own_layer_in_other_crs(tmp_path, provider, qgis_processing):
    square = "POLYGON((4.90 52.37,4.91 52.37,4.91 52.38,4.90 52.38,4.90 52.37))"
    layer = _polygon_layer("EPSG:4326", (("BU03630001", square, 1030.0),))
    path = str(tmp_path / "eigen.gpkg")
    _run({"BUURTEN": layer, "TITEL": "Eigen wijk", "OUTPUT": path})
    out = QgsVectorLayer(f"{path}|layername=buurten", "b", "ogr")
    feat = next(out.getFeatures())
    assert feat["buurtcode"] == "BU03630001" and feat["aardgas"] == 1030.0
    centre = feat.geometry().centroid().asPoint()
    assert 115000 < centre.x() < 130000 and 480000 < centre.y() < 495000  # RD New, Amsterdam
    assert read_meta(path)["titel"] == "Eigen wijk"


def test_invalid_geometry_is_repaired_and_reported(tmp_path, provider, qgis_processing):
    bowtie = "POLYGON((0 0,100 100,100 0,0 100,0 0))"
    layer = _polygon_layer(rows=(("BU00010001", bowtie, None),))
    path = str(tmp_path / "b.gpkg")
    _run({"BUURTEN": layer, "OUTPUT": path})
    feat = next(QgsVectorLayer(f"{path}|layername=buurten", "b", "ogr").getFeatures())
    assert feat.geometry().isGeosValid()
    assert QgsVariantUtils.isNull(feat["aardgas"])  # NULL stays NULL, never 0


@pytest.mark.parametrize("rows, message", [
    ((), "leeg"),
    ((("BU00010001", "POLYGON((0 0,1 0,1 1,0 0))", 1.0), ("", "POLYGON((2 2,3 2,3 3,2 2))", 1.0)),
     "geen buurtcode"),
    ((("BU00010001", "POLYGON((0 0,1 0,1 1,0 0))", 1.0), ("BU00010001", "POLYGON((2 2,3 2,3 3,2 2))", 1.0)),
     "dubbel"),
    ((("BU1", "POLYGON((0 0,1 0,1 1,0 0))", 1.0),), "Geen veld met CBS-buurtcodes"),
])
def test_bad_buurten_give_clear_error_and_no_file(tmp_path, rows, message, provider, qgis_processing):
    from qgis.core import QgsProcessingException

    path = tmp_path / "x.gpkg"
    with pytest.raises(QgsProcessingException, match=message):
        _run({"BUURTEN": _polygon_layer(rows=rows), "OUTPUT": str(path)})
    assert not path.exists()
    assert os.listdir(tmp_path) == []


def test_existing_file_is_never_overwritten(tmp_path, provider, qgis_processing):
    from qgis.core import QgsProcessingException

    other = tmp_path / "notities.gpkg"
    other.write_bytes(b"not a geopackage, but the user's file")
    before = _digest(other)
    with pytest.raises(QgsProcessingException, match="bestaat al"):
        _run({"OUTPUT": str(other)})
    assert _digest(other) == before
    with pytest.raises(DossierError, match="geen wijkdossier"):
        read_meta(str(other))


def test_existing_dossier_is_not_overwritten(tmp_path, provider, qgis_processing):
    from qgis.core import QgsProcessingException

    path = str(tmp_path / "d.gpkg")
    _run({"OUTPUT": path})
    before = _digest(path)
    with pytest.raises(QgsProcessingException, match="bestaat al"):
        _run({"OUTPUT": path})
    assert _digest(path) == before


def test_unwritable_folder_gives_clear_error(tmp_path, qgis_app):
    rows = [{"buurtcode": "BU1", "geometry": QgsGeometry.fromWkt("POLYGON((0 0,1 0,1 1,0 0))")}]
    if os.geteuid() == 0:
        target = "/proc/wijkdossier.gpkg"  # root may write anywhere on disk; /proc refuses even root
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        target = str(folder / "wijkdossier.gpkg")
    with pytest.raises(DossierError, match="schrijf|map"):
        create_dossier(target, rows)
    assert not os.path.exists(target)


def test_not_a_gpkg_name_is_refused(tmp_path, qgis_app):
    with pytest.raises(DossierError, match=".gpkg"):
        create_dossier(str(tmp_path / "dossier.shp"), [])


def test_newer_dossier_is_refused_and_older_one_upgraded(tmp_path, provider, qgis_processing, monkeypatch):
    path = str(tmp_path / "d.gpkg")
    _run({"OUTPUT": path})
    con = sqlite3.connect(path)
    with con:
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', (str(SCHEMA_VERSION + 1),
                                                                            "schema_version"))
    con.close()
    before = _digest(path)
    with pytest.raises(DossierError, match="Werk de plugin bij"):
        upgrade_dossier(path)
    assert _digest(path) == before
    # A dossier of the current version is left alone by upgrade.
    con = sqlite3.connect(path)
    with con:
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', (str(SCHEMA_VERSION), "schema_version"))
    con.close()
    assert upgrade_dossier(path) == (SCHEMA_VERSION, SCHEMA_VERSION)


def test_failure_midway_leaves_nothing(tmp_path, qgis_app, monkeypatch):
    def broken(*args, **kwargs):
        raise DossierError("kapot")

    monkeypatch.setattr(dossier_mod, "build_project", broken)
    rows = [{"buurtcode": "BU1", "geometry": QgsGeometry.fromWkt("POLYGON((0 0,1 0,1 1,0 0))")}]
    with pytest.raises(DossierError):
        create_dossier(str(tmp_path / "d.gpkg"), rows)
    assert os.listdir(tmp_path) == []


def test_upgrade_adds_new_fields_to_existing_layers_and_keeps_rows(tmp_path, provider, qgis_processing, monkeypatch):
    """A newer schema that adds a field to an existing layer: upgrade adds the column, every row and value stays."""
    path = str(tmp_path / "d.gpkg")
    _run({"OUTPUT": path})  # the sample: buurten with figures and invented partners
    con = sqlite3.connect(path)
    before = con.execute("SELECT * FROM partners ORDER BY fid").fetchall()
    buurten = con.execute("SELECT count(*), sum(aardgas) FROM buurten").fetchone()
    con.close()
    assert before
    newer = tuple(replace(d, fields=d.fields + (FieldDef("toekomstveld", STRING, "Nieuw veld"),))
                  if d.name == "partners" else d for d in layer_defs())
    monkeypatch.setattr(dossier_mod, "layer_defs", lambda: newer)
    monkeypatch.setattr(dossier_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    assert upgrade_dossier(path) == (SCHEMA_VERSION, SCHEMA_VERSION + 1)
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(partners)")]
    after = con.execute(f"SELECT {', '.join(columns[:-1])} FROM partners ORDER BY fid").fetchall()
    assert columns[-1] == "toekomstveld" and after == before
    assert con.execute("SELECT count(*), sum(aardgas) FROM buurten").fetchone() == buurten
    con.close()


def test_dossier_written_by_an_older_wijkatlas_gets_the_new_project(tmp_path, provider, qgis_processing):
    """Same schema version, older plugin (0.2.0 dossiers had no notes view or picker): 'Wijkdossier bijwerken' renews
    the project and views and keeps every row; a dossier this version wrote is left byte-for-byte alone."""
    import processing
    from wijkatlas.layers.common import plugin_version
    from wijkatlas.layers.schema import NOTES_VIEW

    path = str(tmp_path / "d.gpkg")
    _run({"OUTPUT": path})
    before = _digest(path)
    processing.run("wijkatlas:wijkdossierbijwerken", {"DOSSIER": path})
    assert _digest(path) == before  # written by this version: nothing to do
    con = sqlite3.connect(path)
    with con:  # as Wijkatlas 0.2.0 left it: no notes view, and its own version in the metadata
        con.execute(f'DROP VIEW "{NOTES_VIEW}"')
        con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (NOTES_VIEW,))
        con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', ("0.2.0", "wijkatlas_versie"))
    rows = con.execute("SELECT * FROM partners ORDER BY fid").fetchall()
    con.close()
    result = processing.run("wijkatlas:wijkdossierbijwerken", {"DOSSIER": path})
    assert result["VERSIE"] == str(SCHEMA_VERSION)
    assert read_meta(path)["wijkatlas_versie"] == plugin_version()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM gpkg_contents WHERE table_name = ?", (NOTES_VIEW,)).fetchone()[0] == 1
    assert con.execute("SELECT * FROM partners ORDER BY fid").fetchall() == rows
    con.close()
    project = QgsProject()
    assert project.read(project_uri(path))
    assert any(lyr.source().endswith(f"layername={NOTES_VIEW}") for lyr in project.mapLayers().values())
