"""Fixtures of the command-line tests: the sample run through the pipeline (``sample_pipeline``)."""
from tests.sample_pipeline import sample_pipeline  # noqa: F401 (a session fixture)
