"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run, with every rule of the catalogue as ``tool.driver.rules`` (id, name, summary, the
rule's whole documentation as ``help`` in text and Markdown, its default level, and
``helpUri`` when the ``docs-url`` setting gives a link) and one result per finding, whose
message is the finding's one-line message followed by its help: viewers that show only a
message's first sentence show the short one. Paths are relative to the repository's root
(``uriBaseId`` ``%SRCROOT%``, itself given in ``originalUriBaseIds``) when the file lies
inside it, wherever in the repository kerascheck ran (outside a repository: the working
folder); other files get absolute ``file:`` URIs. Columns count code points
(``columnKind`` says so), as kerascheck's own columns do. A finding in a notebook has no
region in the ``.ipynb`` file (its rows count within a cell): the message names
``cell N:row:col`` and ``properties`` hold the cell and the region within it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from kerascheck import __version__
from kerascheck.diagnostics import Diagnostic, Fix, Severity, Span
from kerascheck.reporters import display_path

if TYPE_CHECKING:
    from kerascheck.catalogue import Rule
    from kerascheck.reporters import ReportOptions

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "kerascheck"
SRCROOT = "%SRCROOT%"

#: SARIF ``level`` for each severity (SARIF has no "info": its word is "note").
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def report(diagnostics: Sequence[Diagnostic], out: TextIO, options: ReportOptions) -> None:
    json.dump(to_sarif(diagnostics, options.root or options.cwd), out, indent=2)
    out.write("\n")


def to_sarif(diagnostics: Sequence[Diagnostic], cwd: str | None = None) -> dict[str, Any]:
    """The whole log as a JSON-ready dict."""
    from kerascheck.catalogue import load_catalogue

    catalogue = load_catalogue()
    urls: dict[str, str] = {}
    for diagnostic in diagnostics:
        if diagnostic.url:
            urls.setdefault(diagnostic.code, diagnostic.url)
    rules = [rule_descriptor(rule, urls.get(code)) for code, rule in sorted(catalogue.items())]
    # Codes the catalogue lacks still get a descriptor, so that every ruleIndex resolves.
    for diagnostic in diagnostics:
        if diagnostic.code not in catalogue and all(r["id"] != diagnostic.code for r in rules):
            rules.append({"id": diagnostic.code, "name": diagnostic.name or diagnostic.code})
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(diagnostic, index, cwd) for diagnostic in diagnostics],
    }
    if cwd:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": Path(cwd).resolve().as_uri() + "/"}}
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def rule_descriptor(rule: Rule, url: str | None = None) -> dict[str, Any]:
    """A catalogue rule as a SARIF ``reportingDescriptor``, its documentation included: a log
    read in CI or on another machine explains itself, with no link needed."""
    from kerascheck.catalogue import render_rule, render_rule_markdown

    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": render_rule(rule), "markdown": render_rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"fix": rule.fix},
    }
    if url:
        descriptor["helpUri"] = url
    return descriptor


def artifact_location(filename: str, cwd: str | None) -> dict[str, Any]:
    """A relative URI under ``%SRCROOT%`` inside the working directory, else an absolute one."""
    shown = display_path(filename, cwd)
    if filename != "-" and PurePath(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    location: dict[str, Any] = {"uri": quote(PurePath(shown).as_posix())}
    if cwd and filename != "-":
        location["uriBaseId"] = SRCROOT
    return location


def region(span: Span) -> dict[str, int]:
    """SARIF regions are 1-based with an exclusive end column, like kerascheck's spans."""
    return {
        "startLine": span.start.row,
        "startColumn": span.start.column,
        "endLine": span.end.row,
        "endColumn": span.end.column,
    }


def _result(diagnostic: Diagnostic, index: dict[str, int], cwd: str | None) -> dict[str, Any]:
    span = diagnostic.span or Span.at_file_start()
    severity = diagnostic.severity or Severity.ERROR
    cell = diagnostic.cell
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": index[diagnostic.code],
        "level": LEVEL[severity],
        "message": {"text": _in_cell(cell, span, _with_help(diagnostic))},
        "locations": [_location(diagnostic.filename, span, cwd, cell)],
    }
    related = [
        {
            "id": number,
            **_location(note.filename or diagnostic.filename, note.span, cwd, cell),
            "message": {"text": _in_cell(cell, note.span, note.message)},
        }
        for number, note in enumerate(diagnostic.related)
    ]
    if related:
        result["relatedLocations"] = related
    if cell is None and diagnostic.fix is not None:
        result["fixes"] = [_fix(diagnostic.fix, diagnostic.filename, cwd)]
    if cell is not None:
        result["properties"] = {"cell": cell, "cellRegion": region(span)}
    return result


def _location(
    filename: str, span: Span | None, cwd: str | None, cell: int | None
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(filename, cwd)}
    if cell is None and span is not None:
        physical["region"] = region(span)
    return {"physicalLocation": physical}


def _with_help(diagnostic: Diagnostic) -> str:
    """The message as SARIF's first sentence, then the help."""
    if not diagnostic.help:
        return diagnostic.message
    return f"{diagnostic.message.rstrip('.')}. {diagnostic.help}"


def _in_cell(cell: int | None, span: Span | None, message: str) -> str:
    """A notebook's place goes into the message: ``cell 3:4:9: ...``.

    A related note in another cell has no span; its message already names its cell.
    """
    if cell is None or span is None:
        return message
    return f"cell {cell}:{span.start.row}:{span.start.column}: {message}"


def _fix(fix: Fix, filename: str, cwd: str | None) -> dict[str, Any]:
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(filename, cwd),
                "replacements": [
                    {"deletedRegion": region(edit.span), "insertedContent": {"text": edit.content}}
                    for edit in fix.edits
                ],
            }
        ],
    }
