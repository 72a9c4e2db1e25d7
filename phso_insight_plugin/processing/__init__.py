"""Processing provider and thin algorithm classes (parameters in, core call, layers out)."""
