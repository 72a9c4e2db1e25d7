"""The issue's targets checked against the measured stages, printed as tables and written as JSON and CSV."""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from .config import SCALING

#: Peak memory allowed for any stage (MiB).
MEMORY_TARGET_MB = 2048
#: How many times faster than tobler (reading included) and than the QGIS chain apportion_pcon must be.
TOBLER_SPEEDUP_TARGET = 1.25
CHAIN_SPEEDUP_TARGET = 10.0
#: Assigning 1 M cases by postcode and counting them per LSOA, in total (s).
CASES_TARGET_S = 12.0
#: Stages whose time each scaling row follows, and the scale of England a prediction is made for
#: (3 M cases: three times the benchmark's million).
PREDICT_AT = 3.0
COLUMNS = ["stage", "rows", "median_s", "before_median_s", "times_s", "cpu_median_s", "peak_rss_mb", "load_before",
           "target_s", "status"]


def median(records: dict, name: str) -> float | None:
    return records.get(name, {}).get("median_s")


def ratios(records: dict) -> dict:
    """How many times longer the comparisons take than the plugin's apportionment (>1: the plugin is faster)."""
    out = {}
    for other in ("tobler_pcon", "qgis_chain_pcon"):
        for ours in ("apportion_pcon", "apportion_area_pcon"):
            if median(records, other) and median(records, ours):
                out[f"{other} / {ours}"] = median(records, other) / median(records, ours)
    return out


def checks(records: dict, speed: dict, before: dict | None = None) -> list[dict]:
    """Each target of the issue with the measured value and whether it is met (stages not run are left out)."""
    rows = []

    def add(name: str, value, target: str, passed: bool) -> None:
        rows.append({"check": name, "value": value, "target": target, "met": bool(passed)})

    for name, record in records.items():
        if record.get("target_s") is not None and "median_s" in record:
            add(f"{name} time (s)", record["median_s"], f"<= {record['target_s']}",
                record["median_s"] <= record["target_s"])
    for key, target in (("tobler_pcon / apportion_pcon", TOBLER_SPEEDUP_TARGET),
                        ("qgis_chain_pcon / apportion_pcon", CHAIN_SPEEDUP_TARGET)):
        if key in speed:
            add(f"apportion_pcon speed-up vs {key.split(' / ')[0]} (x)", speed[key], f">= {target}",
                speed[key] >= target)
    if median(records, "apportion_icb") and median(records, "apportion_pcon"):
        ratio = median(records, "apportion_icb") / median(records, "apportion_pcon")
        add("best fit (apportion_icb) time / population-weighted time", ratio, "<= 1.0", ratio <= 1.0)
    if median(records, "assign") is not None and median(records, "join") is not None:
        total = median(records, "assign") + median(records, "join")
        add("assign + join time, with the assigned table (s)", total, f"<= {CASES_TARGET_S}", total <= CASES_TARGET_S)
    legacy_before = (before or {}).get("apportion_pcon_legacy")
    if legacy_before and median(records, "apportion_pcon_legacy"):
        add("apportion_pcon_legacy time / before", median(records, "apportion_pcon_legacy") / legacy_before,
            "<= 1.0", median(records, "apportion_pcon_legacy") <= legacy_before)
    peaks = [r["peak_rss_mb"] for r in records.values() if "peak_rss_mb" in r]
    if peaks:
        add("peak RSS of any stage (MiB)", max(peaks), f"<= {MEMORY_TARGET_MB}", max(peaks) <= MEMORY_TARGET_MB)
    return rows


def scaling(by_size: dict[str, tuple[float, dict]]) -> dict:
    """Per stage: its median at each size (``by_size``: name → (share of England, stage records)), the
    exponent b of time ∝ size^b fitted by least squares on the logarithms, and the time predicted at
    PREDICT_AT × England (b from the fit, anchored at the England time)."""
    sizes = sorted(by_size.items(), key=lambda item: item[1][0])
    names = [name for name, record in sizes[-1][1][1].items() if "median_s" in record]
    out = {}
    for stage in names:
        points = [(share, records[stage]["median_s"]) for _, (share, records) in sizes
                  if records.get(stage, {}).get("median_s")]
        row = {"shares": [p[0] for p in points], "median_s": [round(p[1], 3) for p in points]}
        if len(points) >= 2:
            xs, ys = [math.log(p[0]) for p in points], [math.log(p[1]) for p in points]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            row.update(exponent=round(slope, 2), predicted_s=round(points[-1][1] * PREDICT_AT ** slope, 1))
        out[stage] = row
    return out


def status(record: dict) -> str:
    if "error" in record:
        return "error"
    if "skipped" in record:
        return "skipped"
    target = record.get("target_s")
    if target is None:
        return ""
    return "meets target" if record["median_s"] <= target else "MISSES target"


def format_table(report: dict) -> str:
    """Plain-text tables: stages (with the earlier medians), ratios, agreement, targets and scaling."""
    before = report.get("before", {})
    lines = [platform_line(report.get("environment", {})),
             f"{'stage':<24}{'rows':>9}{'median s':>9}{'before':>8}  {'runs (s)':<21}{'CPU s':>6}{'MiB':>6}"
             f"{'load':>6}{'target':>7}  status"]
    for record in report["stages"].values():
        times = ", ".join(f"{t:.2f}" for t in record.get("times_s", []))
        median_s = f"{record['median_s']:.2f}" if "median_s" in record else "—"
        earlier = f"{before[record['stage']]:.2f}" if record["stage"] in before else ""
        target = f"{record['target_s']:g}" if record.get("target_s") else ""
        peak = f"{record['peak_rss_mb']:.0f}" if "peak_rss_mb" in record else ""
        cpu = f"{record['cpu_median_s']:.1f}" if "cpu_median_s" in record else ""
        lines.append(f"{record['stage']:<24}{record.get('rows', ''):>9}{median_s:>9}{earlier:>8}  {times:<21}{cpu:>6}"
                     f"{peak:>6}{record.get('load_before', ''):>6}{target:>7}  {status(record)}")
    lines += [""] + [f"ratio {name}: {value:.2f}x" for name, value in report["ratios"].items()]
    for name, values in report["agreement"].items():
        lines.append(f"agreement {name}: " + ", ".join(f"{k} {v:.2e}" for k, v in values.items()))
    lines.append("")
    for check in report["checks"]:
        lines.append(f"target {check['check']}: {check['value']:.2f} ({check['target']}) — "
                     f"{'met' if check['met'] else 'NOT MET'}")
    if report.get("scaling"):
        lines += ["", f"scaling (median s at 1/4, 1/2, 1 x England; time ~ size^b; predicted at {PREDICT_AT:g} x):"]
        for stage, row in report["scaling"].items():
            times = " / ".join(f"{t:.2f}" for t in row["median_s"])
            fit = f"b = {row['exponent']:.2f}, {row['predicted_s']:.1f} s" if "exponent" in row else ""
            lines.append(f"  {stage:<24}{times:<24}{fit}")
    return "\n".join(lines)


def platform_line(environment: dict) -> str:
    versions = environment.get("versions", {})
    return "platform: " + ", ".join(f"{name} {version}" for name, version in versions.items()) if versions else ""


def write(report: dict, folder: Path, name: str) -> tuple[Path, Path]:
    """``<name>.json`` (everything) and ``<name>.csv`` (one row per stage; ``-scaling.csv`` too) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = folder / f"{name}.json", folder / f"{name}.csv"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    before = report.get("before", {})
    with csv_path.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for record in report["stages"].values():
            writer.writerow({**{key: record.get(key, "") for key in COLUMNS},
                             "before_median_s": before.get(record["stage"], ""),
                             "times_s": " ".join(str(t) for t in record.get("times_s", [])),
                             "target_s": record.get("target_s") or "", "status": status(record)})
    if report.get("scaling"):
        with (folder / f"{name}-scaling.csv").open("w", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["stage", *(f"{size}_s" for size in SCALING), "exponent", f"predicted_{PREDICT_AT:g}x_s"])
            for stage, row in report["scaling"].items():
                at = dict(zip(row["shares"], row["median_s"]))  # comparisons ran at England size only
                writer.writerow([stage, *(at.get(share, "") for share in SCALING.values()), row.get("exponent", ""),
                                 row.get("predicted_s", "")])
    return json_path, csv_path
