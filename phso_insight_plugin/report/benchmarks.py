"""Both benchmarks side by side: the same areas compared with the whole input and with their own parent.

When a report is given two representation layers of one geography whose runs recorded different
benchmarks (the whole input, and each area's parent: its ICB, region …), it pairs them, says in one
sentence which areas change verdict between the two, and lists them. An area that is high against the
whole input may be typical of its ICB (the ICB itself runs high), and an area that is typical against
the whole input may be low for its ICB: both matter to a reader deciding where to look.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..results.disclosure import disclosure_for
from ..results.formatting import count_text, how_many, ratio_text
from ..results.geography import capitalised
from ..results.tiers import tier_rank
from . import markup
from .results import CODE, NAME, AreaResults
from .tables import Table

#: Areas named one by one in the sentence; the table lists them all.
MAX_NAMED = 3


@dataclass(frozen=True)
class BenchmarkPair:
    """Two layers of the same areas: ``whole`` against the whole input, ``parent`` against each area's parent."""

    whole: AreaResults
    parent: AreaResults

    @property
    def title(self) -> str:
        return f"{self.whole.noun.title}: against the whole input and within their {self.parent.benchmark.noun}"

    def changed(self) -> pd.DataFrame:
        """Areas (matched by code) whose tier differs between the two, ranked by their tier against the whole
        input, highest first: name, observed and, per benchmark, ratio and tier (``_whole`` / ``_parent``)."""
        columns = [CODE, NAME, "observed", "ratio", "tier"]
        both = self.whole.table[columns].merge(self.parent.table[[CODE, "ratio", "tier"]], on=CODE,
                                               suffixes=("_whole", "_parent"))
        whole, parent = both["tier_whole"], both["tier_parent"]
        same = (whole.isna() & parent.isna()) | (whole == parent).fillna(False)
        rows = both[~same.to_numpy(dtype=bool)]
        order = [tier_rank(None if pd.isna(t) else int(t)) for t in rows["tier_whole"]]
        return rows.assign(_order=order).sort_values(["_order", NAME], kind="stable").drop(columns="_order")


def benchmark_pairs(areas: list[AreaResults]) -> list[BenchmarkPair]:
    """Each layer against the whole input paired with the first layer of the same geography against a parent."""
    pairs = []
    for whole in (r for r in areas if not r.benchmark.is_parent):
        parent = next((r for r in areas if r.benchmark.is_parent and r.noun == whole.noun), None)
        if parent is not None:
            pairs.append(BenchmarkPair(whole, parent))
    return pairs


def _verdict(results: AreaResults, tier) -> str:
    """ "significantly higher than expected (99.8%)" — the tier label against that layer's benchmark."""
    label = results.benchmark.tier_label(None if pd.isna(tier) else int(tier))
    return label[:1].lower() + label[1:]


def pair_sentence(pair: BenchmarkPair) -> str:
    """ "Compared with their own ICB rather than the whole input, 2 of 300 small areas (LSOAs) change verdict:
    Brackenmoor 001C goes from significantly higher than expected (99.8%) to in line with its ICB; …"."""
    changed = pair.changed()
    noun, parent = pair.whole.noun, pair.parent.benchmark.noun
    opening = f"Compared with their own {parent} rather than the whole input"
    total = len(pair.whole.table)
    if changed.empty:
        return f"{opening}, none of the {how_many(total, noun.singular, noun.plural)} changes verdict."
    named = [f"{row[NAME]} goes from {_verdict(pair.whole, row['tier_whole'])} to "
             f"{_verdict(pair.parent, row['tier_parent'])}" for _, row in changed.head(MAX_NAMED).iterrows()]
    more = len(changed) - len(named)
    tail = f"; {more:,d} more in the table" if more else ""
    return (f"{opening}, {len(changed):,d} of {how_many(total, noun.singular, noun.plural)} "
            f"{'changes' if len(changed) == 1 else 'change'} verdict: {'; '.join(named)}{tail}.")


def pair_table(pair: BenchmarkPair, publication_safe: bool) -> Table:
    """The areas that change verdict: name, cases, and ratio and tier against each benchmark."""
    disclosure = disclosure_for(publication_safe)
    rows = [[row[NAME], count_text(row["observed"], disclosure), ratio_text(row["ratio_whole"]),
             pair.whole.benchmark.tier_label(None if pd.isna(row["tier_whole"]) else int(row["tier_whole"])),
             ratio_text(row["ratio_parent"]),
             pair.parent.benchmark.tier_label(None if pd.isna(row["tier_parent"]) else int(row["tier_parent"]))]
            for _, row in pair.changed().iterrows()]
    parent = pair.parent.benchmark.noun
    headers = [capitalised(pair.whole.noun.singular), "Cases", "Ratio, whole input", "Tier, whole input",
               f"Ratio within its {parent}", f"Tier within its {parent}"]
    return Table(headers, rows, "", {1, 2, 4})


def pair_section(pair: BenchmarkPair, publication_safe: bool) -> str:
    """The report's section on one pair: the sentence, then the table of areas that change verdict."""
    table = pair_table(pair, publication_safe)
    return (markup.heading(2, pair.title, new_page=True) + markup.paragraph(pair_sentence(pair))
            + (markup.table(table) if table.rows else ""))
