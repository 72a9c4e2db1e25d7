"""The whole report: headline findings, map, funnel plots, ranked tables, tiers, methods, sources.

:func:`build_report` takes validated results (:mod:`.results`) and, optionally, a tier map
image, and returns the self-contained HTML page and the headline sentences.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError
from ..results.geography import capitalised
from ..styling.palettes import DEFAULT_PALETTE
from . import markup
from .benchmarks import benchmark_pairs, pair_section, pair_sentence
from .change_findings import change_headlines
from .change_results import ChangeResults
from .change_section import change_section
from .funnel_figure import FunnelLimits, FunnelPoints, funnel_limits, funnel_png
from .headlines import area_headlines, group_headlines
from .methods import (
    GENERAL_METHODS,
    TOO_FEW_TO_SAY,
    area_notes,
    disclosure_statement,
    group_notes,
    tier_rows,
)
from .results import AreaResults, GroupResults
from .tables import Table, area_table, group_table, no_rows_note

DEFAULT_TITLE = "Complaints compared with population: summary"
MAP_WIDTH_PX, FUNNEL_WIDTH_PX = 760, 700


@dataclass(frozen=True)
class ReportSettings:
    """What the user chose: title, data sources (free text, one paragraph per line), date of the
    data, publication-safe counts, the palette of the funnel plot points."""

    title: str = DEFAULT_TITLE
    data_sources: str = ""
    data_date: str = ""
    publication_safe: bool = True
    palette: str = DEFAULT_PALETTE
    produced: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class MapImage:
    """A rendered tier map (PNG) and what it shows."""

    png: bytes
    caption: str


@dataclass(frozen=True)
class Report:
    """The HTML page and the headline sentences of each layer (layer title → sentences)."""

    html: str
    headlines: dict[str, list[str]]


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _header(settings: ReportSettings) -> str:
    dates = f"Report produced {_long_date(settings.produced)}."
    if settings.data_date:
        dates = f"Data: {settings.data_date}. {dates}"
    return (markup.heading(1, settings.title) + markup.paragraph(dates, "meta")
            + markup.paragraph(disclosure_statement(settings.publication_safe), "notice"))


def _headline_section(headlines: dict[str, list[str]]) -> str:
    parts = [markup.heading(2, "Headline findings")]
    for title, sentences in headlines.items():
        parts += [markup.heading(3, title), markup.bullets(sentences)]
    return "".join(parts)


def _map_section(tier_map: MapImage | None) -> str:
    if tier_map is None:
        return ""
    return (markup.heading(2, "Map", new_page=True)
            + markup.image(tier_map.png, "Map of areas coloured by tier", MAP_WIDTH_PX, tier_map.caption))


def _funnel_caption(results: AreaResults) -> str:
    caption = (f"Each point is one {results.noun.singular}: its observed cases divided by the number expected, "
               "against the number expected. Points beyond the dashed (95%) or solid (99.8%) lines differ from "
               "their population by more than chance would usually produce. The lines narrow to the right, where "
               "larger numbers give more certain ratios.")
    if results.run is not None and results.run.funnel_overdispersion():
        caption += (" The lines are widened for the extra variation between areas (over-dispersion), as the tiers "
                    "were.")
    if results.uses_false_discovery_rate:
        caption += (" Tiers here also allow for the number of areas tested (false discovery rate), so a point "
                    "just beyond a line can still be “in line with population”.")
    return caption


def _table_or_note(content: Table, plural: str) -> str:
    return markup.table(content) if content.rows else markup.paragraph(no_rows_note(plural))


def area_funnel(results: AreaResults) -> tuple[FunnelPoints, FunnelLimits] | None:
    """The points and limits of an area layer's funnel plot, the limits those its tiers used (as its run
    recorded); None when no area can be placed."""
    tiers = [None if pd.isna(tier) else int(tier) for tier in results.table["tier"]]
    points, _ = FunnelPoints.of(results.table["expected"], results.table["ratio"], tiers)
    if not points.expected.size:
        return None
    return points, funnel_limits(points.expected, results.run)


def area_funnel_png(results: AreaResults, palette_name: str) -> bytes | None:
    """The funnel plot of an area layer as a PNG (see :func:`area_funnel`)."""
    funnel = area_funnel(results)
    return funnel_png(*funnel, palette_name) if funnel is not None else None


def _area_section(results: AreaResults, settings: ReportSettings) -> str:
    parts = [markup.heading(2, results.title, new_page=True)]
    funnel = area_funnel_png(results, settings.palette)
    if funnel is not None:
        parts += [markup.heading(3, "Funnel plot"),
                  markup.image(funnel, f"Funnel plot of {results.title}", FUNNEL_WIDTH_PX, _funnel_caption(results))]
    parts += [markup.heading(3, f"{capitalised(results.noun.plural)} that differ significantly"),
              _table_or_note(area_table(results, settings.publication_safe), results.noun.plural)]
    return "".join(parts)


def _group_section(results: GroupResults, settings: ReportSettings) -> str:
    return (markup.heading(2, results.title, new_page=True) + markup.heading(3, "Groups that differ significantly")
            + _table_or_note(group_table(results, settings.publication_safe), "groups"))


def _explanations(areas: Sequence[AreaResults], groups: Sequence[GroupResults], settings: ReportSettings) -> str:
    notes = [note for results in areas for note in area_notes(results, settings.publication_safe)]
    notes += [note for results in groups for note in group_notes(results, settings.publication_safe)]
    return "".join([
        markup.heading(2, "What the tiers mean", new_page=True), markup.table(Table(["Tier", "Meaning"], tier_rows())),
        markup.heading(2, "What “too few to say” means"), *(markup.paragraph(p) for p in TOO_FEW_TO_SAY),
        markup.heading(2, "Methods and caveats"), *(markup.paragraph(p) for p in GENERAL_METHODS),
        markup.heading(3, "The layers in this report"), markup.bullets(notes),
    ])


def _sources(settings: ReportSettings) -> str:
    lines = [line.strip() for line in settings.data_sources.splitlines() if line.strip()]
    if settings.data_date:
        lines.append(f"Date of the data: {settings.data_date}.")
    return markup.heading(2, "Data sources") + "".join(markup.paragraph(line) for line in lines or ["Not stated."])


def build_report(areas: Sequence[AreaResults], groups: Sequence[GroupResults], settings: ReportSettings,
                 tier_map: MapImage | None = None, changes: Sequence[ChangeResults] = ()) -> Report:
    """The report on ``areas``, ``groups`` and ``changes`` (at least one of them)."""
    if not areas and not groups and not changes:
        raise InputError("Give at least one representation layer (areas), group representation table or change "
                         "layer.")
    titles = [r.title for r in [*areas, *groups, *changes]]
    if len(set(titles)) < len(titles):
        raise InputError(f"Two inputs have the same name ({', '.join(titles)}); rename one so the report can "
                         "tell them apart.")
    pairs = benchmark_pairs(list(areas))
    headlines = {r.title: area_headlines(r, settings.publication_safe) for r in areas}
    headlines.update({pair.title: [pair_sentence(pair)] for pair in pairs})
    headlines.update({r.title: group_headlines(r) for r in groups})
    headlines.update({r.title: change_headlines(r, settings.publication_safe) for r in changes})
    body = "".join([
        _header(settings), _headline_section(headlines), _map_section(tier_map),
        change_section(changes, settings.publication_safe),
        *(_area_section(r, settings) for r in areas), *(pair_section(p, settings.publication_safe) for p in pairs),
        *(_group_section(r, settings) for r in groups),
        _explanations(areas, groups, settings), _sources(settings),
    ])
    return Report(markup.page(settings.title, body), headlines)
