"""Document information and bookmarks for the atlas PDF, added as an incremental update in plain Python.

QGIS 3.40's layout exporter writes the title only (Qt's PDF writer knows no author, subject or outline), and a
gemeente's QGIS has no PDF library such as pypdf. A PDF may be extended by appending changed objects, a new cross
reference section and a trailer pointing to the previous one (PDF 1.7, 7.5.6): that needs only the standard library.
The original bytes stay as they are; a file the parser does not understand is left untouched.
"""
import re

from ..common import WijkatlasError

TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def pdf_text(text):
    """A PDF text string in UTF-16BE with byte order mark, as hex: safe for any Dutch character."""
    return "<FEFF" + str(text).encode("utf-16-be").hex().upper() + ">"


def _ref(trailer, key):
    match = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", trailer)
    return int(match.group(1)) if match else None


def _xref_offsets(data, start):
    """{object number: byte offset} of the classic cross-reference table at `start`."""
    if not data.startswith(b"xref", start):
        raise WijkatlasError("De PDF heeft geen klassieke kruisverwijzingstabel.")
    pos = start + 4
    offsets = {}
    header = re.compile(rb"\s*(\d+)\s+(\d+)\s*\r?\n")
    while True:
        match = header.match(data, pos)
        if not match:
            break
        first, count = int(match.group(1)), int(match.group(2))
        pos = match.end()
        for i in range(count):
            entry = data[pos:pos + 20]
            if entry[17:18] == b"n":
                offsets[first + i] = int(entry[:10])
            pos += 20
    return offsets


def _object_body(data, offsets, number):
    start = offsets[number]
    match = re.compile(rb"%d\s+0\s+obj\s*(.*?)\s*endobj" % number, re.S).match(data, start)
    if not match:
        raise WijkatlasError(f"Object {number} niet gevonden in de PDF.")
    return match.group(1)


def _page_refs(data, offsets, pages_number):
    """Page object numbers in reading order (nested page trees followed)."""
    body = _object_body(data, offsets, pages_number)
    kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
    out = []
    for num in re.findall(rb"(\d+)\s+0\s+R", kids.group(1) if kids else b""):
        number = int(num)
        if b"/Pages" in _object_body(data, offsets, number)[:200]:
            out += _page_refs(data, offsets, number)
        else:
            out.append(number)
    return out


def _outline_objects(first_number, root_number, entries, page_refs):
    """Outline item objects for [(title, page index, children)], numbered from first_number."""
    objects, numbers = {}, []
    next_number = first_number
    for _ in entries:
        numbers.append(next_number)
        next_number += 1
    for i, (title, page, children) in enumerate(entries):
        parts = [f"/Title {pdf_text(title)}", f"/Parent {root_number} 0 R",
                 f"/Dest [{page_refs[page]} 0 R /Fit]"]
        if i > 0:
            parts.append(f"/Prev {numbers[i - 1]} 0 R")
        if i < len(entries) - 1:
            parts.append(f"/Next {numbers[i + 1]} 0 R")
        if children:
            child_objects, child_numbers, next_number = _outline_objects(next_number, numbers[i], children, page_refs)
            objects.update(child_objects)
            parts += [f"/First {child_numbers[0]} 0 R", f"/Last {child_numbers[-1]} 0 R",
                      f"/Count {len(child_numbers)}"]
        objects[numbers[i]] = "<< " + " ".join(parts) + " >>"
    return objects, numbers, next_number


def finish_pdf(path, info, bookmarks):
    """Add document information {'Title','Author','Subject','Keywords','Creator'} and bookmarks to the PDF at `path`.

    `bookmarks` is [(title, page index (0-based), [children like it])]. Returns the number of bookmarks written.
    Raises WijkatlasError when the file has a structure this writer does not handle (nothing is changed then).
    """
    with open(path, "rb") as fh:
        data = fh.read()
    trailer = TRAILER.search(data[-4096:])
    if trailer is None:
        raise WijkatlasError("De PDF heeft geen leesbare trailer.")
    fields, xref_start = trailer.group(1), int(trailer.group(2))
    size, root, old_info = int(re.search(rb"/Size\s+(\d+)", fields).group(1)), _ref(fields, b"Root"), \
        _ref(fields, b"Info")
    offsets = _xref_offsets(data, xref_start)
    catalog = _object_body(data, offsets, root)
    pages = int(re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog).group(1))
    page_refs = _page_refs(data, offsets, pages)
    bookmarks = [b for b in bookmarks if 0 <= b[1] < len(page_refs)]
    objects = {}
    info_number = size
    producer = b""
    if old_info is not None:
        match = re.search(rb"/Producer\s*(\([^)]*\)|<[^>]*>)", _object_body(data, offsets, old_info))
        producer = match.group(1) if match else b""
    entries = " ".join(f"/{key} {pdf_text(value)}" for key, value in info.items() if value)
    objects[info_number] = f"<< {entries} " + (f"/Producer {producer.decode('latin-1')} " if producer else "") + ">>"
    catalog_text = re.sub(rb"/(Outlines|PageMode|Metadata)\s+(\d+\s+0\s+R|/\w+)", b"", catalog).decode("latin-1")
    catalog_text = catalog_text.strip()
    if bookmarks:
        outline_root = size + 1
        items, numbers, next_number = _outline_objects(size + 2, outline_root, bookmarks, page_refs)
        objects.update(items)
        objects[outline_root] = (f"<< /Type /Outlines /First {numbers[0]} 0 R /Last {numbers[-1]} 0 R "
                                 f"/Count {len(numbers)} >>")
        catalog_text = catalog_text[:-2].rstrip() + f"\n/Outlines {outline_root} 0 R\n/PageMode /UseOutlines\n>>"
        new_size = next_number
    else:
        new_size = size + 1
    objects[root] = catalog_text
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    positions = {}
    for number in sorted(objects):
        positions[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += b"xref\n"
    for number in sorted(positions):
        out += f"{number} 1\n{positions[number]:010d} 00000 n \n".encode("ascii")
    out += (f"trailer\n<<\n/Size {new_size}\n/Root {root} 0 R\n/Info {info_number} 0 R\n/Prev {xref_start}\n>>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    with open(path, "wb") as fh:
        fh.write(out)
    return new_size - size - 2 if bookmarks else 0
