"""PDF helpers for the atlas tests: text per page (pdftotext), page count and sizes (pypdf), page images (pdftoppm)."""
import subprocess

import numpy
from pypdf import PdfReader
from qgis.PyQt.QtGui import QImage


def flat(text):
    """Text with every run of whitespace (line breaks, layout columns) as one space."""
    return " ".join(text.split())


def page_texts(pdf):
    """The text of every page, as pdftotext extracts it."""
    out = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_outline(reader):
    """A pypdf reader's bookmarks as [(title, page index, [(child title, page index)])]."""
    out = []
    for item in reader.outline:
        if isinstance(item, list):
            out[-1][2].extend((child.title, reader.get_destination_page_number(child)) for child in item)
        else:
            out.append((item.title, reader.get_destination_page_number(item), []))
    return out


def page_count(pdf):
    """Number of pages."""
    return len(PdfReader(pdf).pages)


def page_size_mm(pdf, index=0):
    """(width, height) of a page in mm."""
    box = PdfReader(pdf).pages[index].mediabox
    return float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72


def dutch(value, decimals):
    """Dutch notation written independently of the plugin: 1.234,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def render_page(pdf, page, out_prefix, dpi=40):
    """Render one page to PNG with pdftoppm and return it as an RGB numpy array (h, w, 3)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png", pdf,
                    out_prefix], check=True)
    image = QImage(out_prefix + ".png").convertToFormat(QImage.Format.Format_RGB888)
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    rows = numpy.frombuffer(ptr, dtype=numpy.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def region(pixels, box, dpi=40):
    """The pixels inside a mm box (x, y, w, h attributes)."""
    px = dpi / 25.4
    return pixels[int(box.y * px):int((box.y + box.h) * px), int(box.x * px):int((box.x + box.w) * px)]
