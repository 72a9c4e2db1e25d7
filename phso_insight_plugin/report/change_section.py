"""The report's "What changed" section: for each change layer or table, its ranked table of significant changes;
then what the change tiers mean and the method recorded with each input. Its headline sentences are
:func:`.change_findings.change_headlines`, shown among the headline findings."""
from __future__ import annotations

from collections.abc import Sequence

from ..results.change_tiers import CHANGE_TIER_LABELS
from ..results.tiers import TIER_ORDER
from . import markup
from .change_findings import change_table, no_change_note
from .change_results import ChangeResults
from .tables import Table

CHANGE_TIER_MEANINGS: dict[int | None, str] = {
    2: "Cases rose against what the population would suggest, passing the strict 99.8% test: very unlikely to be "
       "chance.",
    1: "Cases rose against what the population would suggest, passing the 95% test but not the stricter 99.8% one.",
    0: "No significant change between the two periods.",
    -1: "Cases fell against what the population would suggest, passing the 95% test but not the stricter 99.8% one.",
    -2: "Cases fell against what the population would suggest, passing the strict 99.8% test: very unlikely to be "
        "chance.",
    None: "Too few cases in the two periods to tell even a doubling or a halving from chance.",
}
READING_CHANGE = [
    "A change compares each period with itself: the expected cases of a period come from that period's own total, "
    "so more cases everywhere is not a change; an area (or group) changes only when its share of the cases moves "
    "against its share of the population. The change is the ratio in the later period divided by the ratio in the "
    "earlier one (1.00: no change), with an exact 95% interval.",
    "A change says that cases moved, not why they moved: a pilot that started between the two periods is "
    "consistent with a rise in its area, but the figures alone do not show that the pilot made the difference.",
]


def _recorded(results: ChangeResults, publication_safe: bool) -> str:
    kind = "table" if results.is_groups else "layer"
    if results.run is None:
        return f"{results.title}: no method was recorded with this {kind}."
    return f"{results.title}, as recorded with the {kind}: {results.run.method_for(publication_safe)}"


def change_section(changes: Sequence[ChangeResults], publication_safe: bool) -> str:
    """The section ('' without change inputs)."""
    if not changes:
        return ""
    parts = [markup.heading(2, "What changed", new_page=True)]
    for results in changes:
        content = change_table(results, publication_safe)
        parts += [markup.heading(3, results.title),
                  markup.table(content) if content.rows else markup.paragraph(no_change_note(results))]
    rows = [[CHANGE_TIER_LABELS[tier], CHANGE_TIER_MEANINGS[tier]] for tier in TIER_ORDER]
    parts += [markup.heading(3, "What the change tiers mean"), markup.table(Table(["Change tier", "Meaning"], rows)),
              *(markup.paragraph(text) for text in READING_CHANGE),
              markup.bullets(_recorded(results, publication_safe) for results in changes)]
    return "".join(parts)
