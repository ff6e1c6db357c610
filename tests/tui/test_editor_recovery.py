"""Words left in a cut-off editor: vim's recovery run never sees the workbook's secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook.tui.editor_recovery import recovered_text

FAKE_VIM = """\
#!/bin/sh
env > "{log}"
"""


def test_vims_recovery_run_never_sees_the_workbooks_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    log = tmp_path / "vim-env"
    vim = bin_folder / "vim"
    vim.write_text(FAKE_VIM.format(log=log))
    vim.chmod(0o700)
    monkeypatch.setenv("PATH", f"{bin_folder}:{os.environ['PATH']}")
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", "set for a script")
    monkeypatch.setenv("WORKBOOK_NEW_PASSPHRASE", "the next one")
    folder = tmp_path / "workbook-edit-x"
    folder.mkdir(mode=0o700)
    (folder / "writing.txt").write_text("As saved.\n")
    (folder / ".writing.txt.swp").write_bytes(b"b0VIM")
    recovered_text(folder, "writing.txt")
    names = {line.split("=", 1)[0] for line in log.read_text().splitlines()}
    assert "PATH" in names
    assert not names & {"WORKBOOK_PASSPHRASE", "WORKBOOK_NEW_PASSPHRASE"}
