"""The results table: targets checked, printed, and written as JSON and CSV."""
from __future__ import annotations

import csv
import json
from pathlib import Path

#: Peak memory target for the whole run (MiB).
MEMORY_TARGET_MB = 4096
#: Ratio the apportion engine must beat the QGIS chain by.
CHAIN_SPEEDUP_TARGET = 10.0
#: Stages whose medians add up to "assign + join" and its target (s).
ASSIGN_JOIN = (("assign", "join"), 15.0)
COLUMNS = ["stage", "rows", "median_s", "times_s", "cpu_median_s", "peak_rss_mb", "load_before", "target_s", "status"]


def _median(records: dict, name: str) -> float | None:
    record = records.get(name, {})
    return record.get("median_s")


def ratios(records: dict) -> dict:
    """Speed ratios of the comparisons against the apportion engine (>1: the engine is faster)."""
    engine = _median(records, "apportion_area_pcon")
    out = {}
    for other in ("tobler_pcon", "qgis_chain_pcon"):
        theirs = _median(records, other)
        if engine and theirs:
            out[f"{other} / apportion_area_pcon"] = theirs / engine
            weighted = _median(records, "apportion_pcon")
            if weighted:
                out[f"{other} / apportion_pcon"] = theirs / weighted
    return out


def checks(records: dict, speed: dict) -> list[dict]:
    """Each target of the issue with the measured value and whether it is met (None: not measured)."""
    rows = []

    def add(name: str, value, target, passed):
        rows.append({"check": name, "value": value, "target": target, "met": passed})

    for name, record in records.items():
        if record.get("target_s") is not None and "median_s" in record:
            add(f"{name} time (s)", record["median_s"], f"<= {record['target_s']}",
                record["median_s"] <= record["target_s"])
    stages, limit = ASSIGN_JOIN
    if all(_median(records, s) is not None for s in stages):
        total = sum(_median(records, s) for s in stages)
        add("assign + join time (s)", total, f"<= {limit}", total <= limit)
    for key, target in (("tobler_pcon / apportion_pcon", 1.0), ("qgis_chain_pcon / apportion_pcon",
                                                                 CHAIN_SPEEDUP_TARGET)):
        if key in speed:
            add(f"speed-up vs {key.split(' / ')[0]}", speed[key], f">= {target}", speed[key] >= target)
    peaks = [r["peak_rss_mb"] for r in records.values() if "peak_rss_mb" in r]
    if peaks:
        add("peak RSS of any stage (MiB)", max(peaks), f"<= {MEMORY_TARGET_MB}", max(peaks) <= MEMORY_TARGET_MB)
    return rows


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
    """Plain-text table of the stages, ratios, agreement and checks."""
    lines = [f"{'stage':<22}{'rows':>10}{'median s':>10}  {'runs (s)':<22}{'CPU s':>7}{'peak MiB':>9}{'load':>6}"
             f"{'target s':>9}  status"]
    for record in report["stages"].values():
        times = ", ".join(f"{t:.2f}" for t in record.get("times_s", []))
        median = f"{record['median_s']:.2f}" if "median_s" in record else "—"
        target = f"{record['target_s']:.0f}" if record.get("target_s") else ""
        peak = f"{record['peak_rss_mb']:.0f}" if "peak_rss_mb" in record else ""
        cpu = f"{record['cpu_median_s']:.1f}" if "cpu_median_s" in record else ""
        lines.append(f"{record['stage']:<22}{record.get('rows', ''):>10}{median:>10}  {times:<22}{cpu:>7}{peak:>9}"
                     f"{record.get('load_before', ''):>6}{target:>9}  {status(record)}")
    lines.append("")
    lines += [f"ratio {name}: {value:.1f}×" for name, value in report["ratios"].items()]
    for name, values in report["agreement"].items():
        lines.append(f"agreement {name}: " + ", ".join(f"{k} {v:.2e}" for k, v in values.items()))
    lines.append("")
    for check in report["checks"]:
        verdict = {True: "met", False: "NOT MET", None: "n/a"}[check["met"]]
        lines.append(f"target {check['check']}: {check['value']:.2f} ({check['target']}) — {verdict}")
    return "\n".join(lines)


def write(report: dict, folder: Path, name: str) -> tuple[Path, Path]:
    """``<name>.json`` (everything) and ``<name>.csv`` (one row per stage) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = folder / f"{name}.json", folder / f"{name}.csv"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    with csv_path.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for record in report["stages"].values():
            writer.writerow({"stage": record["stage"], "rows": record.get("rows", ""),
                             "median_s": record.get("median_s", ""),
                             "times_s": " ".join(str(t) for t in record.get("times_s", [])),
                             "cpu_median_s": record.get("cpu_median_s", ""),
                             "peak_rss_mb": record.get("peak_rss_mb", ""), "load_before": record.get("load_before", ""),
                             "target_s": record.get("target_s") or "",
                             "status": status(record)})
    return json_path, csv_path
