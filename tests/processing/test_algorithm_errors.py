"""A failed run says why and keeps nothing of its work alive.

QGIS never releases the QgsProcessingException a Python algorithm raises, nor the frames of its
traceback (the handler in QGIS's core.sip fetches it without a decref). Frames of the algorithm's
own work, holding the layers it opened, then outlived QGIS and crashed the process at exit.
"""
import gc
import types

import pytest
from qgis.core import QgsProcessingException

from tests.styling.helpers import tier_layer


def plugin_frames_alive() -> set[tuple[str, tuple[str, ...]]]:
    """(function, local names) of the frames of the plugin's processing code still in memory."""
    gc.collect()
    return {(f.f_code.co_name, tuple(sorted(f.f_locals))) for f in gc.get_objects()
            if isinstance(f, types.FrameType) and "phso_insight_plugin/processing/" in f.f_code.co_filename}


def test_a_failed_run_says_why(run_alg, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(QgsProcessingException,
                       match="^.*/file is a file, not a folder, so OUTPUT_QML cannot be written there"):
        run_alg("tierstyle", {"INPUT": tier_layer(), "OUTPUT_QML": str(tmp_path / "file" / "t.qml")})


def test_a_failed_run_keeps_only_the_raising_frame_without_context_or_layers(run_alg, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(QgsProcessingException):
        run_alg("exportstyled", {"INPUT": tier_layer(), "OUTPUT": str(tmp_path / "file" / "t.gpkg")})
    assert plugin_frames_alive() <= {("processAlgorithm", ("error", "self"))}
