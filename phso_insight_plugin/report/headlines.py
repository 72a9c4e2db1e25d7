"""Headline findings in plain English, generated from the numbers.

Every sentence compares cases with what the population would suggest ("more cases than its
population would suggest"); none says why an area or group differs. "Significantly more" covers
tiers 2 and 1 (95% level), and the sentence says how many of them pass the stricter 99.8% level.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..results.disclosure import disclosure_for
from ..results.formatting import (
    cases_words,
    expected_text,
    how_many,
    share_text,
    times_text,
)
from ..results.geography import Geography, capitalised
from .results import AREA, NAME, AreaResults, GroupResults
from .tables import significant_ranked

#: Groups described one by one in each direction; the rest are left to the table.
MAX_GROUP_SENTENCES = 3
GROUPS = Geography("", "group", "groups")
GROUPS_IN_AREAS = Geography("", "group within an area", "groups within areas")


@dataclass(frozen=True)
class Direction:
    """More or fewer cases than expected: the sign of the tiers, the comparative and the superlative."""

    sign: int
    word: str
    extreme: str


MORE = Direction(1, "more", "highest")
FEWER = Direction(-1, "fewer", "lowest")


def _agree(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def _in_direction(table: pd.DataFrame, direction: Direction) -> pd.DataFrame:
    """Rows whose tier points in ``direction`` (tiers 1 and 2, or -1 and -2)."""
    tier = table["tier"]
    return table[(tier.notna() & (tier * direction.sign > 0)).to_numpy(dtype=bool)]


def _stricter_level(n: int, strict: int) -> str:
    """' (2 of them at the stricter 99.8% level)', or '' when none is."""
    if strict == 0:
        return ""
    if n == 1:
        return " (at the stricter 99.8% level)"
    return f" ({'all' if strict == n else f'{strict:,d}'} of them at the stricter 99.8% level)"


def _would_suggest(results: AreaResults, n: int) -> str:
    """ "their population would suggest", or against a parent "the rates of their ICB would suggest"."""
    benchmark, whose = results.benchmark, _agree(n, "its", "their")
    return f"the rates of {whose} {benchmark.noun} would suggest" if benchmark.is_parent else \
        f"{whose} population would suggest"


def _in_line_with(results: AreaResults, n: int) -> str:
    """ "in line with their population", or against a parent "in line with their ICB"."""
    benchmark = results.benchmark
    return f"in line with {_agree(n, 'its', 'their')} {benchmark.noun if benchmark.is_parent else 'population'}"


def _against_expected(row: pd.Series) -> str:
    """'1.43 times the expected number', or 'no cases where 4.2 were expected'."""
    if row["ratio"] == 0:
        return f"no cases where {expected_text(row['expected'])} were expected"
    return f"{times_text(row['ratio'])} the expected number"


def coverage_sentence(results: AreaResults, publication_safe: bool) -> str:
    """'The comparison covers 4,950 cases in 8 constituencies.'"""
    total = float(np.nansum(results.table["observed"]))
    areas = how_many(len(results.table), results.noun.singular, results.noun.plural)
    return f"The comparison covers {cases_words(total, disclosure_for(publication_safe))} in {areas}."


def direction_sentence(results: AreaResults, direction: Direction) -> str:
    """'Of 8 constituencies, 2 have significantly more cases than their population would suggest;
    the highest is Brackenmoor, with 1.43 times the expected number.'"""
    noun = results.noun
    opening = f"Of {how_many(len(results.table), noun.singular, noun.plural)}, "
    rows = _in_direction(results.table, direction)
    n = len(rows)
    if n == 0:
        return f"{opening}none has significantly {direction.word} cases than {_would_suggest(results, 1)}."
    strict = int((rows["tier"].abs() == 2).sum())
    claim = (f"{n:,d} {_agree(n, 'has', 'have')} significantly {direction.word} cases than "
             f"{_would_suggest(results, n)}{_stricter_level(n, strict)}")
    extreme = rows.sort_values(["ratio", NAME], ascending=[direction.sign < 0, True], kind="stable").iloc[0]
    named = f"{extreme[NAME]}, with {_against_expected(extreme)}"
    if n == 1:
        return f"{opening}{claim}: {named}."
    return f"{opening}{claim}; the {direction.extreme} is {named}."


def _the_rest(rest: int, total: int) -> str:
    """How the areas not yet described are called: 'the other 5', 'all 8', 'the remaining one'."""
    if rest == total:
        return "the only one" if total == 1 else f"all {total:,d}"
    return "the remaining one" if rest == 1 else f"the other {rest:,d}"


def rest_sentence(results: AreaResults) -> str:
    """'Of the other 5, 3 are in line with their population and there are too few cases to say for 2.'"""
    tier = results.table["tier"]
    in_line, too_few = int((tier == 0).sum()), int(tier.isna().sum())
    rest = in_line + too_few
    if rest == 0:
        return ""
    subject = _the_rest(rest, len(results.table))
    if too_few == 0:
        return f"{capitalised(subject)} {_agree(rest, 'is', 'are')} {_in_line_with(results, rest)}."
    if in_line == 0:
        return f"For {subject} there are too few cases to say."
    return (f"Of {subject}, {in_line:,d} {_agree(in_line, 'is', 'are')} {_in_line_with(results, in_line)} and "
            f"there are too few cases to say for {too_few:,d}.")


def area_headlines(results: AreaResults, publication_safe: bool) -> list[str]:
    """The findings for one area layer: coverage, more, fewer, the rest."""
    sentences = [coverage_sentence(results, publication_safe), direction_sentence(results, MORE),
                 direction_sentence(results, FEWER), rest_sentence(results)]
    return [s for s in sentences if s]


def group_summary_sentence(results: GroupResults) -> str:
    """'Of 6 groups compared (disability), 1 has significantly more cases than its share of the
    population would suggest, and 2 have significantly fewer.'"""
    noun = GROUPS_IN_AREAS if results.by_area else GROUPS
    more, fewer = (len(_in_direction(results.table, d)) for d in (MORE, FEWER))

    def count(n: int) -> str:
        return f"{n:,d} {_agree(n, 'has', 'have')}" if n else "none has"

    return (f"Of {how_many(len(results.table), noun.singular, noun.plural)} compared{_about(results.subject)}, "
            f"{count(more)} significantly more cases than {_agree(max(more, 1), 'its', 'their')} share of the "
            f"population would suggest, and {count(fewer)} significantly fewer.")


def _about(subject: str) -> str:
    """' (disability)': what the groups are, in brackets; '' when not known."""
    return f" ({subject})" if subject else ""


def group_sentence(row: pd.Series, subject: str, standardised: bool) -> str:
    """'People in the group “Yes” (disability) make up 18% of the population but 29% of cases
    (1.60 times their share).' — with the area first when the table is by area."""
    who = f"people in the group “{row['group']}”{_about(subject)}"
    who = f"In {row[AREA]}, {who}" if row[AREA] else capitalised(who)
    population = f"{who} make up {share_text(row['population_share'])} of the population"
    if row["cases"] == 0:
        return f"{population} but none of the cases."
    cases, share = share_text(row["case_share"]), share_text(row["population_share"])
    link = "and" if cases == share else ("but only" if row["case_share"] < row["population_share"] else "but")
    relative = f"{times_text(row['crude_ratio'] if standardised else row['ratio'])} their share"
    if standardised:
        relative += f"; {times_text(row['ratio'])} the expected number after standardisation"
    return f"{population} {link} {cases} of cases ({relative})."


def group_headlines(results: GroupResults) -> list[str]:
    """The findings for one group table: a summary, then up to :data:`MAX_GROUP_SENTENCES`
    groups in each direction (most different first), then how many more the table lists."""
    sentences = [group_summary_sentence(results)]
    ranked = significant_ranked(results.table, "group")
    described = 0
    for direction in (MORE, FEWER):
        rows = _in_direction(ranked, direction)
        rows = rows if direction is MORE else rows.iloc[::-1]
        for _, row in rows.head(MAX_GROUP_SENTENCES).iterrows():
            sentences.append(group_sentence(row, results.subject, results.standardised))
            described += 1
    further = len(ranked) - described
    if further:
        sentences.append(f"A further {further:,d} significant {_agree(further, 'result is', 'results are')} "
                         "listed in the table below.")
    return sentences
