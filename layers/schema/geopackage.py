"""GeoPackage primitives of the wijkdossier: URIs, metadata, layer writing and the staged (all-or-nothing) commit."""
import os
import shutil
import sqlite3
from contextlib import contextmanager

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..common import DossierError
from .definitions import CRS, META_TABLE, PROJECT_NAME, SCHEMA_VERSION
from .staging import new_workdir

REQUIRED_LAYERS = ("buurten",)  # every dossier since schema 1 has them; without them nothing works


def project_uri(path):
    """The URI of the project stored inside a dossier."""
    return f"geopackage:{path}?projectName={PROJECT_NAME}"


def layer_uri(path, name):
    """The OGR URI of one layer in a dossier."""
    return f"{path}|layername={name}"


def dossier_path_of_project(project_file):
    """The GeoPackage path of a project stored in a dossier ('geopackage:/x.gpkg?projectName=…'), else None."""
    if not project_file or not project_file.startswith("geopackage:"):
        return None
    path = project_file[len("geopackage:"):].split("?", 1)[0]
    return path if path.lower().endswith(".gpkg") else None


def _sqlite_problem(path):
    """A Dutch description when `path` is not a readable SQLite/GeoPackage file, else None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as err:
        return f"{os.path.basename(path)} kan niet worden gelezen ({err.strerror})."
    if head != b"SQLite format 3\x00":
        return (f"{os.path.basename(path)} is geen wijkdossier: het bestand is beschadigd of geen GeoPackage "
                "(het begint niet als een SQLite-database). Gebruik een reservekopie of kies het juiste bestand.")
    return None


def read_meta(path):
    """The dossier's metadata as a dict; DossierError when the file is missing, damaged or not a wijkdossier."""
    if not os.path.isfile(path):
        raise DossierError(f"Bestand niet gevonden: {path}")
    problem = _sqlite_problem(path)
    if problem:
        raise DossierError(problem)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if META_TABLE not in tables:
                raise DossierError(f"{os.path.basename(path)} is geen wijkdossier (geen Wijkatlas-metadata "
                                   "gevonden).")
            rows = con.execute(f'SELECT sleutel, waarde FROM "{META_TABLE}"').fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        raise DossierError(f"{os.path.basename(path)} is beschadigd (de GeoPackage-database is niet leesbaar). "
                           "Gebruik een reservekopie of maak het dossier opnieuw.", details=str(err)) from err
    return dict(rows)


def schema_version(path):
    """The schema version of an existing dossier."""
    meta = read_meta(path)
    try:
        return int(meta.get("schema_version", ""))
    except ValueError as err:
        raise DossierError(f"{os.path.basename(path)} heeft geen geldige schemaversie.") from err


def check_dossier_file(path, write=False, min_version=1):
    """The one check every algorithm runs on a dossier before it reads or writes anything; returns its version.

    Refuses, in Dutch: a missing file, a damaged GeoPackage, a GeoPackage that is not a wijkdossier, a dossier of a
    newer Wijkatlas (schema version above ours), one older than `min_version`, and (write=True) a read-only file
    or folder.
    """
    if not path:
        raise DossierError("Kies een wijkdossier (.gpkg).")
    version = schema_version(path)
    name = os.path.basename(path)
    missing = [t for t in REQUIRED_LAYERS if t not in gpkg_tables(path)]
    if missing:
        raise DossierError(f"In {name} ontbreekt de laag '{missing[0]}'. Het dossier is buiten Wijkatlas bewerkt "
                           "of beschadigd; gebruik een reservekopie of maak het dossier opnieuw.")
    if version > SCHEMA_VERSION:
        raise DossierError(f"{name} is gemaakt met een nieuwere Wijkatlas (schemaversie {version}; deze versie kent "
                           f"tot {SCHEMA_VERSION}). Werk de plugin bij; het dossier is niet gewijzigd.")
    if version < min_version:
        raise DossierError(f"{name} heeft schemaversie {version}; hiervoor is versie {min_version} nodig. Werk het "
                           "dossier eerst bij met 'Wijkdossier bijwerken'.")
    if write:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222:  # no write bit: read-only, also for root
            raise DossierError(f"{name} is alleen-lezen; Wijkatlas kan er niet in schrijven. Zet het "
                               "schrijfbeveiliging uit of kopieer het dossier naar een map waar u mag schrijven.")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise DossierError(f"De map {folder} is alleen-lezen; Wijkatlas schrijft een dossier via een kopie in "
                               "dezelfde map. Kopieer het dossier naar een map waar u mag schrijven.")
    return version


def check_new_path(path):
    """Refuse a destination that exists, is not a .gpkg, or lies in a folder we cannot write."""
    if not path or not path.lower().endswith(".gpkg"):
        raise DossierError("Kies een bestandsnaam die eindigt op .gpkg voor het wijkdossier.")
    if os.path.exists(path):
        raise DossierError(f"{path} bestaat al. Wijkatlas overschrijft geen bestaande bestanden; "
                           "kies een nieuwe naam of verwijder het bestand eerst zelf.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise DossierError(f"De map {folder} bestaat niet.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DossierError(f"Geen schrijfrechten in de map {folder}. Kies een andere map.")


def commit_file(tmp, path):
    """Move a finished temporary GeoPackage over `path`, after folding any write-ahead log into it.

    QGIS keeps GeoPackages open in WAL mode; moving only the .gpkg would leave recent writes behind in -wal.
    """
    try:
        con = sqlite3.connect(tmp)
        try:
            busy, log, done = con.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
            try:
                con.execute("PRAGMA journal_mode=DELETE")  # a plain single file for the user to copy or mail
            except sqlite3.OperationalError:
                pass  # still open elsewhere in this process: the checkpoint above already holds every write
        finally:
            con.close()
    except sqlite3.Error as err:
        raise DossierError("Het tijdelijke dossier kon niet worden afgerond; er is niets veranderd.",
                           details=str(err)) from err
    if busy or (log > 0 and done != log):
        raise DossierError("Het tijdelijke dossier is nog in gebruik en kon niet worden afgerond; er is niets "
                           "veranderd.", details=f"wal_checkpoint busy={busy} log={log} done={done}")
    try:
        os.replace(tmp, path)
    except OSError as err:
        raise DossierError(f"Kon {os.path.basename(path)} niet bijwerken; is het bestand elders geopend? "
                           "Er is niets veranderd.", details=str(err)) from err


@contextmanager
def staged(path, copy=False):
    """Yield a temporary path beside `path` to build on; it replaces `path` only when the block succeeds.

    copy=True starts from a copy of the existing file; otherwise `path` must still not exist at the end.
    """
    if copy:
        check_dossier_file(path, write=True)
    workdir = new_workdir(path)
    tmp = os.path.join(workdir, os.path.basename(path))
    try:
        if copy:
            shutil.copy2(path, tmp)
        yield tmp
        if not copy and os.path.exists(path):
            raise DossierError(f"{path} is tijdens het maken aangemaakt door iets anders; er is niets overschreven.")
        commit_file(tmp, path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def gpkg_tables(gpkg):
    """Names of the layers and tables registered in a GeoPackage."""
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        return {row[0] for row in con.execute("SELECT table_name FROM gpkg_contents")}
    finally:
        con.close()


def qgs_fields(defn):
    fields = QgsFields()
    for f in defn.fields:
        fields.append(QgsField(f.name, f.type))
    return fields


def write_layer(gpkg, name, fields, geometry, features, first):
    """Write one layer (or table when geometry is None) into the GeoPackage."""
    uri = "None" if geometry is None else f"{geometry}?crs={CRS}"
    mem = QgsVectorLayer(uri, name, "memory")
    mem.dataProvider().addAttributes(fields.toList())
    mem.updateFields()
    if features:
        mem.dataProvider().addFeatures(features)
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = name
    opts.fileEncoding = "UTF-8"
    opts.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile if first else
                                 QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
    err, msg, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(mem, gpkg, QgsCoordinateTransformContext(),
                                                               opts)
    if err != QgsVectorFileWriter.WriterError.NoError:
        raise DossierError(f"Kon laag '{name}' niet schrijven: {msg}")


def features_from_rows(defn, rows):
    """QgsFeatures for a layer definition from dicts with 'geometry' (QgsGeometry or None) and attributes."""
    fields = qgs_fields(defn)
    out = []
    for row in rows:
        feat = QgsFeature(fields)
        for i, f in enumerate(defn.fields):
            value = row.get(f.name)
            feat.setAttribute(i, value)
        geom = row.get("geometry")
        if geom is not None and defn.geometry is not None:
            if not QgsWkbTypes.isMultiType(geom.wkbType()):
                geom.convertToMultiType()
            feat.setGeometry(geom)
        out.append(feat)
    return fields, out


def set_meta(gpkg, key, value):
    """Insert or update one key of the dossier metadata table in `gpkg`."""
    con = sqlite3.connect(gpkg)
    try:
        with con:
            if con.execute(f'UPDATE "{META_TABLE}" SET waarde = ? WHERE sleutel = ?', (value, key)).rowcount == 0:
                con.execute(f'INSERT INTO "{META_TABLE}" (sleutel, waarde) VALUES (?, ?)', (key, value))
    finally:
        con.close()
