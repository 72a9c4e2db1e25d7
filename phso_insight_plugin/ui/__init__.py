"""The "PHSO Insight" desktop panel: toolbar/menu entries and the dock (wiring only; logic lives in core)."""
