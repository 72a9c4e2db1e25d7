"""From the dock's choices to ``phso_insight:representation`` parameters (plain Python; Qt only to translate).

Incomplete choices raise :class:`InputError` with a sentence the dock shows as is.
"""
from __future__ import annotations

from collections.abc import Sequence

from qgis.PyQt.QtCore import QCoreApplication

from ..errors import InputError
from ..processing.algorithms.representation import MULTIPLE_TESTING_DEFAULT, OVERDISPERSION
from ..processing.parameters import multiple_testing_options
from .dock_state import DockState
from .strata import pair_by_suffix

ALGORITHM_ID = "phso_insight:representation"
#: The method choices, as the algorithm declares them (values, labels, defaults).
MULTIPLE_TESTING = multiple_testing_options(MULTIPLE_TESTING_DEFAULT)


def tr(text: str) -> str:
    return QCoreApplication.translate("AnalysisParameters", text)


def field_pairs(state: DockState, field_names: Sequence[str]) -> list[tuple[str, str]]:
    """Observed ↔ population pairs the choices describe (one pair, or one per stratum); none for "expected"."""
    if state.comparison == "strata":
        return pair_by_suffix(field_names, state.observed_prefix, state.population_prefix).pairs
    if state.comparison == "population" and state.observed_field and state.population_field:
        return [(state.observed_field, state.population_field)]
    return []


def observed_fields(state: DockState, field_names: Sequence[str]) -> list[str]:
    """The observed count field(s) of the choices."""
    if state.comparison == "expected":
        return [state.observed_field] if state.observed_field else []
    return [observed for observed, _ in field_pairs(state, field_names)]


def population_fields(state: DockState, field_names: Sequence[str]) -> list[str]:
    """The population field(s) of the choices; empty with an expected field."""
    return [population for _, population in field_pairs(state, field_names)]


def representation_parameters(state: DockState, layer: object, field_names: Sequence[str]) -> dict:
    """Parameters for ``phso_insight:representation`` on ``layer`` (written to a temporary output)."""
    parameters = {
        "INPUT": layer,
        "MULTIPLE_TESTING": MULTIPLE_TESTING.index(state.multiple_testing or MULTIPLE_TESTING.default),
        "OVERDISPERSION": OVERDISPERSION.index(state.overdispersion or OVERDISPERSION.default),
        "MIN_EXPECTED": state.min_expected,
        "OUTPUT": "TEMPORARY_OUTPUT",
    }
    if state.comparison == "expected":
        if not state.observed_field or not state.expected_field:
            raise InputError(tr("Choose the cases field and the expected count field."))
        parameters.update(OBSERVED_FIELDS=[state.observed_field], EXPECTED_FIELD=state.expected_field)
        return parameters
    pairs = field_pairs(state, field_names)
    if not pairs:
        raise InputError(_missing_pairs_message(state))
    parameters.update(OBSERVED_FIELDS=[o for o, _ in pairs], POPULATION_FIELDS=[p for _, p in pairs])
    return parameters


def _missing_pairs_message(state: DockState) -> str:
    if state.comparison == "strata":
        return tr("No stratum pairs: no field names start with the cases prefix and the population prefix "
                  "and end the same way (e.g. cases_0_15 ↔ pop_0_15).")
    return tr("Choose the cases field and the population field.")
