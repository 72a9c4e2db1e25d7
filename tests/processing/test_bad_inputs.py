"""A corpus of bad inputs driven through ``processing.run`` for every algorithm.

Each case is (algorithm, parameters, the parameter the message must name, words it must contain).
Every run must fail with a message that names the offending parameter, says what is wrong in a
sentence or two, and shows no Python internals (exception names, tracebacks, GDAL/PROJ text).
Layers from files are passed by their source, not as layer objects: a failed run never frees the
layer objects it was given (QGIS bindings), and a file layer alive when QGIS exits crashes it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from phso_insight_plugin.processing.registry import algorithms
from phso_insight_plugin.resources import SAMPLE_DIR
from tests.feedback import RecordingFeedback, error_of
from tests.layers import memory_layer as build_memory_layer
from tests.layers import square
from tests.shared_data import LONDON_GPKG, SHARED_DATA

#: Python internals that must never reach a user: exception names, tracebacks, library and column internals.
INTERNALS = re.compile(
    r"Traceback|\b[A-Z]\w*(Error|Exception|Warning)\b|File \"|line \d+, in|wkb_geometry|NoneType|object at 0x"
    r"|\bdtype\b|\bnumpy\b|\bpandas\b|\bshapely\b|\bGEOS\b|PROJ:|ERROR \d|\bOGR\b|\bnan\b|<NA>|KeyError|\[\]")
QGIS_PREFIX = "Unable to execute algorithm\n"
MAX_SENTENCES = 3
MAX_LENGTH = 600

SAMPLE_GPKG = SAMPLE_DIR / "sample.gpkg"
LOOKUP = f"{SAMPLE_GPKG}|layername=postcode_lookup"
SAMPLE_CASES = str(SAMPLE_DIR / "cases.csv")
LSOA = f"{LONDON_GPKG}|layername=lsoa21"
CODES = ["E01000001", "E01000002", "E01000003"]


@dataclass
class Later:
    """A layer built when the case runs (layers need QGIS, which starts after the corpus is collected)."""

    make: Callable
    args: tuple
    kwargs: dict


def later(make):
    """Decorator: calling ``make`` returns a :class:`Later` instead of building the layer."""
    return lambda *args, **kwargs: Later(make, args, kwargs)


def resolve(value):
    if isinstance(value, Later):
        return value.make(*[resolve(a) for a in value.args], **{k: resolve(v) for k, v in value.kwargs.items()})
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value


@dataclass
class Bad:
    """One bad input: ``build(files)`` gives the parameters; the message must name ``parameter``."""

    algorithm: str
    what: str
    build: Callable[[Files], dict]
    parameter: str
    words: tuple[str, ...] = ()


class Files:
    """Small inputs written on demand into a temporary folder (returned as paths)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def csv(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def out(self, name: str) -> str:
        return str(self.folder / name)


memory_layer = later(build_memory_layer)


def areas(crs: str = "EPSG:27700", name: str = "areas", with_tier: bool = True, **columns):
    """Three 100 m squares side by side (codes E01000001–3) with cases, population and (unless ``with_tier``
    is False, as for a representation input, whose results would replace it) a tier."""
    values = {"code": CODES, "name": ["North", "Middle", "South"], "cases": [10, 20, 30], "pop": [1000, 1500, 2500],
              **({"tier": [1, 0, -1]} if with_tier else {}), **columns}
    return build_memory_layer(values, [square(0, 0), square(100, 0), square(200, 0)], crs=crs, name=name)


@later
def table(name: str = "table", **columns):
    return build_memory_layer(columns, name=name)


@later
def cases(**extra):
    """Six cases with an LSOA code, a group, an age band and coordinates inside the squares."""
    return build_memory_layer(dict(case_id=list(range(1, 7)), lsoa=CODES * 2, group=["A", "B", "A", "B", "A", "A"],
                 age=["young", "old"] * 3, x=[50.0, 150.0, 250.0, 50.0, 150.0, 250.0], y=[50.0] * 6, **extra),
                        name="cases")


@later
def population(**extra):
    columns = {"group": ["A", "B", "A", "B"], "age": ["young", "young", "old", "old"], "n": [400, 600, 300, 700],
               "dimension": ["ethnicity"] * 4, **extra}
    return build_memory_layer(columns, name="population")


@later
def representation_layer(**columns):
    """What a representation output looks like, for the map, style and report algorithms."""
    values = {"observed": [10, 20, 30], "expected": [12.0, 20.0, 28.0], "ratio": [0.83, 1.0, 1.07],
              "lcl95": [0.4, 0.61, 0.72], "ucl95": [1.53, 1.54, 1.53], "q_value": [0.5, 1.0, 0.7], **columns}
    return resolve(areas(name="LSOAs", **values))


def assign(**changes):
    return lambda f: {"INPUT": cases(), "LOCATION_TYPE": 1, "LOCATION_FIELD": "lsoa", "AREAS": areas(),
                      "AREA_FIELD": "code", "OUTPUT": "TEMPORARY_OUTPUT", **changes}


def by_postcode(**changes):
    return lambda f: {"INPUT": SAMPLE_CASES, "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
                      "POSTCODE_LOOKUP": LOOKUP, "LOOKUP_POSTCODE_FIELD": "pcds", "LOOKUP_AREA_FIELDS": ["lsoa21cd"],
                      "OUTPUT": "TEMPORARY_OUTPUT", **changes}


def by_xy(**changes):
    return lambda f: {"INPUT": cases(), "LOCATION_TYPE": 3, "X_FIELD": "x", "Y_FIELD": "y", "AREAS": areas(),
                      "AREA_FIELD": "code", "OUTPUT": "TEMPORARY_OUTPUT", **changes}


def join(**changes):
    return lambda f: {"INPUT": cases(), "CASE_AREA_FIELD": "lsoa", "AREAS": areas(), "AREA_FIELD": "code",
                      "OUTPUT": "TEMPORARY_OUTPUT", **changes}


def represent(**changes):
    return lambda f: {"INPUT": areas(with_tier=False), "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"],
                      "OUTPUT": "TEMPORARY_OUTPUT", **changes}


def groups(**changes):
    return lambda f: {"CASES": cases(), "GROUP_FIELD": "group", "POPULATION": population(), "POP_GROUP_FIELD": "group",
                      "POP_COUNT_FIELD": "n", "OUTPUT": "TEMPORARY_OUTPUT", **changes}


def by_area_attribute(**changes):
    return lambda f: {"CASES": cases(), "GROUP_SOURCE": 1, "CASE_AREA_CODE_FIELD": "lsoa",
                      "AREA_ATTRIBUTE_LAYER": areas(decile=[1, 5, 10]), "AREA_ATTRIBUTE_CODE_FIELD": "code",
                      "AREA_ATTRIBUTE_FIELD": "decile", "AREA_ATTRIBUTE_POPULATION_FIELD": "pop",
                      "OUTPUT": "TEMPORARY_OUTPUT", **changes}


#: Received dates of the six cases of :func:`cases`: three in FY2023/24, three in FY2024/25.
DATES = ["2023-05-01", "2023-06-01", "2023-07-01", "2024-05-01", "2024-06-01", "2024-07-01"]


def change(**changes):
    return lambda f: {"CASES": cases(received=DATES), "CASE_AREA_FIELD": "lsoa", "DATE_FIELD": "received",
                      "AREAS": areas(), "AREA_CODE_FIELD": "code", "POPULATION_FIELDS": ["pop"],
                      "OUTPUT": "TEMPORARY_OUTPUT", "BY_PERIOD": "TEMPORARY_OUTPUT", **changes}


FILE7_2025 = SHARED_DATA / "deprivation" / "iod2025_file7_london.csv"
FILE7_2019 = SHARED_DATA / "deprivation" / "iod2019_file7_london.csv"


def deprivation(**changes):
    return lambda f: {"INPUT": str(FILE7_2025), "AREAS": areas(), "AREA_FIELD": "code", "OUTPUT": "TEMPORARY_OUTPUT",
                      **changes}


def rect(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


@later
def targets(crs: str = "EPSG:27700", geometries=None):
    return build_memory_layer({"tcode": ["T1", "T2"], "label": ["West", "East"]},
                        geometries or [rect(0, 0, 150, 100), rect(150, 0, 300, 100)], crs=crs, name="targets")


def apportion(**changes):
    return lambda f: {"INPUT": areas(), "SOURCE_ID_FIELD": "code", "FIELDS": ["cases"], "TARGET": targets(),
                      "TARGET_ID_FIELD": "tcode", "METHOD": 2, "OUTPUT": "TEMPORARY_OUTPUT", **changes}


#: A nomis-layout age table of the three areas of :func:`areas` (the six bands, 1 person in each but 65+).
SIX_AGES = ["Aged 15 years and under", "Aged 16 to 24 years", "Aged 25 to 34 years", "Aged 35 to 49 years",
            "Aged 50 to 64 years", "Aged 65 years and over"]
NOMIS_AGE = ",".join(f'"{c}"' for c in ["date", "geography", "geography code", "Age: Total",
                                         *(f"Age: {a}" for a in SIX_AGES)]) + "\n" + "".join(
    f'"2021","{code}","{code}",{5 + n},1,1,1,1,1,{n}\n' for code, n in zip(CODES, (10, 20, 30)))
#: An ONS custom dataset of the same areas crossing Sex (2 categories) and Age (6 categories), 2 people a cell.
CUSTOM_SEX_AGE = ("Lower layer Super Output Areas Code,Lower layer Super Output Areas,Sex (2 categories) Code,"
                  "Sex (2 categories),Age (6 categories) Code,Age (6 categories),Observation\n" + "".join(
                      f"{code},{code},{s},{sex},{a},{age},2\n" for code in CODES
                      for s, sex in ((1, "Female"), (2, "Male")) for a, age in enumerate(SIX_AGES, 1)))


def prepare(text: str = NOMIS_AGE, **changes):
    return lambda f: {"INPUT": f.csv("census2021-ts007-lsoa.csv", text), "AREAS": areas(), "AREA_FIELD": "code",
                      "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_TABLE": "TEMPORARY_OUTPUT", **changes}


def style(**changes):
    return lambda f: {"INPUT": representation_layer(), "OUTPUT_QML": f.out("style.qml"), **changes}


def tier_map(**changes):
    return lambda f: {"INPUT": representation_layer(), "OUTPUT_PNG": f.out("map.png"), **changes}


def styled(**changes):
    return lambda f: {"INPUT": representation_layer(), "OUTPUT": f.out("styled.gpkg"), **changes}


def report(**changes):
    return lambda f: {"AREA_LAYERS": [representation_layer()], "INCLUDE_MAP": False,
                      "OUTPUT_HTML": f.out("report.html"), **changes}


def brief(**changes):
    return lambda f: {"INPUT": representation_layer(), "OUTPUT_FOLDER": f.out("briefings"),
                      "OUTPUT_INDEX": "TEMPORARY_OUTPUT", **changes}


CORPUS = [
    # --- assigncases -------------------------------------------------------------------------------
    Bad("assigncases", "no case layer", assign(INPUT=None), "INPUT", ("required",)),
    Bad("assigncases", "case file that does not exist", assign(INPUT="/no/such/cases.csv"), "INPUT",
        ("cannot be opened", "/no/such/cases.csv")),
    Bad("assigncases", "empty case table", assign(INPUT=table(lsoa=[])), "INPUT", ("empty",)),
    Bad("assigncases", "location type out of range", assign(LOCATION_TYPE=9), "LOCATION_TYPE", ("0 = Postcode",)),
    Bad("assigncases", "location field not in the cases", assign(LOCATION_FIELD="lsoa_code"), "LOCATION_FIELD",
        ("'lsoa_code'", "lsoa")),
    Bad("assigncases", "area code mode without a location field", assign(LOCATION_FIELD=None), "LOCATION_FIELD",
        ("area code",)),
    Bad("assigncases", "area field not in the areas", assign(AREA_FIELD="LSOA21CD"), "AREA_FIELD",
        ("'LSOA21CD'", "code")),
    Bad("assigncases", "postcode mode without a lookup", by_postcode(POSTCODE_LOOKUP=None), "POSTCODE_LOOKUP"),
    Bad("assigncases", "lookup area field misnamed", by_postcode(LOOKUP_AREA_FIELDS=["lsoa11cd"]),
        "LOOKUP_AREA_FIELDS", ("'lsoa11cd'",)),
    Bad("assigncases", "lookup with a postcode listed twice",
        by_postcode(POSTCODE_LOOKUP=table(pcds=["N1 9GU", "N1 9GU"], lsoa21cd=["E01000001", "E01000002"])),
        "LOOKUP_POSTCODE_FIELD", ("more than once", "N1 9GU")),
    Bad("assigncases", "cases already have the area column",
        by_postcode(INPUT=table(postcode=["N1 9GU"], lsoa21cd=["x"])), "LOOKUP_AREA_FIELDS", ("lsoa21cd", "rename")),
    Bad("assigncases", "points without an area layer", by_xy(AREAS=None, AREA_FIELD=None), "AREAS"),
    Bad("assigncases", "points without X/Y fields", by_xy(X_FIELD=None), "X_FIELD"),
    Bad("assigncases", "X field misnamed", by_xy(X_FIELD="easting"), "X_FIELD", ("'easting'",)),
    Bad("assigncases", "unknown coordinate CRS", by_xy(COORDINATE_CRS="EPSG:99999"), "COORDINATE_CRS",
        ("EPSG:99999", "EPSG:27700")),
    Bad("assigncases", "areas without a CRS", by_xy(AREAS=areas(crs="")), "AREAS",
        ("no coordinate reference system",)),
    Bad("assigncases", "area table without geometry", by_xy(AREAS=table(code=CODES)), "AREAS",
        ("without geometry", "polygons")),
    Bad("assigncases", "point geometry from a table", by_xy(LOCATION_TYPE=2), "INPUT", ("without geometry",)),
    Bad("assigncases", "longitude/latitude read as metres",
        by_xy(INPUT=table(x=[-0.10, -0.11], y=[51.50, 51.52]), AREAS=LSOA, AREA_FIELD="lsoa21_code"),
        "COORDINATE_CRS", ("longitude/latitude", "EPSG:4326")),
    Bad("assigncases", "areas whose geometries are all empty",
        by_xy(AREAS=memory_layer({"code": ["E1"]}, ["POLYGON EMPTY"])), "AREAS", ("NULL or empty",)),
    # --- joincasecounts ----------------------------------------------------------------------------
    Bad("joincasecounts", "area field misnamed (was KeyError)", join(AREA_FIELD="lsoa21cd"), "AREA_FIELD",
        ("'lsoa21cd'", "code")),
    Bad("joincasecounts", "case area field misnamed", join(CASE_AREA_FIELD="lsoa21cd"), "CASE_AREA_FIELD",
        ("'lsoa21cd'",)),
    Bad("joincasecounts", "group field misnamed", join(GROUP_FIELD="ethnicity"), "GROUP_FIELD", ("'ethnicity'",)),
    Bad("joincasecounts", "no area layer", join(AREAS=None), "AREAS", ("required",)),
    Bad("preparedeprivation", "IoD2019 without the LSOA lookup", deprivation(INPUT=str(FILE7_2019)), "LSOA_LOOKUP",
        ("2011 LSOAs", "LSOA11CD")),
    Bad("preparedeprivation", "a table that is not File 7", deprivation(INPUT=table(lsoa=["E01000001"], imd=[3])),
        "INPUT", ("LSOA code (2021)",)),
    Bad("preparedeprivation", "areas that are not LSOAs", deprivation(AREAS=areas(code=["E14001063", "E14001064",
                                                                                        "E14001065"])),
        "AREA_FIELD", ("constituencies",)),
    Bad("preparedeprivation", "a prefix whose fields exist", deprivation(AREAS=areas(imd_decile=[1, 2, 3])),
        "FIELD_PREFIX",
        ("already has",)),
    Bad("joincasecounts", "empty area layer", join(AREAS=table(code=[])), "AREAS", ("empty",)),
    Bad("joincasecounts", "text in the count field", join(INPUT=cases(n=["1", "two", "3", "4", "5", "6"]),
                                                          COUNT_FIELD="n"), "COUNT_FIELD", ("two", "rows 2")),
    Bad("joincasecounts", "negative count", join(INPUT=cases(n=[1, -2, 3, 4, 5, 6]), COUNT_FIELD="n"),
        "COUNT_FIELD", ("negative", "rows 2")),
    Bad("joincasecounts", "fractional count", join(INPUT=cases(n=[1.0, 2.5, 3.0, 4.0, 5.0, 6.0]), COUNT_FIELD="n"),
        "COUNT_FIELD", ("rows 2",)),
    Bad("joincasecounts", "duplicate area codes", join(AREAS=table(code=["E01000001", "E01000001"])), "AREA_FIELD",
        ("E01000001",)),
    # --- representation ----------------------------------------------------------------------------
    Bad("representation", "no observed field", represent(OBSERVED_FIELDS=[]), "OBSERVED_FIELDS"),
    Bad("representation", "observed field misnamed", represent(OBSERVED_FIELDS=["cases_all"]), "OBSERVED_FIELDS",
        ("'cases_all'",)),
    Bad("representation", "text in the observed field",
        represent(INPUT=areas(with_tier=False, cases=["10", "x", "30"])), "OBSERVED_FIELDS", ("non-numeric", "row 2")),
    Bad("representation", "negative observed count", represent(INPUT=areas(with_tier=False, cases=[10, -1, 30])),
        "OBSERVED_FIELDS", ("negative", "row 2")),
    Bad("representation", "NULL population", represent(INPUT=areas(with_tier=False, pop=[1000.0, None, 2500.0])),
        "POPULATION_FIELDS", ("NULL", "row 2")),
    Bad("representation", "population and observed fields not paired",
        represent(OBSERVED_FIELDS=["cases", "pop"]), "POPULATION_FIELDS", ("paired",)),
    Bad("representation", "both expected and population fields", represent(EXPECTED_FIELD="pop"), "EXPECTED_FIELD"),
    Bad("representation", "neither expected nor population fields", represent(POPULATION_FIELDS=[]),
        "POPULATION_FIELDS"),
    Bad("representation", "multiple testing choice out of range", represent(MULTIPLE_TESTING=5), "MULTIPLE_TESTING"),
    Bad("representation", "overdispersion by name", represent(OVERDISPERSION="random"), "OVERDISPERSION"),
    Bad("representation", "negative minimum expected", represent(MIN_EXPECTED=-1), "MIN_EXPECTED"),
    Bad("representation", "empty layer", represent(INPUT=table(cases=[], pop=[])), "INPUT", ("empty",)),
    Bad("representation", "reference table without stratum field", represent(REFERENCE=table(rate=[0.01])),
        "REFERENCE_STRATUM_FIELD"),
    Bad("representation", "reference table without rates",
        represent(REFERENCE=table(stratum=["cases"]), REFERENCE_STRATUM_FIELD="stratum"), "REFERENCE_RATE_FIELD"),
    Bad("representation", "reference table missing a stratum",
        represent(REFERENCE=table(stratum=["other"], rate=[0.01]), REFERENCE_STRATUM_FIELD="stratum",
                  REFERENCE_RATE_FIELD="rate"), "REFERENCE", ("'cases / pop'", "'stratum'")),
    # --- representationchange ----------------------------------------------------------------------
    Bad("representationchange", "both a date and a period field", change(PERIOD_FIELD="group"), "PERIOD_FIELD",
        ("one of the two",)),
    Bad("representationchange", "neither a date nor a period field", change(DATE_FIELD=None), "DATE_FIELD"),
    Bad("representationchange", "no date that can be read", change(CASES=cases(received=["soon"] * 6)),
        "DATE_FIELD", ("could not be read", "'soon'")),
    Bad("representationchange", "every case in one period", change(CASES=cases(received=DATES[:3] * 2)), "PERIODS",
        ("2023/24",)),
    Bad("representationchange", "a period to compare that is not a period", change(COMPARE="2019/20; 2024/25"),
        "COMPARE", ("2019/20", "2023/24, 2024/25")),
    Bad("representationchange", "periods to compare in the wrong order", change(COMPARE="2024/25; 2023/24"),
        "COMPARE", ("earlier period first",)),
    Bad("representationchange", "break periods without a break date", change(PERIODS=3), "BREAKS",
        ("at least one break date",)),
    Bad("representationchange", "a break date that cannot be read", change(PERIODS=3, BREAKS="31/02/2024"),
        "BREAKS", ("'31/02/2024'",)),
    Bad("representationchange", "one population field per period, but one field for two periods",
        change(POPULATION_PER_PERIOD=True), "POPULATION_FIELDS", ("one per period",)),
    Bad("representationchange", "strata without a population field per stratum", change(STRATUM_FIELD="age"),
        "POPULATION_FIELDS", ("'young'", "'old'")),
    Bad("representationchange", "text in the case count", change(CASES=cases(received=DATES, n=["1", "x", "1", "1",
                                                                                                "1", "1"]),
                                                                  COUNT_FIELD="n"), "COUNT_FIELD", ("row 2",)),
    # --- grouprepresentation -----------------------------------------------------------------------
    Bad("grouprepresentation", "periods without a date field", groups(PERIODS=1, CHANGE="TEMPORARY_OUTPUT"),
        "DATE_FIELD"),
    Bad("grouprepresentation", "periods without the change table", groups(CASES=cases(received=DATES), PERIODS=1,
                                                                          DATE_FIELD="received"), "CHANGE"),
    Bad("grouprepresentation", "population filter that does not parse (was ignored)",
        groups(POP_FILTER="dimension = = 'ethnicity'"), "POP_FILTER", ("not a valid expression",)),
    Bad("grouprepresentation", "population filter naming a missing field",
        groups(POP_FILTER="\"dimensions\" = 'ethnicity'"), "POP_FILTER", ("'dimensions'", "dimension")),
    Bad("grouprepresentation", "population filter matching no row", groups(POP_FILTER="\"dimension\" = 'age'"),
        "POP_FILTER", ("No population rows",)),
    Bad("grouprepresentation", "no group field", groups(GROUP_FIELD=None), "GROUP_FIELD"),
    Bad("grouprepresentation", "group field misnamed", groups(GROUP_FIELD="ethnicity"), "GROUP_FIELD",
        ("'ethnicity'",)),
    Bad("grouprepresentation", "no population table", groups(POPULATION=None), "POPULATION"),
    Bad("grouprepresentation", "long and wide population at once", groups(POP_WIDE_FIELDS=["n"]),
        "POP_WIDE_FIELDS"),
    Bad("grouprepresentation", "long population without count", groups(POP_COUNT_FIELD=None), "POP_COUNT_FIELD"),
    Bad("grouprepresentation", "text in the population count", groups(POPULATION=population(n=["400", "lots", "300",
                                                                                               "700"])),
        "POPULATION", ("'n'", "lots")),
    Bad("grouprepresentation", "text in the case count", groups(CASES=cases(n=["1", "x", "1", "1", "1",
                                                                                          "1"]), COUNT_FIELD="n"),
        "COUNT_FIELD", ("row 2",)),
    Bad("grouprepresentation", "per-area breakdown without population area field", groups(AREA_FIELD="lsoa"),
        "POP_AREA_FIELD"),
    Bad("grouprepresentation", "standardising without population stratum", groups(STANDARDISE_BY="age"),
        "POP_STRATUM_FIELD"),
    Bad("grouprepresentation", "mapping table without its fields", groups(MAPPING=table(a=["A"], b=["B"])),
        "MAPPING_FROM"),
    Bad("grouprepresentation", "area-attribute mode with a population table", by_area_attribute(
        POPULATION=population()), "POPULATION"),
    Bad("grouprepresentation", "area-attribute mode without the attribute field",
        by_area_attribute(AREA_ATTRIBUTE_FIELD=None), "AREA_ATTRIBUTE_FIELD"),
    Bad("grouprepresentation", "group source out of range", groups(GROUP_SOURCE=3), "GROUP_SOURCE"),
    # --- preparepopulation --------------------------------------------------------------------------
    Bad("preparepopulation", "a table in no census layout", prepare("lsoa,people\nE01000001,3\n"), "INPUT",
        ("not a Census 2021 table",)),
    Bad("preparepopulation", "an area missing from the table", prepare(NOMIS_AGE.rsplit('"2021","E01000003"', 1)[0]),
        "AREA_FIELD", ("E01000003",)),
    Bad("preparepopulation", "a table of MSOAs for a layer of LSOAs", prepare(NOMIS_AGE.replace("E010", "E020")),
        "AREA_FIELD", ("MSOAs",)),
    Bad("preparepopulation", "five-year bands that straddle a band",
        prepare(NOMIS_AGE.replace("Aged 15 years and under", "Aged 19 years and under").replace(
            "Aged 16 to 24 years", "Aged 20 to 24 years")), "INPUT", ("spans the bands 0-15 and 16-24",)),
    Bad("preparepopulation", "areas output without an area layer", prepare(AREAS=None), "AREAS"),
    Bad("preparepopulation", "a grouping table missing a category",
        prepare(MAPPING=table(category=["Aged 15 years and under"], group=["young"]), MAPPING_FROM="category",
                MAPPING_TO="group"), "MAPPING", ("Aged 16 to 24 years",)),
    Bad("preparepopulation", "totals required but perturbed", prepare(NOMIS_AGE.replace(",15,1,", ",16,1,"),
                                                                      REQUIRE_TOTALS=True), "INPUT",
        ("published total",)),
    Bad("preparepopulation", "a stratum that is neither variable of a cross",
        prepare(CUSTOM_SEX_AGE, STRATUM="Religion"), "STRATUM", ("'Religion' is neither", "'Sex' and 'Age'")),
    Bad("preparepopulation", "a pair of categories missing from a cross",
        prepare(CUSTOM_SEX_AGE.replace(f"{CODES[1]},{CODES[1]},2,Male,6,Aged 65 years and over,2\n", "")), "INPUT",
        ("pair of categories", CODES[1])),
    Bad("preparepopulation", "population fields already on the layer",
        prepare(AREAS=areas(pop_age_0_15=[1, 2, 3])), "FIELD_PREFIX", ("pop_age_0_15",)),
    # --- apportion ---------------------------------------------------------------------------------
    Bad("apportion", "source id field misnamed", apportion(SOURCE_ID_FIELD="id"), "SOURCE_ID_FIELD", ("'id'",)),
    Bad("apportion", "no count fields", apportion(FIELDS=[]), "FIELDS", ("required",)),
    Bad("apportion", "duplicate source ids", apportion(INPUT=areas(code=["S1", "S1", "S2"])), "SOURCE_ID_FIELD",
        ("duplicate", "S1")),
    Bad("apportion", "text in a count field", apportion(INPUT=areas(cases=["10", "n/a", "30"])), "FIELDS",
        ("n/a", "row 2")),
    Bad("apportion", "overlapping targets (were named by index)",
        apportion(TARGET=targets(geometries=[rect(0, 0, 200, 100), rect(100, 0, 300, 100)])), "TARGET",
        ("T1", "T2", "overlap")),
    Bad("apportion", "source layer without a CRS", apportion(INPUT=areas(crs="")), "INPUT",
        ("no coordinate reference system",)),
    Bad("apportion", "target layer without a CRS", apportion(TARGET=targets(crs="")), "TARGET",
        ("no coordinate reference system",)),
    Bad("apportion", "population layer without a CRS",
        apportion(METHOD=0, WEIGHTS=areas(crs=""), WEIGHT_FIELD="pop"), "WEIGHTS",
        ("no coordinate reference system",)),
    Bad("apportion", "population weighting without a population layer", apportion(METHOD=0), "WEIGHTS"),
    Bad("apportion", "population layer without its field", apportion(METHOD=0, WEIGHTS=areas()), "WEIGHT_FIELD"),
    Bad("apportion", "negative population", apportion(METHOD=0, WEIGHTS=areas(pop=[10, -5, 10]),
                                                       WEIGHT_FIELD="pop"), "WEIGHT_FIELD", ("negative",)),
    Bad("apportion", "method out of range", apportion(METHOD=7), "METHOD"),
    Bad("apportion", "unknown working CRS", apportion(WORKING_CRS="EPSG:0"), "WORKING_CRS"),
    Bad("apportion", "a table as target", apportion(TARGET=table(tcode=["T1"])), "TARGET", ("without geometry",)),
    Bad("apportion", "target field to keep misnamed", apportion(TARGET_FIELDS=["name"]), "TARGET_FIELDS",
        ("'name'",)),
    # --- tierstyle ---------------------------------------------------------------------------------
    Bad("tierstyle", "layer without a tier field", style(INPUT=memory_layer({"code": CODES}, [square(0, 0)] * 3)),
        "TIER_FIELD", ("'tier'",)),
    Bad("tierstyle", "tier field misnamed", style(TIER_FIELD="tiers"), "TIER_FIELD", ("'tiers'",)),
    Bad("tierstyle", "values that are not tiers", style(INPUT=representation_layer(tier=[1, 5, -1])), "TIER_FIELD",
        ("row 2",)),
    Bad("tierstyle", "palette that does not exist", style(PALETTE="Rainbow"), "PALETTE", ("PuOr",)),
    Bad("tierstyle", "label field misnamed", style(LABEL_FIELD="area_name"), "LABEL_FIELD", ("'area_name'",)),
    Bad("tierstyle", "saving into a GeoPackage from a memory layer", style(SAVE_TO_GPKG=True), "SAVE_TO_GPKG"),
    # --- exportmap ---------------------------------------------------------------------------------
    Bad("exportmap", "layer without a tier field (was KeyError 'tier')",
        tier_map(INPUT=memory_layer({"code": CODES}, [square(0, 0)] * 3)), "TIER_FIELD", ("'tier'",)),
    Bad("exportmap", "no output file", tier_map(OUTPUT_PNG=None), "OUTPUT_PNG"),
    Bad("exportmap", "resolution out of range", tier_map(DPI=5), "DPI", ("30", "1200")),
    Bad("exportmap", "layer without a CRS", tier_map(INPUT=areas(crs="")), "INPUT",
        ("no coordinate reference system",)),
    Bad("exportmap", "text in the tier field", tier_map(INPUT=representation_layer(tier=["high", "0", "-1"])),
        "TIER_FIELD", ("high",)),
    Bad("exportmap", "a table to map", tier_map(INPUT=table(tier=[1])), "INPUT", ("without geometry",)),
    # --- exportstyled ------------------------------------------------------------------------------
    Bad("exportstyled", "output that is not a GeoPackage", lambda f: styled()(f) | {"OUTPUT": f.out("styled.shp")},
        "OUTPUT", (".gpkg",)),
    Bad("exportstyled", "tier field misnamed", styled(TIER_FIELD="Tier_2024"), "TIER_FIELD", ("'Tier_2024'",)),
    Bad("exportstyled", "publication-safe without count fields",
        styled(INPUT=areas(name="no counts", cases=[1.5, 2.5, 3.5]), PUBLICATION_SAFE=True), "COUNT_FIELDS"),
    Bad("exportstyled", "publication-safe count field with text",
        styled(INPUT=representation_layer(pop=["1000", "many", "2500"]), PUBLICATION_SAFE=True,
               COUNT_FIELDS=["pop"]), "COUNT_FIELDS", ("many",)),
    # --- insightreport -----------------------------------------------------------------------------
    Bad("insightreport", "nothing to report on", report(AREA_LAYERS=None), "AREA_LAYERS"),
    Bad("insightreport", "a report layer that cannot be opened",
        report(AREA_LAYERS=[representation_layer(), "/no/such/LSOAs.gpkg"]), "AREA_LAYERS", ("/no/such/LSOAs.gpkg",)),
    Bad("insightreport", "name field in no layer", report(AREA_NAME_FIELD="LSOA21NM"), "AREA_NAME_FIELD",
        ("'LSOA21NM'",)),
    Bad("insightreport", "area layer that is not a representation output",
        report(AREA_LAYERS=[areas(name="plain areas")]), "AREA_LAYERS", ("representation output",)),
    Bad("insightreport", "group table that is not a group representation output",
        report(GROUP_TABLES=[population()]), "GROUP_TABLES", ("group representation output",)),
    Bad("insightreport", "tiers that are not tiers", report(AREA_LAYERS=[representation_layer(tier=[1, 7, 0])]),
        "AREA_LAYERS", ("7",)),
    # --- areabriefings ------------------------------------------------------------------------------
    Bad("areabriefings", "no areas", brief(INPUT=None), "INPUT", ("required",)),
    Bad("areabriefings", "areas without results", brief(INPUT=areas(with_tier=False)), "INPUT",
        ("representation output",)),
    Bad("areabriefings", "an area code not in the layer", brief(AREA_CODES="E01000002; E01999999"), "AREA_CODES",
        ("E01999999",)),
    Bad("areabriefings", "repeated codes", brief(INPUT=representation_layer(code=["E01000001"] * 3), CODE_FIELD="code"),
        "CODE_FIELD", ("E01000001",)),
    Bad("areabriefings", "no code field found", brief(INPUT=representation_layer(code=["A", "B", "C"])), "CODE_FIELD",
        ("code",)),
    Bad("areabriefings", "a group table without areas",
        brief(GROUP_TABLES=[table(group=["A"], cases=[3.0], case_share=[1.0], population_share=[0.5],
                                  expected=[1.5], ratio=[2.0], lcl95=[0.4], ucl95=[5.8], tier=[0])]),
        "GROUP_TABLES", ("area breakdown",)),
    Bad("areabriefings", "a change table without a code field", brief(CHANGE=table(ratio_of_ratios=[1.2])),
        "CHANGE_CODE_FIELD", ("code field",)),
    # --- regional benchmark ---------------------------------------------------------------------------------
    Bad("representation", "parent benchmark without a parent field", represent(BENCHMARK=1), "BENCHMARK_FIELD",
        ("parent",)),
    Bad("representation", "parent benchmark with expected counts",
        represent(POPULATION_FIELDS=[], EXPECTED_FIELD="pop", BENCHMARK=1, BENCHMARK_FIELD="name"),
        "POPULATION_FIELDS", ("within each parent",)),
]


def _id(bad: Bad) -> str:
    return f"{bad.algorithm}: {bad.what}"


def user_message(run) -> str:
    message = error_of(run)
    return message[len(QGIS_PREFIX):] if message.startswith(QGIS_PREFIX) else message


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s+(?=[A-Z])|$)", text.strip()))


def test_the_corpus_covers_every_algorithm_and_is_large():
    covered = {bad.algorithm for bad in CORPUS}
    assert covered == {alg.name() for alg in algorithms()}
    assert len(CORPUS) >= 60


@pytest.mark.parametrize("bad", CORPUS, ids=_id)
def test_bad_input_gets_a_plain_message_naming_the_parameter(run_alg, tmp_path, bad):
    feedback = RecordingFeedback()
    parameters = {key: resolve(value) for key, value in bad.build(Files(tmp_path)).items()}
    message = user_message(lambda: run_alg(bad.algorithm, parameters, feedback=feedback))
    assert not INTERNALS.search(message), message
    assert not [m for m in feedback.errors if INTERNALS.search(m)]
    assert re.search(rf"\b{bad.parameter}\b", message), message
    for word in bad.words:
        assert word in message, message
    assert len(message) <= MAX_LENGTH and sentences(message) <= MAX_SENTENCES, message


def test_an_unexpected_error_asks_to_report_it_and_logs_the_details(run_alg, monkeypatch):
    from qgis.core import QgsApplication

    from phso_insight_plugin.processing.algorithms import representation as representation_algorithm

    def broken(*args, **kwargs):
        raise KeyError("observed")

    monkeypatch.setattr(representation_algorithm, "representation", broken)
    logged = []

    def keep(message, tag, level):
        logged.append((tag, message))

    QgsApplication.messageLog().messageReceived.connect(keep)
    try:
        parameters = represent()(None) | {"INPUT": resolve(areas(with_tier=False))}
        message = user_message(lambda: run_alg("representation", parameters))
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(keep)
    assert message == ("Representation ratios and tiers stopped because of an unexpected error in PHSO Insight. "
                       "Please report this, with the details from the QGIS message log (View ▸ Panels ▸ Log "
                       "Messages, tab \"PHSO Insight\").")
    details = [text for tag, text in logged if tag == "PHSO Insight"]
    assert len(details) == 1
    assert "Traceback" in details[0] and "KeyError: 'observed'" in details[0] and "broken" in details[0]


def test_selected_features_only_with_nothing_selected_says_so(run_alg):
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject

    layer = resolve(areas(name="wards"))
    QgsProject.instance().addMapLayer(layer)
    try:
        selected = QgsProcessingFeatureSourceDefinition(layer.id(), True)
        message = user_message(lambda: run_alg("representation", represent()(None) | {"INPUT": selected}))
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert message == ("Areas (INPUT): no features are selected in 'wards'; select some, or untick 'Selected "
                       "features only'.")


def test_an_invalid_population_filter_is_refused_not_ignored(run_alg):
    """The sample's population table holds several breakdowns: ignoring the filter summed them all."""
    parameters = {"CASES": f"{SAMPLE_GPKG}|layername=cases", "GROUP_FIELD": "ethnicity", "STANDARDISE_BY": "age_band",
                  "POPULATION": str(SAMPLE_DIR / "population_by_age.csv"), "POP_GROUP_FIELD": "group",
                  "POP_COUNT_FIELD": "population", "POP_STRATUM_FIELD": "age_band", "OUTPUT": "TEMPORARY_OUTPUT"}
    unclosed = "\"dimension\" = 'ethnicity"
    message = user_message(lambda: run_alg("grouprepresentation", parameters | {"POP_FILTER": unclosed}))
    assert message.startswith(f"Population filter (POP_FILTER): “{unclosed}” is not a valid expression (")
    filtered = run_alg("grouprepresentation", parameters | {"POP_FILTER": "\"dimension\" = 'ethnicity'"})
    assert filtered["N_CELLS"] == 5
