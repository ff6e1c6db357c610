"""The Markdown export: what a person typed reads back exactly, in the right structure."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.export_hostile import (
    ARABIC,
    CJK,
    CONTROL,
    EMOJI,
    MARKUP,
    PIPES,
    SCRIPT,
    STARTS,
    answer_strings,
    fill_hostile,
    hostile_exercises,
    paragraphs,
)
from workbook.core.content import Workbook
from workbook.core.content.model import HELPLINE_KINDS
from workbook.core.crisis_lines import GROUP_TITLES, STEPS_TITLE
from workbook.core.dates import long_datetime
from workbook.core.export.common import ExportError, parse_steps
from workbook.core.export.html import export_html, markdown_renderer
from workbook.core.export.markdown import escape_markdown_text, export_markdown, printable

WHEN = date(2025, 3, 1)
HOSTILE = [SCRIPT, MARKUP, PIPES, EMOJI, ARABIC, CJK, CONTROL, *STARTS,
           "a\\", "\\", "&#10; &copy; &", "x  \ny", "**", "<http://example.com>", "![img](x.png)",
           "line\r\nwindows\rmac", "  both ends  ", "\u00a0nbsp\u00a0", "9999999999. long number",
           "| --- | --- |", ":--", "a\n:--", "Setext\n---", "Setext\n===", "- [ ] task"]


def render_tokens(markdown: str) -> list[Token]:
    return markdown_renderer().parse(markdown)


def inline_text(token: Token) -> str:
    """The characters an inline token shows, line breaks as "\\n"."""
    parts = []
    for index, child in enumerate(token.children or []):
        if index == 0 and child.type == "html_inline" and "task-list-item-checkbox" in child.content:
            continue  # the task-list plugin's checkbox (raw HTML from answers is off)
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("strong_open", "strong_close", "em_open", "em_close"):
            continue  # our own labels; in an answer the asterisks would be missing
        else:
            parts.append(f"<{child.type}>")  # any markup is a failure
    return "".join(parts)


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(enclosing element, text) for every run of inline text, in order."""
    out: list[tuple[str, str]] = []
    opened: list[str] = []
    for token in render_tokens(markdown):
        if token.hidden:
            continue  # a tight list's paragraphs: the text belongs to the item
        if token.nesting == 1:
            opened.append(token.tag)
        elif token.nesting == -1:
            opened.pop()
        elif token.type == "inline":
            out.append((opened[-1] if opened else "", inline_text(token)))
    return out


# escape_markdown_text


@pytest.mark.parametrize("text", HOSTILE)
def test_block_text_reads_back_paragraph_by_paragraph(text: str) -> None:
    tokens = render_tokens(escape_markdown_text(text))
    kinds = {t.type for t in tokens} - {"paragraph_open", "paragraph_close", "inline"}
    assert kinds == set(), f"{text!r} became {kinds}"
    assert [inline_text(t) for t in tokens if t.type == "inline"] == paragraphs(printable(text))


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("place", ["cell", "item", "task", "heading"])
def test_inline_text_reads_back_whole(text: str, place: str) -> None:
    escaped = escape_markdown_text(text, inline=True)
    assert "\n" not in escaped
    document = {
        "cell": f"| a | b |\n| --- | --- |\n| {escaped} | after |\n",
        "item": f"- {escaped}\n- after\n",
        "task": f"- [x] {escaped}\n- [ ] after\n",
        "heading": f"### {escaped}\n\nafter\n",
    }[place]
    texts = [text for _, text in blocks(document)]
    shown = printable(text)
    if place == "cell":
        assert texts == ["a", "b", shown, "after"]
    elif place == "task":
        assert texts == [f" {shown}", " after"]  # the task plugin leaves the space after [x]
    else:
        assert texts == [shown, "after"]


def test_control_characters_become_visible_pictures() -> None:
    assert printable("a\x00b\x07c\x1bd\x7fe") == "a\u2400b\u2407c\u241bd\u2421e"
    assert printable("c1\x85 nonchar\ufffe\U0010ffff") == "c1\ufffd nonchar\ufffd\ufffd"
    assert printable("tab\tand\nnewline") == "tab\tand\nnewline"
    escaped = escape_markdown_text(CONTROL)
    assert not any(ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F for c in escaped)


def test_plain_prose_is_left_readable() -> None:
    text = "I miss you. It's 2 a.m. and I can't sleep (again) - but I'm OK: really!"
    assert escape_markdown_text(text) == text
    assert escape_markdown_text("one\ntwo\n\n\n\nthree") == "one\\\ntwo\n\nthree"


# The whole document


@pytest.fixture
def hostile(tmp_path: Path, workbook: Workbook) -> dict[str, Any]:
    return fill_hostile(tmp_path / "workbook.json", workbook)


def test_every_answer_reads_back_exactly(hostile: dict[str, Any], workbook: Workbook) -> None:
    markdown = export_markdown(workbook, hostile, when=WHEN)
    texts = [text for _, text in blocks(markdown)]
    everything = "\n".join(texts)
    for exercise in hostile_exercises(workbook):
        for piece in answer_strings(exercise, hostile[exercise.id]):
            assert printable(piece) in everything, f"{exercise.id}: {piece[:60]!r}"
    # Each paragraph of the long letter is a paragraph of its own, whole.
    letter = next(ex for ex in hostile_exercises(workbook) if ex.kind == "letter")
    for paragraph in paragraphs(hostile[letter.id]["body"]):
        assert printable(paragraph) in texts
    assert "\x1b" not in markdown and "\x00" not in markdown


def test_structure_matches_the_data(hostile: dict[str, Any], workbook: Workbook) -> None:
    markdown = export_markdown(workbook, hostile, when=WHEN)
    tokens = render_tokens(markdown)
    headings = {tag: [] for tag in ("h1", "h2", "h3", "h4")}
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open":
            headings[opening.tag].append(inline_text(inline))
    exercises = hostile_exercises(workbook)
    steps = [s for s in workbook.steps if any(ex in s.exercises for ex in exercises)]
    assert headings["h1"] == ["Heartbreak Workbook"]
    assert headings["h2"] == ["Who can help", *(f"Step {s.number}. {s.title}" for s in steps)]
    groups = [GROUP_TITLES[kind] for kind in HELPLINE_KINDS if workbook.care.lines(kind)]
    groups.append(STEPS_TITLE)  # what to do in the next few minutes, after the lines
    assert headings["h3"] == groups + [ex.title for s in steps for ex in s.exercises if ex in exercises]
    by_kind = {ex.kind: ex for ex in exercises}
    dated = [by_kind["checkin"], by_kind["journal"]]
    expected_dates = {
        ex.id: [long_datetime(e["at"] if ex.kind == "checkin" else e["created"]) for e in hostile[ex.id]]
        for ex in dated
    }
    ordered = [d for s in steps for ex in s.exercises if ex in dated for d in expected_dates[ex.id]]
    assert headings["h4"] == ordered  # dated, oldest first

    grid = by_kind["grid"]
    rows = table_rows(tokens)
    assert rows[0] == [c.label for c in grid.columns]
    expected = [[printable(row[c.id]) for c in grid.columns] for row in hostile[grid.id] if any(row.values())]
    assert rows[1:] == expected

    checklist = by_kind["checklist"]
    value = hostile[checklist.id]
    expected_tasks = [(item.id in value["checked"], item.label) for item in checklist.items]
    expected_tasks += [(own["checked"], printable(own["text"])) for own in value["own"]]
    assert task_items(tokens) == expected_tasks


def table_rows(tokens: list[Token]) -> list[list[str]]:
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            rows[-1].append(inline_text(token))
    return rows


def task_items(tokens: list[Token]) -> list[tuple[bool, str]]:
    items = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and "task-list-item" in str(token.attrGet("class")):
            inline = tokens[index + 2]
            box = inline.children[0]
            items.append(("checked" in box.content, inline_text(inline).removeprefix(" ")))
    return items


def test_scale_choice_and_list_read_naturally(hostile: dict[str, Any], workbook: Workbook) -> None:
    by_kind = {ex.kind: ex for ex in hostile_exercises(workbook)}
    markdown = export_markdown(workbook, hostile, when=WHEN)
    texts = [text for _, text in blocks(markdown)]
    scale = by_kind["scale"]
    assert f"7 / 10\n0 = {scale.low}; 10 = {scale.high}" in texts
    choice = by_kind["choice"]
    assert choice.options[0].label in texts
    assert f"Something else: {hostile[choice.id]['other']}" in texts
    assert [t for kind, t in blocks(markdown) if kind == "li" and t == SCRIPT]


def test_only_answered_exercises_by_default(tmp_path: Path, workbook: Workbook) -> None:
    step = workbook.step(1)
    first = step.exercises[0]
    values = {first.id: [{"at": "2025-03-01T10:00:00+00:00", "feelings": [], "note": "just a note"}]}
    markdown = export_markdown(workbook, values, when=WHEN)
    assert f"### {first.title}" in markdown and "just a note" in markdown
    assert f"### {step.exercises[1].title}" not in markdown
    assert "## Step 2." not in markdown  # steps with nothing written are left out

    everything = export_markdown(workbook, values, include_unanswered=True, when=WHEN)
    for ex in workbook.exercises:
        assert escape_markdown_text(ex.title, inline=True) in everything
    assert everything.count("(not answered yet)") == len(workbook.exercises) - 1


def test_a_step_asked_for_appears_even_when_empty(workbook: Workbook) -> None:
    markdown = export_markdown(workbook, {}, steps=[2, 9], when=WHEN)
    h2 = [text for kind, text in blocks(markdown) if kind == "h2"]
    assert h2 == ["Who can help", f"Step 2. {workbook.step(2).title}", f"Step 9. {workbook.step(9).title}"]
    assert markdown.count("Nothing written in this step yet.") == 2
    with pytest.raises(ExportError, match="no step 11"):
        export_markdown(workbook, {}, steps=[11])


def test_blank_workbook_has_every_step_and_room_to_write(hostile: dict[str, Any],
                                                         workbook: Workbook) -> None:
    markdown = export_markdown(workbook, hostile, blank=True, when=WHEN)
    tokens = render_tokens(markdown)
    h2 = [inline_text(b) for a, b in zip(tokens, tokens[1:], strict=False) if a.tag == "h2" and a.nesting == 1]
    assert h2 == ["Who can help", *(f"Step {s.number}. {s.title}" for s in workbook.steps)]
    for ex in workbook.exercises:
        assert escape_markdown_text(ex.title, inline=True) in markdown
    assert SCRIPT not in markdown and "Zebra" not in markdown  # no answers in a blank copy
    assert sum(t.type == "hr" for t in tokens) > 100  # lines to write on
    grid = next(ex for ex in workbook.exercises if ex.kind == "grid")
    assert "| " + " | ".join(c.label for c in grid.columns) + " |" in markdown
    assert "|  |" in markdown  # empty rows to fill in


def test_parse_steps() -> None:
    from workbook.core.content import load_workbook
    from workbook.core.locations import default_content_dir

    workbook = load_workbook(default_content_dir())
    assert parse_steps("", workbook) is None
    assert parse_steps("all", workbook) is None
    assert parse_steps("9, 1,2,1", workbook) == [1, 2, 9]
    assert parse_steps("1-3,10", workbook) == [1, 2, 3, 10]
    for bad, message in [("0", "no step 0"), ("11", "no step 11"), ("one", "not a step number"),
                         ("3-1", "empty range"), ("1,,2", "not a step number")]:
        with pytest.raises(ExportError, match=message):
            parse_steps(bad, workbook)


def test_bare_commonmark_agrees(hostile: dict[str, Any], workbook: Workbook) -> None:
    """Without our plugins (as other Markdown readers see it) nothing becomes markup either."""
    markdown = export_markdown(workbook, hostile, when=WHEN)
    plain = MarkdownIt("commonmark")
    kinds = {t.type for t in plain.parse(markdown)}
    children = {c.type for t in plain.parse(markdown) if t.type == "inline" for c in t.children or []}
    assert not kinds & {"code_block", "fence", "blockquote_open", "ordered_list_open", "html_block"}
    assert children <= {"text", "softbreak", "hardbreak", "strong_open", "strong_close",
                        "em_open", "em_close"}
    # GitHub-flavoured readers: no strikethrough or raw HTML either.
    gfm = MarkdownIt("gfm-like")
    gfm_children = {c.type for t in gfm.parse(markdown) if t.type == "inline" for c in t.children or []}
    assert not gfm_children & {"s_open", "html_inline", "image", "code_inline"}


ODD_VALUES = ["text", 5, True, None, [], [1, "x", None], {}, {"selected": 5, "checked": [[1]],
              "own": "x", "feelings": "x", "body": 3, "to": None},
              [{"feelings": "x", "at": None, "note": 5}, {"text": None, "created": 7}, "row"]]


@pytest.mark.parametrize("value", ODD_VALUES, ids=range(len(ODD_VALUES)))
def test_a_value_of_the_wrong_shape_never_breaks_the_export(value: Any, workbook: Workbook) -> None:
    """Old or hand-edited data is skipped or shown as text, never a traceback."""
    answers = {ex.id: value for ex in workbook.exercises}
    for options in ({}, {"include_unanswered": True}):
        markdown = export_markdown(workbook, answers, when=WHEN, **options)
        assert markdown.startswith("# Heartbreak Workbook")
        export_html(workbook, answers, when=WHEN, **options)
