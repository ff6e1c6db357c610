"""Helplines and care words as content: checked data, and no number from anywhere else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT
from tests.core.test_content_loader import break_file, only_problem
from workbook.core.content import ContentError, load_workbook
from workbook.core.content.cache import load_workbook_cached
from workbook.core.content.numbers import phone_like


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the shipped content to break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy, ignore=shutil.ignore_patterns("README.md"))
    return copy


def check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbook", "check", str(folder)],
                          capture_output=True, text=True)


# What counts as a phone number

@pytest.mark.parametrize("text, number", [
    ("call 116 123 any time", "116 123"),
    ("Call 1-800-799-7233 now", "1-800-799-7233"),
    ("Lifeline: 13 11 14", "13 11 14"),
    ("dial 000", "000"),
    ("call or text **988**", "988"),
    ("0808 2000 247, free", "0808 2000 247"),
    ("text START to 88788.", "88788"),
    ("+44 20 7946 0958", "44 20 7946 0958"),
    ("(555) 010-0199", "555"),
])
def test_phone_numbers_are_found(text: str, number: str) -> None:
    assert number in list(phone_like(text))


@pytest.mark.parametrize("text", [
    "Step 10 of 10", "steps 2, 4, 5, 7 and 9", "since November 2023", "on 2026-11-30",
    "at 10.30 or 9:45", "rate it 0-10", "how strongly, 0-100%", "24/7", "1. First 2. Second",
    "988lifeline.org", "id = \"step-10\"", "about 20 minutes", "12/03/2025",
])
def test_dates_step_numbers_and_ranges_are_not_phone_numbers(text: str) -> None:
    assert list(phone_like(text)) == []


# `workbook check` and the loader

def test_an_invented_number_in_a_step_fails_check_with_file_and_line(content: Path) -> None:
    path = content / "03-self-esteem.md"
    line = break_file(path, "\n\n", "\n\nIf it gets too much, call 0800 123 4567.\n\n") + 2
    result = check(content)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}:"), first
    assert '"0800 123 4567" looks like a phone number' in first and "helplines.toml" in first
    assert "Traceback" not in result.stderr


def test_an_invented_number_in_an_exercise_or_a_page_is_caught_too(content: Path) -> None:
    path = content / "06-take-it-slow.md"
    line = break_file(path, 'title = "', 'title = "Ring 555 0134 first: ')
    assert only_problem(content).startswith(f"{path}:{line}:")


def test_a_number_from_the_data_may_be_named_anywhere(content: Path) -> None:
    break_file(content / "welcome.md", "\n\n", "\n\nSamaritans answer on 116 123.\n\n")
    load_workbook(content)


def test_a_number_is_known_only_once_it_is_in_helplines_toml(content: Path) -> None:
    # An invented line: the mechanism, not a number anyone should call.
    break_file(content / "help-now.md", "\n\n", "\n\nExample line: 0800 123 4567.\n\n")
    with pytest.raises(ContentError):
        load_workbook(content)
    with (content / "helplines.toml").open("a", encoding="utf-8") as file:
        file.write('\n[[line]]\nid = "example-line"\nname = "Example"\nkind = "crisis"\n'
                   'where = "Nowhere"\ncall = "0800 123 4567"\nsource = "example.org"\n'
                   "checked = 2026-11-30\n")
    workbook = load_workbook(content)
    assert workbook.care.helplines[-1].call == "0800 123 4567"


def test_the_shipped_helplines_are_grouped_and_dated(workbook) -> None:
    kinds = [line.kind for line in workbook.care.helplines]
    assert {"emergency", "crisis", "abuse", "directory"} <= set(kinds)
    assert all(line.source and len(line.checked) == 10 for line in workbook.care.helplines)
    grouped = [line.kind for line in workbook.care.lines("directory", "abuse", "emergency")]
    assert grouped == sorted(grouped, key=["emergency", "abuse", "directory"].index)


@pytest.mark.parametrize("old, new, message", [
    ('kind = "crisis"', 'kind = "hotline"', 'unknown kind "hotline"'),
    ("checked = 2026-11-30", 'checked = "last week"', '"checked" in helpline'),
    ('source = "samaritans.org/how-we-can-help/contact-samaritan/"\n', "",
     'missing the required key "source"'),
    ('note = "free, 24/7"', 'notes = "free"', 'unknown key "notes"'),
    ('call = "116 123"', 'call = "Samaritans"', '"call" in helpline "samaritans" should hold the number'),
])
def test_a_bad_helpline_is_named_by_file_and_line(content: Path, old: str, new: str,
                                                  message: str) -> None:
    path = content / "helplines.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "samaritans"')
    index = text.index(old, start)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    problem = only_problem(content)
    assert problem.startswith(f"{path}:"), problem
    line = int(problem.split(":")[1])
    assert text[:start].count("\n") - 1 <= line <= text[:start].count("\n") + 10
    assert message in problem


def test_a_duplicate_helpline_id_names_both_lines(content: Path) -> None:
    path = content / "helplines.toml"
    break_file(path, 'id = "samaritans"', 'id = "988-lifeline"')
    assert 'duplicate helpline id "988-lifeline"' in only_problem(content)


def test_care_words_with_an_unknown_key_are_named(content: Path) -> None:
    path = content / "care.toml"
    line = break_file(path, "writing_note =", "writting_note =")
    problems = str(pytest.raises(ContentError, load_workbook, content).value)
    assert f'{path}:{line}: unknown key "writting_note"' in problems


def test_a_flagged_exercise_needs_the_note_s_words(content: Path) -> None:
    path = content / "care.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("involves_ex_note")
    end = text.index('"""', text.index('"""', start) + 3) + 3
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = pytest.raises(ContentError, load_workbook, content).value.problems
    assert problems and all('needs the words of "involves_ex_note"' in str(p) for p in problems)
    flagged = [ex for ex in load_workbook(CONTENT).exercises if ex.involves_ex]
    assert {(p.file.split("/")[-1], p.line) for p in problems} == {
        (ex.source.split("/")[-1], ex.line) for ex in flagged}


def test_content_without_care_files_still_loads(content: Path) -> None:
    """Another workbook's content need not have them (nothing flagged, no numbers)."""
    (content / "care.toml").unlink()
    (content / "helplines.toml").unlink()
    for path in content.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("involves_ex = true\n", "").replace("recall = true\n", "")
        text = text.replace(", urgent = true", "").replace(", abuse = true", "")
        path.write_text(text, encoding="utf-8")
    (content / "help-now.md").write_text("# Need help now\n\nYou're not alone.\n", encoding="utf-8")
    workbook = load_workbook(content)
    assert workbook.care.helplines == () and workbook.care.involves_ex_note == ""


# New exercise keys

def test_plan_sections_urgent_items_and_flags_are_read(workbook) -> None:
    plan = workbook.safety_plans[0]
    # What matters most first; making surroundings safe apart, not one of the steps in order.
    assert plan.crisis and [s.id for s in plan.sections] == [
        "reasons", "warning-signs", "cope-alone", "distractions", "people", "professionals",
        "safer"]
    assert [s.id for s in plan.sections if not s.in_order] == ["safer"]
    assert any(s.hint for s in plan.sections)
    urgent = [ex for ex in workbook.exercises if ex.urgent_ids]
    assert urgent and urgent[0].kind in ("checklist", "choice")
    assert any(ex.optional for ex in workbook.exercises)


@pytest.mark.parametrize("old, new, message", [
    ("urgent = true", 'urgent = "yes"', '"urgent" in "options"'),
    ("urgent = true", 'urgnet = true', 'unknown key "urgnet"'),
    ('{ id = "warning-signs", label', '{ id = "warning-signs", lable', '"sections" in exercise'),
    ('hint = "Thoughts', 'hint = 3, x = "Thoughts', '"hint" in "sections"'),
    ("involves_ex = true", 'involves_ex = "yes"', '"involves_ex" in exercise'),
])
def test_a_bad_new_key_is_named_by_file_and_line(content: Path, old: str, new: str,
                                                 message: str) -> None:
    for path in sorted(content.glob("0*.md")):
        if old in path.read_text(encoding="utf-8"):
            break
    break_file(path, old, new)
    problems = pytest.raises(ContentError, load_workbook, content).value.problems
    assert any(str(p).startswith(f"{path}:") and message in str(p) for p in problems), problems


def test_the_cache_keeps_the_care_words_and_lines(content: Path, tmp_path: Path) -> None:
    fresh = load_workbook(content)
    load_workbook_cached(content, tmp_path / "cache")
    cached = load_workbook_cached(content, tmp_path / "cache")
    assert cached == fresh and cached.care.helplines
    # Editing a TOML file is seen, as for Markdown.
    break_file(content / "care.toml", "you owe them", "you owe them truly")
    again = load_workbook_cached(content, tmp_path / "cache")
    assert "truly" in again.care.involves_ex_note


# Round two: checked lines, and words for the screen and for paper

def test_canada_988_and_the_mens_advice_line_are_in_the_data_with_their_sources(workbook) -> None:
    lines = {line.id: line for line in workbook.care.helplines}
    canada = lines["988-canada"]
    assert (canada.kind, canada.where, canada.call, canada.text) == ("crisis", "Canada", "988", "988")
    assert "24/7" in canada.note and "French" in canada.note
    assert "mentalhealthcommission.ca" in canada.source and canada.checked == "2026-12-06"
    assert not canada.web, "its own site could not be checked: the number, no web address"
    men = lines["mens-advice-line"]
    assert (men.kind, men.call, men.web) == ("abuse", "0808 801 0327", "mensadviceline.org.uk")
    assert "for men" in men.where and "Respect" in men.source and men.checked == "2026-12-06"
    assert "24/7" not in men.note, "not a 24/7 line: no hours given"
    # Said beside them: these two lines are for women.
    assert "for women" in lines["domestic-abuse-helpline-uk"].where
    assert "for women" in lines["womens-aid-ireland"].where


def test_the_unconfirmed_irish_male_advice_line_is_refused_by_check(content: Path) -> None:
    """Not confirmed at its own organisation's page: its number may not appear anywhere."""
    path = content / "help-now.md"
    line = break_file(path, "\n\n", "\n\nMen in Ireland: Male Advice Line, 1800 816 588.\n\n") + 2
    result = check(content)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f'{path}:{line}: "1800 816 588" looks like a phone number' in result.stderr
    assert "male-advice" not in (content / "helplines.toml").read_text(encoding="utf-8").lower()


def test_the_shipped_content_passes_check() -> None:
    result = check(CONTENT)
    assert result.returncode == 0, result.stderr
    assert "all fine" in result.stdout


@pytest.mark.parametrize("old, new, message", [
    ("{{**ctrl+g** shows|the start of this copy lists}}", "{{**ctrl+g** shows}}",
     'needs exactly one "|"'),
    ("{{**ctrl+g** shows|the start of this copy lists}}", "{{**ctrl+g** shows|the start",
     'is never closed with "}}"'),
    ("{{**ctrl+g** shows|the start of this copy lists}}", "**ctrl+g** shows",
     '"ctrl+g" is printed in every export'),
])
def test_a_bad_pair_or_a_key_on_paper_is_named_by_file_and_line(content: Path, old: str, new: str,
                                                                 message: str) -> None:
    path = content / "01-grieve.md"
    line = break_file(path, old, new)
    result = check(content)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}:") and message in first, first


@pytest.mark.parametrize("old, new, message", [
    ('quick_hide_note = """\n{{If someone', 'quick_hide_note = """\nIf someone',
     '"}}" without a "{{"'),
    ('"Move away from anything', '3, "Move away from anything', '"urgent_steps" should be a list'),
])
def test_bad_care_words_are_named_by_file_and_line(content: Path, old: str, new: str,
                                                   message: str) -> None:
    path = content / "care.toml"
    break_file(path, old, new)
    problems = pytest.raises(ContentError, load_workbook, content).value.problems
    assert any(str(p).startswith(f"{path}:") and message in str(p) for p in problems), problems


def test_the_app_gets_the_screen_words_and_exports_the_paper_words(workbook) -> None:
    step = workbook.step(1)
    paper = workbook.on_paper()
    assert "**ctrl+g** shows people you can" in step.guidance and "{{" not in step.guidance
    assert "ctrl+g" not in paper.step(1).guidance
    assert "the start of this copy lists people you can" in paper.step(1).guidance
    assert "ctrl+b" in workbook.care.quick_hide_note
    assert "ctrl+b" not in paper.care.quick_hide_note and "this copy" in paper.care.quick_hide_note
    # Nothing else changes: ids, answers' places, the lines.
    assert [ex.id for ex in paper.exercises] == [ex.id for ex in workbook.exercises]
    assert paper.care.helplines == workbook.care.helplines


def test_the_suicide_questions_ask_plainly_and_every_yes_is_urgent(workbook) -> None:
    step = workbook.step(8)
    questions = [ex for ex in step.exercises if ex.urgent_ids]
    titles = " ".join(ex.title + " " + ex.intro for ex in questions).lower()
    # Passive thoughts (as the C-SSRS screener asks), thoughts of suicide, and self-harm.
    assert "go to sleep and not wake up" in titles and "wished you were dead" in titles
    assert "ending your life" in titles
    assert "hurt yourself on purpose" in titles and "self-harm" in titles
    for question in questions:
        assert question.kind == "choice" and not question.multiple
        assert [o.id for o in question.options if not o.urgent] == ["no"], question.id
        assert len(question.urgent_ids) == len(question.options) - 1
        assert len(question.title) <= 60
    assert workbook.care.urgent_steps and len(workbook.care.urgent_steps) == 4


def test_recall_exercises_are_the_letters_reach_and_the_hard_memories(workbook) -> None:
    recall = {ex.id for ex in workbook.exercises if ex.recall}
    assert recall == {"communicate-unsent-letter", "forgiveness-letter", "forgiveness-reach",
                      "forgiveness-self", "reflect-inventory"}
    note = workbook.care.recall_note
    for words in ("stop at any time", "ground yourself", "five things you can see",
                  "another day", "worse after a few tries", "a walk", "a call with a friend",
                  "self-compassion break"):
        assert words in note, words


# Round three: what a careful clinical read found

ALREADY_HURT = "If you've already hurt yourself or taken something"


def test_the_next_minutes_send_someone_who_already_has_to_medical_help(workbook) -> None:
    """After an overdose people can feel fine for hours: the first step says so, and it
    is printed as it is shown (no key, nothing that means nothing on paper)."""
    steps = workbook.care.urgent_steps
    assert steps[0].startswith(ALREADY_HURT)
    assert "call your emergency number now, even if you feel okay" in steps[0]
    assert any("Move away from anything you could use" in step for step in steps)
    assert any("If you might act now, call your emergency number" in step for step in steps)
    assert workbook.on_paper().care.urgent_steps == steps


def test_a_key_in_the_urgent_steps_is_refused_now_they_are_printed(content: Path) -> None:
    path = content / "care.toml"
    break_file(path, '"Move away from anything', '"Press ctrl+g, then move away from anything')
    result = check(content)
    assert result.returncode == 1 and '"ctrl+g" is printed in every export' in result.stderr


def test_a_yes_on_paper_says_what_to_do_in_the_next_minutes(workbook) -> None:
    step = workbook.step(8)
    printed = " ".join(workbook.on_paper().step(8).guidance.split())
    for words in ('If your answer to any of them is not "No"',
                  "move away from anything you could use to hurt yourself", "be near someone",
                  "call or text a line from the start of this copy",
                  "If you might act now, or already have, call your emergency number"):
        assert words in printed, words
    # Every answer but "No" opens the panel, so the words say "anything but No", not "yes".
    for exercise in (workbook.exercise("professional-help-thoughts"),
                     workbook.on_paper().exercise("professional-help-thoughts")):
        assert "anything but No" in exercise.intro and "If the answer is yes" not in exercise.intro
    # No promise the app does not keep: answers are not encrypted unless turned on.
    shown = " ".join(step.guidance.split())
    assert "safe to say so here" not in shown
    assert "Your answers stay on this computer and aren't sent anywhere." in shown
    assert "Many people have thoughts of dying" not in shown


def test_the_thought_record_sends_thoughts_of_dying_to_people(workbook) -> None:
    for book, where in ((workbook, "Need help now (ctrl+g)"),
                        (workbook.on_paper(), "the start of this copy")):
        intro = book.exercise("reflect-thought-record").intro
        assert "If the thought is about dying or not wanting to be here" in intro
        assert f"don't work on it alone here: {where} has people to talk to" in intro


def test_the_directory_promises_nothing_the_research_does_not(workbook) -> None:
    directory = workbook.care.lines("directory")
    assert directory and all("confidential" not in line.note and "free" not in line.note
                             for line in directory)
