"""How long an editor and a pre-commit run wait for kerascheck.

Three figures, measured in one run so that their ratios hold on any machine:

- **start-up**: from starting ``python -m kerascheck lsp`` to the first
  ``publishDiagnostics`` of the document opened right after ``initialize``, as an editor
  does on opening a file (median of ``--starts`` runs), against a bare ``python -c pass``;
- **CLI on one small file**: ``python -m kerascheck --no-cache FILE`` against
  ``python -c "import libcst"``: the difference is what kerascheck adds on top of importing
  its parser (what pre-commit pays per run, the file read, parsed, checked and reported);
- **edits**: ``--rounds`` edits one after another, each timed from sending ``didChange``
  until the diagnostics for that version arrive; the median, once with the server's default
  debounce (the pause it waits for more typing) and once with none (linting plus protocol).

Processes run with bytecode cached, as after ``pip install``.

    python benchmarks/bench_lsp.py [--starts 15] [--rounds 20] [--script fixtures/seed/example3.py]

Needs the ``lsp`` extra (pygls).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_throughput import cli_env  # noqa: E402

DEFAULT_SCRIPT = ROOT / "fixtures" / "seed" / "example3.py"


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def first_diagnostics(script: Path) -> float:
    """Seconds from starting the server to the first publishDiagnostics of ``script``."""
    uri = script.resolve().as_uri()
    messages = (
        frame(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": None,
                    "rootUri": script.parent.resolve().as_uri(),
                    "capabilities": {},
                },
            }
        )
        + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        + frame(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "python",
                        "version": 1,
                        "text": script.read_text(encoding="utf-8"),
                    }
                },
            }
        )
    )
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "kerascheck", "lsp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=cli_env(),
    )
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(messages)  # an editor sends these at once
    server.stdin.flush()
    try:
        while True:
            header = server.stdout.readline()
            while server.stdout.readline().strip():
                pass
            body = json.loads(server.stdout.read(int(header.split(b":")[1])))
            if body.get("method") == "textDocument/publishDiagnostics":
                return time.perf_counter() - started
    finally:
        server.kill()
        server.wait()


def command_seconds(*args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], capture_output=True, env=cli_env(), check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def start_up(script: Path, starts: int) -> None:
    """Medians of interleaved runs: each kind sees the same machine load. CPU seconds are
    printed too: on a busy machine they vary far less than wall-clock time."""
    kinds = {
        "python -c pass": lambda: command_seconds("-c", "pass"),
        "python -c 'import libcst'": lambda: command_seconds("-c", "import libcst"),
        "kerascheck --no-cache FILE": lambda: command_seconds(
            "-m", "kerascheck", "--no-cache", "-q", "--exit-zero", str(script)
        ),
        "kerascheck lsp: first diagnostics": lambda: (first_diagnostics(script), float("nan")),
    }
    for measure in kinds.values():  # warm the disk and the bytecode cache
        measure()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in kinds}
    for _ in range(starts):
        for name, measure in kinds.items():
            times[name].append(measure())
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    bare = wall["python -c pass"]
    for name in kinds:
        used = f", CPU {cpu[name] * 1000:6.1f} ms" if cpu[name] == cpu[name] else ""
        print(
            f"{name:>36}: median {wall[name] * 1000:7.1f} ms"
            f"  ({wall[name] / bare:5.1f} x python -c pass{used})"
        )
    cli, parser = "kerascheck --no-cache FILE", "python -c 'import libcst'"
    print(
        f"{'kerascheck on top of import libcst':>36}: {(wall[cli] - wall[parser]) * 1000:7.1f} ms"
        f" (CPU {(cpu[cli] - cpu[parser]) * 1000:.1f} ms)"
    )


async def round_trips(script: Path, rounds: int, debounce_ms: int | None) -> list[float]:
    """Seconds from each didChange to the publishDiagnostics of that version."""
    client = LanguageClient("kerascheck-bench", "1")
    arrivals: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        arrivals.put_nowait((time.perf_counter(), params))

    await client.start_io(sys.executable, "-m", "kerascheck", "lsp", env=cli_env())
    options = {"debounceMs": debounce_ms} if debounce_ms is not None else None
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=ROOT.as_uri(),
            initialization_options=options,
        )
    )
    client.initialized(types.InitializedParams())
    uri = script.resolve().as_uri()
    text = script.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=text
            )
        )
    )
    await arrivals.get()

    times = []
    for version in range(2, rounds + 2):
        edited = f"{text}\n# edit {version}\n"
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
            )
        )
        while True:
            arrived, params = await arrivals.get()
            if params.version == version:
                break
        times.append(arrived - sent)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--script", type=Path, default=DEFAULT_SCRIPT)
    args = parser.parse_args()
    lines = len(args.script.read_text(encoding="utf-8").splitlines())
    print(f"{args.script.name} ({lines} lines): {args.starts} starts of each kind")
    start_up(args.script, args.starts)
    print(f"{args.rounds} edits each")
    for label, debounce in (("default debounce (300 ms)", None), ("no debounce", 0)):
        times = asyncio.run(round_trips(args.script, args.rounds, debounce))
        print(
            f"{label:>26}: median {statistics.median(times) * 1000:7.1f} ms"
            f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )


if __name__ == "__main__":
    main()
