"""Writing a layout to PDF: the export settings every Wijkatlas document uses, and a file that is replaced only
when the new one is complete (a failed or cancelled export leaves the old PDF, never half of a new one)."""
import os
import tempfile
from contextlib import contextmanager

from qgis.core import QgsLayoutExporter, QgsRenderContext


def pdf_settings(dpi=200, vector=False):
    """PDF settings with real text (pdftotext and screen readers can read it), no georeference; `vector` forces
    vector output for layouts without raster content (the routekaart)."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.textRenderFormat = QgsRenderContext.TextRenderFormat.TextFormatAlwaysText
    settings.dpi = dpi
    settings.forceVectorOutput = vector
    settings.appendGeoreference = False
    return settings


@contextmanager
def replaced_when_complete(out_pdf, prefix):
    """`with replaced_when_complete(path, ".atlas_") as tmp:` export to tmp (a hidden file in the same folder);
    tmp replaces `out_pdf` when the block ends without an exception, and is removed otherwise."""
    folder = os.path.dirname(os.path.abspath(out_pdf))
    os.makedirs(folder, exist_ok=True)
    handle, tmp = tempfile.mkstemp(suffix=".pdf", prefix=prefix, dir=folder)
    os.close(handle)
    try:
        yield tmp
        os.replace(tmp, out_pdf)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
