"""Fixtures of the desktop tests: the sample run through the pipeline, and its constituencies with population."""
from tests.processing.change_fixtures import constituencies  # noqa: F401 (a module fixture)
from tests.sample_pipeline import sample_pipeline  # noqa: F401 (a session fixture)
