"""The `workbook` command line: status, where, version and bad arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONTENT, REPO, first_of_kind
from workbook.core.storage import AnswerStore


def workbook_cmd(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_version_and_help() -> None:
    assert workbook_cmd("--version").stdout.startswith("workbook ")
    help_text = workbook_cmd("--help").stdout
    for command in ("check", "status", "where", "export", "import", "backups", "restore", "serve",
                    "sync"):
        assert command in help_text


def test_bad_arguments_get_one_line_and_exit_2() -> None:
    for args in (["--nonsense"], ["frobnicate"], ["export", "--format", "docx"]):
        result = workbook_cmd(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "--help" in result.stderr


def test_where_honours_flag_and_environment(tmp_path: Path) -> None:
    flagged = workbook_cmd("where", "--db", str(tmp_path / "a.json")).stdout
    assert f"data:    {tmp_path / 'a.json'}" in flagged
    assert f"backups: {tmp_path / 'backups'}" in flagged
    state = os.environ["XDG_STATE_HOME"]
    assert f"locks:   {state}/heartbreak-workbook/locks" in flagged, "the lock stays on this machine"
    from_env = workbook_cmd("where", env={"WORKBOOK_DB": str(tmp_path / "b.json")}).stdout
    assert str(tmp_path / "b.json") in from_env


def test_default_db_is_in_the_users_data_folder(tmp_path: Path) -> None:
    out = workbook_cmd("where", env={"XDG_DATA_HOME": str(tmp_path / "xdg")}).stdout
    assert f"data:    {tmp_path / 'xdg' / 'heartbreak-workbook' / 'workbook.json'}" in out


def test_status_counts_answers_per_step(tmp_path: Path, workbook) -> None:
    db = tmp_path / "db.json"
    store = AnswerStore(db)
    letter = first_of_kind(workbook, "letter")
    store.set(letter.id, {"to": "", "body": "Dear me"})
    store.set(first_of_kind(workbook, "scale").id, 4)
    store.save()
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 11
    # What was written and when, never a score or a share of the whole.
    assert lines[-1] == "You've written in 2 exercises; you last wrote today."
    letter_step = next(s for s in workbook.steps if letter in s.exercises)
    row = lines[letter_step.number - 1]
    assert letter_step.title in row and row.endswith("written in")
    assert not any("/" in line or "%" in line or "done" in line for line in lines)


def test_status_short_is_one_plain_line_for_a_login_message(tmp_path: Path) -> None:
    result = workbook_cmd("status", "--short", "--db", str(tmp_path / "none.json"))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert "\x1b" not in result.stdout
    assert not (tmp_path / "none.json").exists(), "status must never create the database"


def test_status_short_says_when_they_last_wrote_not_a_score(tmp_path: Path, workbook) -> None:
    db = tmp_path / "db.json"
    store = AnswerStore(db)
    store.set(first_of_kind(workbook, "letter").id, {"to": "", "body": "Dear me"})
    store.save()
    store.close()
    result = workbook_cmd("status", "--short", "--db", str(db))
    assert result.stdout == ("Heartbreak Workbook: you last wrote today. "
                             "Type 'workbook' to go on.\n")


def test_status_on_a_bad_database_is_one_line_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text("{ not json", encoding="utf-8")
    before = db.read_bytes()
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(db) in result.stderr and "not valid JSON" in result.stderr
    assert db.read_bytes() == before


def test_other_content_folder_via_flag_and_environment(tmp_path: Path) -> None:
    content = tmp_path / "mini"
    content.mkdir()
    (content / "01-only.md").write_text(
        '# Only step\n\n```step\nid = "only"\nshort = "Only"\n```\n\nSome words.\n\n'
        '```exercise\nid = "only-scale"\nkind = "scale"\ntitle = "How much?"\n'
        'low = "none"\nhigh = "all"\n```\n',
        encoding="utf-8",
    )
    db = tmp_path / "db.json"
    by_flag = workbook_cmd("status", "--content", str(content), "--db", str(db))
    assert by_flag.stdout.splitlines()[0].startswith(" 1. Only step")
    by_env = workbook_cmd("status", "--db", str(db), env={"WORKBOOK_CONTENT": str(content)})
    assert by_env.stdout == by_flag.stdout


def test_python_dash_m_is_the_same_as_the_script(tmp_path: Path) -> None:
    import shutil

    script = shutil.which("workbook")
    assert script, "the package must be installed so the `workbook` script is on PATH"
    a = subprocess.run([script, "where", "--db", str(tmp_path / "x.json")], capture_output=True, text=True)
    b = workbook_cmd("where", "--db", str(tmp_path / "x.json"))
    assert a.stdout == b.stdout
    assert str(CONTENT) in a.stdout


def test_output_cut_short_by_a_pipe_ends_quietly(tmp_path: Path, workbook) -> None:
    """`workbook status | head -1`: no traceback, the SIGPIPE status. The reader
    here (`true`) is gone before Python starts, so every write meets a closed pipe."""
    db = tmp_path / "db.json"
    for command in ("status", "where", "export --format md --all -o -", "backups"):
        pipeline = subprocess.run(
            f"{sys.executable} -m workbook {command} --db {db} | true;"
            " echo ${PIPESTATUS[0]} >&2",
            shell=True, executable="bash", capture_output=True, text=True,
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
        )
        assert "Traceback" not in pipeline.stderr and "Broken pipe" not in pipeline.stderr, (
            command, pipeline.stderr)
        assert pipeline.stderr.strip() == "141", (command, pipeline.stderr)


def test_help_states_the_one_rule_for_the_passphrase_variable() -> None:
    help_text = " ".join(workbook_cmd("--help").stdout.split())
    assert "read the passphrase from WORKBOOK_PASSPHRASE when it is set, for scripts" in help_text
    assert "The app itself ('workbook', 'workbook serve') never reads it" in help_text


def test_paths_are_shown_resolved_without_dot_dot(tmp_path: Path) -> None:
    """`--db ../x/workbook.json` and `-o ../out.md` are named as the folders really are."""
    here = tmp_path / "here"
    here.mkdir()
    (tmp_path / "x").mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True,
                              text=True, cwd=here, env={**os.environ, "PYTHONPATH": str(REPO)})

    where = run("where", "--db", "../x/workbook.json", "--content", f"../../{tmp_path.name}/../"
                f"{tmp_path.name}/x").stdout
    assert f"data:    {tmp_path / 'x' / 'workbook.json'}\n" in where
    assert f"backups: {tmp_path / 'x' / 'backups'}\n" in where
    assert f"content: {tmp_path / 'x'}\n" in where
    assert ".." not in where
    exported = run("export", "--db", "../x/workbook.json", "-o", "./../out.md", "--blank")
    assert exported.returncode == 0, exported.stderr
    assert f"Saved to {tmp_path / 'out.md'}" in exported.stdout
