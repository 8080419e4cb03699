"""How much of real code kerascheck sees through: the coverage benchmark of issue 10.

Usage: python benchmarks/bench_coverage.py [--json] [--no-layers] [NAME=FOLDER ...]

For every corpus (by default the held-out batches, the fixtures, ``benchmarks/coverage_corpus``
and ``benchmarks/long_corpus``) it reports

(a) the share of models whose output shape is known at least in rank,
(b) the share of fit-like calls (fit, evaluate, predict, ... as the IR records them) whose x is
    known at least in rank,

and, once for the whole run, (c) the share of the public layer classes of ``keras.layers`` that
have a shape rule (``kerascheck.shapes.coverage.coverage_entry``). (c) imports Keras; (a) and
(b) use the linter's own static path (frontend -> IR -> ``kerascheck.shapes.built.model_shapes``,
the shapes the checks read).

A model is one construction site in the source (``Sequential(...)``, ``Model(...)``, ...): a
builder function interpreted at several call sites, a loop unrolled several times, or a
project module analysed on its own and again through the file that imports it gives several
IR models at one site, and the site counts as known when one of them is known (the checks can
then decide something about it). Fit-like calls are counted the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kerascheck.diagnostics import Diagnostic, Location
from kerascheck.frontends import Loaded, frontend_for
from kerascheck.ir import FitCall, Model, ModuleIR
from kerascheck.shapes.built import model_shapes

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
    shapes = model_shapes(model)
    return all(shapes.output_of(node) is not None for node in model.outputs)


def call_known(call: FitCall) -> bool:
    """The call's x (or generator, or dataset's x) has a shape of known rank; x given as
    several arrays (one per model input) when each of them has."""
    if call.x is None:
        return False
    if call.x.info is None and call.x.parts:
        return all(part.info is not None and part.info.shape is not None for part in call.x.parts)
    return call.x.info is not None and call.x.info.shape is not None


@dataclass
class Site:
    """One place in the source: a model construction or a fit-like call."""

    where: Any  # (file, row, column) when placed, else ("id", ...) of the anchor
    known: bool
    what: str  # "sequential", "functional", "fit", "predict" ...
    #: False for a subclassed model without ``call`` (it has no output shape to know)
    forward: bool = True


def _places(loaded: Loaded, path: str, anchors: list[Any]) -> dict[int, tuple[str, int, int]]:
    """(file, row, column) of each anchor: in the linted file, or in the project module it
    imports that holds it (a model built by ``from models import build_model``)."""
    spans = loaded.locate(anchors)
    here = str(Path(path).resolve())
    places = {key: (here, span.start.row, span.start.column) for key, span in spans.items()}
    foreign = [a for a in anchors if id(a) not in places]
    if foreign and loaded.elsewhere is not None:
        probes = [Diagnostic("KC000", str(i), anchor=a) for i, a in enumerate(foreign)]
        for placed in loaded.elsewhere(probes):
            span = placed.diagnostic.span
            anchor = foreign[int(placed.diagnostic.message)]
            places[id(anchor)] = (
                str(Path(placed.path).resolve()),
                span.start.row,
                span.start.column,
            )
    return places


def sites_of(ir: ModuleIR, loaded: Loaded) -> tuple[list[Site], list[Site]]:
    """The model sites and call sites of one file's IR, each known if any instance is."""
    calls = [call for model in ir.models for call in model.fits]
    anchors = [m.anchor for m in ir.models if m.anchor is not None]
    anchors += [c.anchor for c in calls if c.anchor is not None]
    places = _places(loaded, ir.path, anchors)

    def key(anchor: Any, owner: object) -> Any:
        if anchor is None:
            return ("id", id(owner))
        if isinstance(anchor, Location):
            return (anchor.path, anchor.span.start.row, anchor.span.start.column)
        return places.get(id(anchor), ("id", id(anchor)))

    models: dict[Any, Site] = {}
    for model in ir.models:
        where = key(model.anchor, model)
        merge(models, Site(where, model_known(model), model.kind, model.forward))
    fits: dict[Any, Site] = {}
    for call in calls:
        merge(fits, Site(key(call.anchor, call), call_known(call), call.method))
    return list(models.values()), list(fits.values())


def merge(sites: dict[Any, Site], site: Site) -> None:
    """One site per place: known when any of its analyses is."""
    if site.where in sites:
        sites[site.where].known = sites[site.where].known or site.known
    else:
        sites[site.where] = site


def analyse(source: bytes, path: str) -> tuple[list[Site], list[Site]]:
    """Model and call sites of one file, read by the linter's own frontend."""
    loaded = frontend_for(path)(source, path)
    if not isinstance(loaded, Loaded):
        return [], []
    return sites_of(loaded.ir, loaded)


# --- corpora --------------------------------------------------------------------------------


@dataclass
class Coverage:
    """The sites of one corpus, each counted once however many files reach it."""

    name: str
    files: int = 0
    model_sites: dict[Any, Site] = field(default_factory=dict)
    call_sites: dict[Any, Site] = field(default_factory=dict)

    def add(self, models: list[Site], calls: list[Site]) -> None:
        self.files += 1
        for site in models:
            merge(self.model_sites, site)
        for site in calls:
            merge(self.call_sites, site)

    def merged(self, other: Coverage) -> Coverage:
        total = Coverage(self.name, self.files + other.files)
        for sites in (self, other):
            total.add(list(sites.model_sites.values()), list(sites.call_sites.values()))
        total.files = self.files + other.files
        return total

    @property
    def forward_sites(self) -> list[Site]:
        """The model sites that have an output: subclassed models without ``call`` (trainers
        of other networks) are left out of (a)."""
        return [site for site in self.model_sites.values() if site.forward]

    @property
    def models(self) -> int:
        return len(self.forward_sites)

    @property
    def models_known(self) -> int:
        return sum(site.known for site in self.forward_sites)

    @property
    def without_call(self) -> int:
        return len(self.model_sites) - len(self.forward_sites)

    @property
    def calls(self) -> int:
        return len(self.call_sites)

    @property
    def calls_known(self) -> int:
        return sum(site.known for site in self.call_sites.values())

    @property
    def unknown_models(self) -> list[str]:
        return [_where(s.where) for s in self.forward_sites if not s.known]

    @property
    def unknown_calls(self) -> list[str]:
        return [f"{_where(s.where)} {s.what}" for s in self.call_sites.values() if not s.known]

    @property
    def model_share(self) -> float:
        return self.models_known / self.models if self.models else 0.0

    @property
    def call_share(self) -> float:
        return self.calls_known / self.calls if self.calls else 0.0


def _where(where: Any) -> str:
    if isinstance(where, tuple) and len(where) == 3:
        return f"{where[0]}:{where[1]}"
    return "(not placed)"


def corpus_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def measure(name: str, paths: Iterable[Path]) -> Coverage:
    coverage = Coverage(name)
    for path in paths:
        coverage.add(*analyse(path.read_bytes(), str(path)))
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
    parser.add_argument(
        "--unknown", action="store_true", help="list the models and calls not known in rank"
    )
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
    if overall.without_call:
        print(
            f"not in (a): {overall.without_call} subclassed models without `call` (trainers of"
            " other networks: no output of their own)"
        )
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
        print("fit-like calls whose x has an unknown rank:")
        for where in overall.unknown_calls:
            print(f"    {where}")


def _row_json(row: Coverage) -> dict[str, Any]:
    return {
        "name": row.name,
        "files": row.files,
        "models": row.models,
        "models_known": row.models_known,
        "models_without_call": row.without_call,
        "model_share": row.model_share,
        "calls": row.calls,
        "calls_known": row.calls_known,
        "call_share": row.call_share,
        "unknown_models": row.unknown_models,
        "unknown_calls": row.unknown_calls,
    }


if __name__ == "__main__":
    main()
