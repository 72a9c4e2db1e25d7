"""The dock's summary: areas per tier, cases and people covered, the method (plain Python; Qt only to translate)."""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

from qgis.PyQt.QtCore import QCoreApplication

from ..results.formatting import count_text, is_missing
from ..results.tiers import TIER_LABELS, TIER_ORDER, TierCode, count_tiers


def tr(text: str) -> str:
    return QCoreApplication.translate("SummaryText", text)


def _total(values: Iterable[float | None]) -> float:
    return sum(v for v in values if not is_missing(v))


def summary_html(tiers: Iterable[TierCode], observed: Iterable[float | None],
                 people: float | None, method: str) -> str:
    """HTML summary: a line per tier ("Higher than expected (95%): 12 areas"), coverage, method.

    ``people`` is the population covered (None when expected counts were given instead).
    """
    counts = count_tiers(tiers)
    n_areas = sum(counts.values())
    rows = "".join(f"<tr><td>{escape(tr(TIER_LABELS[tier]))}</td><td align='right'>{counts[tier]:,}</td></tr>"
                   for tier in TIER_ORDER)
    coverage = tr("{cases} cases in {areas} areas").format(cases=count_text(_total(observed)),
                                                           areas=f"{n_areas:,}")
    if people is not None:
        coverage += tr("; {people} people").format(people=count_text(people))
    parts = [f"<h4>{escape(tr('Areas per tier'))}</h4><table>{rows}</table>",
             f"<p>{escape(coverage)}.</p>"]
    if method:
        parts.append(f"<p><b>{escape(tr('Method'))}:</b> {escape(method)}</p>")
    return "".join(parts)
