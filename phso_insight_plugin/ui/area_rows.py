"""One row of the areas table: the figures of an area in a result layer (plain Python; Qt only to translate)."""
from __future__ import annotations

from dataclasses import dataclass

from qgis.PyQt.QtCore import QCoreApplication

from ..results.formatting import count_text, expected_text, ratio_with_interval
from ..results.tiers import TIER_LABELS, TierCode, tier_rank


def tr(text: str) -> str:
    return QCoreApplication.translate("AreaRow", text)


@dataclass(frozen=True)
class AreaRow:
    """An area's figures; ``fid`` is its feature id in the result layer."""

    fid: int
    name: str
    observed: float | None
    expected: float | None
    ratio: float | None
    lcl95: float | None
    ucl95: float | None
    tier: TierCode

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, TIER_LABELS[None])

    @property
    def ratio_text(self) -> str:
        """ "1.83 (1.40 to 2.35)": ratio and its 95% interval."""
        return ratio_with_interval(self.ratio, self.lcl95, self.ucl95)

    @property
    def tier_rank(self) -> int:
        """Position of the tier in display order (sorting by tier goes from highest to "too few to say")."""
        return tier_rank(self.tier)

    def figures_text(self) -> str:
        """ "Camden: 25 cases, 13.7 expected; ratio 1.83 (1.18 to 2.70); Higher than expected (95%)"."""
        return tr("{name}: {observed} cases, {expected} expected; ratio {ratio}; {tier}").format(
            name=self.name, observed=count_text(self.observed), expected=expected_text(self.expected),
            ratio=self.ratio_text, tier=tr(self.tier_label))
