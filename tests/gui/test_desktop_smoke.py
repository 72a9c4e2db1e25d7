"""Real-desktop smoke test: QGIS under Xvfb with the plugin installed opens the PHSO Insight dock.

Runs with ``make test-gui`` (``-m gui``) and inside ``make test`` (the Makefile installs Xvfb).
"""
import shutil

import numpy as np
import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from tests.gui.desktop import running_desktop

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    """A started desktop with the dock open: (Desktop, marker dict, screenshot path); stopped afterwards."""
    workdir = tmp_path_factory.mktemp("desktop")
    sample = SAMPLE_DIR / "sample.gpkg"
    layer_source = ""
    if sample.exists():  # a copy, so QGIS never touches the bundled file
        shutil.copy(sample, workdir / "sample.gpkg")
        layer_source = f"{workdir / 'sample.gpkg'}|layername=lsoa"
    with running_desktop(workdir, "desktop smoke", layer_source=layer_source) as started:
        yield started


def pixels(path, box=None):
    """RGB pixels of the PNG at ``path`` (optionally the (x, y, width, height) box) as a numpy array."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        if box is not None:
            x, y, width, height = box
            image = image.crop((x, y, x + width, y + height))
        return np.asarray(image)


def test_plugin_loads_and_the_action_opens_the_dock(desktop):
    _, marker, _ = desktop
    assert marker["ok"], marker.get("error")
    assert marker["visible"] and marker["action_checked"]
    assert marker["title"] == "PHSO Insight"


def test_the_sample_layer_is_offered_in_the_dock(desktop):
    _, marker, _ = desktop
    if not (SAMPLE_DIR / "sample.gpkg").exists():
        pytest.fail("the bundled sample.gpkg is missing (make sample)")
    assert marker["layer_loaded"] and marker["dock_layer"] == "lsoa"


def test_the_dock_is_on_the_screenshot(desktop):
    _, marker, shot = desktop
    box = (marker["x"], marker["y"], marker["width"], marker["height"])
    assert marker["width"] > 200 and marker["height"] > 300
    on_screen = pixels(shot, box)
    assert len(np.unique(on_screen.reshape(-1, 3), axis=0)) > 20  # widgets and text, not a blank area
    grabbed = pixels(marker["grab"])
    same_shape = grabbed[: on_screen.shape[0], : on_screen.shape[1]]
    matching = np.mean(np.all(same_shape == on_screen[: same_shape.shape[0], : same_shape.shape[1]], axis=2))
    assert matching > 0.9  # the screen at the dock's place shows the dock itself
