"""One row of the areas table: the figures of an area in a result layer (plain Python; Qt only to translate)."""
from __future__ import annotations

from dataclasses import dataclass

from qgis.PyQt.QtCore import QCoreApplication

from ..stats.tiers import TIER_LABELS, TIER_ORDER
from .formatting import format_count, format_expected, ratio_with_interval

#: Result-layer fields the dock reads (besides the name field).
RESULT_FIELDS = ("observed", "expected", "ratio", "lcl95", "ucl95", "tier")


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
    tier: int | None

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, TIER_LABELS[None])

    @property
    def ratio_text(self) -> str:
        """ "1.83 (1.40–2.35)": ratio and its 95% interval."""
        return ratio_with_interval(self.ratio, self.lcl95, self.ucl95)

    @property
    def tier_rank(self) -> int:
        """Position of the tier in ``TIER_ORDER`` (sorting by tier goes from highest to "too few to say")."""
        return TIER_ORDER.index(self.tier) if self.tier in TIER_ORDER else len(TIER_ORDER)

    def figures_text(self) -> str:
        """ "Camden: 25 cases, 13.7 expected; ratio 1.83 (1.18–2.70); Higher than expected (95%)"."""
        return tr("{name}: {observed} cases, {expected} expected; ratio {ratio}; {tier}").format(
            name=self.name, observed=format_count(self.observed), expected=format_expected(self.expected),
            ratio=self.ratio_text, tier=tr(self.tier_label))
