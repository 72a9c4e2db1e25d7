"""The GeoPackages in the repository stay byte-identical when QGIS reads them: a GeoPackage stored in WAL
journal mode (SQLite header bytes 18–19 = 2) is switched back to rollback mode (1) by QGIS on close, which
rewrites its header and leaves a modified file in the working tree after every test run or demo."""
import pytest

from tests.platform.source_names import ROOT

SHIPPED = sorted(str(p.relative_to(ROOT)) for folder in ("phso_insight_plugin/resources", "tests/data")
                 for p in (ROOT / folder).rglob("*.gpkg"))


def test_the_sample_and_the_london_data_are_among_the_geopackages_checked():
    assert {"phso_insight_plugin/resources/sample/sample.gpkg", "tests/data/london/london_boundaries.gpkg"} <= \
        set(SHIPPED)


@pytest.mark.parametrize("path", SHIPPED)
def test_a_shipped_geopackage_is_stored_in_rollback_journal_mode(path):
    header = (ROOT / path).read_bytes()[:20]
    assert header.startswith(b"SQLite format 3\x00")
    assert (header[18], header[19]) == (1, 1), f"{path} is in WAL mode: run PRAGMA journal_mode=DELETE on it"
