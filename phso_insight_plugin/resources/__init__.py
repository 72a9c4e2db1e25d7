"""Paths of bundled resources (icons by file path; no compiled resources_rc)."""
from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
SAMPLE_DIR = RESOURCES_DIR / "sample"
STYLES_DIR = RESOURCES_DIR / "styles"
MODELS_DIR = RESOURCES_DIR / "models"


def icon_path(name: str = "phso_insight.svg") -> Path:
    """Absolute path of an icon under ``resources/icons``."""
    return RESOURCES_DIR / "icons" / name
