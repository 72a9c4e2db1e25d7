"""Palettes: ColorBrewer diverging schemes with a neutral middle and a hatched grey "too few to say"."""
import pytest
from qgis.core import QgsColorBrewerColorRamp

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.tiers import TIER_ORDER
from phso_insight_plugin.styling.palettes import (
    DEFAULT_PALETTE,
    PALETTE_NAMES,
    TOO_FEW_TO_SAY,
    palette,
)


def colorbrewer(scheme: str) -> list[str]:
    """QGIS's own copy of the 5-class ColorBrewer scheme, first class to last."""
    ramp = QgsColorBrewerColorRamp(scheme, 5)
    return [ramp.color(i / 4).name() for i in range(5)]


@pytest.mark.parametrize("name", ["PuOr", "RdBu"])
def test_colour_palettes_are_the_5_class_colorbrewer_schemes_with_higher_at_the_warm_end(qgis_app, name):
    fills = palette(name).fills
    assert [fills[t].colour for t in (2, 1, 0, -1, -2)] == colorbrewer(name)


def test_puor_is_the_default_and_its_colours_are_the_published_ones():
    assert DEFAULT_PALETTE == "PuOr"
    fills = palette("PuOr").fills
    assert [fills[t].colour for t in (2, 1, 0, -1, -2)] == ["#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"]


@pytest.mark.parametrize("name", PALETTE_NAMES)
def test_every_palette_fills_all_six_tiers_with_the_same_neutral_middle_and_hatched_too_few(name):
    fills = palette(name).fills
    assert list(fills) == TIER_ORDER
    assert fills[0].colour == "#f7f7f7"
    assert fills[None] == TOO_FEW_TO_SAY
    assert TOO_FEW_TO_SAY.colour == "#d9d9d9" and TOO_FEW_TO_SAY.hatch_angles == (45.0,)


def test_greyscale_tells_lower_from_higher_by_pattern_not_only_by_grey():
    fills = palette("Greyscale").fills
    assert fills[2].hatch_angles == () and fills[1].hatch_angles == ()
    assert fills[-1].hatch_angles == (0.0,)
    assert fills[-2].hatch_angles == (0.0, 90.0)


def test_unknown_palette_is_an_input_error_listing_the_known_ones():
    with pytest.raises(InputError, match="Unknown palette 'Viridis'; choose one of PuOr, RdBu, Greyscale"):
        palette("Viridis")
