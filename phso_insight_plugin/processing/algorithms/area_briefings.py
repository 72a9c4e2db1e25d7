"""``phso_insight:areabriefings`` — a one-page A4 PDF briefing per area, from a print-layout atlas.

Thin: reads the areas and what else was given (:mod:`..io.briefing_inputs`), lets
:mod:`phso_insight_plugin.report.briefing` write every page's texts, builds the layout
(:mod:`phso_insight_plugin.styling.briefing_layout`) and exports it page by page into the staged output
folder (:mod:`phso_insight_plugin.styling.atlas_export`), with an index table of area, file and headline.
"""
from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pandas as pd
from qgis.core import Qgis, QgsProcessingAlgorithm, QgsProcessingParameterMultipleLayers, QgsWkbTypes

from ...cancel import start_phase
from ...errors import InputError
from ...report.briefing import (
    DEFAULT_PERIODS,
    BriefingInputs,
    SmallAreas,
    briefing_table,
    disclosure_note,
    method_note,
)
from ...report.results import CODE, AreaResults
from ...results.benchmark import short_noun
from ...results.disclosure import disclosure_for
from ...results.geography import capitalised
from ...styling.atlas_export import export_combined, export_pages
from ...styling.briefing_layout import BriefingPage, briefing_layout
from ...styling.print_layout import DEFAULT_ATTRIBUTION
from ..base import PhsoAlgorithm
from ..io.briefing_inputs import BriefedAreas, ReadSmallAreas, read_areas, read_change, read_small_areas
from ..io.briefing_layers import memory_layer, tier_column
from ..io.layers import result_fields, write_frame
from ..io.parameter_checks import concerning
from ..io.result_layers import read_area_results, read_group_results
from ..io.run_records import input_layer
from ..parameters import POLYGONS

INDEX_COLUMNS = {"code": "str", "name": "str", "file": "str", "headline": "str"}
PAGE_PROGRESS = (30.0, 65.0)


class AreaBriefingsAlgorithm(PhsoAlgorithm):
    """Reads the results, writes one PDF per area (and optionally all in one) and the index table."""

    ALG_ID = "areabriefings"
    GROUP_ID = "map"
    DISPLAY_NAME = "Area briefings"
    GEOMETRY_INPUTS = ("INPUT",)

    INPUT = "INPUT"
    CODE_FIELD = "CODE_FIELD"
    NAME_FIELD = "NAME_FIELD"
    AREA_CODES = "AREA_CODES"
    OTHER_BENCHMARK = "OTHER_BENCHMARK"
    SMALL_AREAS = "SMALL_AREAS"
    SMALL_AREAS_OTHER = "SMALL_AREAS_OTHER"
    GROUP_TABLES = "GROUP_TABLES"
    CHANGE = "CHANGE"
    CHANGE_CODE_FIELD = "CHANGE_CODE_FIELD"
    PUBLICATION_SAFE = "PUBLICATION_SAFE"
    DATA_DATE = "DATA_DATE"
    ATTRIBUTION = "ATTRIBUTION"
    DPI = "DPI"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT_COMBINED = "OUTPUT_COMBINED"
    OUTPUT_INDEX = "OUTPUT_INDEX"
    N_BRIEFINGS = "N_BRIEFINGS"

    def flags(self):
        """Main thread only: print layouts are QGraphicsScenes (as for QGIS's own layout exports)."""
        return super().flags() | Qgis.ProcessingAlgorithmFlag.NoThreading

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Areas to brief: a representation layer (constituencies, ICBs …)", POLYGONS)
        self.add_field(self.CODE_FIELD, "Area code field (default: as recorded with the layer)", self.INPUT,
                       optional=True)
        self.add_field(self.NAME_FIELD, "Area name field (default: detected)", self.INPUT, optional=True)
        self.add_text(self.AREA_CODES, "Only these area codes (separated by ; or ,; default: every area given)",
                      optional=True)
        self.add_source(self.OTHER_BENCHMARK, "The same areas against the other benchmark (optional)", optional=True)
        self.add_source(self.SMALL_AREAS, "Small areas drawn inside each area: a representation layer (optional)",
                        POLYGONS, optional=True)
        self.add_source(self.SMALL_AREAS_OTHER, "The same small areas against the other benchmark (optional)",
                        optional=True)
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.GROUP_TABLES, self.tr("Group tables by area (grouprepresentation with an area field; optional)"),
            Qgis.ProcessingSourceType.Vector, optional=True))
        self.add_source(self.CHANGE, "Change since the previous period, by area (optional)", optional=True)
        self.add_field(self.CHANGE_CODE_FIELD, "Change: area code field (default: as recorded)", self.CHANGE,
                       optional=True)
        self.add_flag(self.PUBLICATION_SAFE, "Publication-safe counts (1–7 shown as <8, others rounded to 5)", True)
        self.add_palette()
        self.add_text(self.DATA_DATE, "Date of the data (e.g. March 2024)", optional=True)
        self.add_text(self.ATTRIBUTION, "Attribution", self.tr(DEFAULT_ATTRIBUTION))
        self.add_number(self.DPI, "Resolution of any raster parts (dots per inch)", 150, minimum=72, maximum=600,
                        integer=True)
        self.add_folder_output(self.OUTPUT_FOLDER, "Folder for the briefings (one PDF per area)")
        self.add_file_output(self.OUTPUT_COMBINED, "All briefings in one PDF", "PDF document (*.pdf)", optional=True)
        self.add_sink(self.OUTPUT_INDEX, "Index of the briefings (area, file, headline)",
                      Qgis.ProcessingSourceType.Vector)
        self.add_number_results({self.N_BRIEFINGS: "Number of briefings written"})

    def geometry_inputs(self, parameters, context) -> tuple[str, ...]:
        return (self.INPUT, self.SMALL_AREAS) if parameters.get(self.SMALL_AREAS) else (self.INPUT,)

    def execute(self, parameters, context, feedback):
        folder = self.parameterAsFolderOutput(parameters, self.OUTPUT_FOLDER, context)
        destination = os.path.abspath(QgsProcessingAlgorithm.parameterAsFileOutput(self, parameters,
                                                                                   self.OUTPUT_FOLDER, context))
        combined = self.parameterAsFileOutput(parameters, self.OUTPUT_COMBINED, context)
        areas = self._areas(parameters, context, feedback)
        small = self._small_areas(parameters, context, feedback, areas)
        inputs = self._inputs(parameters, context, feedback, areas, small)
        start_phase(feedback, self.tr("Writing the briefings' texts…"))
        pages = briefing_table(inputs)
        feedback.setProgress(25)
        layout = self._layout(parameters, context, feedback, areas, small, inputs, pages)
        os.makedirs(folder, exist_ok=True)
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        span = PAGE_PROGRESS[1] / (2 if combined else 1)

        def on_page(index: int, total: int) -> None:
            feedback.setProgress(PAGE_PROGRESS[0] + span * index / total)
            start_phase(feedback, self.tr("Briefing {0} of {1}: {2}").format(index + 1, total, pages["name"][index]))

        export_pages(layout.layout, [os.path.join(folder, name) for name in pages["file"]], dpi,
                     feedback.isCanceled, on_page)
        if combined:
            start_phase(feedback, self.tr("Writing all briefings in one PDF…"))
            export_combined(layout.layout, combined, dpi, feedback.isCanceled)
        index = self._write_index(parameters, context, feedback, pages, destination)
        feedback.pushInfo(self.tr("Wrote {0} briefings to {1}.").format(len(pages), destination))
        return {self.OUTPUT_FOLDER: destination, self.OUTPUT_COMBINED: combined or None, self.OUTPUT_INDEX: index,
                self.N_BRIEFINGS: len(pages)}

    # --- reading ---------------------------------------------------------------------------------------------

    def _areas(self, parameters, context, feedback) -> BriefedAreas:
        source = self.required_source(parameters, self.INPUT, context)
        layer = input_layer(self, parameters, self.INPUT, context)
        if layer is None:
            raise InputError(self.tr("The areas (INPUT) must be a layer QGIS can open."))
        fields = (self.chosen(parameters, self.CODE_FIELD, context), self.chosen(parameters, self.NAME_FIELD, context))
        with concerning(self, self.INPUT):
            return read_areas(layer, source, fields, self.parameterAsString(parameters, self.AREA_CODES, context),
                              feedback)

    def _layer(self, parameters, key, context):
        return input_layer(self, parameters, key, context) if parameters.get(key) else None

    def _small_areas(self, parameters, context, feedback, areas: BriefedAreas) -> ReadSmallAreas | None:
        layer = self._layer(parameters, self.SMALL_AREAS, context)
        if layer is None:
            return None
        start_phase(feedback, self.tr("Placing the small areas in their areas…"))
        with concerning(self, self.SMALL_AREAS):
            return read_small_areas(layer, areas, self.parameterAsSource(parameters, self.INPUT, context).sourceCrs(),
                                    context, feedback)

    def _other(self, parameters, key, context, feedback, name_field: str | None) -> AreaResults | None:
        layer = self._layer(parameters, key, context)
        if layer is None:
            return None
        with concerning(self, key):
            return read_area_results(layer, name_field, feedback)

    def _inputs(self, parameters, context, feedback, areas: BriefedAreas, small: ReadSmallAreas | None
                ) -> BriefingInputs:
        other = self._other(parameters, self.OTHER_BENCHMARK, context, feedback, areas.name_field)
        small_other = self._other(parameters, self.SMALL_AREAS_OTHER, context, feedback, None)
        with concerning(self, self.GROUP_TABLES):
            groups = [read_group_results(layer, feedback)
                      for layer in self.parameterAsLayerList(parameters, self.GROUP_TABLES, context)]
            flat = [table.title for table in groups if not table.by_area]
            if flat:
                raise InputError(self.tr("The group table(s) {0} have no area breakdown: briefings list the groups "
                                         "that differ within each area, from Representation by group run with an "
                                         "area field (AREA_FIELD).").format(", ".join(map(repr, flat))))
        change, periods = None, DEFAULT_PERIODS
        change_layer = self._layer(parameters, self.CHANGE, context)
        if change_layer is not None:
            with concerning(self, self.CHANGE):
                change, periods = read_change(change_layer, self.chosen(parameters, self.CHANGE_CODE_FIELD, context),
                                              areas.code_field, feedback)
        publication_safe = self.parameterAsBoolean(parameters, self.PUBLICATION_SAFE, context)
        return BriefingInputs(
            areas.results, areas.briefed, other=other, groups=groups,
            small_areas=SmallAreas(small.results, small.small, small.area, small_other) if small is not None else None,
            change=change, periods=periods, disclosure=disclosure_for(publication_safe))

    # --- layout and outputs ------------------------------------------------------------------------------------

    def _page(self, parameters, context, inputs: BriefingInputs) -> BriefingPage:
        """The words every page shares."""
        noun, publication_safe = inputs.areas.noun, inputs.disclosure is not None
        data_date = self.parameterAsString(parameters, self.DATA_DATE, context)
        today = dt.date.today()
        footer = (f"Data: {data_date}. " if data_date else "") + f"Briefing produced {today.day} {today:%B %Y}. " \
            + self.parameterAsString(parameters, self.ATTRIBUTION, context)
        sections = {}
        if inputs.small_areas is not None:
            sections["small_areas"] = self.tr("{0} that stand out").format(inputs.small_areas.results.noun.title)
        if inputs.groups:
            sections["groups"] = self.tr("Groups that differ within the {0}").format(short_noun(noun))
        if inputs.change is not None:
            sections["change"] = self.tr("Change since the previous period")
        small = inputs.small_areas.results if inputs.small_areas is not None else None
        return BriefingPage(
            subtitle=f'{capitalised(noun.singular)} [% "code" %] · ' + self.tr("complaint cases compared with "
                                                                            "population"),
            method=method_note(inputs.areas.run, publication_safe, small),
            disclosure=disclosure_note(inputs.disclosure),
            footer=footer, small_title=_legend_title(small) if small is not None else "",
            tier_labels=_tier_labels(small) if small is not None else {}, sections=sections)

    def _layout(self, parameters, context, feedback, areas: BriefedAreas, small: ReadSmallAreas | None,
                inputs: BriefingInputs, pages: pd.DataFrame):
        start_phase(feedback, self.tr("Laying out the pages…"))
        source = self.parameterAsSource(parameters, self.INPUT, context)
        crs, wkb_type = source.sourceCrs(), QgsWkbTypes.multiType(source.wkbType())
        briefed = areas.briefed
        tiers = tier_column(areas.results.table["tier"].iloc[briefed].reset_index(drop=True))
        coverage = memory_layer("briefed areas", crs, wkb_type, pages.assign(tier=tiers),
                                [areas.table.wkb[i] for i in briefed], feedback.isCanceled,
                                {**{c: "str" for c in pages.columns}, "tier": "int"})
        everything = memory_layer("areas", crs, wkb_type, pd.DataFrame({"code": areas.results.table[CODE]}),
                                  areas.table.wkb, feedback.isCanceled)
        small_layer = None
        if small is not None:
            inside = np.isin(np.arange(len(small.wkb)), small.small[np.isin(small.area, briefed)])
            frame = pd.DataFrame({"name": small.results.table["name"][inside].to_numpy(),
                                  "tier": tier_column(small.results.table["tier"][inside].reset_index(drop=True))})
            small_layer = memory_layer("small areas", crs, Qgis.WkbType.MultiPolygon, frame,
                                       [w for w, keep in zip(small.wkb, inside) if keep], feedback.isCanceled)
        page = self._page(parameters, context, inputs)
        palette = self.parameterAsEnumString(parameters, "PALETTE", context)
        return briefing_layout(coverage, everything, small_layer, page, palette)

    def _write_index(self, parameters, context, feedback, pages: pd.DataFrame, destination: str) -> str:
        index = pages[list(INDEX_COLUMNS)].assign(file=[os.path.join(destination, f) for f in pages["file"]])
        fields = result_fields(index, INDEX_COLUMNS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT_INDEX, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT_INDEX))
        write_frame(sink, index, fields, feedback, progress=(97.0, 3.0))
        return dest_id


def _legend_title(small: AreaResults) -> str:
    benchmark = small.benchmark
    against = f"compared with their {benchmark.noun}" if benchmark.is_parent else "compared with the whole input"
    return f"{small.noun.title} by tier, {against}"


def _tier_labels(small: AreaResults) -> dict:
    benchmark = small.benchmark
    return {tier: benchmark.tier_label(tier) for tier in (2, 1, 0, -1, -2, None)} if benchmark.is_parent else {}
