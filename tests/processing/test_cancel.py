"""Cancel is honoured in every phase of every algorithm: the run raises, reports no later phase, and
leaves no file behind (an earlier file at the destination is untouched)."""
from __future__ import annotations

from pathlib import Path

import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.feedback import CancelAtPhase, PhaseRecorder
from tests.sample_pipeline import (
    CASE_FIELDS,
    assign_parameters,
    group_parameters,
    join_parameters,
    representation_parameters,
    sample_layer,
)

EARLIER_OUTPUT = b"an earlier output that must survive"


def located_cases(pipeline, out) -> dict:
    """Cases located by coordinates: the sample's postcode points as cases, in the LSOAs."""
    return {"INPUT": sample_layer("postcode_lookup"), "LOCATION_TYPE": 3, "X_FIELD": "x", "Y_FIELD": "y",
            "AREAS": sample_layer("lsoa"), "AREA_FIELD": "LSOA21CD", "OUTPUT": out("located.gpkg"),
            "UNMATCHED": out("outside.csv")}


def apportioned(pipeline, out) -> dict:
    return {"INPUT": pipeline.counts, "SOURCE_ID_FIELD": "LSOA21CD", "FIELDS": CASE_FIELDS,
            "TARGET": sample_layer("constituency"), "TARGET_ID_FIELD": "PCON24CD", "METHOD": 0,
            "WEIGHTS": pipeline.counts, "WEIGHT_FIELD": "pop_total", "OUTPUT": out("constituencies.gpkg"),
            "CROSSWALK": out("crosswalk.csv")}


#: Each algorithm (both ways of locating cases for assigncases): its id and its parameters, given the
#: sample pipeline's files and a function naming an output file in the test's folder.
RUNS = {
    "assigncases by postcode": ("assigncases", lambda p, out: assign_parameters(out("assigned.gpkg"),
                                                                                out("unmatched.csv"))),
    "assigncases by coordinates": ("assigncases", located_cases),
    "joincasecounts": ("joincasecounts", lambda p, out: join_parameters(p.assigned, out("counts.gpkg"),
                                                                        out("uncounted.csv"))),
    "apportion": ("apportion", apportioned),
    "preparepopulation": ("preparepopulation", lambda p, out: {
        "INPUT": str(SAMPLE_DIR / "census2021-ts007-lsoa.csv"), "AREAS": sample_layer("lsoa"), "AREA_FIELD": "LSOA21CD",
        "FIELD_PREFIX": "prepared", "OUTPUT": out("population.gpkg"), "OUTPUT_TABLE": out("population.csv")}),
    "representation": ("representation", lambda p, out: representation_parameters(p.counts,
                                                                                   out("representation.gpkg"))),
    "grouprepresentation": ("grouprepresentation", lambda p, out: group_parameters(p.assigned, out("groups.csv"))),
    "grouprepresentation with periods": ("grouprepresentation", lambda p, out: {
        **group_parameters(p.assigned, out("groups.csv")), "PERIODS": 1, "DATE_FIELD": "received_date",
        "CHANGE": out("change.csv"), "BY_PERIOD": out("by_period.csv")}),
    "representationchange": ("representationchange", lambda p, out: {
        "CASES": p.assigned, "CASE_AREA_FIELD": "lsoa21cd", "DATE_FIELD": "received_date", "AREAS": p.counts,
        "AREA_CODE_FIELD": "LSOA21CD", "POPULATION_FIELDS": ["pop_total"], "OUTPUT": out("change.gpkg"),
        "BY_PERIOD": out("by_period.csv")}),
    "tierstyle": ("tierstyle", lambda p, out: {"INPUT": p.representation, "OUTPUT_QML": out("tiers.qml"),
                                               "OUTPUT_SLD": out("tiers.sld")}),
    "exportmap": ("exportmap", lambda p, out: {"INPUT": p.representation, "DPI": 30, "OUTPUT_PNG": out("map.png"),
                                               "OUTPUT_PDF": out("map.pdf")}),
    "exportstyled": ("exportstyled", lambda p, out: {"INPUT": p.representation, "OUTPUT": out("styled.gpkg")}),
    "insightreport": ("insightreport", lambda p, out: {
        "AREA_LAYERS": [p.representation], "GROUP_TABLES": [p.groups], "OUTPUT_HTML": out("report.html"),
        "OUTPUT_PDF": out("report.pdf")}),
    "areabriefings": ("areabriefings", lambda p, out: {
        "OUTPUT_INDEX": out("index.csv"), "INPUT": p.representation, "AREA_CODES": "E01900003; E01900010",
        "SMALL_AREAS": p.representation, "OUTPUT_FOLDER": out("briefings"),
        "OUTPUT_COMBINED": out("all.pdf")}),
}


def parameters_writing_to(folder: Path, name: str, pipeline) -> dict:
    folder.mkdir()
    return RUNS[name][1](pipeline, lambda file: str(folder / file))


def first_output(parameters: dict, folder: Path) -> Path:
    return next(Path(v) for v in parameters.values() if isinstance(v, str) and v.startswith(str(folder)))


@pytest.mark.parametrize("name", RUNS)
def test_a_cancel_at_the_start_of_any_phase_raises_stops_there_and_writes_nothing(run_alg, sample_pipeline,
                                                                                  tmp_path, name):
    from qgis.core import QgsProcessingException

    algorithm = RUNS[name][0]
    recorder = PhaseRecorder()
    run_alg(algorithm, parameters_writing_to(tmp_path / "complete", name, sample_pipeline), feedback=recorder)
    assert len(recorder.phases) >= 2, recorder.phases  # at least reading (or drawing) and writing
    for index, phase in enumerate(recorder.phases):
        folder = tmp_path / f"cancelled_at_{index}"
        parameters = parameters_writing_to(folder, name, sample_pipeline)
        earlier = first_output(parameters, folder)
        earlier.write_bytes(EARLIER_OUTPUT)
        feedback = CancelAtPhase(index)
        with pytest.raises(QgsProcessingException, match="Cancelled by the user; no output was written"):
            run_alg(algorithm, parameters, feedback=feedback)
        assert (feedback.phases_after_cancel, feedback.progress_after_cancel <= 1) == ([], True), phase
        assert [p.name for p in folder.iterdir()] == [earlier.name], phase
        assert earlier.read_bytes() == EARLIER_OUTPUT, phase


def test_a_run_cancelled_before_it_starts_raises_and_writes_nothing(run_alg, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled by the user"):
        run_alg("assigncases", assign_parameters(str(tmp_path / "assigned.gpkg"), str(tmp_path / "unmatched.csv")),
                feedback=feedback)
    assert list(tmp_path.iterdir()) == []
