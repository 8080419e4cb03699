"""kerascheck's dataclass methods come from a cache of compiled code (kerascheck/compiled.py):
the classes must be exactly what ``@dataclass`` makes without it, and other packages'
dataclasses must not be touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: every generated method of kerascheck's main dataclasses, as far as code can tell them apart
_DESCRIBE = """\
import dataclasses, json, sys
{prelude}
import kerascheck.diagnostics, kerascheck.ir, kerascheck.frontends.python.values
from kerascheck import compiled
found = []
for module in (kerascheck.diagnostics, kerascheck.ir, kerascheck.frontends.python.values):
    for name, cls in sorted(vars(module).items()):
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            continue
        if cls.__module__ != module.__name__:
            continue
        for method, function in sorted(vars(cls).items()):
            code = getattr(function, "__code__", None)
            if code is None or code.co_filename != "<string>":
                continue
            found.append([
                name, method, code.co_code.hex(), repr(code.co_consts), code.co_names,
                code.co_varnames, repr(function.__annotations__), repr(function.__defaults__),
                repr(function.__kwdefaults__), function.__qualname__,
            ])
        found.append([name, cls.__doc__])
print(json.dumps({{"classes": found, "compiled_now": compiled._added}}))
"""


def _describe(prefix: Path, prelude: str = "") -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONPYCACHEPREFIX": str(prefix),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    completed = subprocess.run(
        [sys.executable, "-c", _DESCRIBE.format(prelude=prelude)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(completed.stdout)


def _cache_files(prefix: Path) -> list[Path]:
    return list(prefix.rglob("dataclass-methods.*.marshal"))


def test_cached_methods_are_those_dataclass_compiles(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    cold = _describe(prefix)
    assert cold["compiled_now"] is True
    assert len(_cache_files(prefix)) == 1
    warm = _describe(prefix)
    assert warm["compiled_now"] is False  # every method came from the cache
    # the reference: dataclasses' own exec, the cache taken out before any class is made
    plain = _describe(tmp_path / "other", prelude="import kerascheck\ndel dataclasses.exec")
    assert cold["classes"] == warm["classes"] == plain["classes"]
    assert len(plain["classes"]) > 40


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    reference = _describe(prefix)
    (cache,) = _cache_files(prefix)
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2])
    damaged = _describe(prefix)
    assert damaged["compiled_now"] is True
    assert damaged["classes"] == reference["classes"]
    assert _describe(prefix)["compiled_now"] is False


def test_other_dataclasses_are_compiled_as_before(tmp_path: Path) -> None:
    """A dataclass outside kerascheck is neither cached nor given this module's
    ``from __future__ import annotations``: its annotations stay objects."""
    probe = (
        "import dataclasses, kerascheck\n"
        "from kerascheck import compiled\n"
        "@dataclasses.dataclass\n"
        "class Point:\n"
        "    x: int\n"
        "assert Point.__init__.__annotations__ == {'x': int, 'return': None}\n"
        "assert dataclasses.exec is compiled._exec\n"
        "assert not any('Point' in source for source in compiled._codes)\n"
        "print(Point(3))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONPYCACHEPREFIX": str(tmp_path),
    }
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert completed.stdout == "Point(x=3)\n"


def test_nothing_is_written_when_bytecode_is_not(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONPYCACHEPREFIX": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    subprocess.run(
        [sys.executable, "-c", "import kerascheck.ir"], env=env, check=True, capture_output=True
    )
    assert _cache_files(tmp_path) == []


def test_a_full_cache_keeps_only_what_the_run_used(tmp_path: Path, monkeypatch) -> None:
    from kerascheck import compiled

    path = tmp_path / "__pycache__" / "dataclass-methods.test.marshal"
    code = compile("x = 1", "<string>", "exec")
    monkeypatch.setattr(compiled, "_path", str(path))
    monkeypatch.setattr(compiled, "_used", {"x = 3"})
    monkeypatch.setattr(compiled, "_codes", {f"x = {i}": code for i in range(5)})
    compiled.save()
    assert set(compiled._read(str(path))) == {f"x = {i}" for i in range(5)}
    many = {f"x = {i}": code for i in range(compiled.MAX_ENTRIES + 1)}
    monkeypatch.setattr(compiled, "_codes", many)
    compiled.save()
    assert compiled._read(str(path)) == {"x = 3": code}
    assert list(path.parent.iterdir()) == [path]  # no partial file left behind
