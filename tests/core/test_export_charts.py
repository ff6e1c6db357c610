"""The journey in the exports: a drawn chart per series in HTML, a small table per chart in Markdown."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tests.benchmarks.generate import journey_answers
from tests.export_hostile import ARABIC, CONTROL, hostile_exercises, hostile_value
from workbook.core.content import Workbook
from workbook.core.export.charts import journey_charts
from workbook.core.export.html import export_html
from workbook.core.export.markdown import export_markdown

WHEN = date(2025, 3, 1)
HOSTILE_FEELING = f"<b>{ARABIC}</b> | *own* {CONTROL[:8]}"


def journey_values(workbook: Workbook) -> dict[str, Any]:
    """The hostile answers, 40 check-ins naming a hostile feeling each time, and weekly ratings."""
    values = {ex.id: hostile_value(ex) for ex in hostile_exercises(workbook)}
    over_time = journey_answers(workbook, 40)
    checkin = next(ex.id for ex in workbook.exercises if ex.kind == "checkin")
    for number, entry in enumerate(over_time[checkin]):
        entry["feelings"].append({"name": HOSTILE_FEELING, "intensity": number % 11})
    over_time[checkin] = values.get(checkin, []) + over_time[checkin]  # the hostile ones too
    return {**values, **over_time}


def test_markdown_has_a_small_table_per_chart(workbook: Workbook) -> None:
    values = journey_values(workbook)
    charts = journey_charts(workbook, values)
    scales = [ex for ex in workbook.exercises if ex.kind == "scale"]
    assert [c.title for c in charts] == [
        "Each feeling, check-in by check-in", *(ex.title for ex in scales), "Words written each week"]
    text = export_markdown(workbook, values, when=WHEN)
    journey = text[text.index("## Your journey"):]
    assert "- Your journey" in text[:text.index("## ")], "the cover lists it"
    tables = re.findall(r"^\| When \|.*$", journey, flags=re.M)
    assert len(tables) == len(charts)
    for chart in charts:
        assert f"### {chart.title}" in journey
    rows = [line for line in journey.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) <= len(charts) * 13, "at most twelve rows a table"
    header = tables[0]
    assert "\\<b>" in header and "\\|" in header and "\\*own\\*" in header, "escaped as text"
    assert "\x07" not in journey and "\u2407" in header, "control characters shown, never sent"


def test_a_selected_or_blank_export_has_no_journey(workbook: Workbook) -> None:
    values = journey_values(workbook)
    assert "Your journey" not in export_markdown(workbook, values, steps=[1], when=WHEN)
    assert "Your journey" not in export_markdown(workbook, values, blank=True, when=WHEN)
    nothing_over_time = {ex.id: hostile_value(ex) for ex in hostile_exercises(workbook)}
    assert "Your journey" not in export_markdown(workbook, nothing_over_time, when=WHEN)


def test_html_draws_each_chart_as_inline_svg_without_scripts_or_links(workbook: Workbook) -> None:
    values = journey_values(workbook)
    page = export_html(workbook, values, when=WHEN)
    charts = journey_charts(workbook, values)
    figures = re.findall(r'<figure class="chart"><svg .*?</svg><figcaption>(.*?)</figcaption></figure>',
                         page, flags=re.S)
    assert len(figures) == len(charts)
    assert "<script" not in page and "javascript" not in page.lower()
    # Self-contained: nothing fetched (the cover's contents link within the page only).
    assert not re.search(r"\b(?:href|src)\s*=(?!\"#part-\d+\")", page), "nothing fetched"
    assert "&lt;b&gt;" + ARABIC + "&lt;/b&gt;" in page, "the hostile name is drawn as text"
    assert "<b>" + ARABIC not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "every id once on the page"
    assert export_html(workbook, values, when=WHEN) == page, "the same answers give the same page"
    journey = page[page.index("Your journey</h2>"):]
    assert journey.index("<svg") < journey.index("<table"), "each chart above its table"


def test_a_feeling_named_once_is_kept_in_the_export(workbook: Workbook) -> None:
    """"numb", named at one check-in, is on the chart; feelings beyond the most named are
    listed in words below it: an export drops no feeling."""
    checkin = next(ex.id for ex in workbook.exercises if ex.kind == "checkin")
    often = ["sad", "angry", "tired", "lonely", "hopeful", "calm"]
    entries = [{"id": f"e{n}", "at": f"2026-0{n + 1}-01T09:00:00",
                "feelings": [{"name": name, "intensity": 5} for name in often[:6 - n]]}
               for n in range(3)]
    entries[1]["feelings"].append({"name": "numb", "intensity": 3})
    values = {checkin: entries}
    text = export_markdown(workbook, values, when=WHEN)
    journey = text[text.index("## Your journey"):]
    for name in [*often, "numb"]:
        assert name in journey, name
    assert "Also named: " in journey  # beyond the five most named, in words
