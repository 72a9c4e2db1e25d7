"""The Change view's inputs: the cases (area code and date fields), the areas (code, population and name fields) and
the period choice, read as ``phso_insight:representationchange`` parameters.

Incomplete choices raise :class:`InputError` with a sentence the view shows as is.
"""
from __future__ import annotations

import datetime as dt
import re

from qgis.core import Qgis, QgsFieldProxyModel
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QCoreApplication, QDate
from qgis.PyQt.QtWidgets import QComboBox, QDateEdit, QFormLayout, QLineEdit, QWidget

from ..errors import InputError
from ..processing.period_parameters import PERIOD_SCHEMES
from .field_guess import guess_fields

ALGORITHM_ID = "phso_insight:representationchange"
#: The period choices, by the algorithm's PERIODS value (:data:`~..processing.period_parameters.PERIOD_SCHEMES`),
#: as the view names them.
PERIOD_CHOICES = (("Financial years (April–March)", "financial_year"), ("Calendar years", "calendar_year"),
                  ("Quarters", "quarter"), ("Before and after a date", "breaks"))
BREAKS = "breaks"
#: First guesses for the case fields: an area code (constituency first) and a received date.
CASE_PATTERNS = {"area": (r"pcon\d*cd", r"\w*cd", r"\w*code"), "date": (r"received_?date", r"\w*date\w*")}
#: The areas' population fields by stratum when standardising, named ``<prefix><stratum>`` (``pop_age_0_15``).
DEFAULT_STRATUM_PREFIX = "pop_age_"


def tr(text: str) -> str:
    return QCoreApplication.translate("ChangeInputs", text)


def financial_year_start(day: dt.date) -> QDate:
    """1 April of the financial year holding ``day`` (the default break date: this year's start)."""
    return QDate(day.year if day.month >= 4 else day.year - 1, 4, 1)


def guess(field_names: list[str], role: str) -> str:
    """The first field whose name fits ``role`` of :data:`CASE_PATTERNS` ("" when none)."""
    for pattern in CASE_PATTERNS[role]:
        found = next((n for n in field_names if re.fullmatch(pattern, n, flags=re.IGNORECASE)), None)
        if found:
            return found
    return ""


class ChangeInputs(QWidget):
    """Layer and field pickers and the period choice; :meth:`parameters` gives the algorithm's parameters."""

    def __init__(self, parent=None):
        super().__init__(parent)
        form = QFormLayout(self)
        self.cases = QgsMapLayerComboBox(self)
        self.cases.setFilters(Qgis.LayerFilter.VectorLayer)
        self.case_area, self.case_date = QgsFieldComboBox(self), QgsFieldComboBox(self)
        self.areas = QgsMapLayerComboBox(self)
        self.areas.setFilters(Qgis.LayerFilter.PolygonLayer)
        self.area_code, self.population, self.name = (QgsFieldComboBox(self) for _ in range(3))
        self.population.setFilters(QgsFieldProxyModel.Filter.Numeric)
        self.stratum = QgsFieldComboBox(self)
        self.stratum.setAllowEmptyFieldName(True)
        self.stratum_prefix = QLineEdit(DEFAULT_STRATUM_PREFIX, self)
        self.periods = QComboBox(self)
        for label, value in PERIOD_CHOICES:
            self.periods.addItem(tr(label), value)
        self.break_date = QDateEdit(financial_year_start(dt.date.today()), self)
        self.break_date.setCalendarPopup(True)
        self.break_date.setDisplayFormat("yyyy-MM-dd")
        for label, widget in ((tr("Cases"), self.cases), (tr("Area code of the cases"), self.case_area),
                              (tr("Date received"), self.case_date), (tr("Areas"), self.areas),
                              (tr("Area code"), self.area_code), (tr("Population"), self.population),
                              (tr("Area name"), self.name), (tr("Standardise by (optional)"), self.stratum),
                              (tr("Population by stratum: prefix"), self.stratum_prefix), (tr("Periods"), self.periods),
                              (tr("Break date"), self.break_date)):
            form.addRow(label, widget)
        # currentIndexChanged, not layerChanged: a combo choosing its first layer as the project gains it says only that
        self.cases.currentIndexChanged.connect(lambda _index: self._on_cases_changed(self.cases.currentLayer()))
        self.areas.currentIndexChanged.connect(lambda _index: self._on_areas_changed(self.areas.currentLayer()))
        self.periods.currentIndexChanged.connect(self._show_break)
        self.stratum.fieldChanged.connect(self._show_stratum_prefix)
        self._on_cases_changed(self.cases.currentLayer())
        self._on_areas_changed(self.areas.currentLayer())
        self._show_break()
        self._show_stratum_prefix()

    def _on_cases_changed(self, layer) -> None:
        for combo in (self.case_area, self.case_date, self.stratum):
            combo.setLayer(layer)
        names = layer.fields().names() if layer is not None else []
        self.case_area.setField(guess(names, "area"))
        self.case_date.setField(guess(names, "date"))
        self.stratum.setField("")

    def _on_areas_changed(self, layer) -> None:
        for combo in (self.area_code, self.population, self.name):
            combo.setLayer(layer)
        names = layer.fields().names() if layer is not None else []
        guessed = guess_fields(names)
        self.population.setField(guessed.get("population_field", ""))
        self.name.setField(guessed.get("name_field", ""))
        case_area = self.case_area.currentField().lower()
        self.area_code.setField(next((n for n in names if n.lower() == case_area), guess(names, "area")))

    def _show_stratum_prefix(self, *_args) -> None:
        self.stratum_prefix.setEnabled(bool(self.stratum.currentField()))

    def _population_fields(self, areas) -> list[str]:
        """The population field, or with a stratum field the areas' fields named ``<prefix><stratum>`` (the
        algorithm pairs each stratum with the field ending in it)."""
        if not self.stratum.currentField():
            return [self.population.currentField()]
        prefix = self.stratum_prefix.text().strip()
        fields = [name for name in areas.fields().names() if prefix and name.startswith(prefix)]
        if not fields:
            raise InputError(tr("Standardising by {0}: the areas have no population field starting with {1!r}; "
                                "give the prefix of the population fields by stratum (e.g. pop_age_).").format(
                self.stratum.currentField(), prefix))
        return fields

    def _show_break(self, *_args) -> None:
        self.break_date.setEnabled(self.periods.currentData() == BREAKS)

    def parameters(self) -> dict:
        """``phso_insight:representationchange`` parameters for the choices (temporary outputs)."""
        cases, areas = self.cases.currentLayer(), self.areas.currentLayer()
        chosen = {"CASE_AREA_FIELD": self.case_area.currentField(), "DATE_FIELD": self.case_date.currentField(),
                  "AREA_CODE_FIELD": self.area_code.currentField(), "POPULATION_FIELDS": self.population.currentField()}
        if cases is None or areas is None:
            raise InputError(tr("Choose the cases layer and the areas layer first."))
        missing = [key for key, value in chosen.items() if not value]
        if missing:
            raise InputError(tr("Choose the fields: the cases' area code and date, and the areas' code and "
                                "population."))
        parameters = {"CASES": cases, "AREAS": areas, **chosen, "POPULATION_FIELDS": self._population_fields(areas),
                      "PERIODS": PERIOD_SCHEMES.index(self.periods.currentData()), "OUTPUT": "TEMPORARY_OUTPUT",
                      "BY_PERIOD": "TEMPORARY_OUTPUT"}
        if self.stratum.currentField():
            parameters["STRATUM_FIELD"] = self.stratum.currentField()
        if self.periods.currentData() == BREAKS:
            parameters["BREAKS"] = self.break_date.date().toString("yyyy-MM-dd")
        return parameters
