"""The plugin's Processing algorithms, one module per algorithm (listed in :mod:`..registry`)."""
