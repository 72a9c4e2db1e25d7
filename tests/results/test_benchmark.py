"""How a benchmark is named: the parent's nouns, the result field, tier labels and the method clause."""
import pandas as pd

from phso_insight_plugin.results.benchmark import Benchmark, in_words, parent_geography, short_noun, short_plural
from phso_insight_plugin.results.geography import GEOGRAPHIES
from phso_insight_plugin.results.run_metadata import RunMetadata


def test_short_nouns_use_the_abbreviation_in_brackets():
    assert (short_noun(GEOGRAPHIES["ICB"]), short_plural(GEOGRAPHIES["ICB"])) == ("ICB", "ICBs")
    assert (short_noun(GEOGRAPHIES["LAD"]), short_plural(GEOGRAPHIES["LAD"])) == ("local authority",
                                                                                  "local authorities")


def test_the_parent_is_named_by_its_codes_then_its_field_name_then_the_field_in_words():
    assert parent_geography("parent", ["E54000901", "E54000902"]).key == "ICB"
    assert parent_geography("RGN22CD", ["North West", "London"]).key == "RGN"
    assert parent_geography("health_region", ["North", "South"]).singular == "health region"


def test_whole_input_benchmark_keeps_the_usual_tier_labels():
    labels = Benchmark().tier_labels(pd.array([2, 0, None, -1], dtype="Int64"))
    assert labels.tolist() == ["Significantly higher than expected (99.8%)", "In line with population",
                               "Too few to say", "Lower than expected (95%)"]
    assert Benchmark().field_value == "whole input"


def test_parent_benchmark_tiers_say_against_which_parent():
    icb = Benchmark.of_parent("ICB23CD", ["E54000901"])
    labels = icb.tier_labels(pd.array([2, 1, 0, -1, -2, None], dtype="Int64"))
    assert labels.tolist() == ["Significantly higher than its ICB (99.8%)", "Higher than its ICB (95%)",
                               "In line with its ICB", "Lower than its ICB (95%)",
                               "Significantly lower than its ICB (99.8%)", "Too few to say"]
    assert icb.field_value == "parent: ICB23CD"
    assert icb.suggests == "its ICB's rates would suggest"


def test_the_method_clause_counts_the_parents():
    region = Benchmark.of_parent("region", ["North"])
    assert region.expected_clause(1, 1) == ("Crude expected counts against the rates of each area's own region "
                                            "(1 region, field region)")


def test_a_run_records_its_benchmark():
    run = RunMetadata("phso_insight:representation", "m", benchmark="parent", benchmark_field="ICB23CD")
    assert Benchmark.of_run(run, ["E54000901"]).noun == "ICB"
    assert not Benchmark.of_run(RunMetadata("a", "m")).is_parent
    assert not Benchmark.of_run(None).is_parent


def test_field_names_read_as_words_with_their_abbreviations_in_capitals():
    assert in_words("imd_decile") == "IMD decile"
    assert in_words("health_region") == "health region"
    assert in_words(" age_band ") == "age band"
