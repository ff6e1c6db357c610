"""The content loader: the shipped workbook is valid, broken copies are named by file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT
from workbook.core.content import ContentError, load_workbook
from workbook.core.content.kinds import KINDS


def test_shipped_workbook_has_ten_steps_each_with_three_exercises(workbook) -> None:
    assert len(workbook.steps) == 10
    for step in workbook.steps:
        assert len(step.exercises) >= 3, step.title
        assert step.guidance, f"step {step.number} has no guidance"


def test_shipped_workbook_uses_every_kind(workbook) -> None:
    assert {ex.kind for ex in workbook.exercises} == set(KINDS)


def test_required_exercises_are_where_the_issue_says(workbook) -> None:
    assert any(ex.kind == "grid" for ex in workbook.step(2).exercises)
    assert any(ex.kind == "letter" for ex in workbook.step(9).exercises)
    safety = [ex for ex in workbook.step(8).exercises if ex.crisis]
    # The Stanley & Brown plan: six parts, and a line for what is worth living for.
    assert safety and safety[0].kind == "plan" and len(safety[0].sections) >= 6


def test_crisis_page_hard_codes_no_number_the_lines_come_from_the_data(workbook) -> None:
    from workbook.core.content.numbers import phone_like

    assert list(phone_like(workbook.pages["help-now"].body)) == []
    calls = {line.call for line in workbook.care.helplines}
    assert {"988", "116 123"} <= calls
    assert any(line.web == "findahelpline.com" for line in workbook.care.helplines)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the shipped content to break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy, ignore=shutil.ignore_patterns("README.md"))
    return copy


def break_file(path: Path, old: str, new: str) -> int:
    """Replace the first `old` with `new`; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


def only_problem(content: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_workbook(content)
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value.problems[0])


def test_unknown_kind_names_file_and_line(content: Path) -> None:
    path = content / "02-reflect.md"
    break_file(path, 'kind = "grid"', 'kind = "gird"')
    message = only_problem(content)
    assert message.startswith(f"{path}:")
    assert 'unknown kind "gird"' in message and "grid" in message


def test_unknown_kind_points_at_the_exercise_block(content: Path) -> None:
    path = content / "02-reflect.md"
    text = path.read_text(encoding="utf-8")
    fence_line = text.splitlines().index("```exercise") + 1
    path.write_text(text.replace('kind = "', 'kind = "x', 1), encoding="utf-8")
    assert only_problem(content).startswith(f"{path}:{fence_line}:")


def test_duplicate_id_names_both_places(content: Path) -> None:
    first = load_workbook(content).step(1).exercises[0]
    path = content / "03-self-esteem.md"
    second_id = load_workbook(content).step(3).exercises[0].id
    break_file(path, f'id = "{second_id}"', f'id = "{first.id}"')
    message = only_problem(content)
    assert str(path) in message and f'duplicate exercise id "{first.id}"' in message
    assert f"{first.source}:{first.line}" in message


def test_missing_required_key(content: Path) -> None:
    path = content / "01-grieve.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    title_line = next(i for i, line in enumerate(lines) if line.startswith("title = "))
    del lines[title_line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = only_problem(content)
    assert message.startswith(f"{path}:") and 'missing the required key "title"' in message


def test_malformed_toml_gives_the_exact_line(content: Path) -> None:
    path = content / "05-new-memories.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("title = "))
    lines[target] = 'title = "unterminated'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = only_problem(content)
    assert message.startswith(f"{path}:{target + 1}:"), message
    assert "not valid TOML" in message


def test_unknown_key_is_reported(content: Path) -> None:
    path = content / "04-communicate.md"
    break_file(path, "title = ", "titel = ")
    with pytest.raises(ContentError) as caught:
        load_workbook(content)
    text = str(caught.value)
    assert 'unknown key "titel"' in text and str(path) in text


def test_every_problem_is_reported_at_once(content: Path) -> None:
    break_file(content / "01-grieve.md", 'kind = "', 'kind = "nope-')
    break_file(content / "07-boundaries.md", 'kind = "', 'kind = "nope-')
    with pytest.raises(ContentError) as caught:
        load_workbook(content)
    files = {problem.file for problem in caught.value.problems}
    assert any(f.endswith("01-grieve.md") for f in files)
    assert any(f.endswith("07-boundaries.md") for f in files)


def test_answers_are_keyed_by_stable_ids_not_order(content: Path) -> None:
    """Reordering exercises and rewording titles keeps every id."""
    before = {ex.id: ex.kind for ex in load_workbook(content).exercises}
    path = content / "01-grieve.md"
    text = path.read_text(encoding="utf-8")
    blocks = text.split("```exercise")
    head, exercises = blocks[0], blocks[1:]
    reordered = head + "".join("```exercise" + part.rstrip("\n") + "\n\n" for part in reversed(exercises))
    path.write_text(reordered.replace('title = "', 'title = "Reworded: '), encoding="utf-8")
    loaded = load_workbook(content)
    after = {ex.id: ex.kind for ex in loaded.exercises}
    assert before == after
    assert [ex.id for ex in loaded.step(1).exercises] == list(reversed(
        [ex.id for ex in load_workbook(CONTENT).step(1).exercises]
    ))


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook", "check", *args], capture_output=True, text=True
    )


def test_check_command_passes_on_shipped_content() -> None:
    result = run_check(str(CONTENT))
    assert result.returncode == 0, result.stderr
    assert "10 steps" in result.stdout and "all fine" in result.stdout


def test_check_command_rejects_a_broken_copy(content: Path) -> None:
    path = content / "09-forgiveness.md"
    break_file(path, 'kind = "letter"', 'kind = "leter"')
    result = run_check(str(content))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and 'unknown kind "leter"' in first
    assert "Traceback" not in result.stderr


def test_check_command_on_a_missing_folder(tmp_path: Path) -> None:
    result = run_check(str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "no such content folder" in result.stderr and "Traceback" not in result.stderr


# Issue 24, item 7: a content file too big to be what it says is refused
# before it is read (a 300 MB step cost 1.2 GB), with one line saying so.


def test_a_content_file_over_the_limit_is_refused_by_name(content: Path) -> None:
    from workbook.core.content.files import MAX_CONTENT_BYTES

    path = content / "03-feel.md"
    with path.open("a", encoding="utf-8") as file:
        file.write("\n" * (MAX_CONTENT_BYTES + 1 - path.stat().st_size))
    assert only_problem(content) == (
        f"{path}: this file is 1.0 MB, more than a content file may be (1 MB; the shipped "
        "ones are a few KB): is it the right file? Shorten it, or split it into steps")


def test_a_huge_sparse_content_file_is_refused_without_reading_it(content: Path) -> None:
    path = content / "helplines.toml"
    os.truncate(path, 300_000_000)  # sparse: no disk used, and never read
    problem = only_problem(content)
    assert problem.startswith(f"{path}: this file is 300.0 MB")


def test_a_named_pipe_in_place_of_a_step_is_refused_not_waited_on(content: Path) -> None:
    path = content / "11-more.md"
    os.mkfifo(path)
    assert only_problem(content) == (f"{path}: this is not a plain file (a folder, a pipe "
                                     "or a device): move it out of the content folder")


def test_check_command_names_a_file_too_big_in_one_line(content: Path) -> None:
    path = content / "04-communicate.md"
    os.truncate(path, 5_000_000)
    result = run_check(str(content))
    assert result.returncode == 1
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"{path}: this file is 5.0 MB") and "Shorten it" in first
    assert rest == [f"1 problem(s) in {content}"], result.stderr
