"""The README's editor snippets, run in the real editors against the real server.

Each snippet is read from README.md (the fenced block after its ``editor-snippet`` marker),
so the README cannot drift from what is tested. An editor that is not installed skips its
test: Debian's packages ``neovim`` (0.7) and ``emacs-nox`` with ``elpa-eglot`` (Emacs 28,
eglot 1.9) give both. Each test opens a training script headless, waits for the server's
diagnostics to reach the editor's own diagnostic list, and writes what the editor holds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the lsp extra")

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "fixtures" / "seed" / "example3.py"
#: example3.py's findings as (1-based row, code)
EXPECTED = {(18, "KC103"), (24, "KC203"), (29, "KC102")}


def snippet(name: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- editor-snippet: {re.escape(name)} -->\n```\w+\n(.*?)\n```", readme, re.DOTALL
    )
    assert match is not None, f"README.md has no {name} snippet"
    return match.group(1)


def editor_env(tmp_path: Path) -> dict[str, str]:
    """``kerascheck`` on PATH (this interpreter's, running this checkout); no user config."""
    shim = tmp_path / "bin"
    shim.mkdir()
    command = shim / "kerascheck"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kerascheck "$@"\n')
    command.chmod(0o755)
    path = os.pathsep.join([str(shim), os.environ.get("PATH", "")])
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PATH": path,
        "PYTHONPATH": pythonpath,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


def test_neovim_0_7_snippet_shows_the_findings(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("Neovim is not installed (Debian: apt-get install neovim)")
    shutil.copy(SCRIPT, tmp_path / "train.py")
    (tmp_path / "init.lua").write_text(snippet("neovim-0.7") + "\n")
    (tmp_path / "check.lua").write_text(
        textwrap.dedent(
            """\
            vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
            local found = {}
            for _, d in ipairs(vim.diagnostic.get(0)) do
              local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
              table.insert(found, string.format("%d %s %s", d.lnum + 1, tostring(code), d.source))
            end
            vim.fn.writefile(found, "found.txt")
            vim.cmd("qa!")
            """
        )
    )
    subprocess.run(
        [nvim, "--headless", "-u", "init.lua", "-c", "luafile check.lua", "train.py"],
        cwd=tmp_path,
        env=editor_env(tmp_path),
        capture_output=True,
        timeout=120,
        check=False,
    )
    found = (tmp_path / "found.txt").read_text().split("\n")
    assert {(int(line.split()[0]), line.split()[1]) for line in found if line} == EXPECTED
    assert all(line.endswith(" kerascheck") for line in found if line)


def test_emacs_eglot_snippet_shows_the_findings(tmp_path: Path) -> None:
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip("Emacs is not installed (Debian: apt-get install emacs-nox elpa-eglot)")
    probe = subprocess.run(
        [emacs, "--batch", "--eval", '(princ (if (require \'eglot nil t) "yes" "no"))'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.stdout.strip() != "yes":
        pytest.skip("eglot is not available to Emacs")
    shutil.copy(SCRIPT, tmp_path / "train.py")
    check = textwrap.dedent(
        """\
        ;; batch mode has no command loop to run eglot-ensure's deferred connection:
        ;; connect as M-x eglot would, with the contact the snippet registered
        (find-file "train.py")
        (apply #'eglot (eglot--guess-contact))
        (let ((deadline (+ (float-time) 60)))
          (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
            (accept-process-output nil 0.1)))
        (let ((found (mapcar (lambda (d)
                               (format "%d %s\\n" (line-number-at-pos (flymake-diagnostic-beg d))
                                       (flymake-diagnostic-text d)))
                             (flymake-diagnostics))))
          (with-temp-file "found.txt" (apply #'insert found)))
        (kill-emacs 0)
        """
    )
    (tmp_path / "check.el").write_text(snippet("emacs-eglot") + "\n" + check)
    subprocess.run(
        [emacs, "--batch", "-l", "check.el"],
        cwd=tmp_path,
        env=editor_env(tmp_path),
        capture_output=True,
        timeout=120,
        check=False,
    )
    found = (tmp_path / "found.txt").read_text().splitlines()
    codes = {(int(line.split()[0]), re.search(r"\[(KC\d+)\]", line).group(1)) for line in found}
    assert codes == EXPECTED
    assert all(" kerascheck [" in line for line in found)
