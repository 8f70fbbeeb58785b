"""The routekaart as a table for Excel: one row per measure (and per besluitmoment), one column per quarter."""
import csv
import os

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QMetaType

from ..common import WijkatlasError
from .quarters import label

COLUMNS = ("soort", "maatregel_id", "titel", "thema", "trekker", "status", "start_kwartaal", "eind_kwartaal",
           "werkelijk_start", "werkelijk_eind", "opmerking")


def _cell(m, q, today):
    planned = m.planned and m.start <= q <= m.end
    actual_end = m.actual_end if m.actual_end is not None else today
    done = m.actual_start is not None and actual_end is not None and m.actual_start <= q <= actual_end
    return ", ".join(t for t, on in (("gepland", planned), ("werkelijk", done)) if on)


def _q(value):
    return label(value) if value is not None else ""


def table_rows(data, horizon, today=None):
    """(header, rows) of the measure × quarter table; every measure is a row, drawn or not."""
    header = list(COLUMNS) + horizon.labels()
    rows = []
    for m in sorted(data.measures, key=lambda m: (m.thema, m.start if m.start is not None else 1e9, m.titel)):
        remark = "; ".join(t for t in (m.problem, m.note) if t)
        if m.planned and (m.end < horizon.first or m.start > horizon.last):
            remark = "; ".join(t for t in (remark, "valt buiten de horizon") if t)
        elif m.planned and (m.end > horizon.last or m.start < horizon.first):
            remark = "; ".join(t for t in (remark, "loopt deels buiten de horizon") if t)
        rows.append(["maatregel", m.id, m.titel, m.thema, data.partners.get(m.trekker, m.trekker), m.status,
                     _q(m.start), _q(m.end), _q(m.actual_start), _q(m.actual_end), remark]
                    + [_cell(m, q, today) for q in horizon.quarters()])
    for b in data.besluiten:
        rows.append(["besluitmoment", ", ".join(b.maatregelen), b.onderwerp, "", b.orgaan, "", _q(b.quarter),
                     _q(b.quarter), "", "", "" if horizon.contains(b.quarter) else "buiten de horizon"]
                    + [f"besluit {b.orgaan}".strip() if q == b.quarter else "" for q in horizon.quarters()])
    return header, rows


def write_csv(path, header, rows):
    """CSV with ';' and a BOM, as Dutch Excel opens it."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path, header, rows, sheet="wijkroutekaart"):
    """XLSX through QGIS's OGR driver (no extra Python package)."""
    fields = QgsFields()
    for name in header:
        fields.append(QgsField(name, QMetaType.Type.QString))
    layer = QgsVectorLayer("None", sheet, "memory")
    layer.dataProvider().addAttributes(list(fields))
    layer.updateFields()
    feats = []
    for row in rows:
        feat = QgsFeature(layer.fields())
        feat.setAttributes([str(v) for v in row])
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "XLSX"
    options.layerName = sheet
    if os.path.exists(path):
        os.remove(path)
    error, message, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(),
                                                                     options)
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise WijkatlasError(f"De tabel kon niet als XLSX worden geschreven: {message}")
    return path
