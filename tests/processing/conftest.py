"""Fixtures of the processing tests: the sample cut written in every input format (``sample_formats``)
and the sample run through the pipeline (``sample_pipeline``)."""
import pytest

from tests.processing.change_fixtures import constituencies, financial_years, with_periods  # noqa: F401 (fixtures)
from tests.processing.sample_formats import FormatFiles, OpenedLayers, SampleData
from tests.sample_pipeline import sample_pipeline  # noqa: F401 (a session fixture)


@pytest.fixture(scope="session")
def sample_data() -> SampleData:
    return SampleData.build()


@pytest.fixture(scope="session")
def format_files(qgis_app, sample_data, tmp_path_factory) -> FormatFiles:
    return FormatFiles(sample_data, tmp_path_factory.mktemp("formats"))


@pytest.fixture()
def opened(format_files, tmp_path):
    """Layers opened from ``format_files`` for one test, all released afterwards."""
    layers = OpenedLayers(format_files, tmp_path)
    yield layers
    layers.close()
