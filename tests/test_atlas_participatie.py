"""'Buurtatlas maken' on a wijkdossier shows the privacy-safe participatie summary of each buurt."""
import subprocess

from wijkatlas.layers.atlas.front_pages import FRONT_PAGES
from wijkatlas.layers.participatie.atlas_texts import atlas_texts
from wijkatlas.layers.sample.sample_dossier import create_sample_dossier
from wijkatlas.layers.schema.geopackage import layer_uri

FRONT = len(FRONT_PAGES)


def test_atlas_from_dossier_carries_participatie_text(tmp_path, provider, qgis_processing):
    import processing

    dossier = create_sample_dossier(str(tmp_path / "d.gpkg"))
    texts = atlas_texts(dossier)
    code = next(c for c, t in sorted(texts.items()) if "Participatie: " in t)
    pdf = tmp_path / "atlas.pdf"
    processing.run("wijkatlas:buurtatlasmaken", {
        "INPUT": layer_uri(dossier, "buurten"), "REFERENTIE": layer_uri(dossier, "referentie"),
        "SELECTIE": f"\"buurtcode\" = '{code}'", "OUTPUT": str(pdf)})
    # The buurt page closes the atlas: after the front pages come the sample's wijkcoalitie (it has partners) and then
    # the one buurt (no geldstromen or verhalen in this dossier).
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.rstrip("\f").split("\f")
    assert len(pages) == FRONT + 2 and " ".join(pages[FRONT].split()).startswith("Wijkcoalitie")
    text = pages[-1]
    squashed = " ".join(text.split())
    assert "Voorbeeldgegevens (verzonnen)" in squashed
    first_line = texts[code].splitlines()[1]
    assert " ".join(first_line.split()[:3]) in squashed
