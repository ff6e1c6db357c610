"""Answers from an earlier version of the workbook: a step removed, a kind changed.

The person's words stay visible wherever the workbook shows or exports them:
`status`, Markdown, HTML and JSON; beside the changed exercise, read-only,
until they remove them. The first edit of the new exercise never replaces them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.widgets import Button, Input

from workbook.core.earlier import TITLE
from workbook.core.storage import AnswerStore
from workbook.tui.app import make_app
from workbook.tui.widgets.earlier_answer import EarlierAnswer
from workbook.tui.widgets.item_list import ItemList

STEP = """\
# {title}

```step
id = "{step}"
short = "{title}"
summary = "A step."
```

Some guidance.

```exercise
id = "{exercise}"
kind = "{kind}"
title = "{title} exercise"
{extra}
```
"""
TEXT = 'fields = [{ id = "now", label = "Right now" }]'


def content(folder: Path, *, second_step: bool, words_kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    (folder / "01-words.md").write_text(STEP.format(
        title="Words", step="words", exercise="few-words", kind=words_kind,
        extra=TEXT if words_kind == "text" else 'placeholder = "one thing"'), encoding="utf-8")
    if second_step:
        (folder / "02-gone.md").write_text(STEP.format(
            title="Letting go", step="gone", exercise="gone-ex", kind="text", extra=TEXT),
            encoding="utf-8")
    return folder


def workbook_cmd(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def written_with_the_old_content(tmp_path: Path) -> tuple[Path, Path]:
    """A database written under version 1; the content folder now holds version 2."""
    folder = content(tmp_path / "content", second_step=True, words_kind="text")
    db = tmp_path / "data" / "workbook.json"
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.set("few-words", {"now": "the words I wrote first"})
    store.set("gone-ex", {"now": "from the step that went"})
    store.save()
    store.close()
    content(folder, second_step=False, words_kind="list")  # version 2: a step gone, a kind changed
    return db, folder


def test_status_and_every_export_keep_the_earlier_answers(tmp_path: Path) -> None:
    db, folder = written_with_the_old_content(tmp_path)
    status = workbook_cmd("status", "--db", str(db), "--content", str(folder), cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert TITLE in status.stdout
    assert "gone-ex: its exercise is no longer in the workbook" in status.stdout
    assert "Words exercise: this exercise is now a list exercise" in status.stdout
    for fmt in ("md", "html"):
        out = tmp_path / f"out.{fmt}"
        done = workbook_cmd("export", "--format", fmt, "--all", "--db", str(db), "--content",
                            str(folder), "-o", str(out), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        text = out.read_text(encoding="utf-8")
        assert TITLE in text
        assert "the words I wrote first" in text and "from the step that went" in text
    out = tmp_path / "out.json"
    done = workbook_cmd("export", "--format", "json", "--db", str(db), "--content", str(folder),
                        "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    backup = json.loads(out.read_text(encoding="utf-8"))
    assert set(backup["earlier_version"]["answers"]) == {"few-words", "gone-ex"}
    assert {"now": "from the step that went"} in [doc["value"] for doc in backup["entries"]]


async def open_changed_exercise(pilot) -> EarlierAnswer:
    """Open step 1; the earlier answer shown beside its changed exercise."""
    await pilot.press("1")
    await pilot.pause()
    await pilot.app.screen.settled.wait()
    return pilot.app.screen.query_one(EarlierAnswer)


async def test_a_changed_kind_keeps_the_old_answer_beside_the_new_until_removed(
    tmp_path: Path,
) -> None:
    db, folder = written_with_the_old_content(tmp_path)
    app = make_app(db=db, content=folder)
    async with app.run_test(size=(80, 30)) as pilot:
        earlier = await open_changed_exercise(pilot)
        assert "the words I wrote first" in str(earlier.query(".earlier-words").first().render())
        items = app.screen.query_one(ItemList)
        items.query_one("#add", Input).focus()
        await pilot.press(*"a new list item", "enter")
        await pilot.pause()
        assert [item["text"] for item in app.store.get("few-words")] == ["a new list item"]
        assert app.store.earlier_answer("few-words") == {"now": "the words I wrote first"}, (
            "the first edit kept the old answer aside")
        await pilot.press("ctrl+s")
        await pilot.pause()
    # Reopened: still beside the new list, and still exported.
    app = make_app(db=db, content=folder)
    async with app.run_test(size=(80, 30)) as pilot:
        earlier = await open_changed_exercise(pilot)
        earlier.query_one("#remove-earlier", Button).press()
        await pilot.pause()
        await pilot.pause()
        assert app.store.earlier_answer("few-words") is None
        assert [item["text"] for item in app.store.get("few-words")] == ["a new list item"]
        await pilot.press("ctrl+q")
        await pilot.pause()
    status = workbook_cmd("status", "--db", str(db), "--content", str(folder), cwd=tmp_path)
    assert "few-words" not in status.stdout and "Words exercise:" not in status.stdout
    assert "gone-ex" in status.stdout, "the removed step's answer stays until removed"
