"""Fixtures shared by the algorithm tests."""
from tests.sample_pipeline import sample_pipeline  # noqa: F401 (a session fixture: the sample run through the pipeline)
