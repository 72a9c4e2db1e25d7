"""What each page of the area briefings says, as one table: one row per briefed area (no QGIS).

:func:`briefing_table` takes the representation results of all areas (every area counts for the rank),
which of them to brief, and what else was given — the same areas against the other benchmark, group
tables by area, the small areas inside each area, a change table — and returns the texts of every page
(:data:`BRIEFING_COLUMNS`) with the file each page is saved to. The print layout
(:mod:`phso_insight_plugin.styling.briefing_layout`) shows these texts; the index table lists code, name,
file and headline.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..results.benchmark import Benchmark
from ..results.disclosure import DisclosurePolicy
from ..results.formatting import how_many
from ..results.geography import Geography, capitalised
from ..results.run_metadata import RunMetadata
from ..results.tiers import tier_rank
from .briefing_text import (
    change_sentence,
    figure_lines,
    group_sentence,
    headline,
    other_benchmark_sentence,
    rank_sentence,
    tier_code,
    verdict_group,
)
from .results import AREA, CODE, NAME, AreaResults, GroupResults
from .tables import significant_ranked

BRIEFING_COLUMNS = ["code", "name", "file", "headline", "figures", "groups", "small_areas", "change"]
#: Lines of a list on the page (groups, small areas) before "… and N more".
MAX_LINES = 6
#: Small areas named with one verdict before "and N more".
MAX_NAMES = 6
SAFE_NAME_LENGTH = 60
#: What the change sentence calls the two periods when the change table does not name them.
DEFAULT_PERIODS = ("the previous period", "the latest")
#: Starts every line of a list on the page.
BULLET = "• "


def safe_name(text: str) -> str:
    """``text`` fit for a file name on every system: ASCII letters, digits and hyphens, words joined by "_"
    ("Ynys Môn" → "Ynys_Mon", "Cities of London & Westminster" → "Cities_of_London_Westminster")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9-]+", ascii_text)
    return "_".join(words)[:SAFE_NAME_LENGTH].strip("_-") or "area"


def file_names(codes: Sequence[str], names: Sequence[str]) -> list[str]:
    """One PDF name per area, "<code>_<safe name>.pdf"; a repeat gets "_2", "_3" … (case-insensitively, as
    Windows and macOS compare file names)."""
    seen: dict[str, int] = {}
    result = []
    for code, name in zip(codes, names):
        stem = "_".join(part for part in (safe_name(code) if str(code).strip() else "", safe_name(name)) if part)
        seen[stem.lower()] = seen.get(stem.lower(), 0) + 1
        result.append(f"{stem}.pdf" if seen[stem.lower()] == 1 else f"{stem}_{seen[stem.lower()]}.pdf")
    return result


@dataclass(frozen=True)
class SmallAreas:
    """The small areas drawn inside each briefed area: their results; which lie in which area, as pairs of a row
    of ``results.table`` (``small``) and a row of the areas' table (``area``) — a small area cut by a boundary
    may be in two areas (:mod:`phso_insight_plugin.geo.overlap`); and optionally the same small areas against
    the other benchmark."""

    results: AreaResults
    small: np.ndarray
    area: np.ndarray
    other: AreaResults | None = None


@dataclass(frozen=True)
class BriefingInputs:
    """Everything the pages say. ``areas``: all areas; ``briefed``: positions in ``areas.table`` of those to
    brief; ``other``: the same areas against the other benchmark; ``groups``: group tables by area;
    ``change``: a table with a ``code`` column and the change algorithm's fields, ``periods`` its two periods;
    ``max_lines``: groups listed per page; ``max_names``: small areas named per verdict."""

    areas: AreaResults
    briefed: Sequence[int]
    other: AreaResults | None = None
    groups: Sequence[GroupResults] = ()
    small_areas: SmallAreas | None = None
    change: pd.DataFrame | None = None
    periods: tuple[str, str] = DEFAULT_PERIODS
    disclosure: DisclosurePolicy | None = None
    max_lines: int = MAX_LINES
    max_names: int = MAX_NAMES


def _listed(lines: list[str], limit: int, more: tuple[str, str], detail: str = "") -> str:
    """At most ``limit`` lines, each after a bullet, then "… and 3 more groups<detail>." (``more``: the singular
    and plural of what the lines are)."""
    shown = [f"{BULLET}{line}" for line in lines[:limit]]
    left = len(lines) - limit
    if left > 0:
        shown.append(f"… and {left:,d} more {more[0] if left == 1 else more[1]}{detail}.")
    return "\n".join(shown)


def _by_code(results: AreaResults | None) -> dict[str, pd.Series]:
    return {} if results is None else {row[CODE]: row for _, row in results.table.iterrows()}


def group_lines(code: str, name: str, inputs: BriefingInputs, noun: Geography) -> str:
    """The groups that differ significantly within the area, most over-represented first."""
    if not inputs.groups:
        return ""
    lines = []
    for table in inputs.groups:
        rows = table.table[(table.table[AREA] == code) | (table.table[AREA] == name)]
        lines += [group_sentence(row, table.subject) for _, row in significant_ranked(rows, "group").iterrows()]
    if not lines:
        return f"No group differs significantly from its share of the population in this {noun.singular}."
    return _listed(lines, inputs.max_lines, ("group", "groups"), " in the group tables")


def _verdicts(inside: pd.DataFrame, small: SmallAreas) -> dict[tuple, list[str]]:
    """The names of the small areas that differ significantly against either benchmark, by their tiers (one
    per benchmark)."""
    others = _by_code(small.other)
    verdicts: dict[tuple, list[str]] = {}
    for _, row in inside.iterrows():
        tiers = (tier_code(row["tier"]),)
        if small.other is not None:
            other = others.get(row[CODE])
            tiers += (tier_code(other["tier"]) if other is not None else None,)
        if any(t not in (None, 0) for t in tiers):
            verdicts.setdefault(tiers, []).append(row[NAME])
    return verdicts


def small_area_lines(position: int, inputs: BriefingInputs) -> str:
    """The small areas inside the area that differ significantly (against either benchmark), gathered by verdict:
    "Significantly higher than expected (99.8%); in line with its ICB: Brackenmoor 001C, Brackenmoor 005B."
    Strongest verdicts first (99.8% before 95%), higher before lower."""
    small = inputs.small_areas
    if small is None:
        return ""
    inside = small.results.table.iloc[small.small[small.area == position]]
    verdicts, noun = _verdicts(inside, small), small.results.noun
    if not verdicts:
        return f"None of its {how_many(len(inside), noun.singular, noun.plural)} differs significantly."
    benchmarks = [small.results.benchmark] + ([small.other.benchmark] if small.other is not None else [])
    order = sorted(verdicts, key=lambda tiers: (-max(abs(t or 0) for t in tiers), [tier_rank(t) for t in tiers]))
    lines = [verdict_group(tiers, sorted(verdicts[tiers]), benchmarks, inputs.max_names) for tiers in order]
    rest = sum(len(verdicts[tiers]) for tiers in order[inputs.max_lines:])
    return _listed(lines, inputs.max_lines, ("verdict", "verdicts"), f", {how_many(rest, noun.singular, noun.plural)}")


def briefing_table(inputs: BriefingInputs) -> pd.DataFrame:
    """The texts of every page (:data:`BRIEFING_COLUMNS`), one row per briefed area, in ``briefed`` order."""
    table = inputs.areas.table
    noun = inputs.areas.noun
    benchmark, other_benchmark = inputs.areas.benchmark, inputs.other.benchmark if inputs.other else Benchmark()
    ratios = table["ratio"].where(table["ratio"].notna())
    ranks, ranked = ratios.rank(ascending=False, method="min"), int(ratios.notna().sum())
    others, changes = _by_code(inputs.other), _change_rows(inputs.change)
    rows = []
    for position in inputs.briefed:
        row = table.iloc[position]
        figures = figure_lines(row, benchmark, inputs.disclosure) + [
            rank_sentence(ranks.iloc[position], ranked, noun),
            other_benchmark_sentence(others.get(row[CODE]), other_benchmark)]
        change = changes.get(row[CODE])
        rows.append([row[CODE], row[NAME], "", headline(row, benchmark, inputs.disclosure),
                     "\n".join(line for line in figures if line), group_lines(row[CODE], row[NAME], inputs, noun),
                     small_area_lines(position, inputs),
                     change_sentence(change, inputs.periods, inputs.disclosure) if change is not None else ""])
    result = pd.DataFrame(rows, columns=BRIEFING_COLUMNS)
    result["file"] = file_names(result["code"], result["name"])
    return result


def _change_rows(change: pd.DataFrame | None) -> dict[str, pd.Series]:
    return {} if change is None else {str(row["code"]): row for _, row in change.iterrows()}


def page_title(noun: Geography) -> str:
    """The line under each page's area name: "Constituency briefing: complaint cases compared with population"."""
    return f"{capitalised(noun.singular)} briefing: complaint cases compared with population"


def method_note(run: RunMetadata | None, publication_safe: bool, small_areas: AreaResults | None = None) -> str:
    """ "How it was worked out: <the method recorded with the layer>" (without exact counts when publication-safe),
    then the small areas' method when they have one of their own."""
    if run is None:
        note = ("How it was worked out: observed cases compared with the number expected from each area's "
                "population, with 95% and 99.8% limits (no method was recorded with the layer).")
    else:
        note = f"How it was worked out: {run.method_for(publication_safe)}"
    small_run = small_areas.run if small_areas is not None else None
    if small_run is not None and (run is None or small_run.method != run.method):
        note += f" {small_areas.noun.title}: {small_run.method_for(publication_safe)}"
    return note


def disclosure_note(disclosure: DisclosurePolicy | None) -> str:
    """What was done to the counts on the page."""
    if disclosure is None:
        return "Not publication-safe: counts are exact and may identify individuals. Do not publish this page."
    return (f"Publication-safe: counts of {disclosure.low} to {disclosure.high} are shown as "
            f"“{disclosure.suppressed_text}” and other counts are rounded to the nearest {disclosure.base} (NHS "
            "disclosure practice); ratios, intervals, shares and tiers use the exact counts.")
