"""Run metadata: plain data that survives its JSON form, and says which limits the tiers used."""
import json
import math

import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.run_metadata import (
    GROUP_REPRESENTATION,
    WHOLE_INPUT,
    RunMetadata,
    result_title,
)

RUN = RunMetadata(
    algorithm="phso_insight:representation", method="Crude expected counts from the study total.",
    multiple_testing="bh", overdispersion="multiplicative", phi=2.25, tau2=0.004, min_expected=5.0,
    geography="PCON", code_field="PCON24CD", inputs={"INPUT": "constituency counts"},
    fields={"OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"]},
    software={"plugin": "0.2.0", "qgis": "3.44.16-Solothurn"}, created="2026-05-04T10:00:00+00:00")


def test_json_round_trip_keeps_every_field():
    assert RunMetadata.from_json(RUN.to_json()) == RUN


def test_missing_estimates_are_written_as_null_not_nan():
    run = RunMetadata("phso_insight:representation", "m", phi=math.nan)
    assert json.loads(run.to_json())["phi"] is None
    assert RunMetadata.from_json(run.to_json()).phi is None


def test_keys_from_a_later_version_are_ignored_and_defaults_fill_older_ones():
    data = {"schema": 2, "algorithm": "phso_insight:representation", "method": "m", "periods": ["2023/24"]}
    run = RunMetadata.from_json(json.dumps(data))
    assert run.benchmark == WHOLE_INPUT and run.min_expected == 5.0


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"method": "m"}'])
def test_text_that_is_not_run_metadata_is_an_input_error(text):
    with pytest.raises(InputError):
        RunMetadata.from_json(text)


def test_funnel_limits_follow_the_overdispersion_the_tiers_used():
    assert RUN.funnel_overdispersion() == {"phi": 2.25}
    assert RunMetadata("a", "m", overdispersion="additive", phi=2.25, tau2=0.004).funnel_overdispersion() == \
        {"tau2": 0.004}
    assert RunMetadata("a", "m", phi=2.25).funnel_overdispersion() == {}


def test_geography_and_provenance_read_in_words():
    assert RUN.areas.title == "Constituencies"
    assert RUN.provenance() == ("PHSO Insight 0.2.0 (phso_insight:representation) on QGIS 3.44.16-Solothurn, "
                                "2026-05-04T10:00:00+00:00; inputs: INPUT = constituency counts")


def test_results_are_titled_by_their_geography_or_their_groups():
    assert result_title(RUN) == "Constituencies"
    assert result_title(RunMetadata(GROUP_REPRESENTATION, "m", subject="disability")) == "Groups by disability"
    assert result_title(RunMetadata(GROUP_REPRESENTATION, "m", subject="ethnicity", geography="ICB")) == \
        "Groups by ethnicity within integrated care boards (ICBs)"


def test_publication_safe_outputs_quote_the_method_without_exact_case_counts():
    run = RunMetadata(GROUP_REPRESENTATION, "Shares; 4 cases excluded; limits.", published_method="Shares; limits.")
    assert (run.method_for(True), run.method_for(False)) == ("Shares; limits.", "Shares; 4 cases excluded; limits.")
    assert RUN.method_for(True) == RUN.method  # nothing to hold back
