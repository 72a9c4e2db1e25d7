"""Enum parameters are declared once as (core value, label) pairs; their positions are public and their
defaults are the core's."""
import pytest
from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingParameterEnum

from phso_insight_plugin.change import assign_periods, representation_change
from phso_insight_plugin.geo.apportion import apportion
from phso_insight_plugin.groups.representation import group_representation
from phso_insight_plugin.processing.options import Options, core_default
from phso_insight_plugin.stats.representation import representation

#: What scripts, qgis_process and saved models pass: position → core value. Options are only ever appended.
PUBLIC_POSITIONS = {
    ("assigncases", "LOCATION_TYPE"): ["postcode", "area_code", "point_geometry", "coordinate_fields"],
    ("representation", "MULTIPLE_TESTING"): ["none", "bh"],
    ("representation", "OVERDISPERSION"): ["none", "multiplicative", "additive"],
    ("representation", "BENCHMARK"): ["whole input", "parent"],
    ("grouprepresentation", "GROUP_SOURCE"): ["case_field", "area_attribute"],
    ("grouprepresentation", "MULTIPLE_TESTING"): ["none", "bh"],
    ("grouprepresentation", "PERIODS"): ["none", "financial_year", "calendar_year", "quarter", "breaks"],
    ("representationchange", "PERIODS"): ["financial_year", "calendar_year", "quarter", "breaks"],
    ("representationchange", "MULTIPLE_TESTING"): ["none", "bh"],
    ("grouprepresentation", "BENCHMARK"): ["whole input", "parent"],
    ("apportion", "METHOD"): ["population", "best_fit", "area"],
    ("preparepopulation", "LEVEL"): ["broad", "detailed"],
    ("apportion", "UNALLOCATED"): ["report", "rescale"],
}


def algorithm(alg_id: str):
    return QgsApplication.processingRegistry().algorithmById(f"phso_insight:{alg_id}")


def chosen_default(alg_id: str, key: str) -> str:
    alg = algorithm(alg_id)
    return alg.declared_options[key].value_at(alg.parameterDefinition(key).defaultValue())


def test_an_option_keeps_its_value_beside_its_label():
    options = Options(("none", "None"), ("bh", "Benjamini–Hochberg"), default="bh")
    assert (options.value_at(1), options.labels()[1], options.default_index) == ("bh", "Benjamini–Hochberg", 1)


def test_a_default_that_is_not_an_option_is_refused():
    with pytest.raises(ValueError, match="'holm' is not one of"):
        Options(("none", "None"), ("bh", "Benjamini–Hochberg"), default="holm")


def test_the_same_value_twice_is_refused():
    with pytest.raises(ValueError, match="duplicate"):
        Options(("none", "None"), ("none", "Nothing"), default="none")


@pytest.mark.parametrize(("alg_id", "key"), PUBLIC_POSITIONS)
def test_enum_positions_keep_their_meaning(plugin, alg_id, key):
    assert algorithm(alg_id).declared_options[key].values() == PUBLIC_POSITIONS[(alg_id, key)]


def test_every_numbered_enum_is_declared_with_its_values(plugin):
    algorithms = [alg for alg in QgsApplication.processingRegistry().providerById("phso_insight").algorithms()
                  if not isinstance(alg, QgsProcessingModelAlgorithm)]
    numbered = {(alg.name(), d.name()) for alg in algorithms for d in alg.parameterDefinitions()
                if isinstance(d, QgsProcessingParameterEnum) and not d.usesStaticStrings()}
    declared = {(alg.name(), key) for alg in algorithms for key in alg.declared_options}
    assert numbered == declared == set(PUBLIC_POSITIONS)


def test_the_dialog_offers_the_core_s_default_method_for_apportioning(plugin):
    assert chosen_default("apportion", "METHOD") == core_default(apportion, "method") == "population"


def test_the_representation_defaults_are_the_core_s(plugin):
    assert chosen_default("representation", "MULTIPLE_TESTING") == core_default(representation, "multiple_testing")
    assert chosen_default("representation", "OVERDISPERSION") == core_default(representation, "overdispersion")
    assert chosen_default("grouprepresentation", "MULTIPLE_TESTING") == core_default(
        group_representation, "multiple_testing") == "bh"


def test_the_change_defaults_are_the_core_s_and_grouprepresentation_compares_no_periods_unless_asked(plugin):
    assert chosen_default("representationchange", "PERIODS") == core_default(assign_periods, "scheme") == \
        "financial_year"
    assert chosen_default("representationchange", "MULTIPLE_TESTING") == core_default(
        representation_change, "multiple_testing")
    assert chosen_default("grouprepresentation", "PERIODS") == "none"
