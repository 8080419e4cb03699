"""The language server: diagnostics on open, change and save, quick fixes, and rule help.

- ``didOpen`` and ``didSave`` lint at once; ``didChange`` lints after a pause in typing
  (300 ms unless ``initializationOptions.debounceMs`` says otherwise), always the editor's
  current text. A changed ``pyproject.toml`` or ``kerascheck.toml`` (saved in the editor, or
  reported by the client's file watcher, which the server asks for) re-reads settings and
  relints every open document; the linter also notices it by itself at the next lint.
- Notebook documents (``notebookDocument/*``, LSP 3.17) are linted as the CLI lints a
  ``.ipynb`` file, all cells together, and each cell gets its findings on its own URI.
- Positions use the encoding negotiated with the client (UTF-16 unless it offers UTF-8 or
  UTF-32); kerascheck's columns count code points and are converted per line.
- Code actions: each finding's own fix when the engine has one, and "Disable KCnnn for this
  line" for every finding (only Python documents are linted, so a ``# noqa`` comment always
  applies). Hovering over a finding shows its rule's documentation.
- After ``shutdown`` nothing more is published; ``exit`` ends the process at once
  (``kerascheck.lsp.startup`` owns the process and the transport).
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import gc
import logging
import os
import stat
import sys
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from kerascheck import __version__
from kerascheck.diagnostics import Fix
from kerascheck.lsp.actions import disable_title, fix_title, noqa_edit
from kerascheck.lsp.linting import (
    CONFIG_NAMES,
    DocumentLinter,
    Linted,
    is_config_file,
    is_lintable,
)
from kerascheck.lsp.linting import path_of as _path_of
from kerascheck.lsp.notebooks import PYTHON_LANGUAGES, Cell, lint_notebook
from kerascheck.reporters.lsp import Encoding, character, lsp_range
from kerascheck.suppression import noqa_row

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.3
_ENCODINGS: dict[str, Encoding] = {"utf-8": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}
_converter = get_converter()

#: Every notebook (``*``: Jupyter, VS Code's interactive window ...), its Python cells.
#: (The selector names the notebook although the protocol allows leaving it out: clients
#: built on lsprotocol cannot read a selector without it.)
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithNotebook(
            notebook="*", cells=[types.NotebookCellLanguage(language="python")]
        )
    ],
    save=True,
)

#: JSON-RPC's "invalid params": an unknown command, a message whose params do not fit.
INVALID_PARAMS = -32602
#: A document read from disk (a save of a file the editor never opened) is read up to this.
_DISK_LIMIT = 16 * 1024 * 1024
#: After linting or closing a document this large, freed memory is given back to the system.
LARGE_DOCUMENT = 256 * 1024


class KerascheckProtocol(LanguageServerProtocol):
    """pygls' protocol, with two repairs.

    Requests the start-up front answered already are not answered twice when they are handed
    over to pygls (``kerascheck.lsp.startup``). And pygls files the future of every handler
    it runs under a fresh id, but forgets it only when it answers a request: every
    notification (``didOpen``, ``didClose`` ...) left one behind, so memory grew by about
    4 KB per document opened and closed. Futures are forgotten here once done.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answered: set[Any] = set()

    def _execute_handler(self, msg_id: Any, *args: Any, **kwargs: Any) -> None:
        super()._execute_handler(msg_id, *args, **kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:

            def forget(done: Any, key: Any = msg_id) -> None:
                # (a cancelled one is left alone: pygls cancels while it iterates the dict)
                if not done.cancelled() and self._request_futures.get(key) is done:
                    del self._request_futures[key]

            future.add_done_callback(forget)

    def _send_response(self, msg_id: Any, result: Any = None, error: Any = None) -> None:
        if msg_id in self.answered:
            self.answered.discard(msg_id)
            return
        super()._send_response(msg_id, result, error)


class KerascheckLanguageServer(LanguageServer):
    """pygls' server plus what kerascheck keeps per document."""

    protocol: KerascheckProtocol

    def __init__(self) -> None:
        super().__init__(
            name="kerascheck",
            version=__version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=NOTEBOOK_SYNC,
            protocol_cls=KerascheckProtocol,
        )
        self.linter = DocumentLinter()
        self.debounce = DEBOUNCE_SECONDS
        self.linted: dict[str, Linted] = {}
        self.notebook_cells: dict[str, list[str]] = {}  # notebook URI -> its published cells
        self.shutting_down = False
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._shown_errors: set[str] = set()

    # -- messages ------------------------------------------------------------------------

    def receive(self, message: dict[str, Any]) -> None:
        """Hand one message read by ``kerascheck.lsp.transport`` to pygls.

        A message pygls cannot take (no ``jsonrpc``, params of the wrong shape) is logged in
        one line and, if it is a request, answered with an error; so is a command the server
        does not have, which pygls would log with a traceback.
        """
        if message.get("jsonrpc") != "2.0":
            logger.warning("ignored a message that is not JSON-RPC 2.0")
            return
        method = message.get("method")
        if method == types.WORKSPACE_EXECUTE_COMMAND and "id" in message:
            params = message.get("params")
            command = params.get("command") if isinstance(params, dict) else None
            if command not in self.protocol.fm.commands:
                self.reply_error(message["id"], f"kerascheck has no command {command!r}")
                return
        try:
            structured = self.protocol.structure_message(message)
        except Exception as error:
            logger.warning("rejected a %s message: %s", method or "response", error)
            if method is not None and "id" in message:
                self.reply_error(message["id"], f"invalid params for {method}")
            return
        self.protocol.handle_message(structured)

    def reply_error(self, msg_id: Any, text: str) -> None:
        error = types.ResponseError(code=INVALID_PARAMS, message=text)
        self.protocol._send_response(msg_id, None, error)

    # -- linting -----------------------------------------------------------------------

    @property
    def encoding(self) -> Encoding:
        return _ENCODINGS.get(_value(self.workspace.position_encoding), "utf-16")

    def lint_and_publish(self, uri: str) -> Linted | None:
        """Lint the document's current text and send its diagnostics (None: not Python)."""
        self.cancel(uri)
        if self.shutting_down:
            return None
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:
            return self.lint_notebook(notebook.uri).get(uri)
        opened = self._document(uri)
        if opened is None:
            return None
        text, version, language_id = opened
        path = _path_of(uri)
        if not is_lintable(path, language_id):
            return None
        linted = self.linter.lint(uri, text, path, version=version, encoding=self.encoding)
        self.linted[uri] = linted
        self._report_problems(linted)
        self.publish(linted)
        if len(text) >= LARGE_DOCUMENT:
            give_back_memory()
        return linted

    def lint_notebook(self, notebook_uri: str) -> dict[str, Linted]:
        """Lint a notebook document's cells together and publish each cell's findings."""
        self.cancel(notebook_uri)
        notebook = self.workspace.get_notebook_document(notebook_uri=notebook_uri)
        if notebook is None or self.shutting_down:
            return {}
        cells = [self._cell(cell) for cell in notebook.cells]
        by_cell = lint_notebook(self.linter, _path_of(notebook.uri), cells, self.encoding)
        for uri in self.notebook_cells.get(notebook_uri, ()):  # cells deleted since
            if uri not in by_cell:
                self.forget(uri)
        self.notebook_cells[notebook_uri] = list(by_cell)
        for linted in by_cell.values():
            self.linted[linted.uri] = linted
            self._report_problems(linted)
            self.publish(linted)
        if sum(len(cell.text or "") for cell in cells) >= LARGE_DOCUMENT:
            give_back_memory()
        return by_cell

    def publish(self, linted: Linted) -> None:
        if self.shutting_down:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=linted.uri,
                version=linted.version,
                diagnostics=[_converter.structure(item, types.Diagnostic) for item in linted.items],
            )
        )

    def schedule(self, uri: str, lint: Any = None) -> None:
        """Lint after ``debounce`` seconds without another change to the document."""
        self.cancel(uri)
        if self.shutting_down:
            return
        lint = lint or self.lint_and_publish
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a direct call in a test): lint now
            lint(uri)
            return
        self._timers[uri] = loop.call_later(self.debounce, self._lint_scheduled, uri, lint)

    def cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def stop_publishing(self) -> None:
        """``shutdown``: pending lints are dropped and nothing is published any more."""
        self.shutting_down = True
        for uri in list(self._timers):
            self.cancel(uri)

    def current(self, uri: str) -> Linted | None:
        """An open document's findings for its current text, linting again if it changed."""
        opened = self._document(uri, disk=False)
        if opened is None:
            return None
        linted = self.linted.get(uri)
        if linted is None or linted.version != opened[1] or linted.text != opened[0]:
            return self.lint_and_publish(uri)
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None and self._notebook_changed(notebook):
            return self.lint_and_publish(uri)
        return linted

    def is_current(self, uri: str) -> bool:
        """Whether the document's findings were published for its text as it is (the start-up
        front linted it before pygls arrived)."""
        opened = self._document(uri, disk=False)
        linted = self.linted.get(uri)
        return opened is not None and linted is not None and linted.text == opened[0]

    async def watch_config_files(self) -> None:
        """Ask the client to report changes to configuration files (if it can watch files)."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if not (watched and watched.dynamic_registration):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
        registration = types.Registration(
            id="kerascheck-configuration-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await self.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as error:  # the linter notices changed files by itself as well
            logger.info("the client did not accept file watchers: %s", error)

    def relint_all(self) -> None:
        self.linter.reset()
        self._shown_errors.clear()
        for notebook_uri in list(self.notebook_cells):
            self.lint_notebook(notebook_uri)
        for uri in list(self.linted):
            if self.workspace.get_notebook_document(cell_uri=uri) is None:
                self.lint_and_publish(uri)

    def forget(self, uri: str) -> None:
        self.cancel(uri)
        linted = self.linted.pop(uri, None)
        if linted is None:
            return
        if not self.shutting_down:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
        if len(linted.text) >= LARGE_DOCUMENT:
            del linted
            give_back_memory()

    def forget_notebook(self, notebook_uri: str, cell_uris: list[str]) -> None:
        self.cancel(notebook_uri)
        for uri in {*self.notebook_cells.pop(notebook_uri, ()), *cell_uris}:
            self.forget(uri)

    def _document(self, uri: str, disk: bool = True) -> tuple[str, int | None, str | None] | None:
        """An open document's text, version and language; with ``disk``, a file the editor
        never opened (a save event) is read if it is a regular file of a sane size. Never a
        FIFO, a device or a folder: reading those would hang or never end."""
        document = self.workspace.text_documents.get(unquote(uri))
        if document is not None:
            return document.source, document.version, document.language_id
        path = _path_of(uri)
        if not disk or path is None:
            return None
        try:
            status = os.stat(path)
            if not stat.S_ISREG(status.st_mode) or status.st_size > _DISK_LIMIT:
                return None
            with open(path, "rb") as handle:
                text = handle.read(_DISK_LIMIT).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text, None, None

    def _cell(self, cell: types.NotebookCell) -> Cell:
        document = self.workspace.text_documents.get(unquote(cell.document))
        if cell.kind != types.NotebookCellKind.Code or document is None:
            return Cell(cell.document, None)
        language = (document.language_id or "python").lower()
        if language not in PYTHON_LANGUAGES:
            return Cell(cell.document, None)
        return Cell(cell.document, document.source, document.version)

    def _notebook_changed(self, notebook: types.NotebookDocument) -> bool:
        published = self.notebook_cells.get(notebook.uri)
        cells = [self._cell(cell) for cell in notebook.cells]
        if published != [cell.uri for cell in cells if cell.text is not None]:
            return True
        return any(
            (linted := self.linted.get(cell.uri)) is None or linted.text != cell.text
            for cell in cells
            if cell.text is not None
        )

    def _lint_scheduled(self, uri: str, lint: Any) -> None:
        self._timers.pop(uri, None)
        try:
            lint(uri)
        except Exception:  # a timer callback has nobody to report to but the log
            logger.exception("linting %s failed", uri)

    def _report_problems(self, linted: Linted) -> None:
        if linted.config_error and linted.config_error not in self._shown_errors:
            self._shown_errors.add(linted.config_error)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"kerascheck: {linted.config_error} (using the default settings)",
                )
            )
        for message in linted.internal_errors:
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Warning, message=message)
            )

    # -- code actions and hover ----------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        if not _wants_quick_fixes(params.context.only):
            return []
        linted = self.current(uri)
        if linted is None:
            return []
        fixes: list[types.CodeAction] = []
        disables: list[types.CodeAction] = []
        silenced: set[tuple[int, str]] = set()
        for diagnostic, item in zip(linted.diagnostics, linted.items, strict=True):
            if not _overlaps(item["range"], params.range):
                continue
            lsp_diagnostic = _converter.structure(item, types.Diagnostic)
            if diagnostic.fix is not None:
                fixes.append(
                    self._fix_action(linted, diagnostic.code, diagnostic.fix, lsp_diagnostic)
                )
            row = noqa_row(diagnostic)
            if row is not None and (row, diagnostic.code) not in silenced:
                action = self._disable_action(linted, row, diagnostic.code, lsp_diagnostic)
                if action is not None:
                    silenced.add((row, diagnostic.code))
                    disables.append(action)
        return fixes + disables

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        """The documentation of the rules whose findings lie under the cursor."""
        from kerascheck.lsp.hover import hover_text

        linted = self.current(params.text_document.uri)
        if linted is None:
            return None
        position = params.position
        under = [
            (diagnostic, item)
            for diagnostic, item in zip(linted.diagnostics, linted.items, strict=True)
            if _contains(item["range"], position.line, position.character)
        ]
        if not under:
            return None
        markdown = _prefers_markdown(self.client_capabilities)
        value = hover_text([diagnostic for diagnostic, _ in under], markdown=markdown)
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(
            contents=types.MarkupContent(kind=kind, value=value),
            range=_converter.structure(under[0][1]["range"], types.Range),
        )

    def _fix_action(
        self, linted: Linted, code: str, fix: Fix, lsp_diagnostic: types.Diagnostic
    ) -> types.CodeAction:
        edits = [
            types.TextEdit(
                range=_converter.structure(
                    lsp_range(edit.span, linted.lines, linted.encoding), types.Range
                ),
                new_text=edit.content,
            )
            for edit in fix.edits
        ]
        return types.CodeAction(
            title=fix_title(code, fix),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp_diagnostic],
            edit=types.WorkspaceEdit(changes={linted.uri: edits}),
            is_preferred=fix.applicability == "safe",
        )

    def _disable_action(
        self, linted: Linted, row: int, code: str, lsp_diagnostic: types.Diagnostic
    ) -> types.CodeAction | None:
        if not 0 < row <= len(linted.lines):
            return None
        line = linted.lines[row - 1]
        edit = noqa_edit(line, code)
        if edit is None:
            return None
        start = character(line, edit.start + 1, linted.encoding)
        end = character(line, edit.end + 1, linted.encoding)
        text_edit = types.TextEdit(
            range=types.Range(
                start=types.Position(line=row - 1, character=start),
                end=types.Position(line=row - 1, character=end),
            ),
            new_text=edit.text,
        )
        return types.CodeAction(
            title=disable_title(code),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp_diagnostic],
            edit=types.WorkspaceEdit(changes={linted.uri: [text_edit]}),
        )


def create_server() -> KerascheckLanguageServer:
    """A server with kerascheck's handlers registered (one per process, or per test)."""
    server = KerascheckLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: KerascheckLanguageServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(float(options["debounceMs"]), 0.0) / 1000
        ls.linter.root = ls.workspace.root_path

    @server.feature(types.INITIALIZED)
    async def initialized(ls: KerascheckLanguageServer, params: types.InitializedParams) -> None:
        # Load the engine, the Python frontend and the catalogue now, not on the first keystroke.
        import kerascheck.engine  # noqa: F401
        from kerascheck.catalogue import load_catalogue
        from kerascheck.frontends import frontend_for

        frontend_for("warm-up.py")
        load_catalogue()
        await ls.watch_config_files()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: KerascheckLanguageServer, params: None) -> None:
        ls.stop_publishing()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(
        ls: KerascheckLanguageServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if any(is_config_file(_path_of(change.uri)) for change in params.changes):
            ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KerascheckLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        if not ls.is_current(params.text_document.uri):
            ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KerascheckLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KerascheckLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config_file(_path_of(uri)):
            ls.relint_all()
        else:
            ls.lint_and_publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KerascheckLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_opened_or_saved(
        ls: KerascheckLanguageServer,
        params: types.DidOpenNotebookDocumentParams | types.DidSaveNotebookDocumentParams,
    ) -> None:
        ls.lint_notebook(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(
        ls: KerascheckLanguageServer, params: types.DidChangeNotebookDocumentParams
    ) -> None:
        ls.schedule(params.notebook_document.uri, ls.lint_notebook)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(
        ls: KerascheckLanguageServer, params: types.DidCloseNotebookDocumentParams
    ) -> None:
        cells = [cell.uri for cell in params.cell_text_documents]
        ls.forget_notebook(params.notebook_document.uri, cells)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: KerascheckLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: KerascheckLanguageServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    return server


def _value(kind: Any) -> str:
    """An lsprotocol enum member or a plain string, as the string on the wire."""
    return str(getattr(kind, "value", kind))


def give_back_memory() -> None:
    """Return freed memory to the system. Analysing a large document takes hundreds of MB;
    once freed, CPython and the C allocator keep them for reuse, so a server that looked at
    one large file would keep that much for the rest of the session."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim`` (None elsewhere: macOS, Windows, musl give memory back or
    have no such call)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _wants_quick_fixes(only: Any) -> bool:
    """``context.only`` filters by kind prefix (``""`` and ``quickfix`` both include ours)."""
    if only is None:
        return True
    quickfix = types.CodeActionKind.QuickFix.value
    return any(
        not _value(kind) or quickfix == _value(kind) or quickfix.startswith(_value(kind) + ".")
        for kind in only
    )


def _overlaps(item_range: dict[str, Any], requested: types.Range) -> bool:
    """Line-wise: a cursor anywhere on a finding's lines offers its actions."""
    return (
        item_range["start"]["line"] <= requested.end.line
        and item_range["end"]["line"] >= requested.start.line
    )


def _contains(item_range: dict[str, Any], line: int, character: int) -> bool:
    """Whether a position lies on a finding's range (its end included: the cursor after it)."""
    start, end = item_range["start"], item_range["end"]
    return (
        (start["line"], start["character"])
        <= (line, character)
        <= (
            end["line"],
            end["character"],
        )
    )


def _prefers_markdown(capabilities: types.ClientCapabilities) -> bool:
    document = capabilities.text_document
    hover = document.hover if document else None
    formats = hover.content_format if hover else None
    return formats is None or types.MarkupKind.Markdown in formats
