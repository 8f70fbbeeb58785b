"""The dossier's stored QGIS project moved between a GeoPackage and PostgreSQL: the project archive (.qgz) is kept
byte for byte except the data sources of the dossier's own layers, which are rewritten (ogr <-> postgres).
"""
import io
import re
import zipfile
from html import unescape
from xml.sax.saxutils import escape

_GPKG_SOURCE = re.compile(r"^(?:\./)?[^|]*\.gpkg\|layername=([A-Za-z0-9_]+)$")
_PG_TABLE = re.compile(r'table="([a-z0-9_]+)"\."([A-Za-z0-9_]+)"')
_ATTR = re.compile(r'(\s(?:source|dataSource)=")([^"]*)(")')
_MAPLAYER = re.compile(r"<maplayer\b.*?</maplayer>", re.S)
_DATASOURCE = re.compile(r"(<datasource>)(.*?)(</datasource>)", re.S)
_XML_QUOTE = {'"': "&quot;"}


def _rewrite_text(xml, convert, old_provider, new_provider):
    """Rewrite every data source `convert` accepts (returns None otherwise) and the provider key beside it."""
    def tag(match):
        text = match.group(0)
        changed = False
        out, pos = [], 0
        for m in _ATTR.finditer(text):
            converted = convert(unescape(m.group(2)))
            out.append(text[pos:m.start()])
            if converted is None:
                out.append(m.group(0))
            else:
                changed = True
                out.append(m.group(1) + escape(converted, _XML_QUOTE) + m.group(3))
            pos = m.end()
        out.append(text[pos:])
        text = "".join(out)
        if changed:
            text = text.replace(f'providerKey="{old_provider}"', f'providerKey="{new_provider}"')
        return text

    def maplayer(match):
        block = match.group(0)
        ds = _DATASOURCE.search(block)
        if not ds:
            return block
        converted = convert(unescape(ds.group(2)))
        if converted is None:
            return block
        block = block[:ds.start()] + ds.group(1) + escape(converted, _XML_QUOTE) + ds.group(3) + block[ds.end():]
        return re.sub(rf"(<provider\b[^>]*>){old_provider}(</provider>)", rf"\g<1>{new_provider}\g<2>", block,
                      count=1)

    xml = _MAPLAYER.sub(maplayer, xml)
    return re.sub(r"<[A-Za-z-]+\b[^<>]*\s(?:source|dataSource)=\"[^\"]*\"[^<>]*>", tag, xml)


def _rewrite_archive(content, convert, old_provider, new_provider):
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".qgs"):
                data = _rewrite_text(data.decode("utf-8"), convert, old_provider, new_provider).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def project_to_postgres(content, source_of):
    """The .qgz bytes with every dossier layer read from PostgreSQL; source_of(table) gives a layer's URI."""
    def convert(source):
        match = _GPKG_SOURCE.match(source)
        return source_of(match.group(1)) if match else None
    return _rewrite_archive(content, convert, "ogr", "postgres")


def project_to_gpkg(content, schema, gpkg_name):
    """The .qgz bytes with every layer of `schema` read from the GeoPackage `gpkg_name` (beside the project)."""
    def convert(source):
        match = _PG_TABLE.search(source)
        if not match or match.group(1) != schema:
            return None
        return f"./{gpkg_name}|layername={match.group(2)}"
    return _rewrite_archive(content, convert, "postgres", "ogr")


def qgs_text(content):
    """The project XML inside .qgz bytes (for comparisons)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive.read(next(n for n in archive.namelist() if n.endswith(".qgs"))).decode("utf-8")
