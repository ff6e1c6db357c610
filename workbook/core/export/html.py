"""The workbook as one self-contained, printable HTML page (no Textual).

It is the Markdown export rendered by markdown-it-py with raw HTML turned
off, so an answer containing `<script>` is shown as text and never run. The
page carries its own CSS and nothing else: no scripts, fonts, images or links.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from mdit_py_plugins.tasklists import tasklists_plugin

from workbook.core import clock
from workbook.core.content.model import Workbook
from workbook.core.dates import long_date
from workbook.core.earlier import Earlier
from workbook.core.export.charts import Chart, chart_svg
from workbook.core.export.markdown import (
    ANSWER_INFO,
    SAFETY_PLAN_TITLE,
    TITLE,
    export_markdown,
    export_safety_plan,
    printable,
)

# Light and dark follow the reader's system; print is always light. Steps
# start on a new page, after a cover; rows and headings keep together.
CSS = """
:root {
  color-scheme: light dark;
  --paper: #fdfbf7; --ink: #2b2724; --muted: #6d655d; --accent: #9b4a62;
  --rule: #d8cfc4; --wash: #f3ede5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --paper: #1d1b1a; --ink: #ebe5dd; --muted: #aaa197; --accent: #e6a5b9;
    --rule: #4b443e; --wash: #2a2623;
  }
}
html { background: var(--paper); color: var(--ink); }
body {
  margin: 0 auto; max-width: 46rem; padding: 2.5rem 1.25rem 4rem;
  font: 1.05rem/1.6 Georgia, "Iowan Old Style", "Noto Serif", serif;
}
h1, h2, h3, h4 { font-family: system-ui, "Segoe UI", "Noto Sans", sans-serif; line-height: 1.25; }
h1 { color: var(--accent); font-size: 2.3rem; margin: 0 0 .5rem; }
h2 { color: var(--accent); border-top: 1px solid var(--rule); margin: 3.5rem 0 .25rem; padding-top: 2rem; }
h3 { margin: 2.25rem 0 .25rem; }
h4 { color: var(--muted); font-size: .95rem; margin: 1.5rem 0 .25rem; }
h2 + p > em:only-child, h3 + p > em:only-child { color: var(--muted); }
p, li, td, th, h1, h2, h3, h4 { unicode-bidi: plaintext; text-align: start; overflow-wrap: anywhere; }
li, td { white-space: pre-wrap; }
/* An answer as it was typed: its spaces, tabs, indents and blank lines. */
.answer { white-space: pre-wrap; tab-size: 4; margin: 0 0 1rem; }
ul { padding-inline-start: 1.4rem; }
ul.contains-task-list { list-style: none; padding-inline-start: .2rem; }
/* Ticks as marks, not form controls: a disabled checkbox prints pale. */
.tick { font-weight: bold; margin-inline-end: .4rem; }
.tick-yes { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; }
th, td { border: 1px solid var(--rule); padding: .4rem .6rem; vertical-align: top; }
th { background: var(--wash); font-family: system-ui, "Segoe UI", "Noto Sans", sans-serif; font-size: .9rem; }
hr { border: 0; border-bottom: 1px solid var(--rule); margin: 2rem 0 0; }
figure.chart { margin: 1rem 0; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); font-size: .9rem; }
@page { margin: 18mm 16mm 20mm; }
@media print {
  :root { color-scheme: light; --paper: #fff; --ink: #000; --muted: #444; --accent: #5e2438; --rule: #999; --wash: #eee; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h1 { margin-top: 35%; font-size: 28pt; }
  h2 { break-before: page; border-top: 0; margin-top: 0; padding-top: 0; }
  h2, h3, h4 { break-after: avoid; }
  tr, li, h2 + p, h3 + p { break-inside: avoid; }
  thead { display: table-header-group; }
  /* Columns shared evenly, as a grid is drawn: the automatic layout measures
     every cell's narrowest width, character by character (overflow-wrap:
     anywhere), which was two thirds of a PDF's time. */
  table { table-layout: fixed; }
  p { orphans: 3; widows: 3; }
  td { height: 1.8em; }
  hr { margin-top: 1.6rem; }
  figure.chart, .chart-block { break-inside: avoid; }
}
""".strip()

# A chart's heading and the note under it, just before the chart's place.
CHART_HEAD = r"(<h3>(?:(?!</h3>).)*</h3>\s*<p><em>(?:(?!</p>).)*</em></p>\s*)"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
"""


def _linked_contents(body: str) -> str:
    """Each part (h2) gets an id, and the cover's list of parts links to them:
    links within the page only, so it still fetches nothing."""
    parts: list[str] = []

    def part(match: re.Match[str]) -> str:
        parts.append(match[1])
        return f'<h2 id="part-{len(parts)}">{match[1]}</h2>'

    body = re.sub(r"<h2>(.*?)</h2>", part, body)
    cover = re.search(r"</h1>.*?(<ul>\n.*?</ul>)", body, flags=re.S)
    if cover is None or (parts and body.index(cover[1]) > body.index('<h2 id="part-1">')):
        return body
    numbers = {title: number for number, title in enumerate(parts, start=1)}

    def link(match: re.Match[str]) -> str:
        number = numbers.get(match[1])
        return match[0] if number is None else f'<li><a href="#part-{number}">{match[1]}</a></li>'

    linked = re.sub(r"<li>(.*?)</li>", link, cover[1])
    return body.replace(cover[1], linked, 1)


@cache
def markdown_renderer() -> MarkdownIt:
    """CommonMark with tables and task lists; raw HTML is shown as text."""
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")
    md.add_render_rule("fence", _fence)
    return md.use(tasklists_plugin)


def _fence(self: RendererHTML, tokens: list, idx: int, options: Any, env: Any) -> str:
    """An answer (see `ANSWER_INFO`) as pre-wrapped text; any other fence as usual."""
    token = tokens[idx]
    if token.info.strip() != ANSWER_INFO:
        return RendererHTML.fence(self, tokens, idx, options, env)
    return f'<div class="answer">{escapeHtml(token.content.removesuffix(chr(10)))}</div>\n'


# The task list plugin's boxes, shown as marks that read in print and without colour.
_TICKED = '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox">'
_UNTICKED = '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">'
TICK_MARKS = {
    _TICKED: '<span class="tick tick-yes" role="img" aria-label="ticked">☑</span>',
    _UNTICKED: '<span class="tick tick-no" role="img" aria-label="not ticked">☐</span>',
}


def export_html(
    workbook: Workbook,
    answers: Mapping[str, Any],
    *,
    steps: list[int] | None = None,
    include_unanswered: bool = False,
    blank: bool = False,
    when: date | None = None,
    earlier: Sequence[Earlier] | None = None,
    include_urgent: bool = False,
    updated: Mapping[str, str | None] | None = None,
) -> str:
    """The Markdown export as a page to read on screen or print as a booklet
    (`earlier`: as for `export_markdown`)."""
    when = when or clock.now()
    # Each chart goes where a paragraph holding only its token ends up: a
    # token no answer can hold, as it is new for every export.
    nonce = secrets.token_hex(8)
    figures: list[str] = []

    def figure(chart: Chart) -> str:
        figures.append(f'<figure class="chart">{chart_svg(chart, len(figures) + 1, printable)}'
                       f"<figcaption>{escape(chart.title)}</figcaption></figure>")
        return f"chart{nonce}n{len(figures)}"

    text = export_markdown(workbook, answers, steps=steps, include_unanswered=include_unanswered,
                           blank=blank, when=when, figure=figure, verbatim_answers=True,
                           include_urgent=include_urgent, earlier=earlier,
                           updated=updated)
    page = render_page(text, f"{TITLE}, {long_date(when)}")
    for number, drawn in enumerate(figures, start=1):
        place = f"<p>chart{nonce}n{number}</p>"
        # The chart's heading and note stay on its page, with it (see CSS).
        page, kept = re.subn(CHART_HEAD + re.escape(place),
                             lambda m, drawn=drawn: f'<div class="chart-block">\n{m[1]}{drawn}</div>',
                             page, count=1, flags=re.S)
        if not kept:
            page = page.replace(place, drawn, 1)
    return page


def export_safety_plan_html(
    workbook: Workbook, answers: Mapping[str, Any], *, blank: bool = False,
    when: date | None = None,
) -> str:
    """Only the safety plan and the crisis lines, as a page to print."""
    when = when or clock.now()
    text = export_safety_plan(workbook, answers, blank=blank, when=when)
    return render_page(text, f"{SAFETY_PLAN_TITLE}, {long_date(when)}")


def render_page(markdown: str, title: str) -> str:
    """Wrap rendered Markdown in the page; `str.format` would trip over the CSS braces."""
    body = _linked_contents(markdown_renderer().render(markdown))
    for box, mark in TICK_MARKS.items():
        body = body.replace(box, mark)
    return PAGE.replace("{title}", escape(title)).replace("{css}", CSS).replace("{body}", body)
