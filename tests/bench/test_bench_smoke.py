"""``make bench`` at tiny sizes, in-process, so the benchmark code cannot rot (the real run is not part of
make test)."""
import pandas as pd
import pytest

from bench import report
from bench.compare import read_gpkg_table
from bench.config import SMOKE
from bench.generate import generate
from bench.run import run_benchmark
from bench.stages import STAGES
from synthetic.england.dataset import EXTENT


@pytest.fixture(scope="module")
def smoke(plugin, tmp_path_factory):
    """The whole benchmark once at SMOKE sizes: 1 repetition, no tobler, stages in this process."""
    root = tmp_path_factory.mktemp("bench-cache")
    return run_benchmark(SMOKE, repetitions=1, tobler=False, in_process=True, cache_root=root, log=lambda _: None)


def test_every_stage_ran_and_produced_rows(smoke):
    assert list(smoke["stages"]) == [stage.name for stage in STAGES]
    for name, record in smoke["stages"].items():
        assert "error" not in record and "skipped" not in record, name
        assert record["rows"] > 0 and record["median_s"] > 0 and record["peak_rss_mb"] > 0, name


def test_cases_are_conserved_through_assign_and_join(smoke):
    stages, kinds = smoke["stages"], smoke["inputs"]["case_kinds"]
    unmatchable = kinds["blank"] + kinds["malformed"] + kinds["not_in_lookup"]
    assert stages["assign"]["rows"] == SMOKE.cases
    assert stages["assign"]["rows_unmatched"] == unmatchable
    assert stages["join"]["rows"] == stages["join"]["rows_matched"] == stages["assign"]["rows_matched"]


def test_counting_straight_from_postcodes_counts_what_assign_then_join_counts(smoke, tmp_path):
    stages = smoke["stages"]
    assert stages["count_by_postcode"]["rows"] == SMOKE.cases
    assert stages["count_by_postcode"]["rows_matched"] == stages["join"]["rows_matched"]
    assigned = {reason: n for reason, n in stages["assign"]["unmatched_by_reason"].items()
                if n or not reason.startswith("postcode has no")}  # one zero "no area" reason per area column
    counted = {reason: n for reason, n in stages["count_by_postcode"]["unmatched_by_reason"].items()
               if n or not reason.startswith("postcode has no")}
    assert counted == {**assigned, "blank area code": 0, "area code not in areas": 0}


def test_apportion_totals_are_conserved_and_agree_with_the_qgis_chain(smoke):
    population = smoke["inputs"]["population_total"]
    for name in ("apportion_pcon", "apportion_icb", "apportion_pcon_legacy", "apportion_area_pcon"):
        record = smoke["stages"][name]
        assert record["conserved"], name
        assert record["total_in"] == pytest.approx(population, rel=1e-12)
        assert record["total_out"] + record["unallocated"] == pytest.approx(population, rel=1e-9)
    chain = smoke["agreement"]["qgis_chain_pcon vs apportion_area_pcon"]
    assert chain["max_rel_diff_per_target"] < 1e-9


def test_report_is_written_and_printed(smoke, tmp_path):
    json_path, csv_path = report.write(smoke, tmp_path, "smoke")
    table = pd.read_csv(csv_path)
    assert list(table["stage"]) == list(smoke["stages"]) and json_path.stat().st_size > 0
    assert "apportion_pcon" in report.format_table(smoke)
    assert {check["check"] for check in smoke["checks"]} >= {
        "assign + join time, with the assigned table (s)", "count_by_postcode time (s)", "peak RSS of any stage (MiB)",
        "best fit (apportion_icb) time / population-weighted time"}


def test_scaling_rows_fit_how_time_grows_and_predict_a_larger_run():
    records = {share: {"stage": {"median_s": 2.0 * share}, "flat": {"median_s": 1.0}} for share in (0.25, 0.5, 1.0)}
    rows = report.scaling({name: (share, records[share]) for name, share in
                           (("quarter", 0.25), ("half", 0.5), ("england", 1.0))})
    assert rows["stage"] == {"shares": [0.25, 0.5, 1.0], "median_s": [0.5, 1.0, 2.0], "exponent": 1.0,
                             "predicted_s": 6.0}
    assert rows["flat"]["exponent"] == 0.0 and rows["flat"]["predicted_s"] == 1.0


def test_scaling_csv_puts_each_time_under_its_size_and_a_comparison_under_england(tmp_path):
    records = {share: {"stage": {"stage": "stage", "median_s": 2.0 * share}} for share in (0.25, 0.5, 1.0)}
    records[1.0]["chain"] = {"stage": "chain", "median_s": 18.0}
    scaling = report.scaling({name: (share, records[share]) for name, share in
                              (("quarter", 0.25), ("half", 0.5), ("england", 1.0))})
    report.write({"stages": records[1.0], "scaling": scaling}, tmp_path, "run")
    table = pd.read_csv(tmp_path / "run-scaling.csv", index_col="stage")
    assert table.loc["stage", ["quarter_s", "half_s", "england_s", "exponent"]].tolist() == [0.5, 1.0, 2.0, 1.0]
    assert table.loc["chain", "england_s"] == 18.0 and table.loc["chain", ["quarter_s", "half_s"]].isna().all()


def test_generator_is_deterministic_and_valid(smoke, tmp_path):
    from phso_insight_plugin.cases.postcodes import POSTCODE_RE

    first = generate(SMOKE, tmp_path / "a", log=lambda _: None)
    second = generate(SMOKE, tmp_path / "b", log=lambda _: None)
    for name in ("cases", "postcodes"):
        assert first.path(name).read_bytes() == second.path(name).read_bytes()
    directory = pd.read_csv(first.path("postcodes"))
    assert len(directory) == SMOKE.postcodes and directory["pcds"].is_unique
    assert directory["pcds"].str.replace(" ", "").map(lambda code: bool(POSTCODE_RE.match(code))).all()
    assert (directory["pcd7"].str.len() == 7).all()
    areas = read_gpkg_table(first.path("lsoa"))
    xmin, ymin, xmax, ymax = EXTENT
    assert areas["shape_area"].sum() == pytest.approx((xmax - xmin) * (ymax - ymin), rel=1e-9)
