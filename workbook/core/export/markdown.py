"""The workbook as CommonMark: what the person wrote, exactly as they wrote it.

Everything a person typed goes through `escape_markdown_text()`, so a `#`,
`*`, `|`, `<` or backtick in an answer reads as that character and never as
markup. The HTML export renders this same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from datetime import date
from typing import Any

from workbook.core import clock
from workbook.core.answer_rules import fits, item_text
from workbook.core.content.model import Care, Exercise, Step, Workbook
from workbook.core.content.numbers import whole_numbers
from workbook.core.crisis_lines import CRISIS_KINDS, STEPS_TITLE, lines_markdown
from workbook.core.dates import long_date, long_datetime
from workbook.core.earlier import TITLE as EARLIER_TITLE
from workbook.core.earlier import Earlier, earlier_answers, words_in
from workbook.core.entries import WHOLE
from workbook.core.export.charts import Chart, journey_charts, table_rows
from workbook.core.export.common import chosen_steps
from workbook.core.export.urgent import (
    ANSWERED,
    LEFT_OUT,
    urgent_chosen,
    urgent_on_paper,
    without_urgent,
)
from workbook.core.history import scale_history
from workbook.core.safety_plan import numbered_sections, plan_lines

TITLE = "Heartbreak Workbook"
NOT_ANSWERED = "*(not answered yet)*"
SAFETY_PLAN_TITLE = "My safety plan"
SAFETY_PLAN_LINES = "Lines to call, any time"
WHO_CAN_HELP = "Who can help"
WRITING_LINE = "---"  # a thematic break: printed as a ruled line to write on

# Control characters cannot be shown (and HTML forbids most of them, even as
# references), and a raw ESC in a file someone `cat`s would drive the terminal.
# C0 controls become their visible "control picture" (U+2401 for U+0001 ...),
# DEL becomes U+2421; C1 controls, Unicode non-characters and lone surrogates,
# which have no picture, become U+FFFD. Line endings become "\n".
# (Three patterns because one class holding every astral non-character makes
# the regex engine slow on every string; astral characters are rare.)
_UNPRINTABLE_ASCII = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"}

# Inline markup anywhere in a line: escapes, code, emphasis, links, autolinks,
# headings' closing #s, table pipes and (for GitHub-flavoured readers)
# strikethrough; `&` only where it would start an entity.
# (`str.replace` per character beats both `re.sub` and `str.translate` here.)
_ESCAPED = "\\`*_[<#|~"  # the backslash first, so added ones are not doubled
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Block markup at the start of a line: quotes, bullets, setext underlines
# and ordered-list numbers ("1." or "1)").
_MARKER_START = frozenset("-+=>")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])", re.ASCII)


def printable(text: str) -> str:
    """`text` with line endings as "\\n" and control characters made visible."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        if _UNPRINTABLE_ASCII.search(text) is not None:
            text = _UNPRINTABLE_ASCII.sub(_picture, text)
        return text
    if _UNPRINTABLE.search(text) is not None:
        text = _UNPRINTABLE.sub(_picture, text)
    if _ASTRAL.search(text) is not None:
        text = _ASTRAL.sub(_no_nonchar, text)
    return text


def _picture(match: re.Match[str]) -> str:
    return _PICTURES.get(ord(match.group()), "\ufffd")


def _no_nonchar(match: re.Match[str]) -> str:
    char = match.group()
    return "\ufffd" if ord(char) & 0xFFFE == 0xFFFE else char


def _safe_line(line: str) -> str:
    """One escaped line with nothing at its start or ends that Markdown would act on."""
    first = line[:1]
    if first in _MARKER_START and first:
        line = "\\" + line
    elif first in "0123456789" and first and (number := _ORDERED_START.match(line)):
        line = f"{number[1]}\\{number[2]}{line[number.end():]}"
    elif first.isspace():
        # Leading whitespace would be dropped (or, four deep, start a code
        # block): the first character becomes a character reference.
        line = f"&#{ord(first)};{line[1:]}"
    last = line[-1:]
    if last.isspace():  # trailing whitespace is dropped, or makes a line break
        line = f"{line[:-1]}&#{ord(last)};"
    return line


def escape_markdown_text(text: str, *, inline: bool = False) -> str:
    """Markdown that renders as exactly `text` (after `printable()`).

    Block text (the default) keeps its lines as hard line breaks and its
    blank lines as paragraph breaks (a run of blank lines counts as one, and
    blank lines before the first or after the last line are dropped).
    `inline=True` is for a table cell, list item or heading: line breaks
    become `&#10;` so the text stays on one Markdown line.
    """
    text = printable(text)
    for char in _ESCAPED:
        if char in text:
            text = text.replace(char, "\\" + char)
    if "&" in text:
        text = _ENTITY_START.sub("\\\\&", text)
    if inline:
        return _safe_line(text.replace("\n", "&#10;"))
    if "\n" not in text:
        return _safe_line(text) if text and not text.isspace() else ""
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if line and not line.isspace():
            lines.append(_safe_line(line))
        elif lines:
            paragraphs.append("\\\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\\\n".join(lines))
    return "\n\n".join(paragraphs)


def _inline(text: Any) -> str:
    return escape_markdown_text(_as_text(text), inline=True)


# The HTML export shows each written answer (a letter, a journal entry) as
# typed, spaces, tabs and blank lines included: it asks for them as fenced
# "answer" blocks, which its renderer turns into pre-wrapped text.
ANSWER_INFO = "answer"
_verbatim_answers: ContextVar[bool] = ContextVar("verbatim_answers", default=False)


def _block(text: Any) -> str:
    if _verbatim_answers.get():
        return answer_fence(_as_text(text))
    return escape_markdown_text(_as_text(text))


def answer_fence(text: str) -> str:
    """`text`, every character kept, as a fenced block marked as an answer."""
    text = printable(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{ANSWER_INFO}\n{text}\n{fence}"


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _items(value: Any) -> list[Any]:
    """A saved list, or nothing when the saved value has another shape."""
    return value if isinstance(value, list) else []


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _plain(text: str) -> str:
    """Authored text (titles, intros) on one line, escaped."""
    return _inline(" ".join(text.split()))


# Answers, one function per kind: each returns Markdown blocks.

def _text(ex: Exercise, value: Any) -> list[str]:
    value = value if isinstance(value, dict) else {}
    blocks: list[str] = []
    labels = {f.id: f.label for f in ex.fields}
    for field_id in [*labels, *(k for k in value if k not in labels)]:
        if _has_text(value.get(field_id)):
            blocks += [f"**{_plain(labels.get(field_id, field_id))}**", _block(value[field_id])]
    return blocks


def _letter(ex: Exercise, value: Any) -> list[str]:
    value = value if isinstance(value, dict) else {}
    blocks = [f"**To:** {_inline(value['to'])}"] if _has_text(value.get("to")) else []
    if _has_text(value.get("body")):
        blocks.append(_block(value["body"]))
    return blocks


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    header = list(header)
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _grid(ex: Exercise, value: Any) -> list[str]:
    rows = [
        row for row in (value if isinstance(value, list) else [])
        if isinstance(row, dict) and any(_has_text(row.get(c.id)) for c in ex.columns)
    ]
    if not rows:
        return []
    cells = ([_inline(row.get(c.id, "")) for c in ex.columns] for row in rows)
    return [_table((_plain(c.label) for c in ex.columns), cells)]


def _checkin(ex: Exercise, value: Any) -> list[str]:
    blocks: list[str] = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict):
            continue
        feelings = [f for f in _items(entry.get("feelings")) if isinstance(f, dict)]
        if not feelings and not _has_text(entry.get("note")):
            continue
        blocks.append(f"#### {_inline(long_datetime(entry.get('at', '')))}")
        if feelings:
            blocks.append("\n".join(
                f"- {_inline(f.get('name', ''))}: {_inline(f.get('intensity', ''))} / 10"
                for f in feelings
            ))
        if _has_text(entry.get("note")):
            blocks.append(_block(entry["note"]))
    return blocks


def _scale_labels(ex: Exercise) -> str:
    return f"0 = {_plain(ex.low)}; 10 = {_plain(ex.high)}"


def _scale(ex: Exercise, value: Any) -> list[str]:
    history = scale_history(value)
    if not history:
        return []
    blocks = [f"**{history[-1]['rating']} / 10**\\\n{_scale_labels(ex)}"]
    if len(history) > 1:
        rows = ([_inline(long_datetime(e.get("at", ""))), f"{e['rating']} / 10"] for e in history)
        blocks.append(_table(["When", "Rating"], rows))
    return blocks


def _answered(ex: Exercise, value: dict[str, Any], option_id: str) -> str:
    """ " (answered Monday 30 November 2026, 09:00)" beside an urgent option, when the
    export was given its date (see `workbook.core.export.urgent`)."""
    if option_id not in ex.urgent_ids or not _has_text(value.get(ANSWERED)):
        return ""
    return f" *(answered {_inline(long_datetime(value[ANSWERED]))})*"


def _choice(ex: Exercise, value: Any) -> list[str]:
    value = value if isinstance(value, dict) else {}
    labels = {o.id: o.label for o in ex.options}
    items = [f"- {_plain(labels.get(o, o))}{_answered(ex, value, o)}"
             for o in _items(value.get("selected")) if isinstance(o, str)]
    if _has_text(value.get("other")):
        items.append(f"- Something else: {_inline(value['other'])}")
    return ["\n".join(items)] if items else []


def _task(checked: bool, text: str) -> str:
    return f"- [{'x' if checked else ' '}] {text}"


def _checklist(ex: Exercise, value: Any) -> list[str]:
    value = value if isinstance(value, dict) else {}
    checked = {c for c in _items(value.get("checked")) if isinstance(c, str)}
    own = [o for o in _items(value.get("own")) if isinstance(o, dict) and _has_text(o.get("text"))]
    if not checked and not own:
        return []
    items = [_task(item.id in checked, _plain(item.label) + _answered(ex, value, item.id))
             for item in ex.items]
    items += [_task(bool(o.get("checked")), _inline(o["text"])) for o in own]
    return ["\n".join(items)]


def _journal(ex: Exercise, value: Any) -> list[str]:
    blocks: list[str] = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict) and _has_text(entry.get("text")):
            blocks += [f"#### {_inline(long_datetime(entry.get('created', '')))}", _block(entry["text"])]
    return blocks


def _list(ex: Exercise, value: Any) -> list[str]:
    texts = [item_text(item) for item in value] if isinstance(value, list) else []
    items = [f"- {_inline(text)}" for text in texts if _has_text(text)]
    return ["\n".join(items)] if items else []


def _plan(ex: Exercise, value: Any, *, room: int = 0) -> list[str]:
    """Each section with lines; with `room`, every section, and ruled lines where empty."""
    blocks: list[str] = []
    for number, section in numbered_sections(ex):
        lines = [f"- {_inline(line)}" for line in plan_lines(value, section.id) if _has_text(line)]
        if not (lines or room):
            continue
        # The number outside `_plain`, which would escape "1." at the start of a line.
        blocks.append(f"**{'' if number is None else f'{number}. '}{_plain(section.label)}**")
        if room and section.hint:
            blocks.append(f"*{_plain(section.hint)}*")
        blocks += ["\n".join(lines)] if lines else _lines(room)
    return blocks


def _nothing(ex: Exercise, value: Any) -> list[str]:
    return []


ANSWER: dict[str, Callable[[Exercise, Any], list[str]]] = {
    "text": _text, "letter": _letter, "grid": _grid, "checkin": _checkin, "scale": _scale,
    "choice": _choice, "checklist": _checklist, "journal": _journal, "list": _list,
    "plan": _plan,
}


# Room to write by hand, one function per kind.

def _lines(count: int) -> list[str]:
    return [WRITING_LINE] * count


def _blank(ex: Exercise) -> list[str]:
    kind = ex.kind
    if kind == "text":
        return [block for f in ex.fields for block in (f"**{_plain(f.label)}**", *_lines(2))]
    if kind == "letter":
        prompts = "\n".join(f"- {_plain(p)}" for p in ex.prompts)
        to = f" *{_plain(ex.addressee)}*" if ex.addressee else ""
        return [b for b in (prompts, f"**To:**{to}") if b] + _lines(14)
    if kind == "grid":
        empty = [["" for _ in ex.columns] for _ in range(6)]
        return [_table((_plain(c.label) for c in ex.columns), empty)]
    if kind == "checkin":
        rows = [[_plain(e), ""] for e in ex.emotions] + [["", ""] for _ in range(3)]
        return ["**Date:**", _table(["Feeling", "How strong (0 to 10)"], rows), "**Note:**",
                *_lines(3)]
    if kind == "scale":
        return [f"{_scale_labels(ex)}\\\nCircle one: " + " · ".join(str(n) for n in range(11))]
    if kind == "choice":
        tasks = [_task(False, _plain(o.label)) for o in ex.options]
        if ex.other:
            tasks.append(_task(False, "Something else:"))
        return ["\n".join(tasks)]
    if kind == "checklist":
        own = _lines(3) if ex.own else []
        return ["\n".join(_task(False, _plain(i.label)) for i in ex.items), *own]
    if kind == "journal":
        prompt = [f"*{_plain(ex.prompt)}*"] if ex.prompt else []
        return [*prompt, "**Date:**", *_lines(12)]
    if kind == "list":
        return _lines(6)
    if kind == "plan":
        return _plan(ex, None, room=3)
    return _lines(4)


def _note(text: str) -> str:
    """A shared care note (the content's words), in italics like an intro."""
    return f"*{_plain(text)}*"


def _exercise(ex: Exercise, value: Any, care: Care, *, blank: bool,
              include_unanswered: bool, include_urgent: bool = False) -> list[str]:
    # An urgent answer (a "Yes, right now") only when the person chose to print it.
    left_out = not (blank or include_urgent) and bool(urgent_chosen(ex, value))
    if left_out:
        value = without_urgent(ex, value)
    # Anything the person typed counts here, even where progress would not
    # call the exercise answered yet (a check-in note without feelings).
    answer = [] if blank or value is None else ANSWER.get(ex.kind, _nothing)(ex, value)
    if not (answer or blank or include_unanswered):
        return []
    if left_out:
        answer = [*answer, f"*{LEFT_OUT}*"]
    blocks = [f"### {_plain(ex.title)}"]
    blocks += [_note(note) for note in care.notes_before(ex)]
    if ex.intro:
        blocks.append(f"*{_plain(ex.intro)}*")
    blocks += _blank(ex) if blank else answer or [NOT_ANSWERED]
    if ex.kind == "plan":
        blocks += _plan_lines(care)
    return blocks + [_note(note) for note in care.notes_after(ex)]


def _plan_lines(care: Care) -> list[str]:
    """The crisis lines a safety plan promises, right after it, as in the app."""
    lines = whole_numbers(lines_markdown(care, CRISIS_KINDS, compact=True))
    return [f"**{SAFETY_PLAN_LINES}**", lines] if lines else []


def _who_can_help(care: Care) -> list[str]:
    """Every line, grouped as on Need help now, then what to do in the next few
    minutes: near the start, so a printed copy's "who can help" always points
    somewhere, and a "yes" on paper has its next steps too."""
    lines = whole_numbers(lines_markdown(care, heading="###"))
    if not lines:
        return []
    note = [_plain(care.not_therapy_note)] if care.not_therapy_note else []
    return [f"## {WHO_CAN_HELP}", *note, lines, *_next_minutes(care, "###")]


def _next_minutes(care: Care, heading: str) -> list[str]:
    """The urgent steps, as Need help now shows them after the lines (authored
    Markdown, as in the app), as bullets: an export holds no ordered list, so one
    in an answer can always be told for the escaped text it is."""
    if not care.urgent_steps:
        return []
    steps = "\n".join(f"- {step}" for step in care.urgent_steps)
    return [f"{heading} {STEPS_TITLE}", whole_numbers(steps)]


def _step(step: Step, answers: Mapping[str, Any], care: Care, *, blank: bool,
          include_unanswered: bool, explicit: bool, include_urgent: bool = False) -> list[str]:
    body: list[str] = []
    for ex in step.exercises:
        body += _exercise(ex, answers.get(ex.id), care, blank=blank,
                          include_unanswered=include_unanswered, include_urgent=include_urgent)
    if not body and not explicit:
        return []
    head = [f"## Step {step.number}. {_plain(step.title)}"]
    if step.summary:
        head.append(f"*{_plain(step.summary)}*")
    # The step's reading goes wherever the step does: its notes (not
    # therapy, skip this if they hurt you) matter most on paper.
    if step.guidance.strip():
        head.append(step.guidance.strip())
    return head + (body or ["Nothing written in this step yet."])


def _earlier(workbook: Workbook, earlier: Sequence[Earlier], include_urgent: bool) -> list[str]:
    """Words that are not the answer now (the content changed, or a merge kept
    the other side's change): never left out of an export, except an urgent
    option (a "Yes, right now"), which follows the answers' rule: printed only
    when asked for, and then dated."""
    if not earlier:
        return []
    blocks = [f"## {EARLIER_TITLE}",
              "*These are not the answers shown now: the workbook's content has changed "
              "since you wrote them, or another copy of the workbook changed them at the "
              "same time. They are yours, so they are kept here.*"]
    for answer in earlier:
        words = _earlier_words(workbook.exercise(answer.exercise_id), answer, include_urgent)
        if words:
            blocks += [f"### {_plain(answer.title)}", f"*{_plain(answer.why.capitalize())}.*",
                       *words]
    return blocks if len(blocks) > 2 else []


def _earlier_words(ex: Exercise | None, answer: Earlier, include_urgent: bool) -> list[str]:
    """One earlier answer's blocks: as its exercise prints an answer when it still
    has that shape (a merge's kept choice, with its options' words), else its words."""
    value, note = answer.value, []
    if ex is not None:
        value, left_out = urgent_on_paper(ex, value, include_urgent=include_urgent,
                                          answered=getattr(answer.version, "updated", None))
        note = [f"*{LEFT_OUT}*"] if left_out else []
    whole = answer.version is None or answer.version.slot == WHOLE
    if ex is not None and whole and ex.kind in ANSWER and fits(ex.kind, value):
        shown = ANSWER[ex.kind](ex, value)
    else:
        shown = [_block(words) for words in words_in(value)]
    # Nothing else in it: left out whole, as an answer is (its question says enough).
    return [*shown, *note] if shown else []


def _journey(workbook: Workbook, answers: Mapping[str, Any],
             figure: Callable[[Chart], str] | None,
             updated: Mapping[str, str | None] | None) -> list[str]:
    """Your journey: each chart's title, what its numbers mean and its table."""
    charts = journey_charts(workbook, answers, updated)
    if not charts:
        return []
    blocks = ["## Your journey", "*How things have moved over time.*"]
    for chart in charts:
        blocks += [f"### {_plain(chart.title)}", f"*{_plain(chart.note)}*"]
        if figure is not None:
            blocks.append(figure(chart))
        header = ["When", *(_inline(name) for name in chart.series)]
        blocks.append(_table(header, ([when, *cells] for when, cells in table_rows(chart))))
        if chart.also:
            blocks.append("Also named: " + ", ".join(
                f"{_inline(name)} ({count} check-in{'' if count == 1 else 's'})"
                for name, count in chart.also) + ".")
    return blocks


def export_markdown(
    workbook: Workbook,
    answers: Mapping[str, Any],
    *,
    steps: list[int] | None = None,
    include_unanswered: bool = False,
    blank: bool = False,
    when: date | None = None,
    figure: Callable[[Chart], str] | None = None,
    verbatim_answers: bool = False,
    earlier: Sequence[Earlier] | None = None,
    include_urgent: bool = False,
    updated: Mapping[str, str | None] | None = None,
) -> str:
    """The workbook (or the chosen steps) as one CommonMark document, in the
    content's words for paper (`Workbook.on_paper`).

    The whole workbook ends with "Your journey": a small table per chart of
    what changed over time. `figure`, if given, makes a block that goes
    before each table (the HTML export puts its drawn chart there).

    By default only answered exercises appear, and only steps that have
    one (a step asked for by number always appears). `include_unanswered`
    lists the others as "(not answered yet)"; `blank` ignores the answers
    and leaves room to write by hand. `verbatim_answers` fences written
    answers (for the HTML export, see `ANSWER_INFO`). Answers marked urgent
    are left out unless `include_urgent` (see `workbook.core.export.urgent`).
    Raises `ExportError` for a step number the workbook does not have.
    `earlier` lists the earlier answers to end with
    (`earlier.earlier_in(workbook, store)`); by default those `answers` the
    content has no place for.
    `updated` (each answer's last-changed stamp) lets the journey count the
    words of each week as the app does (`journey_charts`).
    """
    token = _verbatim_answers.set(verbatim_answers)
    if earlier is None:
        earlier = earlier_answers(workbook, answers)
    try:
        return _export_markdown(workbook.on_paper(), answers, steps=steps,
                                include_unanswered=include_unanswered, blank=blank,
                                when=when or clock.now(), figure=figure,
                                include_urgent=include_urgent, earlier=earlier,
                                updated=updated)
    finally:
        _verbatim_answers.reset(token)


def _export_markdown(workbook: Workbook, answers: Mapping[str, Any], *, steps: list[int] | None,
                     include_unanswered: bool, blank: bool, when: date,
                     figure: Callable[[Chart], str] | None, include_urgent: bool,
                     earlier: Sequence[Earlier],
                     updated: Mapping[str, str | None] | None) -> str:
    sections: list[list[str]] = []
    help_section = _who_can_help(workbook.care)
    if help_section:
        sections.append(help_section)
    for step in chosen_steps(workbook, steps):
        section = _step(step, answers, workbook.care, blank=blank, include_unanswered=include_unanswered,
                        explicit=steps is not None or blank, include_urgent=include_urgent)
        if section:
            sections.append(section)
    if not blank and steps is None:
        section = _earlier(workbook, earlier, include_urgent)
        if section:
            sections.append(section)
        section = _journey(workbook, answers, figure, updated)
        if section:
            sections.append(section)
    if blank:
        cover = [f"# {TITLE}", f"A blank workbook to fill in by hand. Printed {long_date(when)}."]
    else:
        cover = [f"# {TITLE}", f"What I wrote, as of {long_date(when)}."]
    if len(sections) > bool(help_section):  # more than the helplines
        cover.append("\n".join(f"- {s[0].removeprefix('## ')}" for s in sections))
    else:
        cover.append("Nothing written yet. Whenever you are ready, the workbook is here.")
    blocks = cover + [block for section in sections for block in section]
    return "\n\n".join(blocks) + "\n"


def export_safety_plan(
    workbook: Workbook,
    answers: Mapping[str, Any],
    *,
    blank: bool = False,
    when: date | None = None,
) -> str:
    """Only the safety plan (every `plan` exercise, each part with room to add
    by hand) and the crisis lines: to print, or keep on a phone."""
    when = when or clock.now()
    workbook = workbook.on_paper()
    plans = workbook.safety_plans
    title = _plain(plans[0].title) if len(plans) == 1 else SAFETY_PLAN_TITLE
    blocks = [f"# {title}", f"From the {TITLE}, {long_date(when)}."]
    for ex in plans:
        if len(plans) > 1:
            blocks.append(f"## {_plain(ex.title)}")
        if ex.intro:
            blocks.append(f"*{_plain(ex.intro)}*")
        blocks += _plan(ex, None if blank else answers.get(ex.id), room=2)
    lines = whole_numbers(lines_markdown(workbook.care, CRISIS_KINDS, heading="###"))
    if lines:
        blocks += [f"## {SAFETY_PLAN_LINES}", lines, *_next_minutes(workbook.care, "##")]
    return "\n\n".join(blocks) + "\n"
