"""Dock choices → phso_insight:representation parameters."""
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.ui.analysis_parameters import ALGORITHM_ID, population_fields, representation_parameters
from phso_insight_plugin.ui.dock_state import DockState

FIELDS = ["name", "cases", "pop", "expected_n", "cases_a", "cases_b", "pop_a", "pop_b"]


def test_one_population_field_gives_one_pair_and_the_method_options():
    state = DockState(observed_field="cases", population_field="pop", multiple_testing="bh", overdispersion="additive",
                      min_expected=3.0)
    parameters = representation_parameters(state, "LAYER", FIELDS)
    assert parameters == {"INPUT": "LAYER", "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"],
                          "MULTIPLE_TESTING": 1, "OVERDISPERSION": 2, "MIN_EXPECTED": 3.0,
                          "OUTPUT": "TEMPORARY_OUTPUT"}


def test_expected_field_replaces_population_fields():
    state = DockState(comparison="expected", observed_field="cases", population_field="pop",
                      expected_field="expected_n")
    parameters = representation_parameters(state, "LAYER", FIELDS)
    assert parameters["EXPECTED_FIELD"] == "expected_n"
    assert "POPULATION_FIELDS" not in parameters
    assert population_fields(state, FIELDS) == []


def test_strata_pair_fields_by_prefix():
    state = DockState(comparison="strata", observed_prefix="cases_", population_prefix="pop_")
    parameters = representation_parameters(state, "LAYER", FIELDS)
    assert parameters["OBSERVED_FIELDS"] == ["cases_a", "cases_b"]
    assert parameters["POPULATION_FIELDS"] == ["pop_a", "pop_b"]


def test_strata_prefixes_matching_nothing_are_explained():
    state = DockState(comparison="strata", observed_prefix="obs_", population_prefix="pop_")
    with pytest.raises(InputError, match="No stratum pairs"):
        representation_parameters(state, "LAYER", FIELDS)


def test_missing_population_field_is_explained():
    with pytest.raises(InputError, match="population field"):
        representation_parameters(DockState(observed_field="cases"), "LAYER", FIELDS)


def test_method_choices_left_empty_are_the_algorithms_own_defaults(plugin):
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID)
    parameters = representation_parameters(DockState(observed_field="cases", population_field="pop"), "LAYER", FIELDS)
    assert parameters["MULTIPLE_TESTING"] == algorithm.parameterDefinition("MULTIPLE_TESTING").defaultValue()
    assert parameters["OVERDISPERSION"] == algorithm.parameterDefinition("OVERDISPERSION").defaultValue()
