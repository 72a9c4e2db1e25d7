"""Loaded before pytest-qgis starts QGIS: force headless Qt and a private runtime dir."""
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="phso-xdg-"))
