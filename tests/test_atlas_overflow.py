"""No text leaves its box, on any page, for any buurt: an atlas from extreme data in portrait and landscape."""
import pytest
from atlas_extreme import (
    CREDITS,
    TITLE,
    extreme_dossier,
    extreme_knelpunten,
    extreme_participatie,
    wrapped_height_mm,
)
from qgis.core import QgsLayoutItemLabel, QgsLayoutObject, QgsProject

from wijkatlas.layers.atlas.export import make_options
from wijkatlas.layers.atlas.layout_builder import build_atlas_layout

TOLERANCE_MM = 0.3


def _excluded(item):
    prop = item.dataDefinedProperties().property(QgsLayoutObject.DataDefinedProperty.ExcludeFromExports)
    if not prop or not prop.isActive():
        return False
    value, _ = prop.valueAsBool(item.createExpressionContext(), False)
    return value


def _overflows(layout, page_of):
    """Every label whose text is wider or taller than its box, as readable strings."""
    bad = []
    for item in layout.items():
        if not isinstance(item, QgsLayoutItemLabel) or _excluded(item):
            continue
        text = item.currentText()
        if not text.strip():
            continue
        width = item.rect().width() - 2 * item.marginX()
        height = item.rect().height() - 2 * item.marginY()
        needed = wrapped_height_mm(item.textFormat(), text, width)
        if needed is None or needed > height + TOLERANCE_MM:
            bad.append(f"{page_of}: '{item.id() or text[:30]}' needs {needed} mm of {height:.1f} mm: {text[:60]!r}")
    return bad


@pytest.mark.parametrize("orientation", ["staand", "liggend"])
def test_no_text_overflows_on_extreme_data(tmp_path, orientation):
    buurten, ref = extreme_dossier(str(tmp_path / "extreem.gpkg"))
    knelpunten = extreme_knelpunten(buurten)
    options = make_options(TITLE, CREDITS, orientation=orientation, participatie=extreme_participatie(buurten),
                           subtitle="Wijkaanpak 2026: " + "bewoners, corporaties en gemeente samen " * 3)
    project = QgsProject()
    layout = build_atlas_layout(project, buurten, options, ref, knelpunten)
    atlas = layout.atlas()
    assert atlas.beginRender()
    bad, shortened = [], 0
    for number in range(atlas.count()):
        assert atlas.seekTo(number)
        bad += _overflows(layout, f"buurt {number + 1}")
        texts = [i.currentText() for i in layout.items() if isinstance(i, QgsLayoutItemLabel)]
        shortened += sum("regel(s) meer: zie" in t for t in texts)
        names = [t for i, t in zip([i for i in layout.items() if isinstance(i, QgsLayoutItemLabel)], texts)
                 if i.id().startswith("Buurtnaam") and t]
        assert len(names) == 1, names  # exactly one name size per buurt
    atlas.endRender()
    assert not bad, "\n".join(bad)
    # The long lists were cut with a pointer to the rest, on every page (knelpunten and participatie).
    assert shortened == 2 * atlas.count()


def test_oracle_sees_an_overflow(tmp_path):
    """The measurement can fail: a label holding a long text in a small box is reported."""
    buurten, ref = extreme_dossier(str(tmp_path / "extreem.gpkg"))
    project = QgsProject()
    layout = build_atlas_layout(project, buurten, make_options("Titel"), ref)
    label = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLabel) and i.id() == "Knelpunten")
    label.setText(CREDITS * 4)
    assert any("Knelpunten" in line for line in _overflows(layout, "test"))


def test_cited_indicators_join_the_table(tmp_path):
    """A knelpunt line never cites an indicator the page's table does not show."""
    buurten, ref = extreme_dossier(str(tmp_path / "extreem.gpkg"))
    options = make_options("Titel", indicators=["woz"])
    project = QgsProject()
    build_atlas_layout(project, buurten, options, ref, extreme_knelpunten(buurten))
    shown = [ind.id for ind in options.indicators]
    # Every line quotes low income and gas use; the rule labels before the colon quote no figure.
    assert shown[0] == "woz" and {"pct_hh_laag_inkomen", "aardgas"} <= set(shown)
    assert not {"pct_onbewoond", "pct_hh_sociaal_minimum", "woningen"} & set(shown)
