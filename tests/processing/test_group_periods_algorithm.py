"""phso_insight:grouprepresentation with periods: "are disabled people's cases catching up?" in one run, and the
pooled table unchanged by the option."""
from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import QgsVectorLayer

from phso_insight_plugin.layer_run_metadata import run_metadata_of
from phso_insight_plugin.results.change_columns import CHANGE
from tests.processing.change_fixtures import disability, rows


def test_disabled_people_s_rising_share_is_a_significant_trend_in_one_run(with_periods):
    change = rows(with_periods["CHANGE"], "group")
    assert list(change["Yes"])[1:] == ["group", *CHANGE.names]  # after the GeoPackage's fid
    assert change["Yes"]["trend_label"] == "Significantly rising (99.8%)"
    assert change["Yes"]["trend_z"] == pytest.approx(5.46, abs=0.01)
    assert change["Yes"]["persistence_label"] == "Higher than expected in every period"
    assert (change["Yes"]["period_1"], change["Yes"]["period_2"]) == ("2023/24", "2024/25")


def test_each_period_s_group_table_shows_the_share_rising(with_periods):
    table = pd.DataFrame(rows(with_periods["BY_PERIOD"]))
    yes = table[table["group"] == "Yes"].set_index("period")
    assert yes.index.tolist() == ["2021/22", "2022/23", "2023/24", "2024/25"]
    assert yes["case_share"].round(2).tolist() == [0.29, 0.31, 0.36, 0.41]
    assert (yes["tier"] == 2).all()


def test_the_change_tables_carry_the_run_with_its_periods(with_periods):
    run = run_metadata_of(QgsVectorLayer(with_periods["CHANGE"], "change", "ogr"))
    assert run.algorithm == "phso_insight:grouprepresentation" and run.subject == "disability"
    assert run.periods == ["2021/22", "2022/23", "2023/24", "2024/25"] and run.compared == ["2023/24", "2024/25"]
    assert run.method.startswith("Each group's expected cases from its share of the population")
    pooled = run_metadata_of(QgsVectorLayer(with_periods["OUTPUT"], "groups", "ogr"))
    assert pooled.periods == [] and pooled.method.startswith("Groups from the cases' field 'disability'")


def test_the_pooled_table_is_the_same_with_or_without_periods(sample_pipeline, with_periods, run_alg, tmp_path):
    without = run_alg("grouprepresentation", disability(sample_pipeline.assigned, tmp_path))
    assert "CHANGE" not in without and "BY_PERIOD" not in without
    assert rows(without["OUTPUT"]) == rows(with_periods["OUTPUT"])

