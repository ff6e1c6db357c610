"""Safe for every reader, in what leaves the app: notes in every export, the safety plan
on its own, and progress told without a score."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.sample_data import fill_sample, sample_value
from workbook.core.content import Workbook
from workbook.core.export import export_html, export_markdown
from workbook.core.progress import (
    closing_words,
    last_written,
    number_list,
    since_words,
    workbook_progress,
    written_line,
)

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=cwd,
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)


def paragraphs_after(markdown: str, heading: str) -> list[str]:
    """The text of the paragraphs after an h3 heading, up to the next exercise or step."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    found: list[str] = []
    inside = False
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open" and opening.tag in ("h1", "h2", "h3"):
            if inside:
                break
            inside = opening.tag == "h3" and inline.content == heading
        elif inside and opening.type == "paragraph_open":
            found.append(inline.content.strip("*"))
    return found


@pytest.mark.parametrize("blank", [False, True], ids=["answers", "blank"])
def test_every_exercise_that_involves_the_ex_has_the_note_in_markdown(workbook: Workbook,
                                                                      blank: bool) -> None:
    answers = {ex.id: sample_value(ex) for ex in workbook.exercises}
    markdown = export_markdown(workbook, {} if blank else answers, blank=blank, when=WHEN)
    note = workbook.on_paper().care.involves_ex_note  # in its words for paper
    flagged = [ex for ex in workbook.exercises if ex.involves_ex]
    assert flagged
    for ex in workbook.exercises:
        after = paragraphs_after(markdown, ex.title)
        # The note comes first, before the exercise's own intro.
        assert (after[:1] == [note]) == ex.involves_ex, ex.id
        assert note not in after[1:]


def test_every_exercise_that_involves_the_ex_has_the_note_in_html(workbook: Workbook) -> None:
    answers = {ex.id: sample_value(ex) for ex in workbook.exercises}
    from html import unescape

    html = unescape(export_html(workbook, answers, when=WHEN))
    note = workbook.on_paper().care.involves_ex_note
    for ex in workbook.exercises:
        heading = html.index(f">{ex.title}</h3>")
        next_heading = html.find("<h", heading + 5)
        assert (note in html[heading:next_heading]) == ex.involves_ex, ex.id


def test_letters_and_journals_carry_the_writing_notes_in_exports(workbook: Workbook) -> None:
    answers = {ex.id: sample_value(ex) for ex in workbook.exercises}
    markdown = export_markdown(workbook, answers, when=WHEN)
    care = workbook.on_paper().care
    for ex in workbook.exercises:
        after = paragraphs_after(markdown, ex.title)
        assert (care.writing_note in after) == (ex.kind in ("letter", "journal")), ex.id
        assert (care.letter_after_note in after) == (ex.kind == "letter"), ex.id


@pytest.fixture
def filled(tmp_path: Path, workbook: Workbook) -> Path:
    """Steps 1, 2, 4 and 9 answered, and two parts of the safety plan."""
    db = fill_sample(tmp_path / "data" / "workbook.json", workbook)
    return db


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_export_safety_plan_holds_only_the_plan_and_the_crisis_lines(
    filled: Path, tmp_path: Path, workbook: Workbook, fmt: str
) -> None:
    result = run("export", "--safety-plan", "--format", fmt, "--db", str(filled), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = list(tmp_path.glob(f"heartbreak-workbook-safety-plan-*.{fmt}"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    if fmt == "html":
        from html import unescape

        text = unescape(text)
    text = text.replace("\u00a0", " ")  # numbers are kept whole on paper with no-break spaces
    plan = workbook.safety_plans[0]
    written = sample_value(plan)
    for lines in written.values():
        for line in lines:
            assert line in text
    for section in plan.sections:  # every part, even empty, to fill in by hand
        assert section.label in text
    for line in workbook.care.lines("emergency", "crisis", "directory"):
        assert (line.call or line.web) in text
    # Nothing else from the workbook: no other exercise's title or answer.
    others = [ex for ex in workbook.exercises if ex.kind != "plan"]
    assert not [ex.title for ex in others if ex.title in text]
    assert "Mornings are the hardest." not in text and "Dear you" not in text
    if fmt == "json":
        data = json.loads(text)
        assert data["plans"][0]["sections"][0]["lines"] == written[plan.sections[0].id]
        assert {line["kind"] for line in data["helplines"]} == {"emergency", "crisis", "directory"}


def test_export_safety_plan_to_stdout_and_refusals(filled: Path, tmp_path: Path) -> None:
    result = run("export", "--safety-plan", "-o", "-", "--db", str(filled), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("# My safety plan")
    refused = run("export", "--safety-plan", "--steps", "1", "--db", str(filled), cwd=tmp_path)
    assert refused.returncode == 2 and "--safety-plan" in refused.stderr
    assert "Traceback" not in refused.stderr


# Progress without pressure

def answers_in(workbook: Workbook, *numbers: int) -> dict[str, Any]:
    return {ex.id: sample_value(ex) for n in numbers for ex in workbook.step(n).exercises}


def test_progress_counts_what_was_written_and_nothing_missing(workbook: Workbook) -> None:
    answers = answers_in(workbook, 1, 3)
    answers[workbook.step(5).exercises[0].id] = sample_value(workbook.step(5).exercises[0])
    progress = workbook_progress(workbook, answers)
    assert [p.step.number for p in progress if p.written_in] == [1, 3, 5]
    assert written_line(progress) == f"You've written in {len(answers)} exercises"
    assert not hasattr(progress[0], "total") and not hasattr(progress[0], "done")
    assert written_line(workbook_progress(workbook, {})).startswith("Nothing written yet")


def test_a_step_is_written_in_with_its_optional_exercises_skipped(workbook: Workbook) -> None:
    step = next(s for s in workbook.steps if any(ex.optional for ex in s.exercises))
    answers = {ex.id: sample_value(ex) for ex in step.exercises if not ex.optional}
    assert workbook_progress(workbook, answers)[step.number - 1].written_in


def test_closing_words_are_honest_about_a_half_done_workbook(workbook: Workbook) -> None:
    answers = answers_in(workbook, 1, 2, 4)
    words = closing_words(workbook_progress(workbook, answers))
    assert words == (f"You've written in {len(answers)} exercises, in steps 1, 2 and 4. "
                     "Steps 3 and 5 to 10 are here whenever you're ready.")
    every = closing_words(workbook_progress(workbook, answers_in(workbook, *range(1, 11))))
    assert every.endswith("You've written something in every step.")
    nothing = closing_words(workbook_progress(workbook, {}))
    assert "whenever you're ready" in nothing and "written in" not in nothing


def test_number_lists_read_like_speech() -> None:
    assert number_list([4]) == "4"
    assert number_list([1, 2]) == "1 and 2"
    assert number_list([1, 2, 3, 5, 9, 10]) == "1 to 3, 5, 9 and 10"


@pytest.mark.parametrize("days, words", [
    (0, "today"), (1, "yesterday"), (3, "3 days ago"), (13, "13 days ago"),
    (15, "2 weeks ago"), (90, "3 months ago"), (800, "2 years ago"),
])
def test_when_they_last_wrote_in_plain_words(days: int, words: str) -> None:
    now = datetime(2026, 11, 30, 12, 0).astimezone()
    assert since_words(now - timedelta(days=days), now) == words


def test_last_written_is_the_newest_answer_with_words(workbook: Workbook) -> None:
    first, second, third = workbook.exercises[:3]
    answers = {first.id: sample_value(first), second.id: sample_value(second), third.id: None}
    stamps = {first.id: "2026-11-20T10:00:00+00:00", second.id: "2026-11-27T10:00:00+00:00",
              third.id: "2026-11-29T10:00:00+00:00"}  # an emptied answer is not writing
    moment = last_written(workbook, answers, stamps.get)
    assert moment == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert last_written(workbook, {}, stamps.get) is None


# Round two: the plan's order on paper, recall notes, no keys, an old "Yes, right now"

PLAN_ORDER = ["1. What matters most to me, worth living for", "2. My warning signs",
              "3. Things I can do on my own", "4. People and places that take my mind off it",
              "5. People I can ask for help", "6. Professionals and crisis lines",
              "Now, on a calm day: making my surroundings safe"]


def pdf_text(pdf: Path) -> str:
    from tests.cli.test_export_pdf import pdf_pages

    return "\n".join(pdf_pages(pdf)).replace("\u00a0", " ")


def need_pdf() -> None:
    from tests.conftest import need_tool, skip_or_fail

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        skip_or_fail("WeasyPrint is not installed: pip install '.[pdf]'")
    need_tool("pdftotext")


def exported(fmt: str, db: Path, tmp_path: Path, *args: str) -> str:
    """Run `workbook export` for real and read back what a reader reads."""
    out = tmp_path / f"out-{fmt}-{len(list(tmp_path.glob('out-*')))}.{fmt}"
    result = run("export", "--format", fmt, "--db", str(db), "-o", str(out), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if fmt == "pdf":
        return pdf_text(out)
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        from html import unescape

        from tests.core.test_export_who_can_help import _Text

        parser = _Text()
        parser.feed(text)
        text = unescape("".join(parser.parts))
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("fmt", ["md", "html", "json", pytest.param("pdf", marks=pytest.mark.slow)])
def test_export_safety_plan_opens_with_what_matters_most_and_keeps_making_safe_apart(
        filled: Path, tmp_path: Path, workbook: Workbook, fmt: str) -> None:
    if fmt == "pdf":
        need_pdf()
    text = exported(fmt, filled, tmp_path, "--safety-plan")
    if fmt == "json":
        sections = json.loads(text)["plans"][0]["sections"]
        assert [s["id"] for s in sections][0] == "reasons"
        assert [(s["id"], s["in_order"]) for s in sections if not s["in_order"]] == [("safer", False)]
        return
    flat = " ".join(text.replace("*", "").split())
    places = [flat.index(heading) for heading in PLAN_ORDER]
    assert places == sorted(places), "what matters most first, the part done now last"
    assert "7." not in flat, "making surroundings safe has no number: it is not a step in order"
    means = flat[places[-1]:]
    for words in ("do this now", "medicines", "gun or any other firearm", "hurt yourself"):
        assert words in means, words
    assert "read part 1 first, then use parts 2 to 6 in order" in flat
    assert "ctrl+" not in flat and "Need help now" not in flat


@pytest.mark.parametrize("fmt", ["md", "html", pytest.param("pdf", marks=pytest.mark.slow)])
def test_every_recall_exercise_carries_the_note_on_paper(filled: Path, tmp_path: Path,
                                                         workbook: Workbook, fmt: str) -> None:
    if fmt == "pdf":
        need_pdf()
    text = exported(fmt, filled, tmp_path, "--all")
    flat = " ".join(text.replace("*", "").split())
    note = " ".join(workbook.on_paper().care.recall_note.split())
    recall = [ex for ex in workbook.exercises if ex.recall]
    assert flat.count(note[:60]) == len(recall) == 5
    for ex in recall:
        at = flat.index(f"{ex.title} ", flat.index("Step 1."))
        assert note[:60] in flat[at:at + 2000], ex.id
        assert flat.index(note[:60], at) < flat.index(" ".join(ex.intro.split())[:40], at), ex.id


@pytest.mark.parametrize("fmt", ["md", "html", pytest.param("pdf", marks=pytest.mark.slow)])
@pytest.mark.parametrize("blank", [False, True], ids=["filled", "blank"])
def test_paper_never_names_a_key_or_a_place_on_a_screen(filled: Path, tmp_path: Path,
                                                        fmt: str, blank: bool) -> None:
    if fmt == "pdf":
        need_pdf()
    text = exported(fmt, filled, tmp_path, "--blank" if blank else "--all")
    lowered = text.lower()
    for screen_words in ("ctrl+", "f9", "further down", "scroll", "one key away"):
        assert screen_words not in lowered, screen_words
    # What the keys pointed to is still said, in words for paper.
    assert "the start of this copy lists" in " ".join(text.split())
    assert "shred it when you're done" in " ".join(text.split())


def write_old_yes(db: Path, workbook: Workbook) -> Path:
    """Steps 1, 2, 4 and 9 answered, and "Yes, right now" chosen on 1 October 2026."""
    from workbook.core import clock
    from workbook.core.storage import AnswerStore

    fill_sample(db, workbook)
    clock.pin(datetime(2026, 10, 1, 9, 0, tzinfo=UTC))
    try:
        store = AnswerStore(db)
        store.set("professional-help-thoughts", {"selected": ["now"], "other": ""})
        store.set("professional-help-self-harm", {"selected": ["no"], "other": ""})
        store.save()
        store.close()
    finally:
        clock.pin(None)
    return db


@pytest.mark.parametrize("fmt", ["md", "html", pytest.param("pdf", marks=pytest.mark.slow)])
def test_an_old_yes_right_now_is_printed_only_when_asked_and_then_dated(
        tmp_path: Path, workbook: Workbook, fmt: str) -> None:
    if fmt == "pdf":
        need_pdf()
    db = write_old_yes(tmp_path / "data" / "workbook.json", workbook)
    question = workbook.exercise("professional-help-thoughts").title
    left_out = exported(fmt, db, tmp_path)
    assert "Yes, right now" not in left_out and question not in left_out
    assert "have you hurt yourself on purpose" in left_out, "a plain No is still printed"
    with_unanswered = " ".join(exported(fmt, db, tmp_path, "--all").split())
    assert "Yes, right now" not in with_unanswered
    assert "An answer here is left out of this copy." in with_unanswered
    chosen = " ".join(exported(fmt, db, tmp_path, "--include-urgent").replace("*", "").split())
    assert "Yes, right now (answered Thursday 1 October 2026, 09:00)" in chosen
    # The backup, for restoring, holds everything.
    backup = json.loads(exported("json", db, tmp_path))
    assert any(doc["exercise"] == "professional-help-thoughts"
               and doc["value"] == {"selected": ["now"], "other": ""}
               for doc in backup["entries"])


def write_merged_yes(tmp_path: Path, workbook: Workbook) -> Path:
    """A "Yes, right now" chosen on the laptop on 1 October 2026 and a "No" chosen on
    the desktop's copy the next day, neither seeing the other: merged, the "No" is
    the answer and the "Yes, right now" is kept as an earlier answer."""
    import shutil

    from workbook.core import clock
    from workbook.core.export.backup import export_json, import_backup, read_backup
    from workbook.core.storage import AnswerStore

    laptop, desktop = tmp_path / "laptop" / "workbook.json", tmp_path / "desktop.json"
    fill_sample(laptop, workbook)
    shutil.copy(laptop, desktop)
    kinds = {exercise.id: exercise.kind for exercise in workbook.exercises}
    for db, day, chosen in ((laptop, 1, "now"), (desktop, 2, "no")):
        clock.pin(datetime(2026, 10, day, 9, 0, tzinfo=UTC))
        try:
            store = AnswerStore(db)
            store.set("professional-help-thoughts", {"selected": [chosen], "other": ""},
                      kind="choice")
            store.save()
            backup = export_json(store)
            store.close()
        finally:
            clock.pin(None)
    store = AnswerStore(laptop)
    import_backup(read_backup(backup.encode(), "desktop.json", workbook)[0], store, merge=True,
                  kinds=kinds)
    store.save()
    assert [v.value for v in store.all_earlier_versions()] == [{"selected": ["now"], "other": ""}]
    store.close()
    return laptop


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_old_yes_right_now_kept_by_a_merge_is_printed_only_when_asked_and_then_dated(
        tmp_path: Path, workbook: Workbook, fmt: str) -> None:
    db = write_merged_yes(tmp_path, workbook)
    question = workbook.exercise("professional-help-thoughts").title
    left_out = " ".join(exported(fmt, db, tmp_path).replace("*", "").split())
    assert "Yes, right now" not in left_out
    after = left_out[left_out.index(question):]
    assert re.search(r"any time\. (- )?No ", after[:300]), "the answer now is printed as ever"
    assert left_out.count(question) == 1, "the earlier answer is left out, question and all"
    assert "Answers from an earlier version" not in left_out, "nothing else was kept"
    chosen = " ".join(exported(fmt, db, tmp_path, "--include-urgent").replace("*", "").split())
    earlier = chosen[chosen.rindex("Answers from an earlier version"):]
    assert "Yes, right now (answered Thursday 1 October 2026, 09:00)" in earlier


def test_include_urgent_is_refused_where_it_means_nothing(filled: Path, tmp_path: Path) -> None:
    for extra in (("--format", "json"), ("--safety-plan",), ("--blank",)):
        result = run("export", "--include-urgent", *extra, "--db", str(filled), "-o", "-",
                     cwd=tmp_path)
        assert result.returncode == 2 and "--include-urgent" in result.stderr, extra
        assert "Traceback" not in result.stderr


def test_numbers_on_paper_are_kept_whole(workbook: Workbook) -> None:
    """No-break spaces inside each number: a page never splits "13 11 14"."""
    html = export_html(workbook, {}, when=WHEN)
    assert "13\u00a011\u00a014" in html or "13&nbsp;11&nbsp;14" in html
    assert "13 11 14" not in html and "0808 2000 247" not in html
    markdown = export_markdown(workbook, {}, when=WHEN)
    assert "116\u00a0123" in markdown and "116 123" not in markdown
