"""Every enum the project's code reads is reached through its own enum class (``Qgis.LabelPlacement.OverPoint``,
``QgsVectorFileWriter.WriterError.NoError``), the only form QGIS 4 keeps. Checked with the running QGIS's modules."""
from __future__ import annotations

import pytest

from .enum_paths import unscoped_reason
from .source_names import uses_under

#: Modules whose enums are checked: QGIS's, and Qt's as QGIS exposes them.
ENUM_MODULES = ("qgis.core.", "qgis.gui.", "qgis.analysis.", "qgis.PyQt.")

PYQT5_ERA = ["qgis.core.QgsPalLayerSettings.OverPoint",        # a member read through the class holding its enum
             "qgis.core.QgsVectorFileWriter.NoError",
             "qgis.core.QgsUnitTypes.LayoutMillimeters",        # a member of an enum moved to Qgis
             "qgis.core.QgsProcessing.TypeVectorPolygon",
             "qgis.core.QgsUnitTypes.DistanceUnit.Meters",      # an alias of the moved enum
             "qgis.PyQt.QtCore.Qt.AlignRight"]
SCOPED = ["qgis.core.Qgis.LabelPlacement.OverPoint",
          "qgis.core.QgsVectorFileWriter.WriterError.NoError",
          "qgis.core.Qgis.LayoutUnit.Millimeters",
          "qgis.core.Qgis.ProcessingSourceType.VectorPolygon",
          "qgis.gui.QgsDockWidget.DockWidgetFeature.DockWidgetClosable",  # a Qt enum through a QGIS subclass
          "qgis.PyQt.QtCore.Qt.AlignmentFlag.AlignRight"]


def test_every_enum_the_code_reads_is_named_through_its_enum_class(qgis_app):
    uses = uses_under(ENUM_MODULES)
    assert any(use.path.startswith("phso_insight_plugin/") for use in uses)
    unscoped = [f"{use.where}: {use.dotted.split('.', 2)[2]} — {reason}"
                for use in uses if (reason := unscoped_reason(use.dotted))]
    assert unscoped == [], f"{len(unscoped)} enum reads QGIS 4 does not support:\n" + "\n".join(unscoped)


@pytest.mark.parametrize("dotted", PYQT5_ERA)
def test_the_check_rejects_pyqt5_era_enum_reads(qgis_app, dotted):
    assert unscoped_reason(dotted)


@pytest.mark.parametrize("dotted", SCOPED)
def test_the_check_accepts_scoped_enum_reads(qgis_app, dotted):
    assert unscoped_reason(dotted) is None
