"""The README sections on the effects planted for change over time (issue 14) and regional benchmarking
(issue 15), rendered from ``planted.json``."""
from __future__ import annotations

from .change_summary import CONSTRUCTION as CHANGE_CONSTRUCTION


def change_sections(planted: dict) -> list[str]:
    """"Change over time" (pilot, rising group) and "Regional benchmark" sections."""
    change = planted["change_over_time"]
    periods = ", ".join(f"{p['label']} ({p['start']} … {p['end']})" for p in change["periods"])
    return (["### Change over time (financial years)\n",
             f"Periods: {periods}. {CHANGE_CONSTRUCTION} Counts below are located cases (postcode found in the "
             "lookup); model values are expectations given the cases drawn. Expected counts of a period are "
             "standardised within that period, so a ratio of ratios is (O2/O1) / (C2/C1) with C the reference's "
             "cases; the power is that of the exact conditional binomial test of issue 14 at the model's "
             "expected counts.\n"]
            + _pilot(change["pilot"]) + _trend(change["group_trend"]) + _regional(planted["regional_benchmark"]))


def _comparisons(comparisons: dict, rest: str, everyone: str) -> list[str]:
    lines = [f"| comparison | model expected cases (before, after) | model RR vs {rest} | model RR vs {everyone} | "
             f"observed RR vs {everyone} | power 95% | power 99.8% |", "|---|---|---|---|---|---|---|"]
    for label, c in comparisons.items():
        power = c["power_exact_conditional_binomial"]
        lines.append(f"| {label} | {c['model_expected_cases'][0]:.1f}, {c['model_expected_cases'][1]:.1f} | "
                     f"{c['model_ratio_of_ratios_vs_rest']:.2f} | {c['model_ratio_of_ratios_vs_all']:.2f} | "
                     f"{c['observed_ratio_of_ratios_vs_all']:.2f} | {power['95%']:.2f} | {power['99.8%']:.2f} |")
    return lines + [""]


def _pilot(p: dict) -> list[str]:
    observed = ", ".join(str(v) for v in p["located_by_period"])
    model = ", ".join(f"{v:.0f}" for v in p["model_located_by_period"])
    region = ", ".join(str(v) for v in p["region_located_by_period"])
    return [
        f"**Outreach pilot.** {p['name']} ({p['code']}), the constituency with the most cases apart from the "
        f"planted ×1.4 one and the one holding the regional pair below: from {p['start_date']} its case rate is "
        f"×{p['rate_multiplier']} its rate before. Located cases per year: {observed} (model {model}) of "
        f"{region} in the region. Its four-year total ({p['cases_located']}) is unchanged, so its rate before the "
        "pilot is below, and after it above, its four-year level. Its own cases are part of the whole region, "
        "so against the whole region (the plugin's default reference) the ratio of ratios is about 1.5; "
        "against the rest of the region it is about 1.6 (not exactly: the pilot area's share of disabled "
        "people, whose cases rise every year, differs from the rest's):\n",
        *_comparisons(p["comparisons"], "rest of region", "whole region"),
    ]


def _trend(g: dict) -> list[str]:
    share = ", ".join(f"{v:.0%}" for v in g["observed_share_by_period"])
    model = ", ".join(f"{v:.0%}" for v in g["model_share_by_period"])
    ratio = ", ".join(f"{v:.2f}" for v in g["model_ratio_by_period"])
    test = g["trend_score_test"]
    return [
        f"**Rising group.** {g['dimension']} = {g['group']}: the case rate rises ×{g['rate_multiplier_per_year']} "
        "every financial year (everyone else's is level); the four-year ×1.8 is its average. Share of located "
        f"cases with a recorded value per year: {share} (model {model}; {g['population_share']:.1%} of the "
        f"population; model ratio to the population share {ratio}). The score test for a log-linear trend over "
        f"the four years has model z = {test['model_z']:.1f} (power {test['power']['95%']:.2f} at 95%, "
        f"{test['power']['99.8%']:.2f} at 99.8%); a comparison of the last two years alone is weak:\n",
        *_comparisons(g["comparisons"], "other groups", "all recorded"),
    ]


def _regional(r: dict) -> list[str]:
    parent = r["parent"]
    lines = [
        "### Regional benchmark (against the LSOA's ICB, field `ICB23CD`)\n",
        f"{parent['name']} ({parent['code']}: {parent['lsoas']} LSOAs, {parent['cases_located']} located cases) "
        f"runs {parent['ratio_to_region']['crude']:.2f} times the region's crude rate "
        f"({parent['ratio_to_region']['age']:.2f} age-standardised), because of its deprivation and the planted "
        f"constituency. {r['construction']} Located cases; exact Poisson verdicts without multiple-testing "
        "adjustment:\n",
        "| area | code | name | observed | benchmark | expected | ratio | p | verdict | q (BH, all LSOAs) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, title in (("high_nationally_typical_in_parent", "X: high nationally, typical in its ICB"),
                        ("typical_nationally_low_in_parent", "Y: typical nationally, low in its ICB")):
        a = r[kind]
        for key, label in (("national_crude", "region, crude"), ("national_age_standardised", "region, by age"),
                           ("parent_crude", "ICB, crude"), ("parent_age_standardised", "ICB, by age")):
            b = a[key]
            lines.append(f"| {title} | {a['code']} | {a['name']} | {a['observed']} | {label} | {b['expected']:.1f} "
                         f"| {b['ratio']:.2f} | {b['p_value']:.4f} | {b['verdict']} | {b['q_value_bh']:.3f} |")
    lines += ["",
              "With about 20 expected cases per LSOA and an ICB 1.4 times the region's rate, no LSOA can be "
              "significant at 99.8% on one benchmark and far from significant on the other: these are the "
              f"clearest flips the sample's counts allow. With Benjamini–Hochberg across all LSOAs (q above), "
              f"X's flip {_survives(r['high_nationally_typical_in_parent'], 'national', 'parent')} and Y's "
              f"{_survives(r['typical_nationally_low_in_parent'], 'parent', 'national')}.\n"]
    return lines


def _survives(area: dict, significant: str, typical: str) -> str:
    """Whether the flip still shows at 95% with Benjamini–Hochberg q-values, in words."""
    kinds = ("crude", "age_standardised")
    if all(area[f"{significant}_{k}"]["q_value_bh"] < 0.05 <= area[f"{typical}_{k}"]["q_value_bh"] for k in kinds):
        return "survives at 95%"
    return "does not (use no multiple-testing adjustment to see it)"
