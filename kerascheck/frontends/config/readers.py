"""The engine's entry points for saved models: ``.json``, ``.keras`` and ``.h5`` files.

Each reader turns bytes into IR or into one clear KC002. None of them imports Keras, loads a
model, or extracts anything to disk; every size is bounded (see ``limits``). A JSON file that
does not start like a Keras model config is skipped without a word, valid or not, so that
folders of unrelated JSON (package.json, JSON-lines annotations ...) lint quietly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kerascheck.checks.kc002_unreadable_input import SKIPPED, unreadable
from kerascheck.diagnostics import Diagnostic, Severity, Span
from kerascheck.frontends.base import Loaded, Rejected
from kerascheck.frontends.config import limits
from kerascheck.frontends.config.archive import ArchiveError, read_member
from kerascheck.frontends.config.build import build_module, is_model_config
from kerascheck.frontends.config.context import ConfigError
from kerascheck.frontends.config.hdf5 import Hdf5Error, Hdf5Unavailable, read_configs
from kerascheck.frontends.config.jsontext import JsonFailure, parse
from kerascheck.frontends.config.places import Places

_MAX_MB = limits.MAX_CONFIG_BYTES // limits.MB
#: Keras writes the model's class near the top of the file (``{"module": "keras",
#: "class_name": "Sequential", ...``); JSON without it is someone else's, valid or not.
_MODEL_HEAD = re.compile(rb'"class_name"\s*:\s*"(?:Sequential|Functional|Model)"')
_HEAD_BYTES = 64 * 1024
_SAFE = f"kerascheck reads saved models as data and never loads or runs them. {SKIPPED}"


@dataclass
class ConfigLoaded(Loaded):
    """``Loaded`` plus the frontend's own notes about the file (a Lambda's unread bytecode).

    The notes carry ``Location`` anchors like every other config finding; the engine is
    expected to report them with the checks' findings.
    """

    #: the JSON the model was read from (for rebuilding it with Keras's own deserializer)
    config_text: str = ""


def read_json(source: bytes, path: str) -> Loaded | Rejected:
    """A ``model.to_json()`` file or an extracted ``config.json``; other JSON is skipped."""
    if not _MODEL_HEAD.search(source, 0, _HEAD_BYTES):
        return Rejected([])  # not a Keras model config, and no need to parse it to know
    if len(source) > limits.MAX_CONFIG_BYTES:
        return _unreadable(
            f"Not read: the JSON file is {len(source) // limits.MB} MB, more than the {_MAX_MB} "
            "MB a Keras model config may have",
            help="A model config describes layers, not weights, and stays far below this size; "
            "kerascheck skipped the file, the other files are still linted.",
        )
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _unreadable(f"The JSON file is not valid UTF-8 (byte offset {error.start})")
    try:
        document = parse(text, limits.MAX_JSON_DEPTH)
    except JsonFailure as failure:
        return _unreadable(f"Not a readable Keras model config: {failure}", text)
    if not is_model_config(document):
        return Rejected([], text)
    places = Places(text)
    return _load(path, places, document, None, document.get("compile_config"), text)


def read_keras(source: bytes, path: str) -> Loaded | Rejected:
    """A ``.keras`` archive: ``config.json`` (with ``compile_config``), read in memory."""
    try:
        raw = read_member(source, "config.json")
    except ArchiveError as error:
        advice = f"{error.help} {_SAFE}" if error.help else _SAFE
        return _unreadable(f"The .keras archive cannot be read: {error}", help=advice)
    try:
        text = raw.decode("utf-8-sig")
        document = parse(text, limits.MAX_JSON_DEPTH)
    except UnicodeDecodeError as error:
        return _unreadable(f"config.json in the archive is not UTF-8 (byte {error.start})")
    except JsonFailure as failure:
        return _unreadable(f"config.json in the archive is not a readable model config: {failure}")
    if not isinstance(document, dict):
        return _unreadable("config.json in the archive does not hold a model config (an object)")
    compile_config = document.get("compile_config")
    if not is_model_config(document) and not isinstance(compile_config, dict):
        return Rejected([])  # a subclassed model without compile settings: nothing to check
    # Spans are rows and columns inside config.json, not the archive; the member name and the
    # layer's path (``layers[2] lstm_1``) in each message say where to look.
    places = Places(text, member="config.json")
    return _load(path, places, document, None, compile_config, "")


def read_h5(source: bytes, path: str) -> Loaded | Rejected:
    """A Keras ``.h5`` model: the ``model_config`` and ``training_config`` attributes."""
    try:
        configs = read_configs(source)
    except Hdf5Unavailable:
        return Rejected(
            [
                Diagnostic(
                    "KC002",
                    "Not read: .h5 model files need h5py, which is not installed",
                    help="kerascheck skipped the file. Install h5py (pip install h5py) to "
                    "check the model saved in it.",
                    span=Span.at_file_start(),
                    severity=Severity.INFO,
                )
            ]
        )
    except Hdf5Error as error:
        return _unreadable(f"The .h5 file cannot be read: {error}", help=_SAFE)
    if configs.model_config is None:
        return Rejected([])  # weights only (save_weights): no architecture to check
    try:
        document = parse(configs.model_config, limits.MAX_JSON_DEPTH)
        training = (
            parse(configs.training_config, limits.MAX_JSON_DEPTH)
            if configs.training_config
            else None
        )
    except JsonFailure as failure:
        return _unreadable(f"The model config in the .h5 file is not readable: {failure}")
    if not isinstance(document, dict):
        return _unreadable("The model_config attribute of the .h5 file is not a model config")
    places = Places(configs.model_config, member="model_config")
    compile_places = Places(configs.training_config or "", member="training_config")
    return _load(path, places, document, compile_places, training, "")


def _load(
    path: str,
    places: Places,
    document: Any,
    compile_places: Places | None,
    compile_config: Any,
    text: str,
) -> Loaded | Rejected:
    try:
        ctx = build_module(path, places, document, compile_places, compile_config)
    except ConfigError as error:
        return _unreadable(f"The model config cannot be analysed: {error}", text)
    return ConfigLoaded(
        ir=ctx.ir, text=text, locate=_placed_already, notes=ctx.notes, config_text=places.text
    )


def _placed_already(anchors: Iterable[Any]) -> dict[int, Span]:
    """Every config anchor is a ``Location`` with its span; the engine needs nothing more."""
    return {}


def _unreadable(message: str, text: str = "", help: str = SKIPPED) -> Rejected:
    return Rejected([unreadable(message, help)], text)
