#!/usr/bin/env python
"""Score kerascheck against the blind held-out corpus.

Runs kerascheck exactly as a user would (its CLI, JSON output, no config) on
the folders of the chosen batches, compares what it reports with each batch's
expected.toml and prints per-code recall and precision, then every miss and
every spurious finding. A batch folder is linted as a whole, so that the files
of a multi-file project are seen together.

usage: python heldout/evaluate.py [--batch {1,2,3,all}] [--python PYTHON] [--save-json FILE]

Batches (keys of every expected.toml are paths relative to heldout/):
  1    heldout/scripts/           expectations in heldout/expected.toml
  2    heldout/batch2/            expectations in heldout/batch2/expected.toml
  3    heldout/batch3/scripts/    expectations in heldout/batch3/expected.toml
  all  every batch (the default): a table per batch, then the total

A finding matches an expectation when file, code and row are equal. The
comparison is a multiset: two expected "KC303:12" need two KC303 findings
on row 12. A finding whose code was not expected in its file at all counts
as spurious; one whose code was expected at another row is listed as a
"row mismatch" hint under both misses and spurious findings.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from collections.abc import Sequence

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPTS = os.path.join(HERE, "scripts")
# batch name -> (folder linted as a whole, expectations file), both relative to heldout/
BATCHES = {
    "1": ("scripts", "expected.toml"),
    "2": ("batch2", "batch2/expected.toml"),
    "3": ("batch3/scripts", "batch3/expected.toml"),
}


def selected_batches(choice: str) -> list[str]:
    return sorted(BATCHES) if choice == "all" else [choice]


def run_kerascheck(python: str, batches: Sequence[str] = ("1",)) -> list[dict]:
    cmd = [python, "-m", "kerascheck", "--format", "json", "--no-config"]
    cmd += [os.path.join("heldout", *BATCHES[b][0].split("/")) for b in batches]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"kerascheck exited with {proc.returncode}\n{proc.stderr}\n")
        sys.exit(2)
    out = proc.stdout.strip()
    if not out:
        return []
    try:
        return json.loads(out)
    except json.JSONDecodeError:
        sys.stderr.write("kerascheck did not print JSON:\n" + out[:2000] + "\n" + proc.stderr)
        sys.exit(2)


def rel(filename: str) -> str:
    path = filename if os.path.isabs(filename) else os.path.join(ROOT, filename)
    return os.path.relpath(os.path.normpath(path), HERE).replace(os.sep, "/")


def load_expected(batches: Sequence[str] = ("1",)) -> dict[str, collections.Counter]:
    data = {}
    for b in batches:
        with open(os.path.join(HERE, BATCHES[b][1]), "rb") as fh:
            data.update(tomllib.load(fh))
    expected = {}
    for fname, table in data.items():
        c = collections.Counter()
        for item in table.get("findings", []):
            code, row = item.split(":")
            c[(code, int(row))] += 1
        expected[fname] = c
    return expected


def in_batch(path: str, batch: str) -> bool:
    return path.startswith(BATCHES[batch][0] + "/")


def python_files(batch: str) -> list[str]:
    found = []
    top = os.path.join(HERE, *BATCHES[batch][0].split("/"))
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        found += [rel(os.path.join(dirpath, f)) for f in filenames if f.endswith(".py")]
    return sorted(found)


def score(expected: dict, raw: list[dict]) -> dict:
    actual: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    messages: dict[tuple, list[str]] = collections.defaultdict(list)
    for d in raw:
        f = rel(d["filename"])
        key = (d["code"], int(d["location"]["row"]))
        actual[f][key] += 1
        messages[(f, *key)].append(d.get("message", ""))

    per_code = collections.defaultdict(lambda: {"exp": 0, "tp": 0, "fp": 0})
    misses, spurious = [], []
    for f in sorted(set(expected) | set(actual)):
        exp, act = expected.get(f, collections.Counter()), actual.get(f, collections.Counter())
        for (code, _row), n in exp.items():
            per_code[code]["exp"] += n
        for (code, _row), n in (exp & act).items():
            per_code[code]["tp"] += n
        for (code, row), n in (exp - act).items():
            other = sorted(r for (c, r) in act if c == code and (c, r) not in exp)
            hint = f"  [row mismatch: reported at {other}]" if other else ""
            misses.extend([(f, row, code, hint)] * n)
        for (code, row), n in (act - exp).items():
            per_code[code]["fp"] += n
            other = sorted(r for (c, r) in exp if c == code and (c, r) not in act)
            hint = f"  [row mismatch: expected at {other}]" if other else ""
            msgs = messages[(f, code, row)]
            for i in range(n):
                spurious.append((f, row, code, (msgs[i] if i < len(msgs) else "") + hint))

    clean = [f for f in expected if not expected[f]]
    return {
        "per_code": per_code,
        "misses": misses,
        "spurious": spurious,
        "files": len(expected),
        "exact": sum(1 for f in expected if expected[f] == actual.get(f, collections.Counter())),
        "clean": len(clean),
        "noisy": sorted(f for f in clean if actual.get(f)),
    }


def ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def print_table(per_code: dict) -> None:
    print(
        f"{'code':7} {'expected':>8} {'found':>6} {'missed':>6} {'spurious':>8} "
        f"{'recall':>7} {'precision':>9}"
    )
    tot = {"exp": 0, "tp": 0, "fp": 0}
    for code in sorted(per_code):
        s = per_code[code]
        for k in tot:
            tot[k] += s[k]
        print(
            f"{code:7} {s['exp']:8d} {s['tp']:6d} {s['exp'] - s['tp']:6d} {s['fp']:8d} "
            f"{ratio(s['tp'], s['exp']):7.2f} {ratio(s['tp'], s['tp'] + s['fp']):9.2f}"
        )
    print(
        f"{'TOTAL':7} {tot['exp']:8d} {tot['tp']:6d} {tot['exp'] - tot['tp']:6d} "
        f"{tot['fp']:8d} {ratio(tot['tp'], tot['exp']):7.2f} "
        f"{ratio(tot['tp'], tot['tp'] + tot['fp']):9.2f}"
    )


def print_files(res: dict) -> None:
    print(
        f"\nfiles: {res['files']}  exactly right: {res['exact']}  "
        f"clean files: {res['clean']}  clean files with any finding: {len(res['noisy'])}"
    )
    for f in res["noisy"]:
        print(f"  clean file with findings: {f}")


def print_result(res: dict) -> None:
    print_table(res["per_code"])
    print_files(res)
    print(f"\nMISSES ({len(res['misses'])}):")
    for f, row, code, hint in sorted(res["misses"]):
        print(f"  {f}:{row} {code}{hint}")
    print(f"\nSPURIOUS ({len(res['spurious'])}):")
    for f, row, code, msg in sorted(res["spurious"]):
        print(f"  {f}:{row} {code} {msg}")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--python", default=sys.executable, help="interpreter that has kerascheck installed"
    )
    ap.add_argument("--save-json", help="also write kerascheck's raw JSON output here")
    ap.add_argument(
        "--batch",
        default="all",
        choices=[*sorted(BATCHES), "all"],
        help="which batch to score (default: all, a table per batch and the total)",
    )
    args = ap.parse_args()
    batches = selected_batches(args.batch)

    raw = run_kerascheck(args.python, batches)
    if args.save_json:
        with open(args.save_json, "w") as fh:
            json.dump(raw, fh, indent=2)

    for b in batches:
        expected = load_expected([b])
        unlisted = [f for f in python_files(b) if f not in expected]
        if unlisted:
            print(f"WARNING: batch {b} files without an entry in expected.toml:")
            for f in unlisted:
                print(f"  {f}")
        if len(batches) > 1:
            print(f"\n===== batch {b}: heldout/{BATCHES[b][0]} =====")
        print_result(score(expected, [d for d in raw if in_batch(rel(d["filename"]), b)]))

    if len(batches) > 1:
        print("\n===== all batches =====")
        total = score(load_expected(batches), raw)
        print_table(total["per_code"])
        print_files(total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
