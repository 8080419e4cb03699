"""The language server's process and transport, driven over real pipes, byte by byte.

pytest-lsp's client frames every message correctly; these tests write the bytes themselves,
so that they can send what a broken or hostile client sends (a ``Content-Length`` that is
huge, negative, missing or wrong) and watch what the server does: it must answer the next
good message, log one line per bad one, and never print a traceback. They also check the
lifecycle (nothing published after ``shutdown``, the process gone at once after ``exit``),
the fast start (first diagnostics before pygls is even imported), and memory over many
documents opened and closed.
"""

from __future__ import annotations

import gc
import io
import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the language server needs the lsp extra")

SOFTMAX = textwrap.dedent(
    """\
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1, activation="softmax")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    """
)
TIMEOUT = 30.0  # generous: the machine running the tests may be busy


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """``python -m kerascheck lsp`` on pipes; messages it sends are collected by a thread."""

    def __init__(self, cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kerascheck", "lsp"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        self.next_id = 100

    def _read_stdout(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b":", 1)[1].split(b"\r\n", 1)[0])
            self.messages.put(json.loads(stream.read(length)))

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line.decode("utf-8", "replace").rstrip("\n"))

    def send(self, data: bytes | dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(frame(data) if isinstance(data, dict) else data)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, test: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"nothing arrived in time; log: {self.log}")
            message = self.messages.get(timeout=remaining)
            if test(message):
                return message

    def response(self, msg_id: int, timeout: float = TIMEOUT) -> dict[str, Any]:
        return self.wait(lambda message: message.get("id") == msg_id, timeout)

    def published(self, uri: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout,
        )
        return message["params"]

    def initialize(self, root: Path, options: dict[str, Any] | None = None) -> dict[str, Any]:
        msg_id = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {},
                "initializationOptions": options,
            },
        )
        result = self.response(msg_id)
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1) -> None:
        document = {"uri": uri, "languageId": "python", "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)


@pytest.fixture
def server(tmp_path: Path):
    running = Server(tmp_path)
    yield running
    running.close()


def hover(server: Server, uri: str) -> int:
    """A request any server state answers (with null for an unknown document)."""
    return server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
    )


# ---------------------------------------------------------------------------------------
# Bad traffic


BODY = json.dumps({"jsonrpc": "2.0", "method": "$/kerascheck/nothing", "params": {}}).encode()
BAD_MESSAGES = {
    "huge": b"Content-Length: 99999999999999999999\r\n\r\n" + BODY,
    "negative": b"Content-Length: -5\r\n\r\n" + BODY,
    "not a number": b"Content-Length: twelve\r\n\r\n" + BODY,
    "missing": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + BODY,
    "too short": b"Content-Length: 10\r\n\r\n" + BODY,
    "garbage": b"\x00\xff\xfe not a header at all\r\n\r\n",
}


def test_bad_content_lengths_are_rejected_and_the_server_keeps_answering(
    server: Server, tmp_path: Path
) -> None:
    server.initialize(tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    server.open(uri, SOFTMAX)
    assert server.published(uri)["diagnostics"]
    for name, data in BAD_MESSAGES.items():
        before = len(server.log)
        server.send(data)
        answered = server.response(hover(server, uri))
        assert "result" in answered, name
        time.sleep(0.2)  # the log line is written before the answer, but read by a thread
        new = server.log[before:]
        assert len(new) == 1, (name, new)
        assert new[0].startswith("kerascheck lsp: WARNING: "), (name, new)

    # a length too long swallows the start of the next message: that one is still answered
    before = len(server.log)
    msg_id = server.next_id + 1
    server.send(b"Content-Length: 500\r\n\r\n" + BODY)
    server.send(
        {
            "jsonrpc": "2.0",
            "id": msg_id,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        }
    )
    assert "result" in server.response(msg_id)
    time.sleep(0.2)
    assert len(server.log[before:]) == 1, server.log[before:]
    assert not any("Traceback" in line for line in server.log)
    assert server.process.poll() is None


def test_a_huge_length_does_not_make_the_server_read_it(server: Server, tmp_path: Path) -> None:
    """Over the limit, the body is skipped as it streams by: memory stays bounded."""
    server.initialize(tmp_path)
    big = b"x" * (80 * 1024 * 1024)  # over the 64 MiB limit
    server.send(b"Content-Length: %d\r\n\r\n" % len(big))
    for start in range(0, len(big), 1 << 20):
        server.send(big[start : start + (1 << 20)])
    msg_id = hover(server, (tmp_path / "x.py").as_uri())
    assert "result" in server.response(msg_id, timeout=60)
    status = Path(f"/proc/{server.process.pid}/status")
    if status.exists():
        peak = next(
            int(line.split()[1])
            for line in status.read_text().splitlines()
            if line.startswith("VmHWM:")
        )
        assert peak < 400 * 1024, f"peak RSS {peak} kB"


def test_unknown_command_and_malformed_params_get_error_responses(
    server: Server, tmp_path: Path
) -> None:
    server.initialize(tmp_path)
    answer = server.response(server.request("workspace/executeCommand", {"command": "nope"}))
    assert answer["error"]["code"] == -32602 and "nope" in answer["error"]["message"]
    answer = server.response(server.request("textDocument/hover", {"textDocument": 3}))
    assert "error" in answer
    assert not any("Traceback" in line for line in server.log), server.log


# ---------------------------------------------------------------------------------------
# Lifecycle


def test_nothing_is_published_after_shutdown_and_exit_ends_the_process_at_once(
    server: Server, tmp_path: Path
) -> None:
    server.initialize(tmp_path, {"debounceMs": 800})
    uri = (tmp_path / "train.py").as_uri()
    server.open(uri, SOFTMAX)
    server.published(uri)
    server.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": SOFTMAX.replace("softmax", "sigmoid")}],
        },
    )
    server.response(server.request("shutdown", None))
    with pytest.raises(queue.Empty):  # the pending lint of version 2 is dropped
        server.messages.get(timeout=1.5)

    started = time.monotonic()
    server.notify("exit", None)
    assert server.process.wait(timeout=10) == 0
    assert time.monotonic() - started < 1.0


def test_exit_without_shutdown_ends_with_status_1(server: Server, tmp_path: Path) -> None:
    server.initialize(tmp_path)
    started = time.monotonic()
    server.notify("exit", None)
    assert server.process.wait(timeout=10) == 1
    assert time.monotonic() - started < 1.0


# ---------------------------------------------------------------------------------------
# Documents the server must not read, or not analyse


def test_documents_past_the_size_limit_get_the_size_finding_only(
    server: Server, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\nmax-file-size = 4096\n")
    server.initialize(tmp_path)
    uri = (tmp_path / "big.py").as_uri()
    server.open(uri, SOFTMAX + "x = 1\n" * 2000)
    (finding,) = server.published(uri)["diagnostics"]
    assert finding["code"] == "KC002" and "max-file-size" in finding["message"]


def test_code_actions_on_paths_that_are_not_regular_files_are_empty(
    server: Server, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    (tmp_path / "folder.py").mkdir()
    server.initialize(tmp_path)
    everything = {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}
    for path in ("/dev/zero", str(fifo), str(tmp_path / "folder.py"), "/dev/urandom"):
        uri = Path(path).as_uri()
        msg_id = server.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": everything, "context": {"diagnostics": []}},
        )
        assert server.response(msg_id, timeout=10)["result"] in (None, [])
        server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert "result" in server.response(hover(server, fifo.as_uri()), timeout=10)


# ---------------------------------------------------------------------------------------
# Fast start


def test_first_diagnostics_go_out_before_pygls_is_imported(tmp_path: Path) -> None:
    """The start-up front lints the first document with the engine alone."""
    probe = textwrap.dedent(
        f"""
        import io, json, sys
        from kerascheck.lsp.startup import EarlyFront
        from kerascheck.lsp.transport import MessageWriter

        out = io.BytesIO()
        front = EarlyFront(MessageWriter(out))
        front.handle({{"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {{"rootUri": {tmp_path.as_uri()!r}, "capabilities": {{}}}}}})
        front.handle({{"jsonrpc": "2.0", "method": "initialized", "params": {{}}}})
        outcome = front.handle({{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {{
            "textDocument": {{"uri": {(tmp_path / "t.py").as_uri()!r}, "languageId": "python",
                             "version": 1, "text": {SOFTMAX!r}}}}}}})
        heavy = sorted(m for m in ("pygls", "lsprotocol", "cattrs") if m in sys.modules)
        print(json.dumps([outcome, heavy, out.getvalue().decode()]))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    outcome, heavy, written = json.loads(completed.stdout)
    assert outcome == "hand-over" and heavy == []
    assert '"method":"textDocument/publishDiagnostics"' in written and '"KC205"' in written


@pytest.mark.parametrize(
    "capabilities",
    [
        {},
        {"general": {"positionEncodings": ["utf-32", "utf-8"]}},
        {
            "general": {"positionEncodings": ["latin-1"]},
            "notebookDocument": {"synchronization": {}},
        },
    ],
)
def test_the_early_answer_to_initialize_is_pygls_answer(capabilities: dict[str, Any]) -> None:
    from kerascheck.lsp.server import create_server
    from kerascheck.lsp.startup import early_capabilities
    from kerascheck.lsp.transport import MessageWriter

    out = io.BytesIO()
    server = create_server()
    server.protocol.set_writer(MessageWriter(out))
    params = {"processId": None, "rootUri": None, "capabilities": capabilities}
    server.receive({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
    answer = json.loads(out.getvalue().split(b"\r\n\r\n", 1)[1])
    assert answer["result"] == early_capabilities(capabilities)


# ---------------------------------------------------------------------------------------
# Memory


def test_memory_does_not_grow_over_open_close_cycles(tmp_path: Path) -> None:
    from kerascheck.lsp.server import create_server
    from kerascheck.lsp.transport import MessageWriter

    server = create_server()
    server.protocol.set_writer(MessageWriter(io.BytesIO()))
    root = {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}
    server.receive({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": root})
    text = "import numpy as np\n\nx = np.zeros(3)\n"  # the whole server path; no parse (fast)

    def cycles(count: int) -> None:
        for index in range(count):
            uri = (tmp_path / f"t{index % 4}.py").as_uri()
            document = {"uri": uri, "languageId": "python", "version": 1, "text": text}
            server.receive(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {"textDocument": document},
                }
            )
            server.receive(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didClose",
                    "params": {"textDocument": {"uri": uri}},
                }
            )
            server.protocol.writer._stream.seek(0)  # type: ignore[union-attr]
            server.protocol.writer._stream.truncate()  # type: ignore[union-attr]

    cycles(60)  # warm-up: caches, the catalogue, libcst's grammar
    tracemalloc.start()
    try:
        cycles(150)  # one-time growth seen only once traced (interned names, dict resizes)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        cycles(200)
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # pygls kept a future per notification: about 4.7 KB per pair, 940 KB here
    assert growth < 40 * 1024, f"{growth} bytes over 200 open/close pairs"
    assert not server.protocol._request_futures


def test_memory_of_a_large_document_is_given_back_after_close(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\nfile-timeout = 2\n")
    script = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "example3.py"
    probe = textwrap.dedent(
        f"""
        import io, json
        from pathlib import Path
        from kerascheck.lsp.server import create_server
        from kerascheck.lsp.transport import MessageWriter

        def rss():
            for line in open("/proc/self/status"):
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

        root = Path({str(tmp_path)!r})
        base = Path({str(script)!r}).read_text()
        text = "\\n".join(base.replace("model", f"model{{i}}") for i in range(300))
        server = create_server()
        server.protocol.set_writer(MessageWriter(io.BytesIO()))
        server.receive({{"jsonrpc": "2.0", "id": 1, "method": "initialize",
                        "params": {{"rootUri": root.as_uri(), "capabilities": {{}}}}}})
        uri = (root / "big.py").as_uri()
        before = rss()
        document = {{"uri": uri, "languageId": "python", "version": 1, "text": text}}
        server.receive({{"jsonrpc": "2.0", "method": "textDocument/didOpen",
                        "params": {{"textDocument": document}}}})
        opened = rss()
        server.receive({{"jsonrpc": "2.0", "method": "textDocument/didClose",
                        "params": {{"textDocument": {{"uri": uri}}}}}})
        print(json.dumps([before, opened, rss()]))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    before, opened, closed = json.loads(completed.stdout)
    assert closed - before < 40 * 1024, (before, opened, closed)  # kB
