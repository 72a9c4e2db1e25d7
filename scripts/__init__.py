"""Developer scripts of PHSO Insight, run as modules from the repository root (``python -m scripts.demo``,
``python -m scripts.generate_sample_data`` …; the Makefile targets do). Not part of the plugin."""
