"""On paper, "who can help" points somewhere: every export opens with the helplines
from the data, the safety plan is followed by its crisis lines, and each step's
reading (with its notes for readers who were hurt) goes wherever the step goes."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.sample_data import sample_value
from workbook.core.content import Workbook
from workbook.core.content.numbers import digits, known_numbers, phone_like
from workbook.core.crisis_lines import CRISIS_KINDS
from workbook.core.export import export_html, export_markdown

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class _Text(HTMLParser):
    """The text a reader reads in an HTML page (the CSS and the drawn charts, whose
    tables follow them, left out), and its h2s."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.h2: list[str] = []
        self._tag = ""
        self._in_svg = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._tag = tag
        self._in_svg += tag == "svg"
        if tag in ("td", "th"):
            self.parts.append(" | ")  # a table's cells read apart, as in Markdown
        if tag == "h2":
            self.h2.append("")

    def handle_endtag(self, tag: str) -> None:
        self._tag = ""
        self._in_svg -= tag == "svg"

    def handle_data(self, data: str) -> None:
        if self._tag in ("style", "title") or self._in_svg:
            return
        self.parts.append(data)
        if self._tag == "h2":
            self.h2[-1] += data


def seen(fmt: str, workbook: Workbook, answers: dict[str, Any], **options: Any) -> tuple[str, list[str]]:
    """(the text a reader sees, its h2 headings) for a Markdown or HTML export."""
    if fmt == "md":
        markdown = export_markdown(workbook, answers, when=WHEN, **options)
        tokens = MarkdownIt("commonmark").parse(markdown)
        h2 = [b.content for a, b in zip(tokens, tokens[1:], strict=False)
              if a.type == "heading_open" and a.tag == "h2"]
        page = MarkdownIt("commonmark").render(markdown)
    else:
        page = export_html(workbook, answers, when=WHEN, **options)
        h2 = None
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split()), h2 if h2 is not None else parser.h2


def filled(workbook: Workbook) -> dict[str, Any]:
    return {ex.id: sample_value(ex) for ex in workbook.exercises}


EXPORTS = [
    pytest.param({}, id="filled"),
    pytest.param({"blank": True}, id="blank"),
    pytest.param({"steps": [4]}, id="one-step"),
    pytest.param({"include_unanswered": True}, id="all"),
]


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("options", EXPORTS)
def test_every_export_opens_with_who_can_help(workbook: Workbook, fmt: str,
                                              options: dict[str, Any]) -> None:
    care = workbook.on_paper().care  # the words printed
    text, h2 = seen(fmt, workbook, filled(workbook), **options)
    assert h2[0] == "Who can help"  # right after the cover, before any step
    # The "not therapy" sentence opens it.
    assert care.not_therapy_note and " ".join(care.not_therapy_note.split()) in text
    start = text.index(" ".join(care.not_therapy_note.split()))
    first_step = text.index(h2[1], start) if len(h2) > 1 else len(text)
    helping = text[start:first_step]
    # Every line from the data, grouped: emergencies, crisis, abuse (quick hide), anywhere else.
    for line in care.helplines:
        for way in (line.call, line.text, line.web):
            assert not way or way in helping, (line.id, way)
    order = [helping.index(title) for title in
             ("In an emergency", "Suicide and crisis", "Domestic abuse", "Anywhere else")]
    assert order == sorted(order)
    assert " ".join(care.quick_hide_note.split()) in helping
    assert "findahelpline.com" in helping


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("options", EXPORTS)
def test_every_number_in_every_export_comes_from_the_data(workbook: Workbook, fmt: str,
                                                          options: dict[str, Any]) -> None:
    care = workbook.care
    known = known_numbers(t for line in care.helplines for t in (line.call, line.text, line.note))
    text, _ = seen(fmt, workbook, {} if options.get("blank") else filled(workbook), **options)
    numbers = list(phone_like(text))
    assert numbers and all(digits(n) in known for n in numbers), numbers


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("blank", [False, True], ids=["filled", "blank"])
def test_the_safety_plan_is_followed_by_the_lines_it_promises(workbook: Workbook, fmt: str,
                                                              blank: bool) -> None:
    plan = workbook.safety_plans[0]
    step = next(s for s in workbook.steps if plan in s.exercises)
    hint = next(s.hint for s in plan.sections if "Crisis lines" in s.hint)
    text, _ = seen(fmt, workbook, {} if blank else filled(workbook), steps=[step.number], blank=blank)
    # After the plan (not the "Who can help" at the start): its lines.
    after = text[text.index(plan.title, text.index(f"Step {step.number}.")):]
    after = after[after.index("Lines to call, any time"):]
    for line in workbook.care.lines(*CRISIS_KINDS):
        assert (line.call or line.web) in after, line.id
    assert "findahelpline.com" in after
    assert "always shown with this plan" in hint  # the words say what the export does


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("blank", [False, True], ids=["filled", "blank"])
def test_every_exported_step_carries_its_reading(workbook: Workbook, fmt: str, blank: bool) -> None:
    answers = {} if blank else filled(workbook)
    text, _ = seen(fmt, workbook, answers, blank=blank)
    for step in workbook.on_paper().steps:  # in the words for paper
        for paragraph in MarkdownIt("commonmark").parse(step.guidance):
            if paragraph.type == "inline" and paragraph.content:
                plain = " ".join(paragraph.content.replace("**", "").replace("*", "").split())
                assert plain in text, (step.number, plain[:60])
    # The abuse paragraphs of the steps that have them are there too.
    flat = text.lower()
    assert "responsib" in flat and "not therapy" in flat


def test_a_filled_export_reads_only_the_steps_it_holds(workbook: Workbook) -> None:
    step = workbook.step(4)
    answers = {ex.id: sample_value(ex) for ex in step.exercises}
    text, h2 = seen("md", workbook, answers)
    assert h2[:2] == ["Who can help", f"Step 4. {step.title}"]
    assert not any(h.startswith("Step") for h in h2[2:])
    other = workbook.step(1).guidance.split("\n\n")[0]
    assert " ".join(other.split()) not in text


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("options", EXPORTS)
def test_who_can_help_ends_with_what_to_do_in_the_next_minutes(workbook: Workbook, fmt: str,
                                                              options: dict[str, Any]) -> None:
    """On paper a "yes" points to the start of the copy: there, after the lines, are the
    same next steps the app's panel gives, the one for someone who already has first."""
    care = workbook.on_paper().care
    steps = care.urgent_steps
    text, h2 = seen(fmt, workbook, filled(workbook), **options)
    start = text.index(" ".join(care.not_therapy_note.split()))  # past the contents
    helping = text[start:text.index(h2[1], start) if len(h2) > 1 else len(text)]
    title = helping.index("If you might hurt yourself, or already have: the next few minutes")
    assert helping.index("findahelpline.com") < title
    assert steps[0].startswith("If you've already hurt yourself or taken something")
    at = [helping.index(step, title) for step in steps]
    assert at == sorted(at)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_printed_safety_plan_ends_with_the_next_minutes(workbook: Workbook, fmt: str) -> None:
    from workbook.core.export.safety_plan import render_safety_plan

    page = render_safety_plan(fmt, workbook, {}, blank=True)
    if fmt == "md":
        page = MarkdownIt("commonmark").render(page)
    parser = _Text()
    parser.feed(page)
    text = " ".join("".join(parser.parts).split())
    lines = text.index("Lines to call, any time")
    steps = text.index("If you might hurt yourself, or already have: the next few minutes")
    assert lines < text.index("findahelpline.com") < steps
    for step in workbook.care.urgent_steps:
        assert step in text[steps:], step
