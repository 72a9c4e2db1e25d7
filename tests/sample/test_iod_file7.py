"""The sample's IoD2025 File 7: the published headers, and ranks that fall within each LSOA's decile."""
import pandas as pd

from phso_insight_plugin.deprivation.file7 import read_file7
from synthetic.sample.iod_file7 import N_ENGLAND, imd_ranks
from tests.shared_data import SHARED_DATA

SAMPLE_FILE = SHARED_DATA.parents[1] / "phso_insight_plugin/resources/sample/File_7_IoD2025_sample.csv"


def test_the_sample_file_has_the_published_iod2025_file_7_headers():
    published = pd.read_csv(SHARED_DATA / "deprivation/iod2025_file7_london.csv", nrows=0).columns.tolist()
    assert pd.read_csv(SAMPLE_FILE, nrows=0).columns.tolist() == published


def test_each_rank_lies_in_the_tenth_of_englands_33755_lsoas_its_decile_names():
    file7 = read_file7(pd.read_csv(SAMPLE_FILE, dtype=str, keep_default_na=False)).table
    lower = (file7["decile"] - 1) * N_ENGLAND / 10
    assert len(file7) == 300
    assert ((file7["rank"] > lower) & (file7["rank"] <= lower + N_ENGLAND / 10)).all()


def test_ranks_spread_a_deciles_lsoas_evenly_in_code_order():
    import numpy as np

    ranks = imd_ranks(np.array([2, 2, 1, 2]), np.array(["E01000004", "E01000002", "E01000001", "E01000003"]))
    # decile 1: one LSOA at the middle of ranks 1…3,375.5; decile 2: three at 1/6, 3/6, 5/6 of 3,376.5…6,751
    assert ranks.tolist() == [6188, 3938, 1688, 5063]
