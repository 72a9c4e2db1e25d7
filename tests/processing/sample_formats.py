"""The bundled sample cut to one ICB and written in every format a QGIS user can pick, for the
input-format matrix (``test_input_formats.py``).

The cut: the 44 LSOAs of NHS Brackenmoor ICB (E54000901), their 1,016 located cases plus the first
8 cases whose postcode is not found, the postcode lookup rows of those LSOAs and their population
by age band, the 8 constituencies, and a representation result of the 44 LSOAs. Everything the
tests compare against (observed counts per LSOA, population totals, each case's LSOA) is computed
here with pandas from the sample files, independently of the plugin.

Each dataset also has *extra* rows (other LSOAs, their cases, a clashing lookup row, an
overlapping constituency…) that only the ``subset``, ``selected`` and ``edited`` formats contain:
they must filter them out (subset string, selection, deletions in the edit buffer), so a result
equal to the reference run proves the filter was honoured. The ``edited`` file also holds one
wrong value that the edit buffer corrects.
"""
from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from phso_insight_plugin.resources import SAMPLE_DIR

CRS = "EPSG:27700"
BASE_ICB = "E54000901"
EXTRA_ICB = "E54000902"
N_EXTRA_LSOAS = 4
N_UNLOCATED_CASES = 8
YOUNG = ("0-15", "16-24", "25-34")
AGE_BANDS = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")
BATCH = "batch"
SUBSET = f"\"{BATCH}\" = 'base'"

#: Every format, in matrix order. ``gpkg_layer`` (or ``gpkg_table`` for data without geometry) is the reference.
FORMATS = ("gpkg_layer", "gpkg_table", "csv_ogr", "csv_ogr_wkt", "csv_delimited", "csv_delimited_geometry", "xlsx",
           "shapefile", "geojson", "memory", "subset", "selected", "edited")
#: Formats holding geometry: data read from them keeps its points or polygons.
GEOMETRY_FORMATS = ("gpkg_layer", "csv_ogr_wkt", "csv_delimited_geometry", "shapefile", "geojson", "memory",
                    "subset", "selected", "edited")
#: Formats that hold only the base rows (the rest also hold the extra rows and filter them).
FILTERED_FORMATS = ("subset", "selected", "edited")


@dataclass
class Dataset:
    """Attribute rows and geometries (WKB, None for none) of one input, base and extra parts.

    ``types`` maps column → 'str' | 'int' | 'float' | 'date'; ``geometry`` is 'polygon', 'point' or
    None; ``edit`` is (column, wrong value) written into the first base row of the ``edited`` file.
    """

    name: str
    types: dict[str, str]
    base: pd.DataFrame
    extra: pd.DataFrame
    geometry: str | None = None
    base_wkb: list = field(default_factory=list)
    extra_wkb: list = field(default_factory=list)
    edit: tuple[str, object] | None = None

    def supports(self, fmt: str) -> bool:
        if fmt in ("gpkg_table", "csv_ogr", "csv_delimited", "xlsx", "memory") + FILTERED_FORMATS:
            return True
        if fmt == "csv_ogr_wkt":
            return self.geometry == "polygon"
        if fmt == "shapefile":  # a .dbf alone for a table; dBASE field names have at most 10 characters
            return all(len(c) <= 10 for c in self.types)
        return self.geometry is not None


def read_ogr(path: Path, layer: str) -> tuple[pd.DataFrame, list]:
    """Attributes and WKB geometries of one layer of a file, in file order."""
    from osgeo import ogr

    dataset = ogr.Open(str(path))
    source = dataset.GetLayerByName(layer)
    rows, wkbs = [], []
    for feature in source:
        rows.append(feature.items())
        geometry = feature.GetGeometryRef()
        wkbs.append(bytes(geometry.ExportToWkb()) if geometry is not None else None)
    return pd.DataFrame(rows), wkbs


def sample_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / name, dtype=str, keep_default_na=False)


def postcode_key(values: pd.Series) -> pd.Series:
    return values.str.upper().str.replace(" ", "", regex=False)


def point_wkb(x: pd.Series, y: pd.Series) -> list:
    import shapely

    return [None if pd.isna(a) else shapely.to_wkb(shapely.Point(float(a), float(b))) for a, b in zip(x, y)]


class SampleCut:
    """The cut of the sample described in the module docstring, computed with pandas."""

    def __init__(self):
        lsoa, lsoa_wkb = read_ogr(SAMPLE_DIR / "sample.gpkg", "lsoa")
        lsoa["wkb"] = lsoa_wkb
        extra_codes = sorted(lsoa.loc[lsoa.ICB23CD == EXTRA_ICB, "LSOA21CD"])[:N_EXTRA_LSOAS]
        self.lsoa = lsoa[(lsoa.ICB23CD == BASE_ICB) | lsoa.LSOA21CD.isin(extra_codes)].sort_values("LSOA21CD")
        self.base_codes = sorted(self.lsoa.loc[self.lsoa.ICB23CD == BASE_ICB, "LSOA21CD"])
        self.extra_codes = extra_codes
        lookup = sample_csv("postcode_lookup.csv")
        cases = sample_csv("cases.csv")
        located = lookup.assign(key=postcode_key(lookup.pcds))[["key", "lsoa21cd", "x", "y"]]
        cases = cases.assign(key=postcode_key(cases.postcode)).merge(located, on="key", how="left")
        self.cases = cases.drop(columns="key")
        self.lookup = lookup

    def in_lsoas(self, frame: pd.DataFrame, column: str, codes) -> pd.DataFrame:
        return frame[frame[column].isin(codes)].reset_index(drop=True)

    def cases_of(self, codes) -> pd.DataFrame:
        return self.in_lsoas(self.cases, "lsoa21cd", codes)

    def observed(self, codes) -> pd.DataFrame:
        """Cases per LSOA, young (0-34) and old (35+), counted with pandas."""
        cases = self.cases_of(codes)
        young = cases.age_band.isin(YOUNG)
        counts = pd.DataFrame({"obs_young": young, "obs_old": ~young}).groupby(cases.lsoa21cd).sum()
        return counts.reindex(codes, fill_value=0).astype(int)


AREA_TYPES = {"LSOA21CD": "str", "LSOA21NM": "str", "pop_total": "int", "pop_young": "int", "pop_old": "int",
              "obs_young": "int", "obs_old": "int"}
CASE_TYPES = {"case_id": "str", "postcode": "str", "age_band": "str", "sex": "str", "ethnicity": "str",
              "disability": "str", "received": "date", "area_code": "str", "x": "int", "y": "int"}
LOOKUP_TYPES = {"pcd7": "str", "pcds": "str", "lsoa21cd": "str", "pcon24cd": "str", "icb23cd": "str", "x": "int",
                "y": "int", "doterm": "str"}
POPULATION_TYPES = {"lsoa21cd": "str", "dimension": "str", "group": "str", "population": "int"}
REP_TYPES = {"LSOA21CD": "str", "LSOA21NM": "str", "observed": "float", "expected": "float", "ratio": "float",
             "lcl95": "float", "ucl95": "float", "q_value": "float", "ci_method": "str", "tier": "int",
             "tier_label": "str"}


def area_frame(cut: SampleCut, codes) -> tuple[pd.DataFrame, list]:
    rows = cut.lsoa.set_index("LSOA21CD").loc[codes]
    young = [f"pop_age_{b.replace('-', '_').replace('+', '_plus')}" for b in YOUNG]
    old = [c for c in rows.columns if c.startswith("pop_age_") and c not in young]
    frame = pd.DataFrame({"LSOA21CD": list(codes), "LSOA21NM": rows.LSOA21NM.to_numpy(),
                          "pop_total": rows.pop_total.astype(int).to_numpy(),
                          "pop_young": rows[young].sum(axis=1).astype(int).to_numpy(),
                          "pop_old": rows[old].sum(axis=1).astype(int).to_numpy()})
    observed = cut.observed(list(codes))
    frame["obs_young"] = observed.obs_young.to_numpy()
    frame["obs_old"] = observed.obs_old.to_numpy()
    return frame, list(rows.wkb)


def areas_dataset(cut: SampleCut) -> Dataset:
    base, base_wkb = area_frame(cut, cut.base_codes)
    extra, extra_wkb = area_frame(cut, cut.extra_codes)
    return Dataset("areas", AREA_TYPES, base, extra, "polygon", base_wkb, extra_wkb, edit=("pop_total", 99999))


def case_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[["case_id", "postcode", "age_band", "sex", "ethnicity", "disability"]].copy()
    out["received"] = [datetime.date.fromisoformat(d) for d in frame.received_date]
    out["area_code"] = frame.lsoa21cd.fillna("")
    out["x"] = pd.array(pd.to_numeric(frame.x), dtype="Int64")
    out["y"] = pd.array(pd.to_numeric(frame.y), dtype="Int64")
    return out.reset_index(drop=True)


def cases_dataset(cut: SampleCut) -> Dataset:
    unlocated = cut.cases[cut.cases.lsoa21cd.isna()].head(N_UNLOCATED_CASES)
    base = case_frame(pd.concat([cut.cases_of(cut.base_codes), unlocated]).sort_values("case_id"))
    extra = case_frame(cut.cases_of(cut.extra_codes))
    return Dataset("cases", CASE_TYPES, base, extra, "point", point_wkb(base.x, base.y), point_wkb(extra.x, extra.y),
                   edit=("age_band", "WRONG"))


def lookup_dataset(cut: SampleCut) -> Dataset:
    """The lookup of the base LSOAs; the extra rows repeat five base postcodes with an extra LSOA code."""
    def typed(frame):
        frame = frame[list(LOOKUP_TYPES)].copy()
        frame["x"] = frame.x.astype(int)
        frame["y"] = frame.y.astype(int)
        return frame.reset_index(drop=True)

    base = typed(cut.in_lsoas(cut.lookup, "lsoa21cd", cut.base_codes))
    extra = base.head(5).assign(lsoa21cd=cut.extra_codes[0])
    return Dataset("lookup", LOOKUP_TYPES, base, extra, "point", point_wkb(base.x, base.y),
                   point_wkb(extra.x, extra.y), edit=("lsoa21cd", cut.extra_codes[0]))


def population_dataset(cut: SampleCut) -> Dataset:
    population = sample_csv("population_long.csv")
    population["population"] = population.population.astype(int)
    base = cut.in_lsoas(population, "lsoa21cd", cut.base_codes)
    extra = cut.in_lsoas(population, "lsoa21cd", cut.extra_codes)
    return Dataset("population", POPULATION_TYPES, base, extra, edit=("population", 99999))


def constituency_dataset() -> Dataset:
    """The 8 constituencies; the extra row is a copy of the first under another code (an overlap)."""
    frame, wkbs = read_ogr(SAMPLE_DIR / "sample.gpkg", "constituency")
    base = frame[["PCON24CD", "PCON24NM"]]
    extra = base.head(1).assign(PCON24CD="E14999999")
    return Dataset("constituency", {"PCON24CD": "str", "PCON24NM": "str"}, base, extra, "polygon", wkbs, wkbs[:1],
                   edit=("PCON24NM", "Wrong name"))


def representation_frame(areas: pd.DataFrame) -> pd.DataFrame:
    """Crude representation of ``areas`` (all cases vs pop_total) with the plugin's statistics core."""
    from phso_insight_plugin.stats.representation import representation

    observed = (areas.obs_young + areas.obs_old).to_numpy(dtype=float)
    result = representation(observed, population=areas.pop_total.to_numpy(dtype=float)[:, None])
    table = result.table.reset_index(drop=True)
    frame = areas[["LSOA21CD", "LSOA21NM"]].reset_index(drop=True)
    for column in ("observed", "expected", "ratio", "lcl95", "ucl95", "q_value", "ci_method", "tier_label"):
        frame[column] = table[column]
    frame["tier"] = pd.array(table["tier"], dtype="Int64")
    return frame[list(REP_TYPES)]


def representation_dataset(areas: Dataset) -> Dataset:
    both = representation_frame(pd.concat([areas.base, areas.extra], ignore_index=True))
    return Dataset("rep", REP_TYPES, representation_frame(areas.base), both.tail(len(areas.extra)), "polygon",
                   areas.base_wkb, areas.extra_wkb, edit=("tier", 2))


def group_table_dataset(cases: Dataset, population: Dataset) -> Dataset:
    """Group representation of the cases by age band, with the plugin's core (an insight report input)."""
    from phso_insight_plugin.groups.case_groups import case_table
    from phso_insight_plugin.groups.population import long_population
    from phso_insight_plugin.groups.representation import group_representation

    located = cases.base[cases.base.area_code != ""]
    by_age = population.base[population.base.dimension == "age_band"]
    table = group_representation(case_table(located.age_band), long_population(by_age, "group", "population"),
                                 multiple_testing="none").table.reset_index(drop=True)
    types = {c: ("str" if table[c].dtype == object else "int" if c == "tier" else "float") for c in table.columns}
    table["tier"] = pd.array(table["tier"], dtype="Int64")
    extra = table.head(1).assign(group="Extra group")
    return Dataset("groups", types, table, extra, edit=("cases", 999))


@dataclass
class SampleData:
    """Every dataset of the cut, by name."""

    areas: Dataset
    cases: Dataset
    lookup: Dataset
    population: Dataset
    constituency: Dataset
    rep: Dataset
    groups: Dataset

    @classmethod
    def build(cls) -> SampleData:
        cut = SampleCut()
        areas, cases, population = areas_dataset(cut), cases_dataset(cut), population_dataset(cut)
        return cls(areas, cases, lookup_dataset(cut), population, constituency_dataset(),
                   representation_dataset(areas), group_table_dataset(cases, population))

    def get(self, name: str) -> Dataset:
        return getattr(self, name)


# --- writing ---------------------------------------------------------------------------------------------------

OGR_TYPES = {"str": "OFTString", "int": "OFTInteger", "float": "OFTReal", "date": "OFTDate"}


def rows_with_extras(dataset: Dataset, wrong_value: bool) -> tuple[pd.DataFrame, list]:
    """Base then extra rows with the ``batch`` column; optionally the first base row's value made wrong."""
    frame = pd.concat([dataset.base.assign(**{BATCH: "base"}), dataset.extra.assign(**{BATCH: "extra"})],
                      ignore_index=True)
    if wrong_value and dataset.edit is not None:
        column, value = dataset.edit
        frame[column] = frame[column].astype(object)
        frame.loc[0, column] = value
    return frame, dataset.base_wkb + dataset.extra_wkb


def plain_value(value):
    """A cell as GDAL/openpyxl take it: None for NA, Python numbers and dates as they are."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def write_ogr(path: Path, driver: str, layer_name: str, frame: pd.DataFrame, types: dict[str, str],
              wkbs: list | None, geometry: str | None, options: tuple = ()) -> None:
    """``frame`` (and geometries, when ``geometry``) as one layer of a new or existing file."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    exists = path.exists() and driver == "GPKG"
    dataset = ogr.Open(str(path), 1) if exists else ogr.GetDriverByName(driver).CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(27700)
    kind = {"polygon": ogr.wkbMultiPolygon, "point": ogr.wkbPoint, None: ogr.wkbNone}[geometry]
    layer = dataset.CreateLayer(layer_name, srs if geometry else None, kind, options=list(options))
    for column in frame.columns:
        layer.CreateField(ogr.FieldDefn(column, getattr(ogr, OGR_TYPES[types.get(column, "str")])))
    definition = layer.GetLayerDefn()
    for i, row in enumerate(frame.itertuples(index=False)):
        feature = ogr.Feature(definition)
        for column, value in zip(frame.columns, row):
            value = plain_value(value)
            if isinstance(value, datetime.date):
                feature.SetField(column, value.year, value.month, value.day, 0, 0, 0, 0)
            elif value is not None:
                feature.SetField(column, value)
        if geometry and wkbs[i] is not None:
            feature.SetGeometry(ogr.CreateGeometryFromWkb(wkbs[i]))
        layer.CreateFeature(feature)
    dataset = None


def write_csv(path: Path, frame: pd.DataFrame, wkbs: list | None = None) -> None:
    """A plain UTF-8 CSV as pandas writes it; with ``wkbs``, a ``WKT`` column at full precision and
    the CRS in a .prj beside it (which GDAL reads, as the GeoCSV convention says)."""
    import shapely
    from osgeo import osr

    out = frame.copy()
    if wkbs is not None:
        out.insert(0, "WKT", shapely.to_wkt(shapely.from_wkb(np.array(wkbs, dtype=object)), rounding_precision=-1))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(27700)
        path.with_suffix(".prj").write_text(srs.ExportToWkt())
    out.to_csv(path, index=False)


def write_xlsx(path: Path, sheet: str, frame: pd.DataFrame) -> None:
    """One sheet with a header row; numbers as numbers, dates as dates, NA as empty cells."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        book.active.append([plain_value(v) for v in row])
    book.save(path)


class FormatFiles:
    """Every dataset written once in every format it supports, under ``folder``."""

    def __init__(self, data: SampleData, folder: Path):
        self.data = data
        self.folder = folder
        for name in ("areas", "cases", "lookup", "population", "constituency", "rep", "groups"):
            self.write_all(data.get(name))

    def path(self, dataset: str, fmt: str) -> Path:
        suffix = {"gpkg_layer": "gpkg", "gpkg_table": "gpkg", "csv_ogr": "csv", "csv_ogr_wkt": "wkt.csv",
                  "csv_delimited": "csv", "csv_delimited_geometry": "geometry.csv", "xlsx": "xlsx",
                  "shapefile": "shp", "geojson": "geojson", "subset": "extras.gpkg", "selected": "extras.gpkg",
                  "edited": "edited.gpkg"}[fmt]
        fmt = "subset" if fmt == "selected" else fmt  # one file with the extra rows for both
        if fmt == "shapefile" and self.data.get(dataset).geometry is None:
            suffix = "dbf"
        return self.folder / fmt / f"{dataset}.{suffix}"

    def write_all(self, dataset: Dataset) -> None:
        base, types, geometry = dataset.base, dataset.types, dataset.geometry
        writers = {
            "gpkg_layer": lambda p: write_ogr(p, "GPKG", dataset.name, base, types, dataset.base_wkb, geometry),
            "gpkg_table": lambda p: write_ogr(p, "GPKG", dataset.name, base, types, None, None),
            "csv_ogr": lambda p: write_csv(p, base),
            "csv_ogr_wkt": lambda p: write_csv(p, base, dataset.base_wkb),
            "csv_delimited": lambda p: write_csv(p, base),
            "csv_delimited_geometry": lambda p: write_csv(p, base, dataset.base_wkb if geometry == "polygon" else None),
            "xlsx": lambda p: write_xlsx(p, dataset.name, base),
            "shapefile": lambda p: write_ogr(p, "ESRI Shapefile", dataset.name, base, types, dataset.base_wkb,
                                             geometry),
            "geojson": lambda p: write_ogr(p, "GeoJSON", dataset.name, base, types, dataset.base_wkb, geometry),
            "subset": lambda p: write_ogr(p, "GPKG", dataset.name, *self.extras(dataset, False), geometry),
            "edited": lambda p: write_ogr(p, "GPKG", dataset.name, *self.extras(dataset, True), geometry),
        }
        for fmt, write in writers.items():
            if dataset.supports(fmt):
                path = self.path(dataset.name, fmt)
                path.parent.mkdir(exist_ok=True)
                write(path)

    @staticmethod
    def extras(dataset: Dataset, wrong_value: bool) -> tuple:
        frame, wkbs = rows_with_extras(dataset, wrong_value)
        return frame, {**dataset.types, BATCH: "str"}, wkbs

    def uri(self, dataset: str, fmt: str) -> tuple[str, str]:
        """(uri, provider) of ``dataset`` in a file format."""
        path = self.path(dataset, fmt)
        name = dataset
        if fmt in ("gpkg_layer", "gpkg_table", "subset", "selected", "edited", "xlsx"):
            return f"{path}|layername={name}", "ogr"
        if fmt in ("csv_delimited", "csv_delimited_geometry"):
            uri = f"file://{path}?type=csv&detectTypes=yes"
            geometry = self.data.get(dataset).geometry if fmt == "csv_delimited_geometry" else None
            if geometry == "polygon":
                return f"{uri}&wktField=WKT&geomType=polygon&crs={CRS}", "delimitedtext"
            if geometry == "point":
                return f"{uri}&xField=x&yField=y&crs={CRS}", "delimitedtext"
            return f"{uri}&geomType=none", "delimitedtext"
        return str(path), "ogr"


def memory_layer_of(dataset: Dataset):
    """``dataset``'s base rows in a memory layer (field types as declared, geometries from WKB)."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QDate, QMetaType

    def qt_value(value):
        value = plain_value(value)
        return QDate(value.year, value.month, value.day) if isinstance(value, datetime.date) else value

    kinds = {"str": QMetaType.Type.QString, "int": QMetaType.Type.LongLong, "float": QMetaType.Type.Double,
             "date": QMetaType.Type.QDate}
    geometry = {"polygon": "MultiPolygon", "point": "Point", None: "None"}[dataset.geometry]
    layer = QgsVectorLayer(f"{geometry}?crs={CRS}", dataset.name, "memory")
    layer.dataProvider().addAttributes([QgsField(c, kinds[dataset.types[c]]) for c in dataset.base.columns])
    layer.updateFields()
    features = []
    for i, row in enumerate(dataset.base.itertuples(index=False)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([qt_value(v) for v in row])
        if dataset.geometry and dataset.base_wkb[i] is not None:
            shape = QgsGeometry()
            shape.fromWkb(dataset.base_wkb[i])
            feature.setGeometry(shape)
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0], layer.dataProvider().lastError()
    return layer


class OpenedLayers:
    """Layers opened for one test; ``value(dataset, fmt)`` is what to pass to processing.run.

    Every layer belongs to the project (Processing finds selected layers by id) and is removed by
    :meth:`close`, edits rolled back: the project deletes it while QGIS runs, so an error's
    traceback that keeps the Python object alive cannot make GDAL close it after QGIS has exited.
    """

    def __init__(self, files: FormatFiles, scratch: Path):
        self.files = files
        self.scratch = scratch
        self.layers: list = []

    def adopt(self, layer):
        """``layer`` (valid), owned by the project until :meth:`close`."""
        from qgis.core import QgsProject

        assert layer.isValid(), layer.source()
        QgsProject.instance().addMapLayer(layer, False)
        self.layers.append(layer)
        return layer

    def layer(self, dataset: str, fmt: str):
        from qgis.core import QgsVectorLayer

        data = self.files.data.get(dataset)
        if fmt == "memory":
            return self.adopt(memory_layer_of(data))
        uri, provider = self.files.uri(dataset, fmt)
        if fmt == "edited":
            copy = self.scratch / f"{dataset}.edited.gpkg"
            shutil.copy(self.files.path(dataset, fmt), copy)
            uri = f"{copy}|layername={dataset}"
        layer = self.adopt(QgsVectorLayer(uri, dataset, provider))
        if fmt == "subset":
            assert layer.setSubsetString(SUBSET)
        if fmt == "edited":
            self.undo_extras_in_edit_buffer(layer, data)
        return layer

    @staticmethod
    def undo_extras_in_edit_buffer(layer, data: Dataset) -> None:
        """Delete the extra rows and correct the wrong value, leaving the edits unsaved."""
        from qgis.core import QgsFeatureRequest

        assert layer.startEditing()
        extras = [f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"{BATCH}\" = 'extra'"))]
        assert layer.deleteFeatures(extras)
        if data.edit is not None:
            column, _ = data.edit
            first = next(layer.getFeatures())
            assert layer.changeAttributeValue(first.id(), layer.fields().lookupField(column),
                                              plain_value(data.base[column].iloc[0]))
        assert layer.isModified()

    def value(self, dataset: str, fmt: str):
        """The parameter value: the layer, or for ``selected`` a selected-features-only source definition."""
        from qgis.core import QgsProcessingFeatureSourceDefinition

        layer = self.layer(dataset, fmt)
        if fmt != "selected":
            return layer
        layer.selectByExpression(SUBSET)
        assert layer.selectedFeatureCount() == len(self.files.data.get(dataset).base)
        return QgsProcessingFeatureSourceDefinition(layer.id(), True)

    def close(self) -> None:
        from qgis.core import QgsProject

        for layer in self.layers:
            if layer.isEditable():
                layer.rollBack()
            QgsProject.instance().removeMapLayer(layer.id())
        self.layers.clear()
