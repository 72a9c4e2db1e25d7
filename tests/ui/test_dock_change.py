"""The dock's Change view: a user picks cases, areas and periods, runs the change analysis, gets the change map
styled by change tier, and sees the selected area's ratio per period with intervals."""
from __future__ import annotations

import json

import pytest

from phso_insight_plugin.results.change_tiers import CHANGE_TIER_LABELS
from phso_insight_plugin.styling.palettes import CHANGE_PALETTE

PILOT = "E14001903"


@pytest.fixture()
def layers(sample_pipeline, constituencies, qgis_new_project):
    """The assigned sample cases and the constituencies with population, in the project."""
    from qgis.core import QgsProject, QgsVectorLayer

    cases = QgsVectorLayer(sample_pipeline.assigned, "assigned cases", "ogr")
    areas = QgsVectorLayer(constituencies, "constituencies", "ogr")
    QgsProject.instance().addMapLayers([cases, areas])
    return cases, areas


def choose(view, cases, areas, periods: int = 0, break_date: str = ""):
    """What a user does on the Change tab (the fields are guessed from their names)."""
    from qgis.PyQt.QtCore import QDate

    inputs = view.inputs
    inputs.cases.setLayer(cases)
    inputs.areas.setLayer(areas)
    inputs.periods.setCurrentIndex(periods)
    if break_date:
        inputs.break_date.setDate(QDate.fromString(break_date, "yyyy-MM-dd"))


def test_the_fields_are_guessed_from_their_names(dock, layers):
    cases, areas = layers
    choose(dock.change, cases, areas)
    inputs = dock.change.inputs
    assert (inputs.case_area.currentField(), inputs.case_date.currentField()) == ("pcon24cd", "received_date")
    assert (inputs.area_code.currentField(), inputs.population.currentField(), inputs.name.currentField()) == (
        "PCON24CD", "pop_total", "PCON24NM")
    assert not inputs.break_date.isEnabled()


def test_running_adds_the_change_map_styled_by_change_tier(dock, layers):
    cases, areas = layers
    view = dock.change
    choose(view, cases, areas)
    finished = []
    view.analysisFinished.connect(finished.append)
    view.run_button.click()
    assert finished == [True], view.status.text()
    layer = view.result_layer
    assert layer.name() == "constituencies – change 2023/24 to 2024/25"
    renderer = layer.renderer()
    assert renderer.classAttribute() == "change_tier"
    assert [c.label() for c in renderer.categories()][:3] == [
        f"{CHANGE_TIER_LABELS[2]} (1 area)", f"{CHANGE_TIER_LABELS[1]} (0 areas)", f"{CHANGE_TIER_LABELS[0]} (7 areas)"]
    assert renderer.categories()[0].symbol().color().name() == CHANGE_PALETTE.fills[2].colour
    assert view.summary.text().startswith("Significantly increased (99.8%): 1; Increased (95%): 0; No clear change: 7")
    assert len(view.by_period) == 32 and view.area_choice.count() == 8


def test_selecting_the_pilot_draws_its_ratio_in_each_period_with_its_change(dock, layers):
    cases, areas = layers
    view = dock.change
    choose(view, cases, areas)
    view.run_button.click()
    pilot = next(f for f in view.result_layer.getFeatures() if f["PCON24CD"] == PILOT)
    view.result_layer.selectByIds([pilot.id()])
    assert view.chart.title == "Easthaven: Significantly increased (99.8%), 1.63×"
    assert [t.get_text() for t in view.chart.axes.get_xticklabels()] == ["2021/22", "2022/23", "2023/24", "2024/25"]
    assert view.area_choice.currentText() == "Easthaven"
    points = view.chart.axes.collections[-1].get_offsets()
    assert points[:, 1].round(2).tolist() == view.by_period.loc[view.by_period["area"] == PILOT, "ratio"].round(
        2).tolist()


def test_before_and_after_a_date_compares_the_two_sides_of_the_break(dock, layers):
    cases, areas = layers
    view = dock.change
    choose(view, cases, areas, periods=3, break_date="2024-04-01")
    assert view.inputs.break_date.isEnabled()
    view.run_button.click()
    assert json.loads(view.results["PERIODS"]) == ["before 2024-04-01", "from 2024-04-01"]
    view.area_choice.activated.emit(view.area_choice.findText("Easthaven"))
    assert view.chart.title.startswith("Easthaven: Significantly increased (99.8%), 1.6")


def test_missing_choices_are_said_in_a_sentence(dock):
    dock.change.run_button.click()
    assert dock.change.status.text() == "Choose the cases layer and the areas layer first."


def test_each_period_choice_passes_the_algorithms_own_option_for_it(dock, layers):
    """The view names the choices in its own words; the algorithm receives the position of the same scheme."""
    from phso_insight_plugin.processing.period_parameters import PERIOD_SCHEMES

    cases, areas = layers
    passed = []
    for index in range(dock.change.inputs.periods.count()):
        choose(dock.change, cases, areas, periods=index)
        passed.append(PERIOD_SCHEMES.value_at(dock.change.inputs.parameters()["PERIODS"]))
    assert passed == ["financial_year", "calendar_year", "quarter", "breaks"]
    assert dock.change.inputs.break_date.isEnabled()


def test_standardising_by_age_band_passes_the_stratum_and_the_population_fields_by_prefix(dock, layers):
    """The sample's pilot by financial year, standardised by age as the demo does it (ratio of ratios 1.62)."""
    cases, areas = layers
    view = dock.change
    choose(view, cases, areas)
    assert not view.inputs.stratum_prefix.isEnabled() and view.inputs.stratum.currentField() == ""
    view.inputs.stratum.setField("age_band")
    parameters = view.inputs.parameters()
    assert parameters["STRATUM_FIELD"] == "age_band" and view.inputs.stratum_prefix.isEnabled()
    assert parameters["POPULATION_FIELDS"] == ["pop_age_0_15", "pop_age_16_24", "pop_age_25_34", "pop_age_35_49",
                                               "pop_age_50_64", "pop_age_65_plus"]
    finished = []
    view.analysisFinished.connect(finished.append)
    view.run_button.click()
    assert finished == [True], view.status.text()
    pilot = next(f for f in view.result_layer.getFeatures() if f["PCON24CD"] == PILOT)
    assert round(pilot["ratio_of_ratios"], 2) == 1.62 and pilot["change_tier"] == 2


def test_a_prefix_no_population_field_has_is_named(dock, layers):
    from phso_insight_plugin.errors import InputError

    cases, areas = layers
    choose(dock.change, cases, areas)
    dock.change.inputs.stratum.setField("age_band")
    dock.change.inputs.stratum_prefix.setText("people_")
    with pytest.raises(InputError, match="no population field starting with 'people_'"):
        dock.change.inputs.parameters()
