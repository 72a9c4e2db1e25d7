"""phso_insight:areabriefings end to end: one PDF per area named from its code and name, each page's text
checked against the numbers (read back with pdftotext), the atlas page count, disclosure control, the index
table, subsets, and nothing written when the run is cancelled."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.feedback import CancelAtPhase, PhaseRecorder
from tests.layers import attribute_rows, memory_layer, square

CODES = ["E14001901", "E14001902", "E14001903", "E14001904"]
NAMES = ["Sampleton Central", "Northfield Vale", "Easthaven", "Ynys Môn"]
#: Observed and expected cases: ratios 0.75 (too few to say), 1.36 (99.8% higher), 0.80 (95% lower), 1.10 (in line).
OBSERVED, EXPECTED = [3, 1043, 80, 110], [4.0, 767.0, 100.0, 100.0]
FILES = ["E14001901_Sampleton_Central.pdf", "E14001902_Northfield_Vale.pdf", "E14001903_Easthaven.pdf",
         "E14001904_Ynys_Mon.pdf"]
SIZE = 1000.0


def page_text(path) -> str:
    """The text of a PDF as a reader sees it: ligatures undone, whitespace (line breaks) made single spaces."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", done.stdout).split())


def page_count(path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", done.stdout, re.M).group(1))


def representation_file(run_alg, folder: Path, name: str, columns: dict, geometries: list) -> str:
    """A representation layer (GeoPackage, with its run metadata) of areas with supplied expected counts."""
    result = run_alg("representation", {"INPUT": memory_layer(columns, geometries), "OBSERVED_FIELDS": ["cases"],
                                        "EXPECTED_FIELD": "expected_in", "OUTPUT": str(folder / f"{name}.gpkg")})
    return result["OUTPUT"]


@pytest.fixture()
def constituencies(run_alg, tmp_path) -> str:
    columns = {"PCON24CD": CODES, "PCON24NM": NAMES, "cases": OBSERVED, "expected_in": EXPECTED}
    return representation_file(run_alg, tmp_path, "constituencies", columns,
                               [square(SIZE * i, 0, SIZE) for i in range(4)])


@pytest.fixture()
def small_areas(run_alg, tmp_path) -> str:
    """Four small areas in each constituency; in Northfield Vale one is significantly high and one low."""
    codes, names, cases, expected, shapes = [], [], [], [], []
    for i, name in enumerate(NAMES):
        for j, (dx, dy) in enumerate([(0, 0), (500, 0), (0, 500), (500, 500)]):
            codes.append(f"E0100{i}{j:04d}")
            names.append(f"{name} 00{j + 1}A")
            cases.append({(1, 0): 400, (1, 1): 20}.get((i, j), 50))
            expected.append(50.0)
            shapes.append(square(SIZE * i + dx, dy, 500))
    columns = {"LSOA21CD": codes, "LSOA21NM": names, "cases": cases, "expected_in": expected}
    return representation_file(run_alg, tmp_path, "lsoas", columns, shapes)


def briefings(run_alg, tmp_path, areas, feedback=None, **parameters) -> dict:
    return run_alg("areabriefings", {"INPUT": areas, "OUTPUT_FOLDER": str(tmp_path / "briefings"),
                                     "OUTPUT_INDEX": str(tmp_path / "index.csv"), **parameters}, feedback=feedback)


def test_one_pdf_per_area_named_from_its_code_and_a_safe_form_of_its_name(run_alg, tmp_path, constituencies):
    result = briefings(run_alg, tmp_path, constituencies)
    assert result["N_BRIEFINGS"] == 4
    assert sorted(p.name for p in (tmp_path / "briefings").iterdir()) == FILES
    assert all(page_count(tmp_path / "briefings" / name) == 1 for name in FILES)


def test_each_page_states_its_areas_numbers_in_plain_english(run_alg, tmp_path, constituencies):
    briefings(run_alg, tmp_path, constituencies)
    text = page_text(tmp_path / "briefings" / FILES[1])
    assert text.startswith("Northfield Vale Constituency E14001902 · complaint cases compared with population")
    assert ("Northfield Vale: 1,045 cases, 1.36 times what its population would suggest — significantly higher "
            "(99.8%).") in text
    for line in ("Cases: 1,045", "Expected from its population: 767.0", "Ratio (95% interval): 1.36 (1.28 to 1.44)",
                 "Tier: Significantly higher than expected (99.8%)",
                 "Ranks 1st of 4 constituencies by ratio (1st has the most cases for its population)."):
        assert line in text
    assert "Easthaven: 80 cases, 0.80 times what its population would suggest — lower (95%)." in \
        page_text(tmp_path / "briefings" / FILES[2])


def test_counts_are_publication_safe_by_default(run_alg, tmp_path, constituencies):
    briefings(run_alg, tmp_path, constituencies)
    small = page_text(tmp_path / "briefings" / FILES[0])
    assert "Sampleton Central: fewer than 8 cases, 0.75 times what its population would suggest — too few cases to " \
           "say whether it differs." in small
    assert "Cases: <8" in small and not re.search(r"\b3 cases\b|Cases: 3\b", small)
    large = page_text(tmp_path / "briefings" / FILES[1])
    assert "1,043" not in large
    assert "Publication-safe: counts of 1 to 7 are shown as “<8” and other counts are rounded to the nearest 5" in large


def test_without_disclosure_control_the_pages_say_the_exact_counts_and_not_to_publish(run_alg, tmp_path,
                                                                                      constituencies):
    briefings(run_alg, tmp_path, constituencies, PUBLICATION_SAFE=False)
    assert "Northfield Vale: 1,043 cases" in page_text(tmp_path / "briefings" / FILES[1])
    text = page_text(tmp_path / "briefings" / FILES[0])
    assert "Cases: 3 " in text and "Not publication-safe" in text


def test_the_combined_pdf_has_one_page_per_area(run_alg, tmp_path, constituencies):
    briefings(run_alg, tmp_path, constituencies, OUTPUT_COMBINED=str(tmp_path / "all.pdf"))
    assert page_count(tmp_path / "all.pdf") == 4
    assert "Ynys Môn: 110 cases, 1.10 times what its population would suggest — in line with its population." in \
        page_text(tmp_path / "all.pdf")


def test_the_index_lists_area_file_and_headline(run_alg, tmp_path, constituencies):
    result = briefings(run_alg, tmp_path, constituencies)
    from qgis.core import QgsVectorLayer

    rows = attribute_rows(QgsVectorLayer(result["OUTPUT_INDEX"], "index", "ogr"))
    assert [(r["code"], r["name"], Path(r["file"]).name) for r in rows] == list(zip(CODES, NAMES, FILES))
    assert all(Path(r["file"]).is_file() for r in rows)
    assert rows[1]["headline"] in page_text(rows[1]["file"])


def test_chosen_codes_are_briefed_and_ranked_among_every_area(run_alg, tmp_path, constituencies):
    result = briefings(run_alg, tmp_path, constituencies, AREA_CODES="E14001903")
    assert result["N_BRIEFINGS"] == 1
    assert [p.name for p in (tmp_path / "briefings").iterdir()] == [FILES[2]]
    assert "Ranks 3rd of 4 constituencies" in page_text(tmp_path / "briefings" / FILES[2])


def test_only_the_selected_features_are_briefed(run_alg, tmp_path, constituencies):
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(constituencies, "constituencies", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByExpression("\"PCON24CD\" IN ('E14001902', 'E14001904')")
        briefings(run_alg, tmp_path, QgsProcessingFeatureSourceDefinition(layer.id(), True))
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert sorted(p.name for p in (tmp_path / "briefings").iterdir()) == [FILES[1], FILES[3]]


def test_an_empty_selection_is_refused(run_alg, tmp_path, constituencies):
    from qgis.core import QgsProcessingException, QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(constituencies, "constituencies", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        with pytest.raises(QgsProcessingException, match="no features are selected in 'constituencies'"):
            briefings(run_alg, tmp_path, QgsProcessingFeatureSourceDefinition(layer.id(), True))
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_an_unknown_area_code_is_named(run_alg, tmp_path, constituencies):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="no area has the code.* E14009999"):
        briefings(run_alg, tmp_path, constituencies, AREA_CODES="E14001902; E14009999")


def test_small_areas_are_mapped_inside_their_area_and_those_that_differ_are_listed(run_alg, tmp_path, constituencies,
                                                                                    small_areas):
    briefings(run_alg, tmp_path, constituencies, SMALL_AREAS=small_areas)
    text = page_text(tmp_path / "briefings" / FILES[1])
    assert "Small areas (LSOAs) that stand out" in text
    assert "• Significantly higher than expected (99.8%): Northfield Vale 001A." in text
    assert "• Significantly lower than expected (99.8%): Northfield Vale 002A." in text
    assert "Small areas (LSOAs) by tier, compared with the whole input" in text
    assert "None of its 4 small areas (LSOAs) differs significantly." in page_text(tmp_path / "briefings" / FILES[3])


def group_table():
    """Disability within two constituencies (a hand-made group representation table)."""
    return memory_layer({
        "area": ["E14001902", "E14001902", "E14001903", "E14001903"], "group": ["Yes", "No", "Yes", "No"],
        "cases": [430.0, 613.0, 20.0, 60.0], "case_share": [0.41, 0.59, 0.25, 0.75],
        "population_share": [0.19, 0.81, 0.2, 0.8], "expected": [198.2, 844.8, 16.0, 64.0],
        "ratio": [2.17, 0.73, 1.25, 0.94], "lcl95": [1.97, 0.67, 0.76, 0.72], "ucl95": [2.38, 0.79, 1.93, 1.21],
        "tier": [2, -2, 0, 0], "tier_label": ["", "", "", ""], "excluded_cases": [0.0, 0.0, 0.0, 0.0]},
        name="disability by constituency")


def test_groups_that_differ_within_the_area_are_listed(run_alg, tmp_path, constituencies):
    briefings(run_alg, tmp_path, constituencies, GROUP_TABLES=[group_table()])
    text = page_text(tmp_path / "briefings" / FILES[1])
    assert "Groups that differ within the constituency" in text
    assert ("• “Yes”: 41% of cases but 19% of residents, 2.17 times the expected number — significantly higher than "
            "expected (99.8%).") in text
    assert "No group differs significantly from its share of the population in this constituency." in \
        page_text(tmp_path / "briefings" / FILES[2])


def test_a_group_table_without_areas_is_refused(run_alg, tmp_path, constituencies):
    from qgis.core import QgsProcessingException

    flat = memory_layer({"group": ["Yes"], "cases": [3.0], "case_share": [1.0], "population_share": [0.2],
                         "expected": [0.6], "ratio": [5.0], "lcl95": [1.0], "ucl95": [14.6], "tier": [1]},
                        name="flat")
    with pytest.raises(QgsProcessingException, match="no area breakdown"):
        briefings(run_alg, tmp_path, constituencies, GROUP_TABLES=[flat])


def test_the_change_since_the_previous_period_is_read_from_the_change_fields(run_alg, tmp_path, constituencies):
    change = memory_layer({"PCON24CD": ["E14001902"], "period_1": ["FY2023/24"], "period_2": ["FY2024/25"],
                           "observed_1": [143], "observed_2": [283], "ratio_of_ratios": [1.64], "rr_lcl95": [1.32],
                           "rr_ucl95": [2.05], "change_tier": [2], "change_label": ["Significantly increased (99.8%)"]})
    briefings(run_alg, tmp_path, constituencies, CHANGE=change)
    assert ("From FY2023/24 to FY2024/25: 145 → 285 cases; 1.64 times its earlier level (95% interval 1.32 to 2.05) "
            "— significantly increased (99.8%).") in page_text(tmp_path / "briefings" / FILES[1])


def test_the_other_benchmark_is_stated_on_each_page(run_alg, tmp_path, constituencies):
    columns = {"PCON24CD": CODES, "PCON24NM": NAMES, "cases": OBSERVED, "pop": [400, 76_700, 10_000, 10_000],
               "region": ["North", "North", "South", "South"]}
    within = run_alg("representation", {
        "INPUT": memory_layer(columns, [square(SIZE * i, 0, SIZE) for i in range(4)]), "OBSERVED_FIELDS": ["cases"],
        "POPULATION_FIELDS": ["pop"], "BENCHMARK": 1, "BENCHMARK_FIELD": "region",
        "OUTPUT": str(tmp_path / "within.gpkg")})["OUTPUT"]
    briefings(run_alg, tmp_path, constituencies, OTHER_BENCHMARK=within)
    text = page_text(tmp_path / "briefings" / FILES[2])
    assert "Within its region: 0.84 times what its region's rates would suggest — " in text


def test_existing_files_in_the_folder_are_kept_and_a_briefing_of_the_same_name_replaced(run_alg, tmp_path,
                                                                                          constituencies):
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / FILES[1]).write_text("old briefing")
    briefings(run_alg, tmp_path, constituencies, AREA_CODES="E14001902")
    assert (folder / "notes.txt").read_text() == "mine"
    assert page_count(folder / FILES[1]) == 1


def test_a_cancel_between_pages_leaves_no_briefing_and_no_index(run_alg, tmp_path, constituencies):
    from qgis.core import QgsProcessingException

    recorder = PhaseRecorder()
    (tmp_path / "complete").mkdir()
    briefings(run_alg, tmp_path / "complete", constituencies, feedback=recorder)
    second_page = next(i for i, phase in enumerate(recorder.phases) if phase.startswith("Briefing 2 of 4"))
    with pytest.raises(QgsProcessingException, match="Cancelled by the user; no output was written"):
        briefings(run_alg, tmp_path, constituencies, feedback=CancelAtPhase(second_page),
                  OUTPUT_COMBINED=str(tmp_path / "all.pdf"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["complete", "constituencies.gpkg"]


def test_the_brackenmoor_icb_briefing_shows_the_planted_pair_against_both_benchmarks(run_alg, tmp_path,
                                                                                     sample_pipeline):
    """The sample's planted regional pair (resources/sample/README.md): 001C is high against the whole region but
    in line with its ICB, 002D in line against the region but low within its ICB (no multiple-testing control)."""
    from tests.sample_pipeline import CASE_FIELDS, POP_FIELDS, sample_layer

    icbs = run_alg("apportion", {
        "INPUT": sample_pipeline.counts, "SOURCE_ID_FIELD": "LSOA21CD", "FIELDS": CASE_FIELDS + POP_FIELDS,
        "TARGET": sample_layer("icb"), "TARGET_ID_FIELD": "ICB23CD", "METHOD": 1, "OUTPUT": "TEMPORARY_OUTPUT"})
    common = {"OBSERVED_FIELDS": CASE_FIELDS, "POPULATION_FIELDS": POP_FIELDS, "MULTIPLE_TESTING": 0}
    icb = run_alg("representation", {"INPUT": icbs["OUTPUT"], **common, "OUTPUT": str(tmp_path / "icb.gpkg")})
    whole = run_alg("representation", {"INPUT": sample_pipeline.counts, **common,
                                       "OUTPUT": str(tmp_path / "lsoa.gpkg")})
    within = run_alg("representation", {"INPUT": sample_pipeline.counts, **common, "BENCHMARK": 1,
                                        "BENCHMARK_FIELD": "ICB23CD", "OUTPUT": str(tmp_path / "lsoa_icb.gpkg")})
    briefings(run_alg, tmp_path, icb["OUTPUT"], AREA_CODES="E54000901", SMALL_AREAS=whole["OUTPUT"],
              SMALL_AREAS_OTHER=within["OUTPUT"])
    text = page_text(tmp_path / "briefings" / "E54000901_NHS_Brackenmoor_Integrated_Care_Board.pdf")
    assert re.search(r"• Significantly higher than expected \(99\.8%\); in line with its ICB: [^•]*Brackenmoor 001C",
                     text)
    assert re.search(r"• In line with population; lower than its ICB \(95%\): [^•]*Brackenmoor 002D", text)
