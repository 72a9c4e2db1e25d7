"""The change style: change and trend tiers drawn in their own diverging palette (ColorBrewer BrBG, teal = increased),
colour-blind safe and unlike the representation palettes, with the hatched "Too few to say" and change labels."""
import numpy as np
import pytest
from qgis.core import QgsColorBrewerColorRamp, QgsLinePatternFillSymbolLayer

from phso_insight_plugin.results.change_tiers import CHANGE_TIER_LABELS, TREND_TIER_LABELS
from phso_insight_plugin.results.tiers import TIER_ORDER
from phso_insight_plugin.styling.palettes import CHANGE_PALETTE, NEUTRAL, PALETTES, TOO_FEW_TO_SAY, palette_for
from phso_insight_plugin.styling.tier_renderer import apply_tier_style, tier_renderer
from tests.layers import memory_layer, square
from tests.styling.helpers import ALL_TIERS, SIDE, colour_share, render, square_rect

#: Machado, Oliveira & Fernandes (2009) matrices, severity 1, on linear RGB.
COLOUR_BLINDNESS = {
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def linear_rgb(colour: str) -> np.ndarray:
    srgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear RGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


NORMAL_VISION = np.eye(3)


def delta_e(a: str, b: str, seen=NORMAL_VISION) -> float:
    """CIE76 colour difference of ``a`` and ``b`` as a viewer with the simulation matrix ``seen`` sees them."""
    return float(np.linalg.norm(lab(np.clip(np.asarray(seen) @ linear_rgb(a), 0, 1))
                                - lab(np.clip(np.asarray(seen) @ linear_rgb(b), 0, 1))))


def test_the_change_palette_is_colorbrewer_brbg_with_teal_for_an_increase(qgis_app):
    ramp = QgsColorBrewerColorRamp("BrBG", 5)
    brbg = [ramp.color(i / 4).name() for i in range(5)]  # brown … teal
    fills = CHANGE_PALETTE.fills
    assert [fills[t].colour for t in (-2, -1, 1, 2)] == [brbg[0], brbg[1], brbg[3], brbg[4]]
    assert fills[0].colour == NEUTRAL and fills[None] == TOO_FEW_TO_SAY


@pytest.mark.parametrize("condition", COLOUR_BLINDNESS)
def test_the_five_change_colours_stay_apart_for_colour_blind_readers(condition):
    colours = [CHANGE_PALETTE.fills[t].colour for t in (2, 1, 0, -1, -2)]
    closest = min(delta_e(a, b, COLOUR_BLINDNESS[condition]) for i, a in enumerate(colours) for b in colours[i + 1:])
    assert closest > 15, condition


def test_no_change_colour_can_be_taken_for_a_representation_colour():
    change = [CHANGE_PALETTE.fills[t].colour for t in (2, 1, -1, -2)]
    representation = [PALETTES[name].fills[t].colour for name in ("PuOr", "RdBu") for t in (2, 1, -1, -2)]
    assert min(delta_e(a, b) for a in change for b in representation) > 20


@pytest.mark.parametrize("field", ["change_tier", "trend_tier", "CHANGE_TIER"])
def test_change_and_trend_tiers_take_the_change_palette_whatever_colour_palette_is_chosen(field):
    assert palette_for("PuOr", field) is palette_for("RdBu", field) is CHANGE_PALETTE
    assert palette_for("Greyscale", field) is PALETTES["Greyscale"]
    assert palette_for("RdBu", "tier") is PALETTES["RdBu"]


@pytest.mark.parametrize(("field", "labels"), [("change_tier", CHANGE_TIER_LABELS), ("trend_tier", TREND_TIER_LABELS)])
def test_the_legend_says_increased_or_rising_and_too_few_to_say_is_hatched(qgis_app, field, labels):
    categories = tier_renderer("PuOr", field, counts={2: 1, 0: 7}).categories()
    assert [c.label() for c in categories] == [
        f"{labels[t]} ({n} area{'' if n == 1 else 's'})" for t, n in zip(TIER_ORDER, [1, 0, 7, 0, 0, 0])]
    assert [c.symbol().symbolLayer(0).color().name() for c in categories] == [
        CHANGE_PALETTE.fills[t].colour for t in TIER_ORDER]
    too_few = categories[-1].symbol()
    hatch = too_few.symbolLayer(1)
    assert isinstance(hatch, QgsLinePatternFillSymbolLayer) and hatch.lineAngle() == 45


def test_a_change_layer_is_drawn_in_the_change_colours_and_labelled_with_its_ratio_of_ratios(qgis_app):
    layer = memory_layer({"name": [f"Area {i}" for i in range(6)], "change_tier": ALL_TIERS,
                          "ratio_of_ratios": [1.6, 1.3, 1.0, 0.8, 0.6, None]},
                         [square(i * SIDE, 0, SIDE) for i in range(6)], types={"change_tier": int,
                                                                                "ratio_of_ratios": float})
    apply_tier_style(layer, "PuOr", "change_tier", label_field="name")
    image = render(layer)
    for index, tier in enumerate(ALL_TIERS[:5]):
        assert colour_share(image, CHANGE_PALETTE.fills[tier].colour, square_rect(index)) > 0.9, tier
    assert '"ratio_of_ratios"' in layer.labeling().settings().fieldName
