"""Every ``.ui`` form builds, with every object it declares, under real PyQt6 and under QGIS's own Qt."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from .pyqt6_venv import run_in_pyqt6
from .source_names import ROOT

FORMS = sorted((ROOT / "phso_insight_plugin").rglob("*.ui"))


def declared_names(form) -> list[str]:
    """Object names of the widgets, layouts and actions the form declares (spacers are not objects)."""
    root = ET.parse(form).getroot()
    return sorted(node.get("name") for tag in ("widget", "layout", "action") for node in root.iter(tag)
                  if node.get("name"))


def test_the_plugin_has_forms_and_they_use_no_compiled_resources():
    assert FORMS
    for form in FORMS:
        resources = ET.parse(form).getroot().find("resources")
        assert resources is None or list(resources) == [], f"{form.name} includes a .qrc"


def test_every_form_builds_with_all_its_objects_under_pyqt6():
    answer = run_in_pyqt6("pyqt6_ui_loader.py", args=[str(form) for form in FORMS])
    assert answer["errors"] == {}
    for form in FORMS:
        assert set(declared_names(form)) <= set(answer["built"][str(form)]), form.name


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_every_form_builds_with_all_its_objects_under_qgis(qgis_app, form):
    from qgis.PyQt import uic
    from qgis.PyQt.QtCore import QObject

    built = uic.loadUi(str(form))
    names = {built.objectName(), *(child.objectName() for child in built.findChildren(QObject))}
    assert set(declared_names(form)) <= names
    built.deleteLater()
