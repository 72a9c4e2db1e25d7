"""What changed, in plain English, generated from the numbers: headline sentences and a ranked table of the
significant changes of one change layer or table.

Every sentence says how cases moved against what the population would suggest between two periods (or over all
of them); none says why. "Significant" covers change tiers 2 and 1 (95% level), and the sentence says how many
pass the stricter 99.8% level.
"""
from __future__ import annotations

import pandas as pd

from ..results.change_tiers import CHANGE_TIER_LABELS, TREND_TIER_LABELS
from ..results.disclosure import disclosure_for
from ..results.formatting import count_text, how_many, ratio_text, ratio_with_interval, times_text
from ..results.geography import capitalised
from .change_results import ChangeResults
from .headlines import FEWER, MORE, _in_direction, _stricter_level
from .results import NAME
from .tables import MAX_ROWS, Table, capped

#: Changes described one by one in each direction; the rest are left to the table.
MAX_NAMED = 3
RISE = {MORE.sign: ("rose", "rising"), FEWER.sign: ("fell", "falling")}


def _tiered(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``table`` with ``column`` as the tier :func:`.headlines._in_direction` reads."""
    return table.assign(tier=table[column])


def _who(results: ChangeResults, name: str) -> str:
    """A unit in a sentence: 'Easthaven', or 'the group “Yes” (disability)'."""
    if not results.is_groups:
        return name
    return f"the group “{name}”" + (f" ({results.subject})" if results.subject else "")


def summary_sentence(results: ChangeResults) -> str:
    """'From 2023/24 to 2024/25, cases rose significantly against population in 1 of 8 constituencies (at the
    stricter 99.8% level) and fell significantly in none; for 2 there were too few cases to say.'"""
    first, second = results.compared
    table, noun = _tiered(results.table, "change_tier"), results.noun
    against = "population share" if results.is_groups else "population"
    more, fewer = (_in_direction(table, direction) for direction in (MORE, FEWER))
    strict = [int((rows["tier"].abs() == 2).sum()) for rows in (more, fewer)]
    text = (f"From {first} to {second}, cases rose significantly against {against} in "
            f"{len(more) or 'none'} of {how_many(len(table), noun.singular, noun.plural)}"
            f"{_stricter_level(len(more), strict[0])} and fell significantly in "
            f"{len(fewer) or 'none'}{_stricter_level(len(fewer), strict[1])}")
    too_few = int(table["tier"].isna().sum())
    if too_few:
        text += f"; for {too_few:,d} there were too few cases to say"
    return text + "."


def change_sentence(row: pd.Series, results: ChangeResults, publication_safe: bool) -> str:
    """'Easthaven: 145 cases in 2023/24 and 280 in 2024/25; its ratio to the expected number went from 0.91 to
    1.49, 1.63 times the earlier ratio (95% interval 1.34 to 1.99), significant at the stricter 99.8% level.'"""
    first, second = results.compared
    disclosure = disclosure_for(publication_safe)
    who = capitalised(_who(results, row[NAME]))
    counts = (f"{count_text(row['observed_1'], disclosure)} cases in {first} and "
              f"{count_text(row['observed_2'], disclosure)} in {second}")
    level = "the stricter 99.8% level" if abs(row["change_tier"]) == 2 else "the 95% level"
    if pd.isna(row["ratio_of_ratios"]):
        return f"{who}: {counts}; with no case in {first} the change has no ratio, but it is significant at {level}."
    upper = "" if pd.isna(row["rr_ucl95"]) else f" to {ratio_text(row['rr_ucl95'])}"
    return (f"{who}: {counts}; its ratio to the expected number went from {ratio_text(row['ratio_1'])} to "
            f"{ratio_text(row['ratio_2'])}, {times_text(row['ratio_of_ratios'])} the earlier ratio (95% interval "
            f"{ratio_text(row['rr_lcl95'])}{upper}), significant at {level}.")


def _listed(names: list[str], limit: int = MAX_NAMED) -> str:
    """'Easthaven', 'A and B', 'A, B, C and 2 more'."""
    shown = names[:limit] + ([f"{len(names) - limit:,d} more"] if len(names) > limit else [])
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def trend_sentence(results: ChangeResults) -> str:
    """'Over the 4 periods from 2021/22 to 2024/25, the trend is significantly rising in 1 constituency
    (Easthaven) and significantly falling in 2 (Brackenmoor and Sampleton Central).' ('' without a trend)."""
    if not results.has_trend:
        return ""
    periods, noun = results.periods, results.noun
    table = _tiered(results.table, "trend_tier")
    parts = []
    for direction in (MORE, FEWER):
        rows = _in_direction(table, direction)
        names = [f"“{name}”" if results.is_groups else name for name in rows.sort_values(NAME)[NAME]]
        where = f"{how_many(len(rows), noun.singular, noun.plural)} ({_listed(names)})" if names else "none"
        parts.append(f"significantly {RISE[direction.sign][1]} in {where}")
    about = f" ({results.subject})" if results.is_groups and results.subject else ""
    return (f"Over the {len(periods)} periods from {periods[0]} to {periods[-1]}, the trend{about} is {parts[0]} and "
            f"{parts[1]}.")


def _significant(tiers: pd.Series) -> pd.Series:
    return (tiers.notna() & (tiers != 0)).astype(bool)


def significant_changes(table: pd.DataFrame) -> pd.DataFrame:
    """Rows with a significant change (tier 2, 1, -1 or -2), ranked by tier then ratio of ratios (highest first), then
    name."""
    rows = table[_significant(table["change_tier"])].astype({"change_tier": "int64"})
    return rows.sort_values(["change_tier", "ratio_of_ratios", NAME], ascending=[False, False, True],
                            kind="stable", na_position="first")


def ranked_findings(table: pd.DataFrame) -> pd.DataFrame:
    """The significant changes (:func:`significant_changes`), then the rows whose only finding is a significant trend,
    rising first."""
    trends = table[_significant(table["trend_tier"]) & ~_significant(table["change_tier"])]
    trends = trends.sort_values(["trend_tier", NAME], ascending=[False, True], kind="stable")
    return pd.concat([significant_changes(table), trends])


def change_headlines(results: ChangeResults, publication_safe: bool) -> list[str]:
    """The findings of one change layer: the summary, up to :data:`MAX_NAMED` changes each way, the trend."""
    sentences = [summary_sentence(results)]
    ranked = _tiered(significant_changes(results.table), "change_tier")
    for direction in (MORE, FEWER):
        rows = _in_direction(ranked, direction)
        rows = rows if direction is MORE else rows.iloc[::-1]
        sentences += [change_sentence(row, results, publication_safe) for _, row in rows.head(MAX_NAMED).iterrows()]
    return [s for s in [*sentences, trend_sentence(results)] if s]


def change_table(results: ChangeResults, publication_safe: bool) -> Table:
    """Significant changes, then significant trends: name, cases and ratio in each period, ratio of ratios (95%
    interval), change and trend tiers."""
    first, second = results.compared
    ranked = ranked_findings(results.table)
    shown, left_out = capped(ranked)
    disclosure = disclosure_for(publication_safe)
    rows = [[row[NAME], count_text(row["observed_1"], disclosure), count_text(row["observed_2"], disclosure),
             ratio_text(row["ratio_1"]), ratio_text(row["ratio_2"]),
             ratio_with_interval(row["ratio_of_ratios"], row["rr_lcl95"], row["rr_ucl95"]),
             CHANGE_TIER_LABELS[None if pd.isna(row["change_tier"]) else int(row["change_tier"])],
             TREND_TIER_LABELS[None if pd.isna(row["trend_tier"]) else int(row["trend_tier"])]
             if results.has_trend else "–"]
            for _, row in shown.iterrows()]
    headers = [capitalised(results.noun.singular), f"Cases {first}", f"Cases {second}", f"Ratio {first}",
               f"Ratio {second}", "Change (95% interval)", "Change tier", "Trend"]
    note = (f"Showing {MAX_ROWS} of {len(ranked):,d} significant changes and trends; {left_out:,d} more are in the "
            "layer." if left_out else "")
    return Table(headers, rows, note, {1, 2, 3, 4, 5})


def no_change_note(results: ChangeResults) -> str:
    """The sentence shown instead of an empty table."""
    first, second = results.compared
    trend = ", and none has a significant trend" if results.has_trend else ""
    return f"No {results.noun.plural} changed significantly from {first} to {second}{trend}."

