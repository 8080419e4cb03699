"""``kerascheck lsp``: the process, the transport, and a start that shows findings in < 1 s.

pygls stands on ``lsprotocol.types``, whose thousand classes take about a second to import,
longer than everything else the first diagnostics need (the engine and libcst). So the first
messages are served here, without pygls: ``initialize`` is answered with the capabilities
the server has (``early_capabilities``, checked against pygls' own answer by the tests), and
the first Python document the editor opens is linted and its diagnostics published at once.
Only then is pygls loaded; the messages seen so far are handed to it in order, so that its
workspace knows every open document (the ``initialize`` it answers again is not sent twice,
nor diagnostics already published), and every later message goes to it.

This module also owns the process: messages are read by the hardened reader of
``kerascheck.lsp.transport``; problems are logged one line each on stderr (tracebacks only
with ``--debug``); and ``exit`` ends the process at once, without waiting for the thread that
reads standard input.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from kerascheck import __version__
from kerascheck.lsp.transport import MessageReader, MessageWriter

if TYPE_CHECKING:
    from kerascheck.reporters.lsp import Encoding

logger = logging.getLogger("kerascheck.lsp")

#: The position encodings pygls (and so the server) can use.
_ENCODINGS: dict[str, Encoding] = {"utf-8": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}


def serve(debug: bool = False) -> NoReturn:
    """Serve over stdin/stdout until ``exit`` (or the client hangs up); never returns."""
    _configure_logging(debug)
    code = 1
    try:
        code = asyncio.run(_session(sys.stdin.buffer.fileno(), MessageWriter(sys.stdout.buffer)))
    except SystemExit as stop:  # pygls' exit handler
        code = stop.code if isinstance(stop.code, int) else 0
    except KeyboardInterrupt:
        code = 130
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(code)  # the reader thread may sit in read(): do not wait for it


async def _session(stdin: int, writer: MessageWriter) -> int:
    loop = asyncio.get_running_loop()

    async def read(size: int) -> bytes:
        return await loop.run_in_executor(None, os.read, stdin, size)

    reader = MessageReader(read, logger.warning)
    front = EarlyFront(writer)
    seen: list[dict[str, Any]] = []
    while True:
        message = await reader.next()
        if message is None:
            return 0 if front.shut_down else 1
        outcome = front.handle(message)
        if outcome is EarlyFront.EXIT:
            return 0 if front.shut_down else 1
        seen.append(message)
        if outcome is EarlyFront.HAND_OVER:
            break
    server = front.hand_over(seen)
    while True:
        message = await reader.next()
        if message is None:
            return 0 if server.shutting_down else 1
        server.receive(message)


class EarlyFront:
    """Serves ``initialize`` and the first opened document before pygls is loaded."""

    HANDLED = "handled"  # served here (or nothing to do yet): pygls sees it later
    HAND_OVER = "hand-over"  # load pygls now; it takes this message and every later one
    EXIT = "exit"

    def __init__(self, writer: MessageWriter) -> None:
        from kerascheck.lsp.linting import DocumentLinter

        self.writer = writer
        self.linter = DocumentLinter()
        self.linted: dict[str, Any] = {}
        self.encoding: Encoding = "utf-16"
        self.answered: set[Any] = set()
        self.shut_down = False

    def handle(self, message: dict[str, Any]) -> str:
        method = message.get("method")
        params = message.get("params")
        params = params if isinstance(params, dict) else {}
        if self.shut_down:  # as pygls: nothing but exit after shutdown
            return self.EXIT if method == "exit" else self.HANDLED
        if method == "initialize" and "id" in message:
            self._initialize(message["id"], params)
            return self.HANDLED
        if method in ("initialized", "$/setTrace"):
            return self.HANDLED
        if method == "textDocument/didOpen":
            return self.HAND_OVER if self._did_open(params) else self.HANDLED
        if method == "shutdown" and "id" in message:
            self.shut_down = True
            self.writer.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            self.answered.add(message["id"])
            return self.HANDLED
        if method == "exit":
            return self.EXIT
        return self.HAND_OVER

    def hand_over(self, seen: list[dict[str, Any]]) -> Any:
        """Load pygls, replay ``seen`` into it, and return the server for what follows."""
        from kerascheck.lsp.server import create_server

        server = create_server()
        server.protocol.set_writer(self.writer)
        server.protocol.answered |= self.answered
        server.linter = self.linter
        server.linted.update(self.linted)
        for message in seen:
            server.receive(message)
        return server

    def _initialize(self, msg_id: Any, params: dict[str, Any]) -> None:
        capabilities = params.get("capabilities")
        capabilities = capabilities if isinstance(capabilities, dict) else {}
        result = early_capabilities(capabilities)
        self.encoding = _ENCODINGS[result["capabilities"]["positionEncoding"]]
        self.linter.root = _root_path(params)
        self.writer.send({"jsonrpc": "2.0", "id": msg_id, "result": result})
        self.answered.add(msg_id)

    def _did_open(self, params: dict[str, Any]) -> bool:
        """Lint and publish a Python document; whether diagnostics went out."""
        from kerascheck.lsp.linting import is_lintable, path_of

        document = params.get("textDocument")
        if not isinstance(document, dict):
            return False
        uri, text = document.get("uri"), document.get("text")
        language, version = document.get("languageId"), document.get("version")
        if not isinstance(uri, str) or not isinstance(text, str):
            return False
        path = path_of(uri)
        if not is_lintable(path, language if isinstance(language, str) else None):
            return False
        version = version if isinstance(version, int) else None
        linted = self.linter.lint(uri, text, path, version=version, encoding=self.encoding)
        if linted.config_error or linted.internal_errors:
            return False  # pygls reports those (window/showMessage, logMessage): let it lint
        self.linted[uri] = linted
        notification = {"uri": uri, "diagnostics": linted.items}
        if version is not None:
            notification["version"] = version
        self.writer.send(
            {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": notification}
        )
        return True


def early_capabilities(client: dict[str, Any]) -> dict[str, Any]:
    """The ``initialize`` result pygls gives for ``create_server()``'s features."""
    general = client.get("general")
    offered = general.get("positionEncodings") if isinstance(general, dict) else None
    encoding = "utf-16"
    if isinstance(offered, list):
        encoding = next((kind for kind in offered if kind in _ENCODINGS), "utf-16")
    capabilities: dict[str, Any] = {
        "positionEncoding": encoding,
        "textDocumentSync": {"openClose": True, "change": 2, "save": True},
        "hoverProvider": True,
        "codeActionProvider": {"codeActionKinds": ["quickfix"]},
        "executeCommandProvider": {"commands": []},
        "workspace": {
            "workspaceFolders": {"supported": True, "changeNotifications": True},
            "fileOperations": {},
        },
    }
    if client.get("notebookDocument") is not None:
        capabilities["notebookDocumentSync"] = {
            "notebookSelector": [{"notebook": "*", "cells": [{"language": "python"}]}],
            "save": True,
        }
    return {
        "capabilities": capabilities,
        "serverInfo": {"name": "kerascheck", "version": __version__},
    }


def _root_path(params: dict[str, Any]) -> str | None:
    from kerascheck.lsp.linting import path_of

    root_uri = params.get("rootUri")
    if isinstance(root_uri, str):
        return path_of(root_uri)
    root = params.get("rootPath")
    return root if isinstance(root, str) else None


class _OneLine(logging.Formatter):
    """``kerascheck lsp: <message>``, without the traceback (``--debug`` keeps it)."""

    def __init__(self, debug: bool) -> None:
        super().__init__("kerascheck lsp: %(levelname)s: %(message)s")
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        if self.debug:
            return super().format(record)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        line = super().format(record).split("\n", 1)[0]
        return line if len(line) <= 300 else line[:297] + "..."


def _configure_logging(debug: bool) -> None:
    """Editors show the server's stderr as its log: warnings and errors, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine(debug))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
