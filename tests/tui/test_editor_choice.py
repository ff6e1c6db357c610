"""Which editor ctrl+t runs: $VISUAL, $EDITOR, then the system's choice as on Debian."""

from __future__ import annotations

from pathlib import Path

from workbook.tui.editor import editor_command


def a_program(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return program


def test_without_visual_or_editor_it_runs_sensible_editor_then_editor(tmp_path: Path) -> None:
    bin_ = tmp_path / "bin"
    editor = a_program(bin_, "editor")
    assert editor_command({"PATH": str(bin_)}) == [str(editor)]
    sensible = a_program(bin_, "sensible-editor")
    assert editor_command({"PATH": str(bin_)}) == [str(sensible)]
    # The person's own choice still comes first.
    assert editor_command({"PATH": str(bin_), "EDITOR": "nano"}) == ["nano"]


def test_with_no_editor_anywhere_there_is_none(tmp_path: Path) -> None:
    assert editor_command({"PATH": str(tmp_path)}) is None
