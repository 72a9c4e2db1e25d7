"""Everything fixed about the sample region: sizes, labels, planted multipliers, shares of messy data, names.

The rate of a person is ``c · AGE · SEX · ETH · DIS · DEPRIVATION[decile] · LSOA · CONSTITUENCY``,
with ``c`` (cases per person over the four years) scaled so that the expected total is TARGET_CASES.
Coordinates in metres (EPSG:27700).
"""
from __future__ import annotations

from datetime import date

import numpy as np

from ..codes import population_field

DEFAULT_SEED = 20250433
#: One independent random stream per component, in this order (append new ones at the end).
STREAMS = ["outline", "lsoa_seeds", "lsoa_edges", "districts", "imd", "population",
           "pcon_seeds", "pcon_edges", "postcodes", "planted", "cases", "messy", "regional", "dates"]

BBOX = (520000.0, 170000.0, 544000.0, 188000.0)
REGION_CENTRE = (532000.0, 179000.0)
CITY_CENTRE = (530800.0, 179600.0)
N_LSOA = 300
N_PCON = 8
TARGET_CASES = 5000

# ---------------------------------------------------------------- labels --
AGE_BANDS = ["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]
AGE_FIELDS = [population_field(band, "pop_age_") for band in AGE_BANDS]
SEXES = ["Female", "Male"]
SEX_FIELDS = ["pop_female", "pop_male"]
ETHNICITIES = ["Asian", "Black", "Mixed", "White", "Other"]
ETH_FIELDS = ["pop_eth_asian", "pop_eth_black", "pop_eth_mixed", "pop_eth_white", "pop_eth_other"]
DISABILITY = ["Yes", "No"]
DIS_FIELDS = ["pop_disabled", "pop_not_disabled"]
#: The case dimensions in stratum-axis order (axis 1 … 4 of the population array), with labels and fields.
DIMENSIONS = [("age_band", AGE_BANDS, AGE_FIELDS), ("sex", SEXES, SEX_FIELDS),
              ("ethnicity", ETHNICITIES, ETH_FIELDS), ("disability", DISABILITY, DIS_FIELDS)]
STRATA_SHAPE = (len(AGE_BANDS), len(SEXES), len(ETHNICITIES), len(DISABILITY))
N_STRATA = int(np.prod(STRATA_SHAPE))

# ------------------------------------------------------- planted effects --
AGE_MULT = {"0-15": 0.3, "16-24": 0.5, "25-34": 1.0, "35-49": 1.0, "50-64": 1.0, "65+": 1.5}
SEX_MULT = {"Female": 1.0, "Male": 1.0}          # null effect (control)
ETH_MULT = {"Asian": 0.6, "Black": 1.0, "Mixed": 1.0, "White": 1.0, "Other": 1.0}
DIS_MULT = {"Yes": 1.8, "No": 1.0}
GROUP_MULT = {"age_band": AGE_MULT, "sex": SEX_MULT, "ethnicity": ETH_MULT, "disability": DIS_MULT}
DEP_MULT = {d: round(1.6 - 0.1 * (d - 1), 10) for d in range(1, 11)}  # 1.6 … 0.7
LSOA_HIGH_MULT = 3.0
LSOA_LOW_MULT = 0.15
PCON_HIGH_MULT = 1.4
N_LSOA_HIGH = 3
N_LSOA_LOW = 3

# ------------------------------------------- change over time (issue 14) --
#: The outreach pilot: from PILOT_START the pilot constituency's case rate is PILOT_MULT times its rate before.
PILOT_MULT = 1.6
PILOT_START = date(2024, 4, 1)
#: Disabled people's case rate rises by this factor every financial year (everyone else's is level).
TREND_PER_YEAR = 1.25
TREND_GROUP = ("disability", "Yes")

# --------------------------------------------- regional benchmark (issue 15) --
#: At most this many cases are moved between the pair of LSOAs.
REGIONAL_MAX_MOVED = 6
#: The flips are judged at this two-sided significance level (95% verdicts), crude and age-standardised.
REGIONAL_ALPHA = 0.05

# ----------------------------------------------------------------- cases --
CASE_TYPES = ["NHS – hospital", "NHS – GP", "NHS – mental health", "NHS – dental", "NHS – ambulance",
              "Parliamentary – DWP", "Parliamentary – HMRC", "Parliamentary – Home Office",
              "Parliamentary – other"]
CASE_TYPE_P = np.array([0.37, 0.14, 0.10, 0.04, 0.03, 0.12, 0.06, 0.06, 0.08])
DATE_START = date(2021, 4, 1)
DATE_END = date(2025, 3, 31)

# Messy-postcode shares (mutually exclusive categories, exact counts).
MESSY_SHARES = {"lowercase": 0.03, "no_space": 0.03, "extra_spaces": 0.01, "blank": 0.005,
                "malformed": 0.004, "not_in_lookup": 0.004, "terminated": 0.003}
MALFORMED_VALUES = ["SX1", "N/A", "12345", "UNKNOWN", "SX4 4A", "SX", "SXX 1AB", "NFA", "SX12 ABC", "0"]
ETH_PNTS_SHARE = 0.03     # "Prefer not to say"
ETH_BLANK_SHARE = 0.01
DIS_BLANK_SHARE = 0.02

# ------------------------------------------------------------- postcodes --
POSTCODE_AREA = "SX"
N_POSTCODE_DISTRICTS = 20
TERMINATED_SHARE = 0.02
#: Every LSOA keeps more than this many live postcodes when some are terminated.
MIN_LIVE_POSTCODES = 8

# ----------------------------------------------------------------- names --
DISTRICTS = ["Sampleton", "Northfield Vale", "Easthaven", "Brackenmoor"]
DISTRICT_CAPITALS = np.array([[530800.0, 179600.0], [534200.0, 184900.0],
                              [539600.0, 175900.0], [524400.0, 175400.0]])
DISTRICT_REACH = np.array([1.0, 1.0, 1.0, 1.0])
ICB_OF_DISTRICT = {
    "Sampleton": "NHS Sampleton Integrated Care Board",
    "Northfield Vale": "NHS Northfield Vale and Easthaven Integrated Care Board",
    "Easthaven": "NHS Northfield Vale and Easthaven Integrated Care Board",
    "Brackenmoor": "NHS Brackenmoor Integrated Care Board",
}
#: Constituency names by compass direction from the city centre (degrees, 0 = east, counter-clockwise).
PCON_CENTRAL_NAME = "Sampleton Central"
PCON_DIRECTION_NAMES = [
    (90.0, "Northfield Vale"), (45.0, "Ashby and Fenwick"), (0.0, "Easthaven"),
    (-45.0, "Marsh End and Saltings"), (-90.0, "Sampleton South"),
    (-135.0, "Brackenmoor"), (180.0, "Westerleigh"),
    (135.0, "Orchard Green and Hatherley"),
]
