"""The sentences of an area briefing, from the numbers: headline, key figures, rank, groups, small areas, change.

Written for a reader who is not a statistician (an MP's office): each sentence compares cases with what the
population (or the parent's rates) would suggest and never says why an area differs. Counts go through the
disclosure policy when one is given (1–7 shown as "<8", others rounded to 5); ratios and shares do not.
"""
from __future__ import annotations

import pandas as pd

from ..results.benchmark import Benchmark
from ..results.change_tiers import CHANGE_TIER_LABELS
from ..results.disclosure import DisclosurePolicy
from ..results.formatting import (
    cases_words,
    count_text,
    expected_text,
    is_missing,
    ratio_text,
    ratio_with_interval,
    share_text,
    times_text,
)
from ..results.geography import Geography, capitalised

#: Short verdicts of the headline, by tier; tier 0 says against what ("in line with its population").
VERDICTS = {2: "significantly higher (99.8%)", 1: "higher (95%)", -1: "lower (95%)", -2: "significantly lower (99.8%)",
            None: "too few cases to say whether it differs"}


def tier_code(value) -> int | None:
    """A tier as an int, None for a missing one (<NA>, NaN, None)."""
    return None if value is None or pd.isna(value) else int(value)


def verdict(tier, benchmark: Benchmark) -> str:
    """ "significantly higher (99.8%)"; tier 0: "in line with its population" (or "… with its ICB")."""
    tier = tier_code(tier)
    if tier == 0:
        return f"in line with its {benchmark.noun if benchmark.is_parent else 'population'}"
    return VERDICTS[tier]


def comparison(row: pd.Series, benchmark: Benchmark) -> str:
    """ "1.36 times what its population would suggest — significantly higher (99.8%)"; without a ratio (nothing
    expected) "no cases were expected"; with no cases "none where 4.2 were expected — …"."""
    if is_missing(row["ratio"]):
        return "no cases were expected, so there is no ratio"
    if row["ratio"] == 0:
        return f"none where {expected_text(row['expected'])} were expected — {verdict(row['tier'], benchmark)}"
    return f"{times_text(row['ratio'])} what {benchmark.suggests} — {verdict(row['tier'], benchmark)}"


def headline(row: pd.Series, benchmark: Benchmark, disclosure: DisclosurePolicy | None) -> str:
    """The page's first sentence: cases, how many times what was expected, and the verdict.

    "Northfield Vale: 1,045 cases, 1.36 times what its population would suggest — significantly higher (99.8%)."
    """
    return f"{row['name']}: {cases_words(row['observed'], disclosure)}, {comparison(row, benchmark)}."


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st …"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,d}{suffix}"


def rank_sentence(rank: float, ranked: int, noun: Geography) -> str:
    """ "Ranks 3rd of 75 constituencies by ratio (1st has the most cases for its population)."; "" without a rank."""
    if is_missing(rank):
        return ""
    return (f"Ranks {ordinal(int(rank))} of {ranked:,d} {noun.plural} by ratio (1st has the most cases for its "
            "population).")


def figure_lines(row: pd.Series, benchmark: Benchmark, disclosure: DisclosurePolicy | None) -> list[str]:
    """Cases, expected, ratio with its 95% interval, and the tier in words."""
    expected_at = f"at its {benchmark.noun}'s rates" if benchmark.is_parent else "from its population"
    return [f"Cases: {count_text(row['observed'], disclosure)}",
            f"Expected {expected_at}: {expected_text(row['expected'])}",
            f"Ratio (95% interval): {ratio_with_interval(row['ratio'], row['lcl95'], row['ucl95'])}",
            f"Tier: {benchmark.tier_label(tier_code(row['tier']))}"]


def other_benchmark_sentence(row: pd.Series | None, benchmark: Benchmark) -> str:
    """The same area against the other benchmark: "Within its ICB: 1.32 times what its ICB's rates would suggest —
    in line with its ICB."; "" without such a row."""
    if row is None:
        return ""
    where = f"Within its {benchmark.noun}" if benchmark.is_parent else "Against the whole input"
    return f"{where}: {comparison(row, benchmark)}."


def group_sentence(row: pd.Series, subject: str) -> str:
    """ "Disability “Yes”: 41% of cases but 19% of residents, 2.14 times the expected number — significantly
    higher than expected (99.8%)." """
    who = f"{capitalised(subject)} “{row['group']}”" if subject else f"“{row['group']}”"
    link = "but" if row["case_share"] > row["population_share"] else "but only"
    label = Benchmark().tier_label(tier_code(row["tier"]))
    return (f"{who}: {share_text(row['case_share'])} of cases {link} {share_text(row['population_share'])} of "
            f"residents, {times_text(row['ratio'])} the expected number — {label[:1].lower() + label[1:]}.")


def verdict_group(tiers: tuple, names: list[str], benchmarks: list[Benchmark], limit: int) -> str:
    """Small areas sharing one verdict (one tier per benchmark): "Significantly higher than expected (99.8%); in
    line with its ICB: Brackenmoor 001C, Brackenmoor 005B and 3 more." """
    said = [benchmark.tier_label(tier) for benchmark, tier in zip(benchmarks, tiers)]
    verdict = "; ".join([said[0]] + [s[:1].lower() + s[1:] for s in said[1:]])
    listed = ", ".join(names[:limit])
    if len(names) > limit:
        listed += f" and {len(names) - limit:,d} more"
    return f"{verdict}: {listed}."


def change_sentence(row: pd.Series, periods: tuple[str, str], disclosure: DisclosurePolicy | None) -> str:
    """ "From FY2023/24 to FY2024/25: 145 → 285 cases; the ratio went from 0.96 to 1.58, 1.64 times its earlier
    level (95% interval 1.32 to 2.05) — significantly increased (99.8%)." Fields as the change algorithm writes
    them (``observed_1``, ``observed_2``, ``ratio_1``, ``ratio_2``, ``ratio_of_ratios``, ``rr_lcl95``,
    ``rr_ucl95``, ``change_tier``, ``change_label``); any may be missing."""
    before, after = periods
    parts = []
    if "observed_1" in row and "observed_2" in row:
        parts.append(f"{count_text(row['observed_1'], disclosure)} → {count_text(row['observed_2'], disclosure)} "
                     "cases")
    if "ratio_1" in row and "ratio_2" in row:
        parts.append(f"the ratio went from {ratio_text(row['ratio_1'])} to {ratio_text(row['ratio_2'])}")
    if not is_missing(row.get("ratio_of_ratios")):
        interval = ""
        if not (is_missing(row.get("rr_lcl95")) or is_missing(row.get("rr_ucl95"))):
            interval = f" (95% interval {ratio_text(row['rr_lcl95'])} to {ratio_text(row['rr_ucl95'])})"
        parts.append(f"{times_text(row['ratio_of_ratios'])} its earlier level{interval}")
    label = row.get("change_label")
    if is_missing(label) or not str(label).strip():
        label = CHANGE_TIER_LABELS.get(tier_code(row.get("change_tier")), "")
    said = "; ".join(parts) if parts else "no change figures"
    ending = f" — {label[:1].lower() + label[1:]}" if label else ""
    return f"From {before} to {after}: {said}{ending}."
