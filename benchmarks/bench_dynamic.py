"""What the dynamic checks add, and what they cost, on realistic buggy/fixed pairs.

Usage: python benchmarks/bench_dynamic.py [--pairs NAME ...] [--modes instantiate train]

Each pair in ``benchmarks/dynamic_pairs/manifest.toml`` is a script with a known bug and the
same script with only that bug fixed. Every version is checked the way a user runs it, as a
fresh ``python -m kerascheck FILE --instantiate`` / ``--train-check`` process (interpreter
start-up, the static pass, the Keras worker and its TensorFlow import all included), one at a
time. Reported:

- buggy versions where the dynamic run adds a correct finding (one of the pair's ``expect``
  codes), or confirms the static finding that already reports a build failure (``confirms``);
- fixed versions with any KC9xx finding (target: none);
- the median and worst wall time per program of each mode (targets on a 2-core machine:
  --instantiate under 15 s, --train-check under 30 s), with the load average before and after,
  since other processes on the machine slow TensorFlow down.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "benchmarks" / "dynamic_pairs"
FLAGS = {"instantiate": "--instantiate", "train": "--train-check"}


@dataclass
class Run:
    seconds: float
    codes: set[str]  # KC9xx findings
    confirmed: set[str]  # static findings that carry a "confirmed:" note
    notes: list[str] = field(default_factory=list)


def check(path: Path, mode: str) -> Run:
    """One version, one mode, as the user runs it; findings from the JSON output."""
    command = [sys.executable, "-m", "kerascheck", str(path), FLAGS[mode]]
    command += ["--format", "json", "--no-cache", "--no-config"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=path.parent, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{path} {mode}: exit {done.returncode}\n{done.stderr}")
    findings = json.loads(done.stdout)
    codes = {f["code"] for f in findings if f["code"].startswith("KC9")}
    confirmed = {
        f["code"]
        for f in findings
        if any(r["message"].startswith("confirmed: Keras") for r in f.get("related", []))
    }
    notes = [line.strip() for line in done.stderr.splitlines() if line.startswith("  ")]
    return Run(seconds, codes, confirmed, notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", nargs="*", help="only these pairs (folder names)")
    parser.add_argument(
        "--modes", nargs="*", choices=sorted(FLAGS), default=["instantiate", "train"]
    )
    parser.add_argument("--verbose", action="store_true", help="print each version's notes")
    args = parser.parse_args()

    manifest = tomllib.loads((PAIRS / "manifest.toml").read_text(encoding="utf-8"))["pair"]
    pairs = [p for p in manifest if not args.pairs or p["name"] in args.pairs]
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {mode: [] for mode in args.modes}
    rows = [("pair", "version", *(f"{m} s" for m in args.modes), "KC9xx", "verdict")]
    added = confirmed = expect_pairs = confirm_pairs = noisy = 0
    for pair in pairs:
        for version in ("buggy", "fixed"):
            path = PAIRS / pair["name"] / f"{version}.py"
            runs = {mode: check(path, mode) for mode in args.modes}
            for mode, run in runs.items():
                times[mode].append(run.seconds)
            last = runs[args.modes[-1]]  # --train-check when run: what a user gets in full
            codes = set().union(*(run.codes for run in runs.values()))
            if version == "fixed":
                verdict = "clean" if not codes else "FALSE ALARM"
                noisy += bool(codes)
            elif "confirms" in pair:
                confirm_pairs += 1
                hit = pair["confirms"] in last.confirmed and "KC901" not in last.codes
                confirmed += hit
                verdict = f"confirms {pair['confirms']}" if hit else "missed"
            else:
                expect_pairs += 1
                hit = bool(last.codes & set(pair["expect"]))
                added += hit
                verdict = (
                    "adds " + ",".join(sorted(last.codes & set(pair["expect"])))
                    if hit
                    else "missed"
                )
            cells = [f"{runs[m].seconds:.1f}" for m in args.modes]
            rows.append((pair["name"], version, *cells, ",".join(sorted(codes)) or "-", verdict))
            print(f"  {pair['name']}/{version}: {verdict}", file=sys.stderr)
            if args.verbose:
                for note in last.notes:
                    print(f"      {note}", file=sys.stderr)
    load_after = os.getloadavg()

    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print()
    if expect_pairs:
        print(
            f"buggy versions where the dynamic run adds a correct finding: {added}/{expect_pairs}"
        )
    if confirm_pairs:
        print(f"buggy versions whose static build finding it confirms: {confirmed}/{confirm_pairs}")
    print(f"fixed versions with any KC9xx finding: {noisy}/{len(pairs)}")
    for mode, values in times.items():
        if values:
            print(
                f"{FLAGS[mode]}: median {statistics.median(values):.1f} s, "
                f"max {max(values):.1f} s per program ({len(values)} programs)"
            )
    print(
        "load average (1 min) before/after: "
        f"{load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
