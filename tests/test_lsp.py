"""The language server, driven by a real LSP client over stdio (pytest-lsp), and its helpers.

The client tests start ``python -m kerascheck lsp`` as a subprocess, exactly as an editor
does, and check what arrives: diagnostics on the right range, updates after edits, code
actions whose edits, applied to the text, make the finding go away.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kerascheck.engine import lint_source
from kerascheck.lsp.actions import LineEdit, noqa_edit
from kerascheck.lsp.linting import DocumentLinter, is_config_file, is_lintable
from kerascheck.suppression import is_suppressed

try:
    import pytest_lsp
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
except ImportError:  # without the test extra only the helper tests run
    pytest_lsp = None

needs_client = pytest.mark.skipif(
    pytest_lsp is None, reason="needs pytest-lsp and pygls (pip install -e '.[test]')"
)

SOFTMAX = textwrap.dedent(
    """\
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras.layers import Dense

    x = np.random.rand(100, 8)
    y = (x.sum(axis=1) > 4).astype("int32")
    model = keras.Sequential([keras.Input(shape=(8,)), Dense(16, activation="relu"),
                              Dense(1, activation="softmax")])
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x, y, epochs=3)
    """
)
SOFTMAX_LAYER = 'Dense(1, activation="softmax")'

# The emoji before the output layer is one code point but two UTF-16 code units.
NON_ASCII = SOFTMAX.replace(
    'Dense(16, activation="relu"),\n                          Dense(1,',
    'Dense(16, activation="relu", name="schicht_é😀"), Dense(1,',
)

STACKED = textwrap.dedent(
    """\
    import keras
    from keras.layers import LSTM, Dense

    model = keras.Sequential()
    model.add(keras.Input(shape=(20, 1)))
    model.add(LSTM(16))
    model.add(LSTM(16))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="adam")
    """
)

RANDOM_LABELS = textwrap.dedent(
    """\
    import numpy as np
    import keras

    x = np.random.rand(200, 8)
    y = np.random.randint(0, 2, size=(200,))
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(x, y, epochs=3)
    """
)


def where(text: str, needle: str) -> tuple[int, int, int]:
    """0-based line, start and end character (code points) of the only ``needle`` in ``text``."""
    assert text.count(needle) == 1, needle
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            start = line.index(needle)
            return number, start, start + len(needle)
    raise AssertionError(needle)


def apply_edits(text: str, edits) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to ``text``, last first."""
    lines = text.split("\n")

    def offset(position) -> int:
        line = lines[position.line]
        units, index = 0, 0
        while units < position.character:
            units += 2 if ord(line[index]) > 0xFFFF else 1
            index += 1
        return sum(len(earlier) + 1 for earlier in lines[: position.line]) + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def codes_of(text: str, path: str = "train.py") -> list[str]:
    return [diagnostic.code for diagnostic in lint_source(text.encode(), path).diagnostics]


# ---------------------------------------------------------------------------------------
# "Disable for this line": the edit itself


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("model.add(LSTM(4))", "model.add(LSTM(4))  # noqa: KC201"),
        ("model.add(LSTM(4))   ", "model.add(LSTM(4))  # noqa: KC201"),
        ("model.add(LSTM(4))  # noqa: KC202", "model.add(LSTM(4))  # noqa: KC202, KC201"),
        ("model.add(LSTM(4))  # NOQA:KC202,KC203", "model.add(LSTM(4))  # NOQA:KC202,KC203, KC201"),
        (
            "model.add(LSTM(4))  # kerascheck: ignore[KC202]",
            "model.add(LSTM(4))  # kerascheck: ignore[KC202, KC201]",
        ),
        ("model.add(LSTM(4))  # the encoder", "model.add(LSTM(4))  # the encoder  # noqa: KC201"),
        ('x = "# noqa: KC202"', 'x = "# noqa: KC202"  # noqa: KC201'),
        ("model.add(LSTM(4,", "model.add(LSTM(4,  # noqa: KC201"),
    ],
)
def test_noqa_edit_adds_or_merges_the_code(line: str, expected: str) -> None:
    edit = noqa_edit(line, "KC201")
    assert edit is not None
    assert edit.apply(line) == expected
    assert is_suppressed(expected, "KC201")


@pytest.mark.parametrize(
    "line",
    [
        "model = build() + \\",  # a comment after a continuation backslash is a syntax error
        'doc = """the model',  # the line ends inside a string: a "#" there is no comment
    ],
)
def test_noqa_edit_refuses_lines_where_a_comment_cannot_go(line: str) -> None:
    assert noqa_edit(line, "KC201") is None


def test_noqa_edit_keeps_the_rest_of_a_non_ascii_line() -> None:
    line = "model.add(LSTM(4))  # kodiert 😀 Zeitreihe"
    edit = noqa_edit(line, "KC202")
    assert edit == LineEdit(len(line), len(line), "  # noqa: KC202")


def test_noqa_edit_applied_to_a_file_silences_the_finding() -> None:
    row = next(d for d in lint_source(STACKED.encode(), "t.py").diagnostics if d.code == "KC201")
    lines = STACKED.split("\n")
    index = row.span.start.row - 1
    lines[index] = noqa_edit(lines[index], "KC201").apply(lines[index])
    assert "KC201" not in codes_of("\n".join(lines))


# ---------------------------------------------------------------------------------------
# Linting in-memory text with the document's settings


def test_linter_reads_the_documents_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nignore = ["KC205"]\n')
    linter = DocumentLinter(root=str(tmp_path))
    linted = linter.lint("file:///x", SOFTMAX, str(tmp_path / "train.py"))
    assert [d.code for d in linted.diagnostics] == []
    elsewhere = linter.lint("file:///y", SOFTMAX, str(tmp_path.parent / "other" / "train.py"))
    assert "KC205" in [d.code for d in elsewhere.diagnostics]


def test_linter_links_the_rule_documentation_from_docs_url(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.kerascheck]\ndocs-url = "https://docs.example.org/{code}.html"\n')
    linted = DocumentLinter().lint("file:///x", SOFTMAX, str(tmp_path / "train.py"))
    (item,) = linted.items
    assert item["codeDescription"] == {"href": "https://docs.example.org/KC205.html"}
    assert item["message"] == linted.diagnostics[0].message and item["data"]["help"]


def test_linter_lints_the_text_not_the_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(SOFTMAX.replace('"softmax"', '"sigmoid"'))  # clean on disk
    linted = DocumentLinter().lint("file:///x", SOFTMAX, str(path))
    assert [d.code for d in linted.diagnostics] == ["KC205"]


def test_linter_notices_an_edited_config_by_itself(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.kerascheck]\nignore = ["KC205"]\n')
    linter = DocumentLinter()
    assert linter.lint("file:///x", SOFTMAX, str(tmp_path / "train.py")).diagnostics == []
    config.write_text("[tool.kerascheck]\nignore = []\n")  # no event, no reset
    linted = linter.lint("file:///x", SOFTMAX, str(tmp_path / "train.py"))
    assert [d.code for d in linted.diagnostics] == ["KC205"]
    (tmp_path / "kerascheck.toml").write_text('ignore = ["KC2"]\n')  # a new, nearer-first file
    assert linter.lint("file:///x", SOFTMAX, str(tmp_path / "train.py")).diagnostics == []


def test_linter_reports_a_broken_config_and_uses_defaults(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nignroe = ["KC205"]\n')
    linted = DocumentLinter().lint("file:///x", SOFTMAX, str(tmp_path / "train.py"))
    assert linted.config_error is not None and "ignroe" in linted.config_error
    assert [d.code for d in linted.diagnostics] == ["KC205"]


def test_linter_skips_excluded_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nextend-exclude = ["legacy"]\n')
    linted = DocumentLinter().lint("file:///x", SOFTMAX, str(tmp_path / "legacy" / "train.py"))
    assert linted.diagnostics == []


def test_untitled_buffers_are_linted_in_the_workspace_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nignore = ["KC205"]\n')
    linted = DocumentLinter(root=str(tmp_path)).lint("untitled:Untitled-1", SOFTMAX, None)
    assert linted.diagnostics == []


def test_only_python_documents_are_linted() -> None:
    assert is_lintable("/p/train.py", None)
    assert is_lintable(None, "python")
    assert not is_lintable("/p/pyproject.toml", "toml")
    assert not is_lintable("/p/README.md", "markdown")
    assert is_config_file("/p/pyproject.toml") and not is_config_file("/p/train.py")


def test_lsp_command_without_pygls_says_what_to_install() -> None:
    probe = (
        "import sys\n"
        "sys.modules['pygls'] = None\n"  # makes `import pygls` fail as if it were missing
        "from kerascheck.cli import main\n"
        "raise SystemExit(main(['lsp']))\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert completed.returncode == 2
    assert "kerascheck[lsp]" in completed.stderr
    assert "Traceback" not in completed.stderr


# ---------------------------------------------------------------------------------------
# A real client over stdio

if pytest_lsp is not None:

    @pytest_lsp.fixture(
        config=ClientServerConfig(server_command=[sys.executable, "-m", "kerascheck", "lsp"])
    )
    async def client(lsp_client: LanguageClient):
        lsp_client.registrations = []  # what the server asked the client to watch for it

        @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(ls: LanguageClient, params: types.RegistrationParams) -> None:
            ls.registrations.extend(params.registrations)

        # Every publishDiagnostics, in order (a notebook sends one per cell at once), kept
        # beside pytest-lsp's own handler.
        lsp_client.publications = []
        features = lsp_client.protocol.fm.features
        pytest_lsp_handler = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def recording(params: types.PublishDiagnosticsParams) -> None:
            lsp_client.publications.append(params)
            pytest_lsp_handler(params)

        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = recording

        yield
        await lsp_client.shutdown_session()


async def initialize(
    client, root: Path, capabilities=None, debounce_ms: int | None = None
) -> types.InitializeResult:
    options = {"debounceMs": debounce_ms} if debounce_ms is not None else None
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities or client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )


async def published(client, uri: str, timeout: float = 10.0) -> types.PublishDiagnosticsParams:
    """The next diagnostics the server publishes for ``uri``, within ``timeout`` seconds (how
    fast they come is measured by benchmarks/bench_lsp.py, not here: the machine may be busy;
    the first edit after opening also waits for pygls, loaded after the first diagnostics)."""
    while True:
        params = await asyncio.wait_for(
            client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout
        )
        if params.uri == uri:
            return params


async def registrations(client, timeout: float = 10.0) -> list:
    """What the server asked the client to watch: it asks once pygls is loaded, after the
    first diagnostics went out."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not client.registrations and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    return client.registrations


def open_document(client, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=text
            )
        )
    )


def change_document(client, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def softmax_opened(client, tmp_path: Path) -> tuple[str, int, int]:
    """A session with SOFTMAX open and linted: its URI, and the output layer's line and start."""
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    await published(client, uri)
    line, start, _ = where(SOFTMAX, SOFTMAX_LAYER)
    return uri, line, start


async def code_actions(client, uri: str, line: int) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line, 0), end=types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return list(result or [])


@needs_client
@pytest.mark.asyncio
async def test_did_open_publishes_kc205_on_the_output_layer(client, tmp_path: Path) -> None:
    result = await initialize(client, tmp_path)
    assert result.capabilities.code_action_provider is not None
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    params = await published(client, uri)

    (kc205,) = [d for d in params.diagnostics if d.code == "KC205"]
    line, start, end = where(SOFTMAX, SOFTMAX_LAYER)
    assert kc205.range == types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=end),
    )
    assert kc205.severity == types.DiagnosticSeverity.Error
    assert kc205.source == "kerascheck"
    assert kc205.code_description is None  # no docs-url: no link into this machine's install
    assert "softmax" in kc205.message and "\n" not in kc205.message
    # the why and the fix travel with it, for clients that show related information
    assert kc205.data["help"].startswith("Softmax normalises")
    assert kc205.related_information[-1].message == f"help: {kc205.data['help']}"
    assert kc205.related_information[-1].location.range == kc205.range


@needs_client
@pytest.mark.asyncio
async def test_did_change_that_fixes_the_layer_clears_the_diagnostic(
    client, tmp_path: Path
) -> None:
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    assert "KC205" in [d.code for d in (await published(client, uri)).diagnostics]

    change_document(client, uri, SOFTMAX.replace('"softmax"', '"sigmoid"'), version=2)
    params = await published(client, uri)
    assert params.version == 2
    assert list(params.diagnostics) == []


@needs_client
@pytest.mark.asyncio
async def test_changes_in_quick_succession_are_linted_once(client, tmp_path: Path) -> None:
    await initialize(client, tmp_path, debounce_ms=300)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    await published(client, uri)
    for version in range(2, 7):  # typing: five edits well inside the debounce window
        activation = "sigmoid" if version == 6 else "softmax"
        change_document(client, uri, SOFTMAX.replace('"softmax"', f'"{activation}"'), version)
    params = await published(client, uri)
    assert params.version == 6  # no publication for the intermediate versions
    assert list(params.diagnostics) == []


@needs_client
@pytest.mark.asyncio
async def test_disable_for_this_line_action_silences_the_finding(client, tmp_path: Path) -> None:
    uri, line, _ = await softmax_opened(client, tmp_path)

    actions = await code_actions(client, uri, line)
    (disable,) = [a for a in actions if a.title == "Disable KC205 for this line"]
    assert disable.kind == types.CodeActionKind.QuickFix
    assert [d.code for d in disable.diagnostics] == ["KC205"]
    edited = apply_edits(SOFTMAX, disable.edit.changes[uri])
    assert edited.splitlines()[line].endswith("  # noqa: KC205")
    assert "KC205" not in codes_of(edited)

    change_document(client, uri, edited, version=2)
    params = await published(client, uri)
    assert "KC205" not in [d.code for d in params.diagnostics]


def _kc201_has_a_fix() -> bool:
    found = lint_source(STACKED.encode(), "train.py").diagnostics
    return any(d.code == "KC201" and d.fix is not None for d in found)


@needs_client
@pytest.mark.asyncio
@pytest.mark.skipif(not _kc201_has_a_fix(), reason="the engine has no KC201 fixer yet")
async def test_kc201_fix_action_adds_return_sequences(client, tmp_path: Path) -> None:
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, STACKED)
    params = await published(client, uri)
    (kc201,) = [d for d in params.diagnostics if d.code == "KC201"]

    actions = await code_actions(client, uri, kc201.range.start.line)
    fixes = [a for a in actions if "KC201" in a.title and not a.title.startswith("Disable")]
    assert len(fixes) == 1
    assert fixes[0].is_preferred  # a safe fix
    edited = apply_edits(STACKED, fixes[0].edit.changes[uri])
    assert "return_sequences=True" in edited
    assert "KC201" not in codes_of(edited)

    change_document(client, uri, edited, version=2)
    assert "KC201" not in [d.code for d in (await published(client, uri)).diagnostics]


@needs_client
@pytest.mark.asyncio
async def test_related_information_points_at_the_random_labels(client, tmp_path: Path) -> None:
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, RANDOM_LABELS)
    params = await published(client, uri)
    (kc102,) = [d for d in params.diagnostics if d.code == "KC102"]
    assert kc102.severity == types.DiagnosticSeverity.Warning
    note, _help = kc102.related_information
    assert note.location.uri == uri
    line, start, _ = where(RANDOM_LABELS, "np.random.randint(0, 2, size=(200,))")
    assert note.location.range.start == types.Position(line=line, character=start)


@needs_client
@pytest.mark.asyncio
async def test_positions_count_utf16_code_units_by_default(client, tmp_path: Path) -> None:
    await initialize(client, tmp_path)
    text = NON_ASCII
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, text)
    params = await published(client, uri)
    (kc205,) = [d for d in params.diagnostics if d.code == "KC205"]
    line, start, _ = where(text, SOFTMAX_LAYER)
    prefix = text.splitlines()[line][:start]
    assert "😀" in prefix
    utf16 = len(prefix.encode("utf-16-le")) // 2
    assert utf16 == start + 1  # one more unit than code points: the emoji's surrogate pair
    assert kc205.range.start.character == utf16
    assert kc205.range.end.character == utf16 + len(SOFTMAX_LAYER)


@needs_client
@pytest.mark.asyncio
async def test_utf32_is_used_when_the_client_offers_it(client, tmp_path: Path) -> None:
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf32]
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, version_support=True
            )
        ),
    )
    result = await initialize(client, tmp_path, capabilities=capabilities)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
    text = NON_ASCII
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, text)
    (kc205,) = [d for d in (await published(client, uri)).diagnostics if d.code == "KC205"]
    line, start, _ = where(text, SOFTMAX_LAYER)
    assert kc205.range.start == types.Position(line=line, character=start)  # code points


@needs_client
@pytest.mark.asyncio
async def test_workspace_settings_apply_and_saving_them_relints(client, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.kerascheck]\nignore = ["KC205"]\n')
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    assert list((await published(client, uri)).diagnostics) == []

    config.write_text("[tool.kerascheck]\nignore = []\n")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(config.as_uri()))
    )
    params = await published(client, uri)
    assert [d.code for d in params.diagnostics] == ["KC205"]


@needs_client
@pytest.mark.asyncio
async def test_watched_config_change_relints_open_documents(client, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.kerascheck]\nignore = ["KC205"]\n')
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    assert list((await published(client, uri)).diagnostics) == []

    (registration,) = await registrations(client)
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = {watcher["globPattern"] for watcher in registration.register_options["watchers"]}
    assert "**/pyproject.toml" in patterns and "**/kerascheck.toml" in patterns

    config.write_text('[tool.kerascheck]\nseverity = { KC205 = "warning" }\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    (kc205,) = (await published(client, uri)).diagnostics
    assert (kc205.code, kc205.severity) == ("KC205", types.DiagnosticSeverity.Warning)


@needs_client
@pytest.mark.asyncio
async def test_closing_a_document_clears_its_diagnostics(client, tmp_path: Path) -> None:
    await initialize(client, tmp_path)
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)
    assert (await published(client, uri)).diagnostics
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri))
    )
    assert list((await published(client, uri)).diagnostics) == []


# ---------------------------------------------------------------------------------------
# Notebook documents (LSP 3.17), as VS Code and JupyterLab send them

NOTEBOOK_CELLS = [
    ("markdown", "# Sensor model\n"),
    ("python", "%matplotlib inline\npip_version = 1\nimport numpy as np\nimport keras\n"),
    ("python", "x = np.random.rand(200, 20, 1)\ny = np.random.randint(0, 2, size=(200,))\n"),
    (
        "python",
        "model = keras.Sequential()\nmodel.add(keras.Input(shape=(20, 1)))\n"
        "model.add(keras.layers.LSTM(16))\nmodel.add(keras.layers.LSTM(16))\n"
        'model.add(keras.layers.Dense(1, activation="sigmoid"))\n',
    ),
    (
        "python",
        'model.compile(loss="binary_crossentropy", optimizer="adam")\nmodel.fit(x, y, epochs=3)\n',
    ),
]


def notebook_capabilities() -> types.ClientCapabilities:
    import attrs

    return attrs.evolve(
        client_capabilities("visual-studio-code"),
        notebook_document=types.NotebookDocumentClientCapabilities(
            synchronization=types.NotebookDocumentSyncClientCapabilities(
                dynamic_registration=False, execution_summary_support=True
            )
        ),
    )


def cell_uri(notebook: Path, index: int) -> str:
    return f"vscode-notebook-cell:{notebook}#W{index}sZmlsZQ%3D%3D"


def open_notebook(client, notebook: Path, cells=NOTEBOOK_CELLS) -> list[str]:
    uris = [cell_uri(notebook, index) for index in range(len(cells))]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook.as_uri(),
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    types.NotebookCell(
                        kind=types.NotebookCellKind.Markup
                        if language == "markdown"
                        else types.NotebookCellKind.Code,
                        document=uri,
                    )
                    for uri, (language, _) in zip(uris, cells, strict=True)
                ],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
                for uri, (language, text) in zip(uris, cells, strict=True)
            ],
        )
    )
    return uris


async def published_cells(client, uris: list[str], since: int, timeout: float = 10.0) -> dict:
    """The first publication for each of ``uris`` among those after the first ``since``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found: dict[str, types.PublishDiagnosticsParams] = {}
        for params in client.publications[since:]:
            if params.uri in uris:
                found.setdefault(params.uri, params)
        if set(found) == set(uris):
            return found
        if loop.time() > deadline:
            raise TimeoutError(f"no diagnostics for {sorted(set(uris) - set(found))}")
        await asyncio.sleep(0.02)


@needs_client
@pytest.mark.asyncio
async def test_notebook_cells_are_linted_together_with_findings_on_each_cell(
    client, tmp_path: Path
) -> None:
    result = await initialize(client, tmp_path, capabilities=notebook_capabilities())
    assert result.capabilities.notebook_document_sync is not None
    notebook = tmp_path / "sensor.ipynb"
    uris = open_notebook(client, notebook)
    code_cells = uris[1:]
    by_cell = await published_cells(client, code_cells, since=0)

    assert [d.code for d in by_cell[uris[1]].diagnostics] == []  # %matplotlib: no KC001
    assert [d.code for d in by_cell[uris[2]].diagnostics] == []
    (kc201,) = by_cell[uris[3]].diagnostics
    assert kc201.code == "KC201" and kc201.range.start.line == 2  # row 3 of cell 4
    (kc102,) = by_cell[uris[4]].diagnostics  # fit in cell 5, random labels from cell 3
    assert kc102.code == "KC102" and kc102.range.start.line == 1
    note, help_note = kc102.related_information  # the place of the labels, then the help
    assert help_note.message.startswith("help: ") and help_note.location.uri == uris[4]
    assert note.location.uri == uris[2]
    assert note.location.range.start == types.Position(line=1, character=4)

    actions = await code_actions(client, uris[3], kc201.range.start.line)
    (fix,) = [a for a in actions if "KC201" in a.title and not a.title.startswith("Disable")]
    assert list(fix.edit.changes) == [uris[3]]
    fixed = apply_edits(NOTEBOOK_CELLS[3][1], fix.edit.changes[uris[3]])
    assert "LSTM(16, return_sequences=True)" in fixed

    since = len(client.publications)
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(
                uri=notebook.as_uri(), version=2
            ),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=uris[3], version=2),
                            changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
                        )
                    ]
                )
            ),
        )
    )
    updated = await published_cells(client, code_cells, since)
    assert list(updated[uris[3]].diagnostics) == []
    assert [d.code for d in updated[uris[4]].diagnostics] == ["KC102"]

    since = len(client.publications)
    client.notebook_document_did_close(
        types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(uri=notebook.as_uri()),
            cell_text_documents=[types.TextDocumentIdentifier(uri=uri) for uri in uris],
        )
    )
    closed = await published_cells(client, [uris[4]], since)
    assert list(closed[uris[4]].diagnostics) == []


@needs_client
@pytest.mark.asyncio
async def test_a_deleted_cell_loses_its_findings_and_a_broken_cell_gets_kc001(
    client, tmp_path: Path
) -> None:
    await initialize(client, tmp_path, capabilities=notebook_capabilities())
    notebook = tmp_path / "sensor.ipynb"
    cells = [*NOTEBOOK_CELLS, ("python", "model.fit(x, y,\n")]
    uris = open_notebook(client, notebook, cells)
    by_cell = await published_cells(client, uris[1:], since=0)
    assert [d.code for d in by_cell[uris[5]].diagnostics] == ["KC001"]
    assert [d.code for d in by_cell[uris[3]].diagnostics] == ["KC201"]  # still analysed

    since = len(client.publications)
    client.notebook_document_did_change(  # delete the model's cell
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(
                uri=notebook.as_uri(), version=2
            ),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        array=types.NotebookCellArrayChange(start=3, delete_count=1),
                        did_close=[types.TextDocumentIdentifier(uri=uris[3])],
                    )
                )
            ),
        )
    )
    updated = await published_cells(client, [uris[3], uris[4]], since)
    assert list(updated[uris[3]].diagnostics) == []


@needs_client
@pytest.mark.asyncio
async def test_hover_over_a_finding_shows_the_rule_documentation(client, tmp_path: Path) -> None:
    uri, line, start = await softmax_opened(client, tmp_path)

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=start + 3),
        )
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert text.startswith("**KC205** [error] ")
    assert "**KC205 single-unit-softmax** (error): " in text
    assert "## Why is this bad?" in text and "```python" in text
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0),
        )
    )
    assert nothing is None


@needs_client
@pytest.mark.asyncio
async def test_unknown_command_gets_an_error_response(client, tmp_path: Path) -> None:
    await initialize(client, tmp_path)
    with pytest.raises(Exception, match=r"no command 'kerascheck\.nope'"):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="kerascheck.nope", arguments=[1])
        )
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, SOFTMAX)  # and the server goes on
    assert (await published(client, uri)).diagnostics
