"""Worst-case Cancel latency of every algorithm on the generated inputs (England scale by default).

``python -m bench.cancel_latency [--sizes england|smoke] [algorithm …]`` runs each algorithm once through
``processing.run`` with a feedback that records the time of every cancel check (``isCanceled``) and
the phase in progress. The longest interval between two checks (or between the start or end of the
run and the nearest check) is how long a Cancel pressed at the worst moment would take to be noticed.
Outputs go to ``<cache>/work/cancel_latency/``; later algorithms read earlier ones' outputs (so measure
a subset only after a full run).
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from bench.config import PRESETS
from bench.generate import generate
from bench.qgis_session import start
from bench.stages import case_group_fields
from synthetic.england.population import AGE_BANDS, POP_FIELDS, POP_TOTAL


def recording_feedback():
    """A QgsProcessingFeedback keeping (time, phase) of every cancel check."""
    from qgis.core import QgsProcessingFeedback

    class Recorder(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.phase = "start"
            self.checks = []

        def isCanceled(self):
            self.checks.append((time.perf_counter(), self.phase))
            return super().isCanceled()

        def setProgressText(self, text):
            self.phase = text
            super().setProgressText(text)

    return Recorder()


def worst_gap(algorithm: str, parameters: dict) -> tuple[float, float, str]:
    """(run time s, longest interval between cancel checks s, the phase it ended in)."""
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProject

    feedback = recording_feedback()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    started = time.perf_counter()
    processing.run(algorithm, parameters, context=context, feedback=feedback)
    ended = time.perf_counter()
    times = [started] + [t for t, _ in feedback.checks] + [ended]
    phases = ["start"] + [p for _, p in feedback.checks] + ["end"]
    gap, at = max((b - a, k + 1) for k, (a, b) in enumerate(zip(times, times[1:])))
    return ended - started, gap, phases[at]


def long_population(lsoa: Path, path: Path) -> str:
    """Population by LSOA and age band in long form (one row per LSOA and band), from the LSOA layer."""
    import pandas as pd
    from osgeo import ogr

    dataset = ogr.Open(str(lsoa))
    rows = [(feature.GetField("lsoa21cd"), band, feature.GetField(field))
            for feature in dataset.GetLayer(0) for band, field in zip(AGE_BANDS, POP_FIELDS)]
    pd.DataFrame(rows, columns=["lsoa21cd", "age_band", "population"]).to_csv(path, index=False)
    return str(path)


def runs(data, out) -> dict:
    """Algorithm → (description, id, parameters); in an order where each reads what earlier ones wrote."""
    return {
        "assigncases": ("cases by postcode", "phso_insight:assigncases", {
            "INPUT": data("cases"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
            "POSTCODE_LOOKUP": data("postcodes"), "LOOKUP_POSTCODE_FIELD": "pcds",
            "LOOKUP_AREA_FIELDS": ["lsoa21cd", "pcon24cd", "icb23cd"], "OUTPUT": out("assigned.gpkg"),
            "UNMATCHED": out("unmatched.gpkg")}),
        "joincasecounts": ("counts by 19 age bands on the LSOAs", "phso_insight:joincasecounts", {
            "INPUT": out("assigned.gpkg"), "CASE_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band",
            "AREAS": data("lsoa"), "AREA_FIELD": "lsoa21cd", "OUTPUT": out("counts.gpkg"),
            "UNMATCHED": out("uncounted.gpkg")}),
        "apportion": ("LSOAs onto constituencies, population-weighted", "phso_insight:apportion", {
            "INPUT": data("lsoa"), "SOURCE_ID_FIELD": "lsoa21cd", "FIELDS": [POP_TOTAL, *POP_FIELDS],
            "TARGET": data("pcon"), "TARGET_ID_FIELD": "pcon24cd", "METHOD": 0, "WEIGHTS": data("lsoa"),
            "WEIGHT_FIELD": POP_TOTAL, "OUTPUT": out("pcon.gpkg"), "CROSSWALK": out("crosswalk.gpkg")}),
        "representation": ("LSOAs, 19 strata, Benjamini–Hochberg", "phso_insight:representation", {
            "INPUT": out("counts.gpkg"), "OBSERVED_FIELDS": case_group_fields(), "POPULATION_FIELDS": POP_FIELDS,
            "MULTIPLE_TESTING": 1, "OUTPUT": out("representation.gpkg")}),
        "grouprepresentation": ("cases by age band × LSOA", "phso_insight:grouprepresentation", {
            "CASES": out("assigned.gpkg"), "GROUP_FIELD": "age_band", "AREA_FIELD": "lsoa21cd",
            "POPULATION": "population_long", "POP_GROUP_FIELD": "age_band", "POP_COUNT_FIELD": "population",
            "POP_AREA_FIELD": "lsoa21cd", "OUTPUT": out("groups.gpkg")}),
        "tierstyle": ("LSOA representation, QML and SLD", "phso_insight:tierstyle", {
            "INPUT": out("representation.gpkg"), "OUTPUT_QML": out("tiers.qml"), "OUTPUT_SLD": out("tiers.sld")}),
        "exportmap": ("LSOA map, PNG and PDF", "phso_insight:exportmap", {
            "INPUT": out("representation.gpkg"), "OUTPUT_PNG": out("map.png"), "OUTPUT_PDF": out("map.pdf")}),
        "exportstyled": ("LSOA representation, publication-safe", "phso_insight:exportstyled", {
            "INPUT": out("representation.gpkg"), "PUBLICATION_SAFE": True, "OUTPUT": out("styled.gpkg")}),
        "insightreport": ("LSOA layer and the group table, HTML and PDF", "phso_insight:insightreport", {
            "AREA_LAYERS": [out("representation.gpkg")], "GROUP_TABLES": [out("groups.gpkg")],
            "OUTPUT_HTML": out("report.html"), "OUTPUT_PDF": out("report.pdf")}),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", choices=sorted(PRESETS), default="england")
    parser.add_argument("algorithms", nargs="*", help="algorithm ids to measure (default: all, in order)")
    args = parser.parse_args(argv)
    inputs = generate(PRESETS[args.sizes])
    work = inputs.folder / "work" / "cancel_latency"
    if not args.algorithms:  # a subset reads what an earlier full run wrote
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    start()
    plan = runs(lambda name: str(inputs.path(name)), lambda name: str(work / name))
    print(f"{'algorithm':<20} {'what':<46} {'run s':>7} {'worst s':>8}  phase of the worst interval")
    for name, (what, algorithm, parameters) in plan.items():
        if args.algorithms and name not in args.algorithms:
            continue
        if parameters.get("POPULATION") == "population_long":
            parameters["POPULATION"] = long_population(inputs.path("lsoa"), work / "population_long.csv")
        run_s, gap_s, phase = worst_gap(algorithm, parameters)
        print(f"{name:<20} {what:<46} {run_s:7.2f} {gap_s:8.2f}  {phase}", flush=True)


if __name__ == "__main__":
    main()
