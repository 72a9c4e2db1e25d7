"""England-scale benchmarks of the PHSO Insight algorithms (``make bench``); not part of the plugin."""
