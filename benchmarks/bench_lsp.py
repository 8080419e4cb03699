"""How long an editor waits for kerascheck: ``didChange`` -> ``publishDiagnostics``.

Starts ``python -m kerascheck lsp`` as an editor would, opens a training script, then sends
``--rounds`` edits one after another and times each from sending ``didChange`` until the
diagnostics for that version arrive. Prints the median, once with the server's default
debounce (the pause it waits for more typing) and once with none (the server's own cost:
linting plus the protocol).

    python benchmarks/bench_lsp.py [--rounds 20] [--script fixtures/seed/example3.py]

Needs the ``lsp`` extra (pygls).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCRIPT = ROOT / "fixtures" / "seed" / "example3.py"


async def round_trips(script: Path, rounds: int, debounce_ms: int | None) -> list[float]:
    """Seconds from each didChange to the publishDiagnostics of that version."""
    client = LanguageClient("kerascheck-bench", "1")
    arrivals: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        arrivals.put_nowait((time.perf_counter(), params))

    await client.start_io(sys.executable, "-m", "kerascheck", "lsp")
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
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--script", type=Path, default=DEFAULT_SCRIPT)
    args = parser.parse_args()
    lines = len(args.script.read_text(encoding="utf-8").splitlines())
    print(f"{args.script.name} ({lines} lines), {args.rounds} edits each")
    for label, debounce in (("default debounce (300 ms)", None), ("no debounce", 0)):
        times = asyncio.run(round_trips(args.script, args.rounds, debounce))
        print(
            f"{label:>26}: median {statistics.median(times) * 1000:7.1f} ms"
            f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )


if __name__ == "__main__":
    main()
