"""phso_insight:preparedeprivation end to end: File 7 CSVs as published onto a layer of real London LSOA codes."""
import pytest

from tests.feedback import RecordingFeedback, error_of
from tests.layers import attribute_rows, memory_layer, square
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "deprivation"
CODES = ["E01000001", "E01000002", "E01033784", "E01033785", "E01033786", "E01000005"]


def lsoas(**extra):
    return memory_layer({"LSOA21CD": CODES, **extra}, [square(i * 100, 0) for i in range(len(CODES))])


def prepare(run_alg, file7: str, feedback=None, **extra):
    return run_alg("preparedeprivation", {"INPUT": str(DATA / file7), "AREAS": lsoas(), "AREA_FIELD": "LSOA21CD",
                                          "OUTPUT": "TEMPORARY_OUTPUT", **extra}, feedback)


def test_iod2019_through_the_lookup_gives_hand_computed_deciles_and_counts_the_estimated(run_alg):
    feedback = RecordingFeedback()
    result = prepare(run_alg, "iod2019_file7_london.csv", feedback,
                     LSOA_LOOKUP=str(DATA / "lsoa11_lsoa21_lookup_london.csv"))
    rows = {r["LSOA21CD"]: r for r in attribute_rows(result["OUTPUT"])}
    assert [rows[c]["imd_decile"] for c in CODES] == [8, 8, 1, 1, 4, None]
    assert [rows[c]["imd_estimated"] for c in CODES] == [0, 0, 1, 1, 1, None]
    assert rows["E01033786"]["imd_score"] == pytest.approx(18.75) and rows["E01033786"]["imd_change"] == "M"
    assert (result["N_AREAS"], result["N_MATCHED"], result["N_ESTIMATED"], result["N_MISSING"]) == (6, 5, 3, 1)
    assert result["EDITION"] == "IoD2019" and result["N_NOT_IN_AREAS"] == 1
    assert feedback.said("3 of 6 areas have an estimated decile")
    assert feedback.said("1 area(s) are not in the deprivation file", "E01000005")


def test_iod2025_is_copied_as_published(run_alg):
    result = prepare(run_alg, "iod2025_file7_london.csv")
    rows = {r["LSOA21CD"]: r for r in attribute_rows(result["OUTPUT"])}
    assert rows["E01033786"]["imd_decile"] == 4 and rows["E01033786"]["imd_rank"] == 11500
    assert result["N_ESTIMATED"] == 0 and result["EDITION"] == "IoD2025"


def test_an_existing_field_of_the_prefix_is_refused(run_alg):
    message = error_of(lambda: run_alg("preparedeprivation", {
        "INPUT": str(DATA / "iod2025_file7_london.csv"), "AREAS": lsoas(imd_decile=[1] * 6),
        "AREA_FIELD": "LSOA21CD", "OUTPUT": "TEMPORARY_OUTPUT"}))
    assert "already has field(s) imd_decile" in message and "FIELD_PREFIX" in message


def test_iod2019_without_the_lookup_says_which_lookup_to_give(run_alg):
    message = error_of(lambda: prepare(run_alg, "iod2019_file7_london.csv"))
    assert "IoD2019 is published on 2011 LSOAs" in message and "LSOA11CD, LSOA21CD, CHGIND" in message


def test_a_lookup_that_misses_a_file_lsoa_and_a_merged_area_with_a_missing_parent_are_reported(run_alg, tmp_path):
    lookup = (DATA / "lsoa11_lsoa21_lookup_london.csv").read_text().splitlines()
    short = tmp_path / "lookup.csv"
    short.write_text("\n".join(line for line in lookup if not line.startswith("E01000047")) + "\n")
    file7 = (DATA / "iod2019_file7_london.csv").read_text().splitlines()
    partial = tmp_path / "file7.csv"
    partial.write_text("\n".join(line for line in file7 if not line.startswith("E01000023")) + "\n")
    feedback = RecordingFeedback()
    result = prepare(run_alg, str(partial), feedback, LSOA_LOOKUP=str(short))
    rows = {r["LSOA21CD"]: r for r in attribute_rows(result["OUTPUT"])}
    assert rows["E01033786"]["imd_decile"] is None and result["N_MISSING"] == 2
    assert feedback.said("1 of them are 2021 LSOAs with a 2011 parent the file lacks", "E01033786")
    assert feedback.said("1 2011 LSOA(s) of the file are not in the LSOA lookup", "E01000047")
