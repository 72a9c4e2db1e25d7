"""What the area briefings read: the areas (all of them, and which to brief), the small areas inside them
and a change table, each checked with errors naming the parameter's field and values."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from qgis.PyQt.QtCore import QCoreApplication

from ...errors import InputError
from ...layer_run_metadata import run_metadata_of
from ...report.briefing import DEFAULT_PERIODS
from ...report.naming import name_field
from ...report.results import CODE, AreaResults
from ...results.geography import area_code_field
from .layers import SourceTable, read_source, shapely_from_wkb
from .result_layers import read_area_results, text_fields

#: Change fields read by name when present (see :func:`phso_insight_plugin.report.briefing_text.change_sentence`).
CHANGE_FIELDS = ("observed_1", "observed_2", "ratio_1", "ratio_2", "ratio_of_ratios", "rr_lcl95", "rr_ucl95",
                 "change_tier", "change_label", "period_1", "period_2")
CODE_SEPARATORS = re.compile(r"[;,\s]+")


def tr(text: str) -> str:
    return QCoreApplication.translate("briefing_inputs", text)


@dataclass(frozen=True)
class BriefedAreas:
    """All areas as read (``table``: attributes and WKB geometry; ``results``: their representation results, the
    code column from ``code_field``), and the positions of those to brief."""

    table: SourceTable
    results: AreaResults
    briefed: list[int]
    code_field: str
    name_field: str


def area_fields(layer, code_field: str | None, chosen_name: str | None, frame: pd.DataFrame) -> tuple[str, str]:
    """The code field (chosen, else the one the run recorded, else the field of distinct ONS codes) and the name
    field (chosen, else detected)."""
    run = run_metadata_of(layer)
    names = layer.fields().names()
    code = code_field or (run.code_field if run is not None and run.code_field in names else "")
    if not code:
        found = area_code_field(frame)
        code = found[0] if found is not None else ""
    if not code:
        raise InputError(tr("Choose the field holding each area's code (CODE_FIELD): the layer has no field of "
                            "ONS codes and no code field recorded with it."))
    return code, name_field(text_fields(layer), chosen_name)


def codes_of(frame: pd.DataFrame, field: str) -> pd.Series:
    """The codes of ``field`` as stripped text; InputError naming the rows without one or the repeated codes."""
    codes = frame[field].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    blank = np.flatnonzero((codes == "").to_numpy())
    if blank.size:
        raise InputError(tr("{0} areas have no code in the field {1!r} (CODE_FIELD), e.g. row {2}.").format(
            blank.size, field, blank[0] + 1))
    repeated = sorted(set(codes[codes.duplicated()]))
    if repeated:
        raise InputError(tr("Codes repeat in the field {0!r} (CODE_FIELD): {1}. Each area needs its own code.").format(
            field, ", ".join(repeated[:5])))
    return codes


def chosen_positions(codes: pd.Series, wanted: list[str], what: str) -> list[int]:
    """Positions of ``wanted`` codes in ``codes`` (in ``codes`` order); InputError naming unknown ones."""
    known = set(codes)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise InputError(tr("{0}: no area has the code(s) {1}.").format(what, ", ".join(unknown[:10])))
    chosen = set(wanted)
    return [i for i, code in enumerate(codes) if code in chosen]


def read_areas(layer, source, fields: tuple[str | None, str | None], area_codes: str, feedback) -> BriefedAreas:
    """Every area of ``layer`` (for ranks and the locator) and which to brief: the features of ``source`` (the
    selection, when only selected features were given), narrowed to ``area_codes`` when given."""
    table = read_source(layer, feedback, keep_features=True, what=tr("areas layer"))
    code, name = area_fields(layer, fields[0], fields[1], table.frame)
    codes = codes_of(table.frame, code)
    results = read_area_results(layer, name, feedback, table)
    results = replace(results, table=results.table.assign(**{CODE: codes.to_numpy()}))
    briefed = list(range(len(codes)))
    if source.featureCount() != len(codes):
        subset = read_source(source, feedback, fields=[code], keep_features=False, what=tr("selected areas")).frame
        briefed = chosen_positions(codes, list(codes_of(subset, code)), tr("Selected areas (INPUT)"))
    wanted = [c for c in CODE_SEPARATORS.split(area_codes or "") if c]
    if wanted:
        briefed = [i for i in chosen_positions(codes, wanted, tr("Area codes (AREA_CODES)")) if i in set(briefed)]
    if not briefed:
        raise InputError(tr("No area to brief: the chosen codes (AREA_CODES) are not among the selected areas."))
    return BriefedAreas(table, results, briefed, code, name)


@dataclass(frozen=True)
class ReadSmallAreas:
    """The small areas: their results, the WKB of each in the areas' CRS, and which lie in which area (pairs of
    positions, a small area cut by a boundary possibly in two)."""

    results: AreaResults
    wkb: list
    small: np.ndarray
    area: np.ndarray


def read_small_areas(layer, areas: BriefedAreas, crs, context, feedback) -> ReadSmallAreas:
    """The small-area layer, reprojected to the areas' CRS, each placed in the areas holding a tenth of it or more
    (shapely is imported here, so that briefings without small areas run where it is missing)."""
    import shapely

    from ...geo.overlap import overlapping_pairs

    table = read_source(layer, feedback, keep_features=False, geometries_in=crs, context=context,
                        what=tr("small areas layer"))
    results = read_area_results(layer, None, feedback, table)
    area_shapes = shapely_from_wkb(areas.table.wkb)
    small, area = overlapping_pairs(table.geometries, area_shapes, is_cancelled=feedback.isCanceled)
    return ReadSmallAreas(results, list(shapely.to_wkb(table.geometries)), small, area)


def read_change(layer, code_field: str | None, area_code_field: str, feedback) -> tuple[pd.DataFrame, tuple]:
    """The change table: a ``code`` column and the change fields it has, and its two periods (its ``period_1`` and
    ``period_2`` fields or the run recorded with it, else
    :data:`~phso_insight_plugin.report.briefing.DEFAULT_PERIODS`)."""
    names = layer.fields().names()
    run = run_metadata_of(layer)
    code = code_field or next((f for f in (run.code_field if run is not None else "", area_code_field, "unit")
                               if f and f in names), "")
    if not code:
        raise InputError(tr("Choose the change layer's area code field (CHANGE_CODE_FIELD): it has neither {0!r} "
                            "nor a recorded code field.").format(area_code_field))
    present = [f for f in CHANGE_FIELDS if f in names]
    frame = read_source(layer, feedback, fields=[code, *present], keep_features=False, what=tr("change layer")).frame
    frame = frame.rename(columns={code: "code"}).assign(code=lambda f: f["code"].astype(str).str.strip())
    periods = tuple(getattr(run, "periods", None) or ())[-2:] if run is not None else ()
    if "period_1" in frame.columns and "period_2" in frame.columns and len(frame):
        periods = (str(frame["period_1"].iloc[0]), str(frame["period_2"].iloc[0]))
    return frame, periods if len(periods) == 2 else DEFAULT_PERIODS
