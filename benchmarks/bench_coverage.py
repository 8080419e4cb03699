"""How much of real code kerascheck sees through: the coverage benchmark of issue 10.

Usage: python benchmarks/bench_coverage.py [--json] [--no-layers] [NAME=FOLDER ...]

For every corpus (by default the held-out batches, the fixtures, ``benchmarks/coverage_corpus``
and ``benchmarks/long_corpus``) it reports

(a) the share of models whose output shape is known at least in rank,
(b) the share of fit-like calls (fit, evaluate, predict, ... as the IR records them) whose x is
    known at least in rank,

and, once for the whole run, (c) the share of the public layer classes of ``keras.layers`` that
have a shape rule (``kerascheck.shapes.coverage.coverage_entry``). (c) imports Keras; (a) and
(b) use the linter's own static path (frontend -> IR -> ``kerascheck.shapes.infer_shapes``).

A model is one construction site in the source (``Sequential(...)``, ``Model(...)``, ...): a
builder function interpreted at several call sites, or a loop unrolled several times, gives
several IR models at one site, and the site counts as known when one of them is known (the
checks can then decide something about it). Fit-like calls are counted the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kerascheck.diagnostics import Location, Span
from kerascheck.frontends import Loaded, frontend_for
from kerascheck.ir import FitCall, Model, ModuleIR
from kerascheck.shapes import infer_shapes

ROOT = Path(__file__).resolve().parents[1]

#: name -> folder of the default corpora, relative to the repository root
CORPORA = {
    "heldout/scripts": "heldout/scripts",
    "heldout/batch2": "heldout/batch2",
    "heldout/batch3": "heldout/batch3",
    "fixtures": "fixtures",
    "coverage_corpus": "benchmarks/coverage_corpus",
    "long_corpus": "benchmarks/long_corpus",
}
SUFFIXES = (".py", ".ipynb")
TARGETS = {"models": 0.70, "calls": 0.50, "layers": 1.0}


# --- what one file holds --------------------------------------------------------------------


def model_known(model: Model) -> bool:
    """The model's every output has a shape of known rank (its sizes may be unknown)."""
    if not model.outputs:
        return False
    shapes = infer_shapes(model)
    return all(shapes.output_of(node) is not None for node in model.outputs)


def call_known(call: FitCall) -> bool:
    """The call's x (or generator, or dataset's x) has a shape of known rank."""
    return call.x is not None and call.x.info is not None and call.x.info.shape is not None


@dataclass
class Site:
    """One place in the source: a model construction or a fit-like call."""

    path: str
    where: Any  # (row, column) when located, else the anchor's id
    known: bool
    what: str  # "sequential", "functional", "fit", "predict" ...


def _key(anchor: Any, spans: dict[int, Span]) -> Any:
    if isinstance(anchor, Location):
        return (anchor.path, anchor.span.start.row, anchor.span.start.column)
    span = spans.get(id(anchor))
    if span is not None:
        return (span.start.row, span.start.column)
    return ("id", id(anchor))


def sites_of(ir: ModuleIR, loaded: Loaded) -> tuple[list[Site], list[Site]]:
    """The model sites and call sites of one file's IR, each known if any instance is."""
    calls = [(model, call) for model in ir.models for call in model.fits]
    anchors = [m.anchor for m in ir.models] + [c.anchor for _, c in calls]
    spans = loaded.locate([a for a in anchors if a is not None])
    models: dict[Any, Site] = {}
    for model in ir.models:
        key = _key(model.anchor, spans) if model.anchor is not None else ("id", id(model))
        _merge(models, key, Site(ir.path, key, model_known(model), model.kind))
    fits: dict[Any, Site] = {}
    for _, call in calls:
        key = _key(call.anchor, spans)
        _merge(fits, key, Site(ir.path, key, call_known(call), call.method))
    return list(models.values()), list(fits.values())


def _merge(sites: dict[Any, Site], key: Any, site: Site) -> None:
    if key in sites:
        sites[key].known = sites[key].known or site.known
    else:
        sites[key] = site


def analyse(source: bytes, path: str) -> tuple[list[Site], list[Site]]:
    """Model and call sites of one file, read by the linter's own frontend."""
    loaded = frontend_for(path)(source, path)
    if not isinstance(loaded, Loaded):
        return [], []
    return sites_of(loaded.ir, loaded)


# --- corpora --------------------------------------------------------------------------------


@dataclass
class Coverage:
    name: str
    files: int = 0
    models: int = 0
    models_known: int = 0
    calls: int = 0
    calls_known: int = 0
    unknown_models: list[str] = field(default_factory=list)

    def add(self, path: str, models: list[Site], calls: list[Site]) -> None:
        self.files += 1
        self.models += len(models)
        self.models_known += sum(s.known for s in models)
        self.calls += len(calls)
        self.calls_known += sum(s.known for s in calls)
        self.unknown_models.extend(f"{path}:{_row(s.where)}" for s in models if not s.known)

    def merged(self, other: Coverage) -> Coverage:
        return Coverage(
            self.name,
            self.files + other.files,
            self.models + other.models,
            self.models_known + other.models_known,
            self.calls + other.calls,
            self.calls_known + other.calls_known,
            self.unknown_models + other.unknown_models,
        )

    @property
    def model_share(self) -> float:
        return self.models_known / self.models if self.models else 0.0

    @property
    def call_share(self) -> float:
        return self.calls_known / self.calls if self.calls else 0.0


def _row(where: Any) -> str:
    if isinstance(where, tuple) and len(where) >= 2 and isinstance(where[-2], int):
        return str(where[-2])
    return "?"


def corpus_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def measure(name: str, paths: Iterable[Path]) -> Coverage:
    coverage = Coverage(name)
    for path in paths:
        models, calls = analyse(path.read_bytes(), str(path))
        coverage.add(str(path), models, calls)
    return coverage


# --- (c) layer classes ----------------------------------------------------------------------


def layer_classes() -> list[str]:
    """Public layer classes of ``keras.layers`` (imports Keras: the benchmark may)."""
    import keras

    return sorted(
        name
        for name in dir(keras.layers)
        if not name.startswith("_")
        and isinstance(getattr(keras.layers, name), type)
        and issubclass(getattr(keras.layers, name), keras.layers.Layer)
    )


def layer_coverage() -> dict[str, Any]:
    from kerascheck.shapes.coverage import coverage_entry

    names = layer_classes()
    entries = {name: coverage_entry(name) for name in names}
    missing = sorted(name for name, entry in entries.items() if entry is None)
    kinds: dict[str, int] = {}
    for entry in entries.values():
        if entry is not None:
            kinds[entry] = kinds.get(entry, 0) + 1
    return {
        "classes": len(names),
        "covered": len(names) - len(missing),
        "share": (len(names) - len(missing)) / len(names) if names else 0.0,
        "by_entry": kinds,
        "missing": missing,
    }


# --- report ---------------------------------------------------------------------------------


def _percent(share: float, total: int) -> str:
    return f"{share:6.1%}" if total else "     -"


def table(rows: list[Coverage]) -> str:
    header = f"{'corpus':<18}{'files':>6}{'models':>8}{'known':>7}{'(a)':>8}"
    header += f"{'calls':>7}{'known':>7}{'(b)':>8}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.name:<18}{row.files:>6}{row.models:>8}{row.models_known:>7}"
            f"{_percent(row.model_share, row.models):>8}{row.calls:>7}{row.calls_known:>7}"
            f"{_percent(row.call_share, row.calls):>8}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", help="NAME=FOLDER pairs instead of the defaults")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-layers", action="store_true", help="skip (c), which imports Keras")
    parser.add_argument("--unknown", action="store_true", help="list the models not known")
    args = parser.parse_args()

    chosen = dict(c.split("=", 1) for c in args.corpora) if args.corpora else CORPORA
    rows = [measure(name, corpus_files(ROOT / folder)) for name, folder in chosen.items()]
    overall = Coverage("overall")
    for row in rows:
        overall = overall.merged(row)
    layers = None if args.no_layers else layer_coverage()

    if args.json:
        report = {
            "corpora": [_row_json(row) for row in rows],
            "overall": _row_json(overall),
            "layers": layers,
            "targets": TARGETS,
        }
        print(json.dumps(report, indent=2))
        return
    print(table([*rows, overall]))
    print(f"targets: (a) >= {TARGETS['models']:.0%}, (b) >= {TARGETS['calls']:.0%}", end="")
    print(f", (c) = {TARGETS['layers']:.0%}")
    if layers is not None:
        print(
            f"(c) keras.layers classes with a shape rule: {layers['covered']}/"
            f"{layers['classes']} = {layers['share']:.1%}  {layers['by_entry']}"
        )
        if layers["missing"]:
            print("    without an entry: " + ", ".join(layers["missing"]))
    if args.unknown:
        print("models whose output rank is unknown:")
        for where in overall.unknown_models:
            print(f"    {where}")


def _row_json(row: Coverage) -> dict[str, Any]:
    data = asdict(row)
    data["model_share"] = row.model_share
    data["call_share"] = row.call_share
    return data


if __name__ == "__main__":
    main()
