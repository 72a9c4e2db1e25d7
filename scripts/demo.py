"""``make demo``: the whole PHSO Insight pipeline on the bundled sample data, headless.

Census tables as published (nomis TS007, TS038) → LSOA population by age band and disability; raw cases
(postcodes) → assign to areas → case counts by age band per LSOA → representation
(indirectly standardised by age, Benjamini–Hochberg) on LSOAs; counts and population
apportioned onto constituencies (population-weighted) and ICBs (best fit) → representation on
each → publication-safe styled layers and tier maps; representation by group (age band,
disability, ethnicity standardised by age, deprivation decile); change over time (constituencies by
financial year and before / after the planted pilot's start, disability by year: ``scripts/demo_change.py``)
→ the HTML/PDF summary report. LSOAs are also compared within their ICB (regional benchmark; the sample's
planted pair flips), and every constituency and ICB gets a one-page briefing (``briefings_<geography>/``).
Every step is one of the plugin's own Processing algorithms. Writes ``demo-output/`` (with
``run.json``: when it ran and on which plugin, QGIS, GDAL, GEOS, PROJ, Python, numpy, pandas, scipy and
shapely versions) and prints what it wrote, the areas per tier, whether the planted areas were found
and the headlines.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from scripts.qgis_headless import ROOT, start_qgis

SAMPLE = ROOT / "phso_insight_plugin" / "resources" / "sample"
AGE_SUFFIXES = ["0_15", "16_24", "25_34", "35_49", "50_64", "65_plus"]
CASE_FIELDS = [f"cases_{s}" for s in AGE_SUFFIXES]
POP_FIELDS = [f"pop_age_{s}" for s in AGE_SUFFIXES]
DISABILITY = ["pop_disabled", "pop_not_disabled"]
GEOGRAPHIES = [  # name, sample layer, code field, name field, apportion method (None: the LSOAs themselves)
    ("lsoa", "lsoa", "LSOA21CD", "LSOA21NM", None),
    ("constituency", "constituency", "PCON24CD", "PCON24NM", 0),  # population-weighted
    ("icb", "icb", "ICB23CD", "ICB23NM", 1),  # best fit
]


def layer(name: str):
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{SAMPLE / 'sample.gpkg'}|layername={name}", name, "ogr")


def run(alg: str, params: dict) -> dict:
    from qgis import processing
    from qgis.core import QgsProcessingFeedback

    return processing.run(f"phso_insight:{alg}", params, feedback=QgsProcessingFeedback())


def write_csv(source: str, path: Path) -> None:
    """Attribute table of a layer file as CSV (no geometry)."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "CSV"
    options.fileEncoding = "UTF-8"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(QgsVectorLayer(source, "t", "ogr"), str(path),
                                                      QgsCoordinateTransformContext(), options)
    if error[0] != QgsVectorFileWriter.WriterError.NoError:
        raise RuntimeError(f"Could not write {path}: {error[1]}")


def prepare_lsoa_population(out: Path) -> str:
    """The LSOAs' population by age band and disability from the sample's census tables in the nomis layout
    (``census2021-ts007-lsoa.csv``, ``census2021-ts038-lsoa.csv``), joined to the LSOA layer without its own."""
    from qgis import processing

    bare = processing.run("native:deletecolumn", {"INPUT": layer("lsoa"), "COLUMN": POP_FIELDS + DISABILITY,
                                                  "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    groups = out / "disability_groups.csv"
    groups.write_text("category,group\nDisabled under the Equality Act,disabled\n"
                      "Not disabled under the Equality Act,not_disabled\n", encoding="utf-8")
    common = {"AREA_FIELD": "LSOA21CD", "OUTPUT": "TEMPORARY_OUTPUT"}
    age = run("preparepopulation", {"INPUT": str(SAMPLE / "census2021-ts007-lsoa.csv"), "AREAS": bare, **common})
    both = run("preparepopulation", {"INPUT": str(SAMPLE / "census2021-ts038-lsoa.csv"), "AREAS": age["OUTPUT"],
                                     "MAPPING": str(groups), "MAPPING_FROM": "category", "MAPPING_TO": "group",
                                     "FIELD_PREFIX": "pop", **common, "OUTPUT": str(out / "lsoa_population.gpkg")})
    print(f"  population prepared from the census tables (TS007, TS038): {age['POPULATION_TOTAL']} people by age "
          f"band, {both['POPULATION_TOTAL']} by disability, {age['N_AREAS']} LSOAs")
    return both["OUTPUT"]


def prepare_lsoa_deprivation(areas: str, out: Path) -> str:
    """The LSOAs' IMD decile from the sample's deprivation file as MHCLG publishes it (IoD2025 File 7,
    ``File_7_IoD2025_sample.csv``), on the LSOA layer without its own."""
    from qgis import processing

    bare = processing.run("native:deletecolumn", {"INPUT": areas, "COLUMN": ["imd_decile"],
                                                  "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    result = run("preparedeprivation", {"INPUT": str(SAMPLE / "File_7_IoD2025_sample.csv"), "AREAS": bare,
                                        "AREA_FIELD": "LSOA21CD", "OUTPUT": str(out / "lsoa_areas.gpkg")})
    print(f"  deprivation prepared from {result['EDITION']} File 7: {result['N_MATCHED']} of {result['N_AREAS']} "
          f"LSOAs with a decile, {result['N_ESTIMATED']} estimated")
    return result["OUTPUT"]


def prepare_lsoa_counts(out: Path) -> tuple[str, dict]:
    """Assign raw cases by postcode, then count them by age band on the LSOA layer (population prepared from the
    census tables)."""
    assigned = run("assigncases", {
        "INPUT": str(SAMPLE / "cases.csv"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": layer("postcode_lookup"), "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELDS": ["lsoa21cd", "pcon24cd", "icb23cd"], "LOOKUP_TERMINATED_FIELD": "doterm",
        "DROP_POSTCODE": True,
        "OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": str(out / "unmatched_cases.csv")})
    counts = run("joincasecounts", {
        "INPUT": assigned["OUTPUT"], "CASE_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band",
        "AREAS": prepare_lsoa_deprivation(prepare_lsoa_population(out), out), "AREA_FIELD": "LSOA21CD",
        "OUTPUT": str(out / "lsoa_case_counts.gpkg")})
    return counts["OUTPUT"], {"assigned": assigned, "counts": counts}


def areas_for(geography: str, code_field: str, method, lsoa_counts: str, out: Path) -> str:
    """The area layer with case and population counts by age band (apportioned from LSOAs)."""
    if method is None:
        return lsoa_counts
    result = run("apportion", {
        "INPUT": lsoa_counts, "SOURCE_ID_FIELD": "LSOA21CD",
        "FIELDS": CASE_FIELDS + POP_FIELDS + ["cases"] + DISABILITY,
        "TARGET": layer(geography), "TARGET_ID_FIELD": code_field, "METHOD": method, "WEIGHTS": lsoa_counts,
        "WEIGHT_FIELD": "pop_total", "OUTPUT": str(out / f"{geography}_counts.gpkg")})
    total = json.loads(result["TOTALS"])["cases"]
    print(f"  apportioned LSOA → {geography}: cases in {total['in']:.0f} = out {total['out']:.2f} "
          f"+ unallocated {total['unallocated']:.2f}; {result['N_SPLIT']} LSOAs split")
    return result["OUTPUT"]


def representation(geography: str, areas: str, out: Path) -> dict:
    gpkg = out / f"{geography}_representation.gpkg"
    result = run("representation", {
        "INPUT": areas, "OBSERVED_FIELDS": CASE_FIELDS, "POPULATION_FIELDS": POP_FIELDS, "MULTIPLE_TESTING": 1,
        "MIN_EXPECTED": 5, "OUTPUT": str(gpkg)})
    write_csv(str(gpkg), out / f"{geography}_representation.csv")
    return result


def styled_outputs(geography: str, name_field: str, out: Path) -> None:
    """Publication-safe styled GeoPackage (+ QML, SLD) and the tier map as PNG and PDF (title and method
    subtitle from the run metadata stored with the layer)."""
    layer_path = str(out / f"{geography}_representation.gpkg")
    run("exportstyled", {"INPUT": layer_path, "LABEL_FIELD": name_field, "PUBLICATION_SAFE": True,
                         "OUTPUT": str(out / f"{geography}_tiers_styled.gpkg")})
    run("exportmap", {"INPUT": layer_path, "DATA_DATE": "Synthetic sample, cases received April 2021 – March 2025",
                      "OUTPUT_PNG": str(out / f"{geography}_tier_map.png"),
                      "OUTPUT_PDF": str(out / f"{geography}_tier_map.pdf")})


def csv_table(name: str):
    """A CSV of the sample folder as a QGIS table (all columns text, as OGR reads CSV)."""
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(str(SAMPLE / name), name, "ogr")


#: Census categories → the groups of the sample's cases (ONS custom dataset labels of Ethnic group (6 categories)).
GROUPINGS = {
    "disability": ["Disabled under the Equality Act,Yes", "Not disabled under the Equality Act,No"],
    "ethnicity": ['"Asian, Asian British or Asian Welsh",Asian',
                  '"Black, Black British, Black Welsh, Caribbean or African",Black',
                  "Mixed or Multiple ethnic groups,Mixed", "White,White", "Other ethnic group,Other"],
}


def prepare_group_populations(out: Path) -> dict[str, str]:
    """The population tables of the group analyses, prepared from the sample's census tables as published: age
    band (TS007), disability (TS038) and ethnicity by age band (ONS custom dataset, Age × Ethnic group) →
    ``population_<dimension>.csv`` (``area_code``, ``dimension``, ``group`` [, ``age_band``], ``population``)."""
    tables = {"age_band": ("census2021-ts007-lsoa.csv", {}), "disability": ("census2021-ts038-lsoa.csv", {}),
              "ethnicity": ("custom-lsoa-age6-ethnic6.csv", {"STRATUM": "age"})}
    written = {}
    for dimension, (name, extra) in tables.items():
        params = {"INPUT": str(SAMPLE / name), "OUTPUT_TABLE": str(out / f"population_{dimension}.csv"), **extra}
        if dimension in GROUPINGS:
            mapping = out / f"{dimension}_groups.csv"
            mapping.write_text("\n".join(["category,group", *GROUPINGS[dimension]]) + "\n", encoding="utf-8")
            params.update({"MAPPING": str(mapping), "MAPPING_FROM": "category", "MAPPING_TO": "group"})
        written[dimension] = run("preparepopulation", params)["OUTPUT_TABLE"]
    return written


def group_tables(assigned_cases, out: Path) -> list:
    """Representation by group: who brings more or fewer cases than their share of the population."""
    from qgis.core import QgsVectorLayer

    prepared = {d: QgsVectorLayer(path, d, "ogr") for d, path in prepare_group_populations(out).items()}
    population = {"POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "population", "MULTIPLE_TESTING": 1}
    analyses = {  # file name → (name shown in the report, parameters)
        "age_band": {"GROUP_FIELD": "age_band", "POPULATION": prepared["age_band"], **population},
        "disability": {"GROUP_FIELD": "disability", "POPULATION": prepared["disability"], **population},
        "ethnicity_age_standardised": {
            "GROUP_FIELD": "ethnicity", "STANDARDISE_BY": "age_band", "POPULATION": prepared["ethnicity"],
            "POP_STRATUM_FIELD": "age_band", **population},
        "deprivation_decile": {
            "GROUP_SOURCE": 1, "CASE_AREA_CODE_FIELD": "lsoa21cd", "AREA_ATTRIBUTE_LAYER": str(out / "lsoa_areas.gpkg"),
            "AREA_ATTRIBUTE_CODE_FIELD": "LSOA21CD", "AREA_ATTRIBUTE_FIELD": "imd_decile",
            "AREA_ATTRIBUTE_POPULATION_FIELD": "pop_total", "MULTIPLE_TESTING": 1},
    }
    tables = []
    for name, params in analyses.items():
        path = out / f"groups_{name}.csv"
        run("grouprepresentation", {"CASES": assigned_cases, **params, "OUTPUT": str(path)})
        tables.append(QgsVectorLayer(str(path), name.replace("_", " "), "ogr"))
    return tables


def summary_report(out: Path, group_tables: list, change_layers: list) -> list[str]:
    """The leadership summary (publication-safe); returns its headline sentences."""
    result = run("insightreport", {
        "AREA_LAYERS": [str(out / f"{g}.gpkg") for g in ("constituency_representation", "icb_representation",
                                                         "lsoa_representation", "lsoa_within_icb_bh")],
        "GROUP_TABLES": group_tables, "CHANGE_LAYERS": change_layers, "PUBLICATION_SAFE": True,
        "DATA_SOURCES": "Synthetic sample data generated by scripts/generate_sample_data.py "
                        "(no real people or places).",
        "DATA_DATE": "Synthetic sample, cases received April 2021 – March 2025",
        "OUTPUT_HTML": str(out / "insight_report.html"), "OUTPUT_PDF": str(out / "insight_report.pdf")})
    return [line for line in result["HEADLINES"].splitlines() if line.strip()]


def regional_benchmark(out: Path) -> list[str]:
    """LSOAs against the whole region and within their ICB (by age; no multiple-testing control, as the sample's
    planted pair is documented): the two layers and the lines saying how the planted pair came out."""
    common = {"INPUT": str(out / "lsoa_case_counts.gpkg"), "OBSERVED_FIELDS": CASE_FIELDS,
              "POPULATION_FIELDS": POP_FIELDS, "MULTIPLE_TESTING": 0}
    run("representation", {**common, "OUTPUT": str(out / "lsoa_against_region.gpkg")})
    run("representation", {**common, "BENCHMARK": 1, "BENCHMARK_FIELD": "ICB23CD",
                           "OUTPUT": str(out / "lsoa_within_icb.gpkg")})
    run("representation", {**common, "MULTIPLE_TESTING": 1, "BENCHMARK": 1, "BENCHMARK_FIELD": "ICB23CD",
                           "OUTPUT": str(out / "lsoa_within_icb_bh.gpkg")})
    from qgis.core import QgsVectorLayer

    rows = {name: {f["LSOA21CD"]: f for f in QgsVectorLayer(str(out / f"{name}.gpkg"), name, "ogr").getFeatures()}
            for name in ("lsoa_against_region", "lsoa_within_icb")}
    lines = []
    for code in ("E01900003", "E01900010"):
        region, icb = rows["lsoa_against_region"][code], rows["lsoa_within_icb"][code]
        lines.append(f"  {region['LSOA21NM']} ({code}): {region['observed']:.0f} cases; against the region "
                     f"expected {region['expected']:.1f}, ratio {region['ratio']:.2f} → {region['tier_label']}; "
                     f"within its ICB expected {icb['expected']:.1f}, ratio {icb['ratio']:.2f} → {icb['tier_label']}")
    return lines


def disability_by_area(assigned_cases, geography: str, code_field: str, case_field: str, out: Path) -> str:
    """Representation of disabled people among the cases within each area; the population of each area by
    disability is the LSOAs' apportioned with the case counts (long form, the cases' labels)."""
    from qgis.core import QgsVectorLayer

    counts = QgsVectorLayer(str(out / f"{geography}_counts.gpkg"), geography, "ogr")
    rows = [f"{f[code_field]},{label},{f[field]}" for f in counts.getFeatures()
            for label, field in (("Yes", "pop_disabled"), ("No", "pop_not_disabled"))]
    population = out / f"population_by_disability_{geography}.csv"
    population.write_text("\n".join(["area,group,population", *rows]) + "\n", encoding="utf-8")
    path = out / f"groups_disability_by_{geography}.csv"
    run("grouprepresentation", {"CASES": assigned_cases, "GROUP_FIELD": "disability", "AREA_FIELD": case_field,
                                "POPULATION": str(population), "POP_GROUP_FIELD": "group",
                                "POP_COUNT_FIELD": "population", "POP_AREA_FIELD": "area", "MULTIPLE_TESTING": 1,
                                "OUTPUT": str(path)})
    return str(path)


def briefings(assigned_cases, out: Path, constituency_change: str) -> list[str]:
    """One-page briefings for every constituency (its LSOAs as in the report, its change between the last two
    financial years) and every ICB (its LSOAs against the region and within the ICB, so the planted pair shows);
    returns what was written."""
    lines = []
    for geography, code_field, case_field, small, other, change in (
            ("constituency", "PCON24CD", "pcon24cd", "lsoa_representation", None, constituency_change),
            ("icb", "ICB23CD", "icb23cd", "lsoa_against_region", "lsoa_within_icb", None)):
        groups = disability_by_area(assigned_cases, geography, code_field, case_field, out)
        result = run("areabriefings", {
            "INPUT": str(out / f"{geography}_representation.gpkg"), "SMALL_AREAS": str(out / f"{small}.gpkg"),
            "SMALL_AREAS_OTHER": str(out / f"{other}.gpkg") if other else None, "GROUP_TABLES": [groups],
            "CHANGE": change,
            "DATA_DATE": "Synthetic sample, cases received April 2021 – March 2025",
            "OUTPUT_FOLDER": str(out / f"briefings_{geography}"),
            "OUTPUT_COMBINED": str(out / f"briefings_{geography}.pdf"),
            "OUTPUT_INDEX": str(out / f"briefings_{geography}_index.csv")})
        lines.append(f"  {result['N_BRIEFINGS']} {geography} briefings in {out.name}/briefings_{geography}/ "
                     f"(all in one: briefings_{geography}.pdf)")
    return lines


def planted_report(out: Path) -> list[str]:
    """Tier of each planted LSOA in the LSOA result."""
    from qgis.core import QgsVectorLayer

    planted = json.loads((SAMPLE / "planted.json").read_text())
    result = QgsVectorLayer(str(out / "lsoa_representation.gpkg"), "lsoa", "ogr")
    tiers = {f["LSOA21CD"]: (f["tier_label"], f["ratio"]) for f in result.getFeatures()}
    lines = []
    for kind in ("lsoa_high", "lsoa_low"):
        for code in planted[kind]:
            label, ratio = tiers[code]
            lines.append(f"  planted {kind.replace('lsoa_', '')} {code}: ratio {ratio:.2f} → {label}")
    return lines


def write_run_record(out: Path, started: datetime, seconds: float) -> Path:
    """``run.json``: when the demo ran, how long it took, and the plugin and library versions it ran on."""
    from phso_insight_plugin.platform_info import software_versions

    record = {"started": started.isoformat(timespec="seconds"), "seconds": round(seconds, 1),
              "versions": software_versions()}
    path = out / "run.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> int:
    from scripts.demo_change import change_over_time

    started, clock = datetime.now(timezone.utc), time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "demo-output")
    out = parser.parse_args().out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = start_qgis()  # noqa: F841  (kept alive for the run)

    print("PHSO Insight demo on the bundled synthetic sample")
    lsoa_counts, steps = prepare_lsoa_counts(out)
    assigned = steps["assigned"]
    print(f"  cases: {assigned['ROWS_IN']} in, {assigned['ROWS_MATCHED']} assigned to an LSOA, "
          f"{assigned['ROWS_UNMATCHED']} unmatched {json.loads(assigned['UNMATCHED_BY_REASON'])}")
    summaries = {}
    for geography, sample_layer, code_field, name_field, method in GEOGRAPHIES:
        areas = areas_for(sample_layer, code_field, method, lsoa_counts, out)
        summaries[geography] = representation(geography, areas, out)
        styled_outputs(geography, name_field, out)

    groups = group_tables(assigned["OUTPUT"], out)
    changes, change_lines = change_over_time(assigned["OUTPUT"], str(out / "constituency_counts.gpkg"), out)
    flips = regional_benchmark(out)
    headlines = summary_report(out, groups, changes)
    written = briefings(assigned["OUTPUT"], out, changes[0])

    print("\nAreas per tier (indirectly standardised by age; Benjamini–Hochberg):")
    for geography, result in summaries.items():
        counts = json.loads(result["TIER_COUNTS"])
        print(f"  {geography:13s} " + "; ".join(f"{label}: {n}" for label, n in counts.items()))
    print("\n".join(planted_report(out)))
    print("\n".join(change_lines))
    print("\nRegional benchmark, the sample's planted pair (LSOAs by age, no multiple-testing control):")
    print("\n".join(flips))
    print("\nArea briefings:")
    print("\n".join(written))
    print("\nHeadline findings (from the summary report):")
    print("\n".join(f"  • {line}" for line in headlines))
    write_run_record(out, started, time.perf_counter() - clock)
    print("\nWrote:")
    for path in sorted(out.iterdir()):
        print(f"  {path.relative_to(out.parent)} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
