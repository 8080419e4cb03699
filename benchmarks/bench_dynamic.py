"""End-to-end time of the dynamic checks: ``--instantiate`` and ``--train-check`` per script.

Usage: python benchmarks/bench_dynamic.py [--repeat 1] [--cli] [SCRIPT ...]

Each measurement is a fresh Python process that lints one file with the dynamic checks on, so
interpreter start-up, kerascheck's static pass, the worker's start and its TensorFlow import
are all included, as a user would see them. ``--cli`` times ``python -m kerascheck FILE
--instantiate`` / ``--train-check`` instead (once the CLI has the flags). The table also splits
out the worker's TensorFlow import and the training time of each model. Targets on a 2-core
machine: --instantiate under 15 s, --train-check under 45 s for a small LSTM.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SMALL_LSTM = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(1000, 20, 1)
y = (x.sum(axis=(1, 2)) > 10).astype("int32")

model = keras.Sequential([
    layers.Input(shape=(20, 1)),
    layers.LSTM(64, return_sequences=True),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, validation_split=0.2)
"""

DEFAULT_SCRIPTS = (
    ROOT / "fixtures" / "seed" / "example3.py",
    ROOT / "fixtures" / "clean" / "mnist_functional_cnn.py",
    ROOT / "fixtures" / "clean" / "imdb_stacked_lstm.py",
)

#: Runs in the measured process: lint one file, print the figures as JSON.
PROBE = """
import json, sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from kerascheck.dynamic import DynamicOptions
from kerascheck.dynamic.integrate import lint_source_dynamic
path, train = sys.argv[1], sys.argv[2] == "train"
result = lint_source_dynamic(open(path, "rb").read(), path, DynamicOptions(train_check=train))
report = result.report
outcome = report.outcome if report else None
print(json.dumps({{
    "inside": time.perf_counter() - start,
    "import": outcome.import_seconds if outcome else None,
    "train": [r.get("seconds") for r in outcome.trained.values()] if outcome else [],
    "steps": [r.get("steps") for r in outcome.trained.values()] if outcome else [],
    "codes": sorted({{d.code for d in result.file.diagnostics if d.code.startswith("KC9")}}),
}}))
"""


def measure(path: Path, train: bool, cli: bool) -> dict[str, object]:
    start = time.perf_counter()
    if cli:
        flag = "--train-check" if train else "--instantiate"
        command = [sys.executable, "-m", "kerascheck", str(path), flag]
        subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        return {"wall": time.perf_counter() - start}
    command = [sys.executable, "-c", PROBE.format(root=str(ROOT)), str(path)]
    command.append("train" if train else "build")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - start
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per cell")
    parser.add_argument("--cli", action="store_true", help="time the kerascheck command")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small_lstm.py"
        small.write_text(SMALL_LSTM)
        scripts = args.scripts or [small, *DEFAULT_SCRIPTS]
        header = ("script", "mode", "wall s", "TF import s", "train s", "steps", "KC9xx")
        rows = [header]
        for path in scripts:
            for train in (False, True):
                runs = [measure(path, train, args.cli) for _ in range(args.repeat)]
                best = min(runs, key=lambda r: float(r["wall"]))  # type: ignore[arg-type]
                train_seconds = best.get("train") or []
                rows.append(
                    (
                        path.name,
                        "--train-check" if train else "--instantiate",
                        f"{best['wall']:.1f}",
                        f"{best['import']:.1f}" if best.get("import") else "-",
                        ", ".join(f"{s:.1f}" for s in train_seconds) or "-",  # type: ignore[union-attr]
                        ", ".join(str(s) for s in best.get("steps") or []) or "-",  # type: ignore[union-attr]
                        ", ".join(best.get("codes") or []) or "-",  # type: ignore[arg-type]
                    )
                )
                print(f"  measured {path.name} {rows[-1][1]}: {rows[-1][2]} s", file=sys.stderr)
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for index, row in enumerate(rows):
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if index == 0:
                print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
