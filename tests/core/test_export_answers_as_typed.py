"""The HTML export shows answers as typed, and ticks that read in print.

The answers are the 649 examples of the CommonMark Spec (tests/data): runs
of spaces, tabs, indents, blank lines and every kind of Markdown markup,
which a browser would otherwise collapse or take as markup.
"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import first_of_kind, need_tool, skip_or_fail
from tests.core.test_export_html import WHEN, find_vnu
from workbook.core.content import Workbook
from workbook.core.export.html import CSS, export_html
from workbook.core.export.markdown import printable

EXAMPLES: list[str] = json.loads(
    (Path(__file__).parent.parent / "data" / "commonmark-examples.json").read_text(encoding="utf-8")
)["examples"]


class Answers(HTMLParser):
    """The text of each `class="answer"` element, exactly as a browser holds it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.answers: list[str] = []
        self.tags: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if ("class", "answer") in attrs:
            self._inside = True
            self.answers.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.answers[-1] += data


def answers_in(page: str) -> Answers:
    reader = Answers()
    reader.feed(page)
    reader.close()
    return reader


def letter(workbook: Workbook, body: str) -> dict[str, Any]:
    return {first_of_kind(workbook, "letter").id: {"to": "", "body": body}}


def test_the_page_keeps_an_answers_spacing() -> None:
    rule = next(line for line in CSS.splitlines() if line.startswith(".answer"))
    assert "white-space: pre-wrap" in rule


@pytest.mark.parametrize("number", range(len(EXAMPLES)), ids=lambda n: f"example-{n + 1}")
def test_each_commonmark_example_as_a_letter_reads_exactly_as_typed(
    workbook: Workbook, number: int
) -> None:
    typed = EXAMPLES[number]
    if not typed.strip():
        pytest.skip("only whitespace: not an answer")
    page = answers_in(export_html(workbook, letter(workbook, typed), when=WHEN))
    assert page.answers == [printable(typed)]


def test_ticked_and_unticked_boxes_differ_by_their_mark_not_by_paleness(
    workbook: Workbook,
) -> None:
    checklist = first_of_kind(workbook, "checklist")
    ticked, unticked = checklist.items[0], checklist.items[1]
    answer = {checklist.id: {"checked": [ticked.id], "own": []}}
    page = export_html(workbook, answer, include_unanswered=True, when=WHEN)
    assert f"☑</span> {ticked.label}" in page
    assert f"☐</span> {unticked.label}" in page
    assert "<input" not in page  # a disabled form control, which browsers grey out
    assert "opacity" not in CSS


@pytest.mark.e2e
def test_a_page_of_every_example_passes_the_nu_html_checker(
    workbook: Workbook, tmp_path: Path
) -> None:
    need_tool("java")
    jar = find_vnu()
    if jar is None:
        skip_or_fail("vnu.jar not found: npm install --prefix ~/.cache/heartbreak-workbook/vnu "
                     "vnu-jar (or set VNU_JAR)")
    journal = first_of_kind(workbook, "journal")
    entries = [{"id": f"e{n}", "created": "2025-03-01T21:00:00+00:00", "text": text}
               for n, text in enumerate(EXAMPLES)]
    page = tmp_path / "examples.html"
    page.write_text(export_html(workbook, {journal.id: entries}, when=WHEN), encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", str(page)],
                            capture_output=True, text=True, timeout=300)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and "error" not in report.lower(), report
