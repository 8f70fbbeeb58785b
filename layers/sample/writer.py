"""Writing the embedded sample GeoPackage (buurten and referentie in the dossier schema)."""
import os

from ..schema import features_from_rows, layer_defs, write_layer


def write_sample(path, buurten_rows, reference_rows):
    """Write the sample layers to `path`, replacing an older sample file."""
    tmp = path[: -len(".gpkg")] + ".tmp.gpkg"
    if os.path.exists(tmp):
        os.remove(tmp)
    data = {"buurten": buurten_rows, "referentie": reference_rows}
    for i, defn in enumerate(layer_defs()):
        fields, feats = features_from_rows(defn, data.get(defn.name, []))
        write_layer(tmp, defn.name, fields, defn.geometry, feats, i == 0)
    os.replace(tmp, path)
