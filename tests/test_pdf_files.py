"""A document is replaced only by a complete new one: a failed export keeps the old file and leaves no temp file."""
import os

import pytest

from wijkatlas.layers.common import WijkatlasError, pdf_settings, replaced_when_complete


def test_the_old_pdf_stays_when_the_export_fails_and_the_new_one_lands_when_it_succeeds(tmp_path):
    out = tmp_path / "sub" / "atlas.pdf"
    with replaced_when_complete(str(out), ".atlas_") as tmp:
        assert os.path.dirname(tmp) == str(out.parent) and os.path.basename(tmp).startswith(".atlas_")
        with open(tmp, "wb") as handle:
            handle.write(b"eerste")
    assert out.read_bytes() == b"eerste"
    with pytest.raises(WijkatlasError):
        with replaced_when_complete(str(out), ".atlas_") as tmp:
            with open(tmp, "wb") as handle:
                handle.write(b"half")
            raise WijkatlasError("afgebroken")
    assert out.read_bytes() == b"eerste"
    assert sorted(os.listdir(out.parent)) == ["atlas.pdf"]


def test_settings_write_text_and_no_georeference(qgis_app):
    settings = pdf_settings(150, vector=True)
    assert settings.dpi == 150 and settings.forceVectorOutput and not settings.appendGeoreference
    assert not pdf_settings().forceVectorOutput
