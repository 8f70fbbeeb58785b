"""Creating, upgrading and opening a wijkdossier: one GeoPackage with layers, metadata and a stored project."""
from datetime import datetime, timezone

from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsField, QgsFields, QgsVectorLayer

from ..common import DossierError, plugin_version
from ..schema import (
    CRS,
    META_FIELDS,
    META_TABLE,
    SCHEMA_VERSION,
    check_new_path,
    features_from_rows,
    gpkg_tables,
    layer_defs,
    layer_uri,
    layers_added_after,
    project_uri,
    qgs_fields,
    read_meta,
    schema_version,
    set_meta,
    staged,
    write_layer,
)
from .project_setup import build_project
from .results import add_results_to_project


def _meta_rows(meta, created=None):
    base = {"schema_version": str(SCHEMA_VERSION),
            "aangemaakt": created or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "wijkatlas_versie": plugin_version()}
    base.update({k: str(v) for k, v in (meta or {}).items()})
    return [{"sleutel": k, "waarde": v} for k, v in base.items()]


def create_dossier(path, buurten_rows, reference_rows=(), meta=None, title="Wijkdossier", style_indicator="aardgas"):
    """Write a new dossier at `path` (which must not exist) atomically; returns the path.

    buurten_rows / reference_rows: dicts keyed by the schema's field names; buurten rows carry a 'geometry'.
    """
    check_new_path(path)
    if not buurten_rows:
        raise DossierError("Er zijn geen buurten om in het dossier te zetten (de invoer is leeg).")
    with staged(path) as tmp:
        data = {"buurten": buurten_rows, "referentie": list(reference_rows)}
        first = True
        for defn in layer_defs():
            fields, feats = features_from_rows(defn, data.get(defn.name, []))
            write_layer(tmp, defn.name, fields, defn.geometry, feats, first)
            first = False
        meta_fields = QgsFields()
        for f in META_FIELDS:
            meta_fields.append(QgsField(f.name, f.type))
        meta_feats = []
        for row in _meta_rows(dict(meta or {}, titel=title)):
            feat = QgsFeature(meta_fields)
            feat.setAttributes([row["sleutel"], row["waarde"]])
            meta_feats.append(feat)
        write_layer(tmp, META_TABLE, meta_fields, None, meta_feats, False)
        build_project(tmp, title, style_indicator)
    return path


def _version_tuple(text):
    parts = str(text or "").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def made_by_older_plugin(meta):
    """True when the dossier's project was last written by an older Wijkatlas (or one that did not say which):
    its forms, styles and views may lack what this version adds without a new schema version."""
    stored, current = _version_tuple(meta.get("wijkatlas_versie")), _version_tuple(plugin_version())
    return current is not None and (stored is None or stored < current)


def upgrade_dossier(path):
    """Bring an older dossier to the current schema by adding missing layers and fields, and renew its project
    (forms, styles, views) when an older Wijkatlas wrote it; returns (old, new) schema versions."""
    old = schema_version(path)
    if old > SCHEMA_VERSION:
        raise DossierError(f"Dit wijkdossier heeft schemaversie {old}; deze Wijkatlas kent tot versie "
                           f"{SCHEMA_VERSION}. Werk de plugin bij om het te openen.")
    if old == SCHEMA_VERSION and not made_by_older_plugin(read_meta(path)):
        return old, old
    with staged(path, copy=True) as tmp:
        present = gpkg_tables(tmp)
        for defn in layers_added_after(old):
            if defn.name not in present:  # never overwrite a layer that is already there
                write_layer(tmp, defn.name, qgs_fields(defn), defn.geometry, [], False)
        for defn in layer_defs():
            if defn.name in present:
                add_missing_fields(tmp, defn)
        set_meta(tmp, "schema_version", str(SCHEMA_VERSION))
        set_meta(tmp, "wijkatlas_versie", plugin_version())
        meta = read_meta(tmp)
        project = build_project(tmp, meta.get("titel", "Wijkdossier"), meta.get("stijl_indicator", "aardgas"))
        if add_results_to_project(tmp, project):  # result layers keep their stored default style
            project.write(project_uri(tmp))
        del project
    return old, SCHEMA_VERSION


def add_missing_fields(gpkg, defn):
    """Add the fields of `defn` that an existing layer lacks (a newer schema added them); returns their names."""
    layer = QgsVectorLayer(layer_uri(gpkg, defn.name), defn.name, "ogr")
    if not layer.isValid():
        raise DossierError(f"Laag '{defn.name}' in het dossier kan niet worden gelezen.")
    have = set(layer.fields().names())
    missing = [f for f in qgs_fields(defn) if f.name() not in have]
    if missing and not layer.dataProvider().addAttributes(missing):
        raise DossierError(f"Kon nieuwe velden niet toevoegen aan laag '{defn.name}'.",
                           details=", ".join(f.name() for f in missing))
    del layer
    return [f.name() for f in missing]


def open_dossier_layers(path):
    """The dossier's layers as QgsVectorLayers keyed by name (only those present)."""
    layers = {}
    for defn in layer_defs():
        layer = QgsVectorLayer(layer_uri(path, defn.name), defn.title, "ogr")
        if layer.isValid():
            layers[defn.name] = layer
    return layers


def crs():
    """The dossier CRS (RD New)."""
    return QgsCoordinateReferenceSystem(CRS)
