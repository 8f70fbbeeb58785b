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
# Added to the project of a PostGIS dossier for every editable layer: QGIS sends the version it read with each change
# (the database's optimistic locking contract) and shows the bookkeeping fields read-only.
VERSION_DEFAULT = '<default applyOnUpdate="1" field="versie_basis" expression="&quot;versie&quot;"/>'
READ_ONLY = ('<field editable="0" name="versie"/><field editable="0" name="versie_basis"/>'
             '<field editable="0" name="gewijzigd_op"/><field editable="0" name="gewijzigd_door"/>')


def _add_bookkeeping(block):
    block = block.replace("<defaults/>", "<defaults></defaults>", 1).replace("</defaults>",
                                                                            VERSION_DEFAULT + "</defaults>", 1)
    if "<editable/>" in block:
        return block.replace("<editable/>", "<editable>" + READ_ONLY + "</editable>", 1)
    return block.replace("<editable>", "<editable>" + READ_ONLY, 1)


def _remove_bookkeeping(block):
    block = block.replace("<editable>" + READ_ONLY + "</editable>", "<editable/>", 1).replace(READ_ONLY, "", 1)
    return block.replace("<defaults>" + VERSION_DEFAULT + "</defaults>", "<defaults/>", 1).replace(
        VERSION_DEFAULT, "", 1)


def _rewrite_text(xml, convert, old_provider, new_provider, bookkeeping=None):
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
        if bookkeeping is not None:
            block = bookkeeping(unescape(ds.group(2)), block)
        return re.sub(rf"(<provider\b[^>]*>){old_provider}(</provider>)", rf"\g<1>{new_provider}\g<2>", block,
                      count=1)

    xml = _MAPLAYER.sub(maplayer, xml)
    return re.sub(r"<[A-Za-z-]+\b[^<>]*\s(?:source|dataSource)=\"[^\"]*\"[^<>]*>", tag, xml)


def _rewrite_archive(content, convert, old_provider, new_provider, bookkeeping=None):
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".qgs"):
                text = _rewrite_text(data.decode("utf-8"), convert, old_provider, new_provider, bookkeeping)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def project_to_postgres(content, source_of, editable=()):
    """The .qgz bytes with every dossier layer read from PostgreSQL; source_of(table) gives a layer's URI.

    Layers named in `editable` get the version default and read-only bookkeeping fields."""
    def convert(source):
        match = _GPKG_SOURCE.match(source)
        return source_of(match.group(1)) if match else None

    def bookkeeping(old_source, block):
        return _add_bookkeeping(block) if _GPKG_SOURCE.match(old_source).group(1) in editable else block
    return _rewrite_archive(content, convert, "ogr", "postgres", bookkeeping)


def project_to_gpkg(content, schema, gpkg_name):
    """The .qgz bytes with every layer of `schema` read from the GeoPackage `gpkg_name` (beside the project)."""
    def convert(source):
        match = _PG_TABLE.search(source)
        if not match or match.group(1) != schema:
            return None
        return f"./{gpkg_name}|layername={match.group(2)}"
    return _rewrite_archive(content, convert, "postgres", "ogr", lambda _, block: _remove_bookkeeping(block))


def qgs_text(content):
    """The project XML inside .qgz bytes (for comparisons)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive.read(next(n for n in archive.namelist() if n.endswith(".qgs"))).decode("utf-8")
