"""The report's change inputs, checked: change layers of ``representationchange`` (areas) and change tables of
``grouprepresentation`` with periods (groups), read by the Processing layer into DataFrames with their run metadata.

Columns are validated (a clear error naming the layer and the missing fields) and normalised: numbers as floats
(NULL → NaN), change and trend tiers as nullable integers (NULL → "too few to say" or not tested).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..results.change_columns import CHANGE_READ
from ..results.geography import Geography, capitalised
from ..results.run_metadata import RunMetadata
from ..results.tiers import parse_tiers
from ..validation import require_columns
from .results import AREA, NAME, _numbers, _text

GROUP = "group"
GROUPS = Geography("", "group", "groups")
NUMBERS = ("observed_1", "observed_2", "ratio_1", "ratio_2", "ratio_of_ratios", "rr_lcl95", "rr_ucl95", "change_p",
           "trend_z")


@dataclass(frozen=True)
class ChangeResults:
    """One change layer or table: ``table`` has name, period_1, period_2, the counts and ratios of both periods,
    ratio_of_ratios with its 95% limits, change_p, change_tier and trend_tier (Int64), change_flag; ``noun`` what
    its units are (areas, or :data:`GROUPS`); ``subject`` what the groups are ("disability"; "" for areas);
    ``run`` the run metadata recorded with it (None without it)."""

    title: str
    noun: Geography
    table: pd.DataFrame
    run: RunMetadata | None = None
    subject: str = ""

    @property
    def compared(self) -> tuple[str, str]:
        """The earlier and later period compared (as the table names them)."""
        first = self.table.iloc[0] if len(self.table) else None
        return (first["period_1"], first["period_2"]) if first is not None else ("", "")

    @property
    def periods(self) -> list[str]:
        """Every period of the run, in time order (the compared two when no run was recorded)."""
        return list(self.run.periods) if self.run is not None and self.run.periods else list(self.compared)

    @property
    def has_trend(self) -> bool:
        return bool(self.table["trend_tier"].notna().any()) or len(self.periods) >= 3

    @property
    def is_groups(self) -> bool:
        return self.noun is GROUPS


def change_title(noun: Geography, subject: str, compared: tuple[str, str]) -> str:
    """ "Constituencies: change from 2023/24 to 2024/25"; "Groups by disability: change …"."""
    who = f"Groups by {subject}" if noun is GROUPS and subject else capitalised(noun.plural)
    return f"{who}: change from {compared[0]} to {compared[1]}"


def _names(frame: pd.DataFrame, name_field: str | None) -> pd.Series:
    """Each unit's name: the area name field, or the group (with its area when the table is by area)."""
    if name_field is not None:
        return _text(frame, name_field, "(no name)")
    groups = _text(frame, GROUP, "(no label)")
    areas = _text(frame, AREA)
    return groups.where(areas == "", groups + " in " + areas)


def change_results(frame: pd.DataFrame, title: str, name_field: str | None, noun: Geography,
                   run: RunMetadata | None = None, is_cancelled: IsCancelled = None) -> ChangeResults:
    """Validated :class:`ChangeResults` from a change layer (``name_field`` names its areas) or a group change table
    (``name_field`` None, ``noun`` :data:`GROUPS`)."""
    what = f"Layer {title!r}"
    needed = [*CHANGE_READ, name_field or GROUP]
    require_columns(frame, needed, f"layer {title!r} (is it an output of Representation change over time, or the "
                                   "change table of Representation by group?)")
    numbers = _numbers(frame, NUMBERS, what, is_cancelled)
    check_cancelled(is_cancelled)
    table = pd.DataFrame({
        NAME: _names(frame, name_field), "period_1": _text(frame, "period_1"), "period_2": _text(frame, "period_2"),
        **numbers, "change_tier": parse_tiers(frame["change_tier"], "change_tier", what),
        "trend_tier": parse_tiers(frame["trend_tier"], "trend_tier", what),
        "change_flag": _text(frame, "change_flag")})
    subject = run.subject if run is not None else ""
    return ChangeResults(title, noun, table.reset_index(drop=True), run, subject)
