"""`make demo` keeps working: the script runs headless and the planted areas are flagged."""
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-output")
    done = subprocess.run([sys.executable, "-m", "scripts.demo", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return out, done.stdout


def test_demo_writes_the_representation_layers_and_tables(demo_output):
    out, _ = demo_output
    for geography in ("lsoa", "constituency", "icb"):
        assert (out / f"{geography}_representation.gpkg").stat().st_size > 0
        assert (out / f"{geography}_representation.csv").stat().st_size > 0


def test_demo_writes_styled_publication_safe_layers_and_maps(demo_output):
    out, _ = demo_output
    for geography in ("lsoa", "constituency", "icb"):
        assert (out / f"{geography}_tier_map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (out / f"{geography}_tier_map.pdf").read_bytes()[:5] == b"%PDF-"
        for suffix in ("gpkg", "qml", "sld"):
            assert (out / f"{geography}_tiers_styled.{suffix}").stat().st_size > 0


def test_demo_flags_every_planted_lsoa_at_99_8_percent(demo_output):
    out, stdout = demo_output
    planted = json.loads((ROOT / "phso_insight_plugin/resources/sample/planted.json").read_text())
    for code in planted["lsoa_high"]:
        assert f"planted high {code}" in stdout and "Significantly higher than expected (99.8%)" in \
            next(line for line in stdout.splitlines() if code in line)
    for code in planted["lsoa_low"]:
        assert "Significantly lower than expected (99.8%)" in next(line for line in stdout.splitlines()
                                                                   if code in line)


def test_demo_conserves_cases_when_apportioning(demo_output):
    _, stdout = demo_output
    lines = [line for line in stdout.splitlines() if "apportioned LSOA" in line]
    assert len(lines) == 2 and all("+ unallocated 0.00" in line for line in lines)


def test_demo_writes_group_tables_and_the_summary_report(demo_output):
    out, stdout = demo_output
    for name in ("age_band", "disability", "ethnicity_age_standardised", "deprivation_decile"):
        assert (out / f"groups_{name}.csv").stat().st_size > 0
    html = (out / "insight_report.html").read_text()
    assert "data:image/png;base64," in html
    assert (out / "insight_report.pdf").read_bytes()[:5] == b"%PDF-"
    assert "Headline findings" in stdout and "times the expected number" in stdout


def test_demo_finds_the_planted_group_effects(demo_output):
    """Disabled people (×1.8 planted) over-represented; 16-24 (×0.5) under-represented."""
    import pandas as pd

    out, _ = demo_output
    disability = pd.read_csv(out / "groups_disability.csv").set_index("group")
    age = pd.read_csv(out / "groups_age_band.csv").set_index("group")
    assert disability.loc["Yes", "tier"] == 2 and disability.loc["Yes", "ratio"] > 1.5
    assert age.loc["16-24", "tier"] == -2


def test_demo_records_when_it_ran_and_on_which_software(demo_output, qgis_app):
    """run.json: start time (UTC), duration and the versions of everything the results depend on."""
    from datetime import datetime, timedelta, timezone

    import numpy
    import pandas
    import scipy
    import shapely
    from osgeo import gdal
    from qgis.core import Qgis

    out, _ = demo_output
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    started = datetime.fromisoformat(record["started"])
    assert timedelta(0) <= datetime.now(timezone.utc) - started < timedelta(hours=1)
    assert 0 < record["seconds"] < 300
    versions = record["versions"]
    assert list(versions) == ["plugin", "qgis", "gdal", "geos", "proj", "python", "numpy", "pandas", "scipy",
                              "shapely"]
    assert (versions["qgis"], versions["gdal"], versions["geos"]) == (
        Qgis.version(), gdal.__version__, shapely.geos_version_string)
    assert (versions["numpy"], versions["pandas"], versions["scipy"], versions["shapely"]) == (
        numpy.__version__, pandas.__version__, scipy.__version__, shapely.__version__)
    metadata = (ROOT / "phso_insight_plugin" / "metadata.txt").read_text(encoding="utf-8")
    assert f"\nversion={versions['plugin']}\n" in metadata
    assert versions["python"] == ".".join(map(str, sys.version_info[:3]))
    assert versions["proj"].count(".") == 2


def test_demo_finds_the_planted_pilot_in_its_year_and_across_its_start_date(demo_output):
    """planted.json: Easthaven ×1.6 from 2024-04-01 — one significant increase by financial year and across the
    break, the constituencies' only one."""
    out, stdout = demo_output
    planted = json.loads((ROOT / "phso_insight_plugin/resources/sample/planted.json").read_text())["change_over_time"]
    lines = [line for line in stdout.splitlines() if line.strip().startswith("planted pilot")]
    assert [line.split(": ", 2)[1].split(",")[0] for line in lines] == [f"{planted['pilot']['code']} Easthaven"] * 2
    assert all(line.split(" → ")[-1].startswith("Significantly increased (99.8%)") for line in lines)
    assert "2023/24 → 2024/25: ratio of ratios 1.6" in lines[0] and "trend: Significantly rising (99.8%)" in lines[0]
    assert "before 2024-04-01 → from 2024-04-01: ratio of ratios 1.6" in lines[1]
    assert '"Significantly increased (99.8%)": 1, "Increased (95%)": 0' in stdout
    assert (out / "constituency_change_map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_finds_the_disabled_group_catching_up(demo_output):
    import pandas as pd

    out, stdout = demo_output
    line = next(line for line in stdout.splitlines() if "planted rising group" in line)
    assert "disability = Yes, share of cases 29%, 31%, 36%, 41% by year" in line
    assert line.endswith("→ Significantly rising (99.8%)")
    change = pd.read_csv(out / "groups_disability_change.csv").set_index("group")
    assert change.loc["Yes", "trend_tier"] == 2 and change.loc["Yes", "trend_z"] > 5


def test_demo_report_says_what_changed(demo_output):
    out, stdout = demo_output
    html = (out / "insight_report.html").read_text()
    assert "What changed" in html and "Constituencies: change from 2023/24 to 2024/25" in html
    assert "From 2023/24 to 2024/25, cases rose significantly against population in 1 of 8 constituencies" in stdout


def test_demo_prints_the_planted_regional_flip(demo_output):
    """Brackenmoor 001C is high against the region but in line within its ICB; 002D the reverse."""
    _, stdout = demo_output
    high = next(line for line in stdout.splitlines() if "(E01900003): 36 cases" in line)
    low = next(line for line in stdout.splitlines() if "(E01900010): 11 cases" in line)
    assert "→ Significantly higher than expected (99.8%)" in high and high.endswith("→ In line with its ICB")
    assert "→ In line with population" in low and low.endswith("→ Lower than its ICB (95%)")


def test_demo_writes_a_briefing_for_every_constituency_and_icb(demo_output):
    out, stdout = demo_output
    assert len(list((out / "briefings_constituency").glob("E14*.pdf"))) == 8
    assert len(list((out / "briefings_icb").glob("E54*.pdf"))) == 3
    assert (out / "briefings_icb.pdf").read_bytes()[:5] == b"%PDF-"
    assert "8 constituency briefings" in stdout and "3 icb briefings" in stdout


def test_the_pilot_constituencys_briefing_states_its_change_between_the_last_two_financial_years(demo_output):
    """The change layer of representationchange read by areabriefings: Easthaven's publication-safe counts
    (143 → 280, rounded to 145 → 280) and its tier."""
    out, _ = demo_output
    done = subprocess.run(["pdftotext", str(out / "briefings_constituency" / "E14001903_Easthaven.pdf"), "-"],
                          capture_output=True, text=True, check=True)
    text = " ".join(unicodedata.normalize("NFKC", done.stdout).split())  # NFKC: the PDF's "ﬁ" ligature → "fi"
    assert "From 2023/24 to 2024/25: 145 → 280 cases; the ratio went from 0.90 to 1.46" in text
    assert "1.62 times its earlier level (95% interval 1.32 to 2.00) — significantly increased (99.8%)" in text


def test_demo_prepares_the_lsoa_population_from_the_census_tables_exactly_as_the_sample_s_fields(demo_output):
    from osgeo import ogr

    out, stdout = demo_output
    fields = ["pop_age_0_15", "pop_age_16_24", "pop_age_25_34", "pop_age_35_49", "pop_age_50_64", "pop_age_65_plus",
              "pop_disabled", "pop_not_disabled"]

    def by_code(path, layer):
        source = ogr.Open(str(path))
        rows = {f.GetField("LSOA21CD"): [f.GetField(name) for name in fields] for f in source.GetLayerByName(layer)}
        source = None
        return rows

    prepared = by_code(out / "lsoa_population.gpkg", "lsoa_population")
    assert len(prepared) == 300
    assert prepared == by_code(ROOT / "phso_insight_plugin/resources/sample/sample.gpkg", "lsoa")
    assert "population prepared from the census tables (TS007, TS038): 542420 people by age band, 542420 by " \
           "disability, 300 LSOAs" in stdout


def test_demo_prepares_the_imd_decile_from_the_iod2025_file_7_exactly_as_the_sample_s_field(demo_output):
    from osgeo import ogr

    out, stdout = demo_output

    def deciles(path, layer):
        source = ogr.Open(str(path))
        found = {f.GetField("LSOA21CD"): f.GetField("imd_decile") for f in source.GetLayerByName(layer)}
        source = None
        return found

    prepared = deciles(out / "lsoa_areas.gpkg", "lsoa_areas")
    assert len(prepared) == 300 and prepared == deciles(ROOT / "phso_insight_plugin/resources/sample/sample.gpkg",
                                                        "lsoa")
    assert "deprivation prepared from IoD2025 File 7: 300 of 300 LSOAs with a decile, 0 estimated" in stdout


@pytest.mark.parametrize("dimension, sample_file, keys", [
    ("age_band", "population_long.csv", ["area_code", "group"]),
    ("disability", "population_long.csv", ["area_code", "group"]),
    ("ethnicity", "population_by_age.csv", ["area_code", "group", "age_band"])])
def test_the_group_populations_prepared_from_the_census_tables_are_the_sample_s_row_for_row(demo_output, dimension,
                                                                                          sample_file, keys):
    """TS007, TS038 and the ONS custom dataset of age × ethnic group give exactly the sample's long tables."""
    import pandas as pd

    out, _ = demo_output
    prepared = pd.read_csv(out / f"population_{dimension}.csv", dtype=str)
    sample = pd.read_csv(ROOT / "phso_insight_plugin/resources/sample" / sample_file, dtype=str)
    sample = sample[sample["dimension"] == dimension].rename(columns={"lsoa21cd": "area_code"})
    assert len(prepared) == len(sample) == 300 * {"age_band": 6, "disability": 2, "ethnicity": 30}[dimension]
    pd.testing.assert_frame_equal(prepared.sort_values(keys).reset_index(drop=True),
                                  sample.sort_values(keys).reset_index(drop=True))
