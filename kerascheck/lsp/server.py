"""The language server: diagnostics on open, change and save, and quick fixes.

- ``didOpen`` and ``didSave`` lint at once; ``didChange`` lints after a pause in typing
  (300 ms unless ``initializationOptions.debounceMs`` says otherwise), always the editor's
  current text. A changed ``pyproject.toml`` or ``kerascheck.toml`` (saved in the editor, or
  reported by the client's file watcher, which the server asks for) re-reads settings and
  relints every open document; the linter also notices it by itself at the next lint.
- Positions use the encoding negotiated with the client (UTF-16 unless it offers UTF-8 or
  UTF-32); kerascheck's columns count code points and are converted per line.
- Code actions: each finding's own fix when the engine has one, and "Disable KCnnn for this
  line" for every finding (only Python documents are linted, so a ``# noqa`` comment always
  applies).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path, uri_scheme

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
from kerascheck.reporters.lsp import Encoding, character, lsp_range
from kerascheck.suppression import noqa_row

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.3
_ENCODINGS: dict[str, Encoding] = {"utf-8": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}
_converter = get_converter()


class KerascheckLanguageServer(LanguageServer):
    """pygls' server plus what kerascheck keeps per document."""

    def __init__(self) -> None:
        super().__init__(
            name="kerascheck",
            version=__version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.linter = DocumentLinter()
        self.debounce = DEBOUNCE_SECONDS
        self.linted: dict[str, Linted] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._shown_errors: set[str] = set()

    # -- linting -----------------------------------------------------------------------

    @property
    def encoding(self) -> Encoding:
        return _ENCODINGS.get(_value(self.workspace.position_encoding), "utf-16")

    def lint_and_publish(self, uri: str) -> Linted | None:
        """Lint the document's current text and send its diagnostics (None: not Python)."""
        self.cancel(uri)
        document = self.workspace.get_text_document(uri)
        path = _path_of(uri)
        if not is_lintable(path, document.language_id):
            return None
        try:
            text = document.source  # read from disk for a document the client never opened
        except (OSError, UnicodeDecodeError):
            return None
        linted = self.linter.lint(uri, text, path, version=document.version, encoding=self.encoding)
        self.linted[uri] = linted
        self._report_problems(linted)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=document.version,
                diagnostics=[_converter.structure(item, types.Diagnostic) for item in linted.items],
            )
        )
        return linted

    def schedule(self, uri: str) -> None:
        """Lint after ``debounce`` seconds without another change to the document."""
        self.cancel(uri)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a direct call in a test): lint now
            self.lint_and_publish(uri)
            return
        self._timers[uri] = loop.call_later(self.debounce, self._lint_scheduled, uri)

    def cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def current(self, uri: str) -> Linted | None:
        """The document's findings for its current text, linting again if it changed."""
        document = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is None or linted.version != document.version or linted.text != document.source:
            return self.lint_and_publish(uri)
        return linted

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
        for uri in list(self.linted):
            self.lint_and_publish(uri)

    def forget(self, uri: str) -> None:
        self.cancel(uri)
        if self.linted.pop(uri, None) is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def _lint_scheduled(self, uri: str) -> None:
        self._timers.pop(uri, None)
        try:
            self.lint_and_publish(uri)
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

    # -- code actions ------------------------------------------------------------------

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

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(
        ls: KerascheckLanguageServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if any(is_config_file(_path_of(change.uri)) for change in params.changes):
            ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KerascheckLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
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

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: KerascheckLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server


def serve() -> None:
    """Run a server over stdin/stdout until the client says ``exit``."""
    create_server().start_io()


def _path_of(uri: str) -> str | None:
    """The file system path of a ``file:`` URI; None for untitled buffers and the like."""
    if uri_scheme(uri) != "file":
        return None
    return to_fs_path(unquote(uri))


def _value(kind: Any) -> str:
    """An lsprotocol enum member or a plain string, as the string on the wire."""
    return str(getattr(kind, "value", kind))


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
