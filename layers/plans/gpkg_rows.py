"""Row writes inside a staged dossier copy without QGIS's OGR connection pool (which would keep the copy open).

Deletes are plain SQL (the GeoPackage's R-tree delete triggers need no spatial functions); new rows go in through
QgsVectorFileWriter, which closes the file when done. So the staged commit can fold the write-ahead log and switch
the dossier back to a single file.
"""
import sqlite3

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..common import DossierError, plain
from ..schema import CRS, layer_def, qgs_fields


def delete_rows(gpkg, table, field=None, values=None):
    """Delete the rows whose `field` is one of `values` (all rows when field is None); returns the count."""
    con = sqlite3.connect(gpkg)
    try:
        with con:
            if field is None:
                return con.execute(f'DELETE FROM "{table}"').rowcount
            values = sorted(set(values or ()))
            done = 0
            for start in range(0, len(values), 500):
                chunk = values[start:start + 500]
                marks = ", ".join("?" * len(chunk))
                done += con.execute(f'DELETE FROM "{table}" WHERE "{field}" IN ({marks})', chunk).rowcount
            return done
    except sqlite3.Error as err:
        raise DossierError(f"Kon rijen in '{table}' niet vervangen; er is niets veranderd.", details=str(err)) from err
    finally:
        con.close()


def append_rows(gpkg, name, rows):
    """Append dicts (schema fields + optional QgsGeometry 'geometry') to dossier layer `name`."""
    if not rows:
        return
    defn = layer_def(name)
    fields = qgs_fields(defn)
    uri = "None" if defn.geometry is None else f"{defn.geometry}?crs={CRS}"
    mem = QgsVectorLayer(uri, name, "memory")
    mem.dataProvider().addAttributes(fields.toList())
    mem.updateFields()
    feats = []
    for row in rows:
        feat = QgsFeature(mem.fields())
        for f in defn.fields:
            value = row.get(f.name)
            feat.setAttribute(f.name, plain(value))
        geom = row.get("geometry")
        if geom is not None and defn.geometry is not None and not geom.isEmpty():
            geom = QgsGeometry(geom)
            if not QgsWkbTypes.isMultiType(geom.wkbType()):
                geom.convertToMultiType()
            feat.setGeometry(geom)
        feats.append(feat)
    mem.dataProvider().addFeatures(feats)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.AppendToLayerNoNewFields
    err, msg, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(mem, gpkg, QgsCoordinateTransformContext(), options)
    if err != QgsVectorFileWriter.WriterError.NoError:
        raise DossierError(f"Kon de rijen niet in '{name}' schrijven; er is niets veranderd.", details=msg)
