"""The command line: --help lists every option, usage errors exit 2, and
restore asks first exactly as import does."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_storage_backups import session
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups


def workbook_cmd(*args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """The real command, as a script runs it (no terminal to ask on)."""
    return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True,
                          text=True, stdin=stdin, env=dict(os.environ))


def on_a_terminal(answer: str, *args: str) -> tuple[int, str]:
    """The command with a terminal as its input, typing `answer` when asked."""
    main, secondary = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "workbook", *args], stdin=secondary,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as run:
        os.close(secondary)
        os.write(main, f"{answer}\n".encode())
        output, _ = run.communicate(timeout=60)
    os.close(main)
    return run.returncode, output


def two_sessions(db: Path) -> None:
    session(db, letter="the version I want back")
    session(db, letter="a version I regret")


def test_help_lists_db_and_content_and_they_work_before_the_command(db: Path) -> None:
    shown = workbook_cmd("--help").stdout
    assert "--db PATH" in shown and "--content DIR" in shown
    where = workbook_cmd("--db", str(db), "where").stdout
    assert f"data:    {db}" in where


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-option"],
        ["export", "--steps", "99"],
        ["export", "--format", "json", "--steps", "1"],
        ["serve", "--port", "0"],
    ],
    ids=["unknown-option", "bad-steps", "json-with-steps", "bad-port"],
)
def test_usage_errors_exit_2_with_one_line(db: Path, args: list[str], tmp_path: Path) -> None:
    result = workbook_cmd(*args, "--db", str(db)) if args[0] != "--no-such-option" \
        else workbook_cmd(*args)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_restore_and_import_both_need_a_yes_from_a_script(db: Path, tmp_path: Path) -> None:
    two_sessions(db)
    before = db.read_bytes()
    backup = tmp_path / "backup.json"
    assert workbook_cmd("export", "--format", "json", "-o", str(backup), "--db", str(db)
                        ).returncode == 0
    for args in (["restore", list_backups(db)[0].name], ["import", str(backup)]):
        result = workbook_cmd(*args, "--db", str(db))
        assert result.returncode == 2, (args, result.stderr)
        assert "--yes" in result.stderr
        assert db.read_bytes() == before
    assert workbook_cmd("restore", list_backups(db)[0].name, "--db", str(db), "--yes"
                        ).returncode == 0
    assert AnswerStore(db, read_only=True).get("letter") == "the version I want back"


def test_restore_asks_on_a_terminal_and_no_keeps_everything(db: Path) -> None:
    two_sessions(db)
    before = db.read_bytes()
    name = list_backups(db)[0].name
    status, output = on_a_terminal("n", "restore", name, "--db", str(db))
    assert f"Replace {db} with the backup {name}?" in output
    assert "Nothing was changed." in output and status == 1
    assert db.read_bytes() == before
    status, output = on_a_terminal("y", "restore", name, "--db", str(db))
    assert status == 0 and "Restored" in output
    assert AnswerStore(db, read_only=True).get("letter") == "the version I want back"


def test_the_serve_hint_names_the_readme_install(monkeypatch) -> None:
    """Run from the README's .venv in the workbook's folder: that venv's pip, as the README says."""
    from workbook.cli.serve import install_hint

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(repo)
    monkeypatch.setattr("sys.prefix", str(repo / ".venv"))
    install = '.venv/bin/pip install ".[serve]"'
    assert install in install_hint() and install in readme
