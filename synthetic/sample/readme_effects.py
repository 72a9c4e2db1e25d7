"""The "Planted effects" sections of the sample README, rendered from ``planted.json``."""
from __future__ import annotations

from .config import MALFORMED_VALUES
from .readme_change import change_sections

#: How each messy postcode category was written.
MESSY_RULES = {"lowercase": "pcds lower-cased (`sx1 4ab`)",
               "no_space": "space removed (`SX14AB`)",
               "extra_spaces": "leading, trailing or doubled space",
               "blank": "empty (NULL in the GeoPackage)",
               "malformed": "one of " + ", ".join(f"`{v}`" for v in MALFORMED_VALUES),
               "not_in_lookup": "valid format `SX…` but absent from the lookup",
               "terminated": "a terminated postcode (doterm set) of the case's LSOA, pcds form"}


def effects_sections(planted: dict) -> list[str]:
    """Planted effects: areas, groups, deprivation gradient, messy data."""
    return (["## Planted effects\n",
             f"Baseline rate per person over the 4 years: {planted['baseline_rate_per_person']:.6g}. "
             f"Cases generated: {planted['cases_generated']}, of which "
             f"{planted['cases_located_by_postcode']} have a postcode found in the lookup "
             "(after upper-casing and removing spaces).\n"]
            + _areas(planted["details"]) + _groups(planted["details"]) + _deprivation(planted["details"])
            + change_sections(planted) + _messy(planted["messy_data"]))


def _areas(d: dict) -> list[str]:
    lines = ["### Areas\n",
             "| kind | code | name | multiplier | IMD decile | population | model expected | "
             "crude expected | cases generated | located | crude O/E (located) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for kind in ["lsoa_high", "lsoa_low"]:
        for r in d[kind]:
            lines.append(f"| {kind} | {r['code']} | {r['name']} | ×{r['multiplier']} | {r['imd_decile']} "
                         f"| {r['pop_total']} | {r['model_expected_cases']:.1f} | "
                         f"{r['crude_expected_at_region_rate']:.1f} | {r['cases_generated']} | "
                         f"{r['cases_located_by_postcode']} | {r['crude_ratio_located']:.2f} |")
    ch = d["constituency_high"]
    lines.append(f"| constituency_high | {ch['code']} | {ch['name']} | ×{ch['multiplier']} | – | "
                 f"{ch['population_by_postcode_share']} | – | – | – | {ch['cases_located']} | "
                 f"{ch['crude_ratio_located']:.2f} |")
    lines += [
        "",
        "The planted LSOAs lie outside the planted constituency, in IMD deciles 3–8, with "
        "crude expected counts ≥ 17 (high) / ≥ 19 (low), so each is detectable at 99.8%. The "
        "planted constituency straddles an ICB boundary, so its effect is diluted at ICB "
        "level; LSOAs wholly inside it have 1.4× the rate they would otherwise have, LSOAs "
        "cut by its boundary proportionally less (the multiplier applies per postcode point).\n",
        "The planted systematic effects also show in a crude LSOA analysis: deprived LSOAs "
        "(decile 1 ×1.6), LSOAs with many disabled or older residents and LSOAs inside the "
        f"planted constituency have crude ratios up to {d['other_lsoas_crude_ratio']['max']:.2f}"
        ", and affluent LSOAs with young populations down to "
        f"{d['other_lsoas_crude_ratio']['min']:.2f}, so some of them are flagged too. The planted "
        "LSOAs are the three most extreme in each direction. Age standardisation removes the "
        "age part only.\n",
    ]
    return lines


def _groups(d: dict) -> list[str]:
    lines = ["### Groups (rate multipliers, conditional on everything else)\n",
             "| dimension | group | multiplier | population | model crude ratio | model age-standardised ratio |",
             "|---|---|---|---|---|---|"]
    for dim, gs in d["groups"].items():
        for g, r in gs.items():
            lines.append(f"| {dim} | {g} | ×{r['rate_multiplier']} | {r['population']} | "
                         f"{r['model_crude_ratio']:.3f} | {r['model_age_standardised_ratio']:.3f} |")
    dy = d["groups"]["disability"]["Yes"]["model_age_standardised_ratio"]
    dn = d["groups"]["disability"]["No"]["model_age_standardised_ratio"]
    lines += [
        "",
        "Age profile: 0-15 ×0.3 (complaints about children are rare), 16-24 ×0.5 and 65+ ×1.5 "
        "(planted), 25-64 ×1.0. Because age structure varies across the region, indirect "
        "standardisation by age changes the area ratios. Disabled ×1.8 and Asian ×0.6 are "
        "conditional effects; their crude ratios differ mainly because disabled people are "
        "older and live more often in deprived areas, and Asian residents are younger (ethnic "
        "minority groups are only slightly more often in deprived areas, so the "
        "age-standardised ratios of the groups without an effect stay within a few per cent "
        "of each other). The model ratios above are what a perfect estimator would "
        "approach. Model ratios compare a group with the whole population (indirect "
        "standardisation, reference = everyone), so the "
        f"×1.8 disabled group shows {dy:.2f} against everyone but {dy / dn:.2f} against "
        "non-disabled people (age-standardised). Sex has no effect (a null control).\n",
    ]
    return lines


def _deprivation(d: dict) -> list[str]:
    lines = ["### Deprivation gradient\n",
             "| IMD decile | multiplier | LSOAs | population | model crude ratio |",
             "|---|---|---|---|---|"]
    for k, r in d["imd_decile"].items():
        lines.append(f"| {k} | ×{r['rate_multiplier']} | {r['n_lsoa']} | {r['population']} | "
                     f"{r['model_crude_ratio']:.3f} |")
    lines.append("")
    return lines


def _messy(m: dict) -> list[str]:
    lines = ["### Messy data\n", "| postcode category | cases | rule |\n|---|---|---|"]
    for k, v in m["postcode_categories"].items():
        lines.append(f"| {k} | {v} | {MESSY_RULES[k]} |")
    lines += [
        f"| clean | {m['postcode_clean']} | pcds form of a live postcode |",
        "",
        f"Ethnicity: {m['ethnicity_prefer_not_to_say']} cases 'Prefer not to say' and "
        f"{m['ethnicity_blank']} blank (replacing the true value at random); disability: "
        f"{m['disability_blank']} blank. Case type depends mildly on age and disability "
        "(disabled people more often DWP; 65+ more often hospital; 0-15 NHS only); this is "
        "not a planted effect. Received dates follow the time profiles above (level for most cases).\n",
    ]
    return lines
