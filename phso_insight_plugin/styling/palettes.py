"""Named tier palettes: one fill per tier in ``TIER_ORDER`` (pure Python, no QGIS).

Every palette is diverging with a neutral middle (tier 0, "In line with population"),
and the same "Too few to say" fill: light grey with a diagonal hatch, so it never reads
as a colour of the scale.

Direction, the same in every palette: the warm / dark end means **more cases than
expected** (tiers 2, 1), the cool / light end **fewer** (tiers -1, -2).

* ``PuOr`` (default): ColorBrewer PuOr, 5 classes (orange = higher, purple = lower);
  colour-blind safe, print friendly.
* ``RdBu``: ColorBrewer RdBu, 5 classes (red = higher, blue = lower); colour-blind safe.
Change and trend tiers are drawn in their own palette, :data:`CHANGE_PALETTE` (see :func:`palette_for`).

* ``Greyscale``: for black-and-white print. Higher tiers are solid greys (ColorBrewer
  Greys #252525, #737373), the middle is the same near-white, lower tiers are near-white
  with line patterns (horizontal lines for -1, cross-hatch for -2), because lightness
  alone cannot carry both directions of a diverging scale.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..results.change_tiers import is_change_field

NEUTRAL = "#f7f7f7"


@dataclass(frozen=True)
class TierFill:
    """How one tier is filled: a solid colour, optionally overlaid by hatch lines.

    ``hatch_angles`` are in degrees anticlockwise from horizontal (one line pattern each);
    spacing and width are in millimetres on the page/screen.
    """

    colour: str
    hatch_angles: tuple[float, ...] = ()
    hatch_colour: str = "#969696"
    hatch_spacing_mm: float = 1.5
    hatch_width_mm: float = 0.2


#: "Too few to say": light grey (ColorBrewer Greys #d9d9d9) with a 45° grey hatch.
TOO_FEW_TO_SAY = TierFill("#d9d9d9", (45.0,), "#969696", 1.5, 0.2)


@dataclass(frozen=True)
class Palette:
    """A named palette: ``fills`` maps each tier code (2, 1, 0, -1, -2, None) to its fill."""

    name: str
    description: str
    fills: dict[int | None, TierFill]

    @property
    def colours(self) -> dict[int | None, str]:
        """Fill colour of each tier (hatching aside), as "#rrggbb"."""
        return {tier: fill.colour for tier, fill in self.fills.items()}


def _diverging(name: str, description: str, colours: tuple[str, str, str, str, str]) -> Palette:
    """Palette of five solid colours for tiers 2, 1, 0, -1, -2 plus the shared "too few" fill."""
    fills: dict[int | None, TierFill] = {tier: TierFill(c) for tier, c in zip((2, 1, 0, -1, -2), colours)}
    fills[None] = TOO_FEW_TO_SAY
    return Palette(name, description, fills)


PALETTES: dict[str, Palette] = {
    "PuOr": _diverging("PuOr", "Orange (higher) to purple (lower); colour-blind safe",
                       ("#e66101", "#fdb863", NEUTRAL, "#b2abd2", "#5e3c99")),
    "RdBu": _diverging("RdBu", "Red (higher) to blue (lower); colour-blind safe",
                       ("#ca0020", "#f4a582", NEUTRAL, "#92c5de", "#0571b0")),
    "Greyscale": Palette("Greyscale", "Greys and line patterns for black-and-white print", {
        2: TierFill("#252525"),
        1: TierFill("#737373"),
        0: TierFill(NEUTRAL),
        -1: TierFill(NEUTRAL, (0.0,), "#525252", 2.0, 0.3),
        -2: TierFill(NEUTRAL, (0.0, 90.0), "#252525", 1.5, 0.3),
        None: TOO_FEW_TO_SAY,
    }),
}
PALETTE_NAMES: list[str] = list(PALETTES)
DEFAULT_PALETTE = "PuOr"

#: Change and trend tiers (a ratio of ratios, not a ratio): ColorBrewer BrBG, 5 classes (teal = increased or
#: rising, brown = decreased or falling), colour-blind safe and unlike either representation palette, with the same
#: hatched "Too few to say"; in black-and-white print the Greyscale palette serves both.
CHANGE_PALETTE = _diverging("BrBG", "Teal (increased) to brown (decreased); colour-blind safe",
                            ("#018571", "#80cdc1", NEUTRAL, "#dfc27d", "#a6611a"))
PRINT_PALETTE = "Greyscale"


def palette_for(name: str, tier_field: str) -> Palette:
    """The palette that draws ``tier_field``: ``name`` for representation tiers; for change and trend tiers
    (``change_tier``, ``trend_tier``) :data:`CHANGE_PALETTE`, or Greyscale when that is ``name``."""
    if is_change_field(tier_field) and name != PRINT_PALETTE:
        palette(name)  # an unknown name is still an error
        return CHANGE_PALETTE
    return palette(name)


def palette(name: str) -> Palette:
    """The palette called ``name``; InputError naming the known palettes otherwise."""
    try:
        return PALETTES[name]
    except KeyError:
        raise InputError(f"Unknown palette {name!r}; choose one of {', '.join(PALETTE_NAMES)}.") from None
