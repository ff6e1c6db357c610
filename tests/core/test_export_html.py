"""The HTML export: every answer shown as text, nothing run, valid, and a real printed booklet."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need_tool, skip_or_fail
from tests.core.test_export_charts import journey_values
from tests.export_hostile import (
    ARABIC,
    CJK,
    HEBREW,
    PDF_SAMPLES,
    answer_strings,
    fill_hostile,
    hostile_exercises,
)
from workbook.core.content import Workbook
from workbook.core.export.html import export_html
from workbook.core.export.markdown import printable

WHEN = date(2025, 3, 1)
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "div"}

# Where `npm install --prefix ~/.cache/heartbreak-workbook/vnu vnu-jar` puts the checker
# (or set VNU_JAR; a node_modules in the checkout works too).
VNU_JAR_PLACES = [
    Path(os.environ.get("VNU_JAR", "/nonexistent")),
    Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar",
    Path.home() / ".cache/heartbreak-workbook/vnu/node_modules/vnu-jar/build/dist/vnu.jar",
]


class PageReader(HTMLParser):
    """Collects every tag with its attributes, and the text of each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: list[tuple[str, str]] = []
        self.style = ""
        self._open: list[str] = []
        self._text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if tag in BLOCKS:
            self._open.append(tag)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if tag in BLOCKS and self._open and self._open[-1] == tag:
            self._open.pop()
            self.blocks.append((tag, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        elif self._open:
            self._text.append(data)


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    return reader


@pytest.fixture
def hostile(tmp_path: Path, workbook: Workbook) -> dict[str, Any]:
    return fill_hostile(tmp_path / "workbook.json", workbook)


def test_every_answer_is_shown_exactly(hostile: dict[str, Any], workbook: Workbook) -> None:
    page = read_page(export_html(workbook, hostile, when=WHEN))
    texts = [text for _, text in page.blocks]
    everything = "\n".join(texts)
    for exercise in hostile_exercises(workbook):
        for piece in answer_strings(exercise, hostile[exercise.id]):
            assert printable(piece) in everything, f"{exercise.id}: {piece[:60]!r}"
    letter = next(ex for ex in hostile_exercises(workbook) if ex.kind == "letter")
    # one answer block, whole, as typed (see tests/core/test_export_answers_as_typed.py)
    assert printable(hostile[letter.id]["body"]) in texts
    for text in (ARABIC, HEBREW, CJK):
        assert text in everything


def test_nothing_runs_and_nothing_is_fetched(hostile: dict[str, Any], workbook: Workbook) -> None:
    html = export_html(workbook, hostile, when=WHEN)
    page = read_page(html)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert not tags & {"img", "link", "iframe", "object", "embed", "base", "form", "svg"}
    for tag, attrs in page.tags:
        if tag == "a":  # the cover's contents: a place on this page, nothing else
            assert set(attrs) == {"href"} and re.fullmatch(r"#part-\d+", attrs["href"]), attrs
            continue
        assert not {"src", "href", "srcset", "action"} & set(attrs), tag
        assert not [name for name in attrs if name.startswith("on")], tag
        assert tag != "input" or attrs.get("type") == "checkbox" and "disabled" in attrs
    assert "url(" not in page.style and "@import" not in page.style
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_looks_after_light_dark_and_print(workbook: Workbook) -> None:
    page = read_page(export_html(workbook, {}, blank=True, when=WHEN))
    style = re.sub(r"\s+", " ", page.style)
    assert "@media (prefers-color-scheme: dark)" in style
    assert "@media print" in style and "@page" in style
    assert re.search(r"h2 \{[^}]*break-before: page", style)
    assert re.search(r"tr, [^{]*\{[^}]*break-inside: avoid", style)
    assert page.tags[0] == ("html", {"lang": "en"})


def find_vnu() -> Path | None:
    return next((place for place in VNU_JAR_PLACES if place.is_file()), None)


@pytest.mark.e2e
def test_passes_the_nu_html_checker(hostile: dict[str, Any], workbook: Workbook,
                                    tmp_path: Path) -> None:
    need_tool("java")
    jar = find_vnu()
    if jar is None:
        skip_or_fail("vnu.jar not found: npm install --prefix ~/.cache/heartbreak-workbook/vnu "
                     "vnu-jar (or set VNU_JAR)")
    files = {
        "answers.html": export_html(workbook, hostile, when=WHEN),
        "everything.html": export_html(workbook, hostile, include_unanswered=True, when=WHEN),
        "blank.html": export_html(workbook, {}, blank=True, when=WHEN),
        "empty.html": export_html(workbook, {}, when=WHEN),
        # The journey's charts: pygal's inline SVG, hostile names in its legend.
        "journey.html": export_html(workbook, journey_values(workbook), when=WHEN),
    }
    for name, html in files.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", *(str(tmp_path / n) for n in files)],
        capture_output=True, text=True, timeout=300,
    )
    report = (result.stdout + result.stderr).strip()
    problems = [line for line in report.splitlines() if "error" in line.lower()]
    assert result.returncode == 0 and not problems, report


def print_to_pdf(html_file: Path, tmp_path: Path) -> list[str]:
    """Headless Chromium's "Save as PDF", then the text of each page."""
    pdf = tmp_path / "booklet.pdf"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--print-to-pdf={pdf}",
         "--no-pdf-header-footer", html_file.as_uri()],
        capture_output=True, timeout=180, check=False,
    )
    assert pdf.is_file() and pdf.stat().st_size > 0, "chromium wrote no PDF"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, timeout=120, check=True).stdout
    # pdftotext ends every page with a form feed; bidi marks are its own additions.
    return [re.sub("[\u202a-\u202e]", "", page) for page in text.split("\f")[:-1]]


@pytest.mark.slow
@pytest.mark.e2e
def test_prints_as_a_booklet_in_a_real_browser(hostile: dict[str, Any], workbook: Workbook,
                                               tmp_path: Path) -> None:
    need_tool("chromium")
    need_tool("pdftotext")
    html_file = tmp_path / "workbook.html"
    html_file.write_text(export_html(workbook, hostile, when=WHEN), encoding="utf-8")
    pages = print_to_pdf(html_file, tmp_path)
    everything = "\n".join(pages)
    for sample in PDF_SAMPLES:
        assert sample in everything
    assert "<script>alert(1)</script>" in everything  # shown, as text
    assert pages[0].lstrip().startswith("Heartbreak Workbook")  # the cover
    exercises = hostile_exercises(workbook)
    steps = [s for s in workbook.steps if any(ex in s.exercises for ex in exercises)]
    firsts = [page.strip().splitlines()[0] for page in pages if page.strip()]
    for step in steps:
        heading = f"Step {step.number}. {step.title}"
        assert heading in firsts, f"{heading!r} does not start a page"
    assert len(pages) > len(steps) + 10  # the 100 KB letter runs over many pages


@pytest.mark.slow
@pytest.mark.e2e
def test_blank_workbook_prints_every_step_on_its_own_page(workbook: Workbook,
                                                          tmp_path: Path) -> None:
    need_tool("chromium")
    need_tool("pdftotext")
    html_file = tmp_path / "blank.html"
    html_file.write_text(export_html(workbook, {}, blank=True, when=WHEN), encoding="utf-8")
    pages = print_to_pdf(html_file, tmp_path)
    firsts = [page.strip().splitlines()[0] for page in pages if page.strip()]
    for step in workbook.steps:
        assert f"Step {step.number}. {step.title}" in firsts


def test_the_cover_lists_each_part_as_a_link_to_it(hostile: dict[str, Any], workbook: Workbook) -> None:
    """The HTML's contents: each line of the cover's list opens its part of the page."""
    html = export_html(workbook, hostile, when=WHEN)
    parts = re.findall(r'<h2 id="(part-\d+)">(.*?)</h2>', html)
    assert len(parts) > 3
    links = re.findall(r'<li><a href="#(part-\d+)">(.*?)</a></li>', html)
    assert links == parts


def test_a_chart_keeps_its_heading_and_note_on_its_page(workbook: Workbook) -> None:
    from tests.core.test_export_charts import journey_values

    html = export_html(workbook, journey_values(workbook), when=WHEN)
    blocks = re.findall(r'<div class="chart-block">\s*<h3>.*?</h3>\s*<p><em>.*?</em></p>\s*'
                        r'<figure class="chart">', html, flags=re.S)
    assert blocks and len(blocks) == html.count('<figure class="chart">')
    style = re.sub(r"\s+", " ", read_page(html).style)
    assert re.search(r"\.chart-block \{[^}]*break-inside: avoid", style)
    assert "…</text>" not in html, "an axis date cut short"
