"""A workbook filled with the hardest text we can think of, one exercise of each kind.

Every string is something a person could paste: Markdown and HTML specials,
`<script>`, emoji, Arabic, Hebrew, CJK, control characters and a 100 KB letter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workbook.core.content import Exercise, Workbook
from workbook.core.storage import AnswerStore

SCRIPT = "<script>alert(1)</script>"
MARKUP = "# not a heading *not bold* _nor this_ `code` [a link](http://example.com) <b>bold</b> & &amp; &#65; \\ back\\slash ~~no~~"
PIPES = "a | b || c \\| d |"
EMOJI = "💔 ➡️ ❤️‍🩹 🧡👩🏽‍🦱"
ARABIC = "أفتقدك كثيراً، لكنني بخير"
HEBREW = "אני מתגעגע אלייך, אבל אני בסדר"
CJK = "我很想你。元気でね。보고 싶어"
CONTROL = "bell\x07 esc\x1b[31mred\x1b[0m nul\x00 del\x7f c1\x85 tab\there"
STARTS = [
    "1. not a list", "2) nor this", "- not a bullet", "+ not either", "> not a quote",
    "=== not a heading", "---", "    four spaces, not code", "```", "~~~ fence",
    "[x] not a task", "* star", "#hashtag", "   three spaces", "trailing spaces   ",
    "\u3000ideographic indent",
]

# Distinctive ASCII and non-ASCII strings a reader of the printed PDF must see.
# (CJK and Arabic need fonts a bare CI machine lacks, so they are checked in the
# HTML text, not in the PDF.)
LATIN = "Café crème à l’aube, naïve Ёлочка Ωμέγα"
PDF_SAMPLES = ["Zebra-crossing-7431", "Quokka morning walk 2218", LATIN, "מתגעגע"]


def _letter_body() -> str:
    paragraphs = [
        "Dear you,\nZebra-crossing-7431 is where we met.", LATIN,
        SCRIPT, MARKUP, PIPES, EMOJI, ARABIC, HEBREW, CJK, CONTROL, *STARTS,
    ]
    body = "\n\n".join(paragraphs)
    filler = "I am letting this go, one line at a time, and that is enough for today. "
    number = 0
    while len(body.encode("utf-8")) < 100_000:
        number += 1
        body += f"\n\nParagraph {number}: " + filler * 6
    return body + "\n\nWith care,\nme"


def hostile_value(exercise: Exercise) -> Any:
    """A hostile answer of the right shape for any kind."""
    kind = exercise.kind
    if kind == "text":
        texts = [f"{MARKUP} {SCRIPT}", f"{ARABIC}\n{HEBREW}\n{CJK}", CONTROL, EMOJI]
        return {f.id: texts[i % len(texts)] for i, f in enumerate(exercise.fields)}
    if kind == "letter":
        return {"to": f"{EMOJI} <you> | *you*", "body": _letter_body()}
    if kind == "grid":
        columns = [c.id for c in exercise.columns]
        cells = [PIPES, f"line one\nline two | {SCRIPT}", f"{ARABIC} {CJK}", "1. cell", MARKUP,
                 CONTROL, "- dash", EMOJI, HEBREW]
        rows = [{c: cells[(r * len(columns) + i) % len(cells)] for i, c in enumerate(columns)}
                for r in range(3)]
        rows.append({c: "" for c in columns})  # an empty row is not an answer
        return rows
    if kind == "checkin":
        return [
            {"at": "2025-03-01T02:10:00+01:00",
             "feelings": [{"name": exercise.emotions[0], "intensity": 9},
                          {"name": f"{ARABIC} | own *feeling*", "intensity": 4}],
             "note": f"Quokka morning walk 2218\n{SCRIPT}\n\n{CJK}"},
            {"at": "2025-03-02T09:30:00+01:00",
             "feelings": [{"name": exercise.emotions[1], "intensity": 3}], "note": ""},
        ]
    if kind == "scale":
        return 7
    if kind == "choice":
        return {"selected": [exercise.options[0].id], "other": f"{SCRIPT} | {HEBREW} *other*"}
    if kind == "checklist":
        return {"checked": [exercise.items[0].id],
                "own": [{"text": f"[ ] {MARKUP}", "checked": True},
                        {"text": f"{CJK} | {EMOJI}", "checked": False}]}
    if kind == "journal":
        return [
            {"id": "e1", "created": "2025-02-28T23:59:00+01:00", "updated": "2025-02-28T23:59:00+01:00",
             "text": "\n".join(STARTS)},
            {"id": "e2", "created": "2025-03-01T00:05:00+01:00", "updated": "2025-03-01T00:05:00+01:00",
             "text": f"{SCRIPT}\n\n{MARKUP}\n\n{CONTROL}\n\n{EMOJI} {ARABIC}"},
        ]
    if kind == "list":
        return [MARKUP, SCRIPT, PIPES, *STARTS[:6], "", EMOJI, HEBREW]
    if kind == "plan":
        first, second, *rest = exercise.sections
        return {first.id: [MARKUP, SCRIPT, *STARTS[6:12]], second.id: [PIPES, "", EMOJI],
                # An answer kept from when the plan was one field per part.
                **{section.id: f"{ARABIC} {CJK}" for section in rest[:1]}}
    raise ValueError(kind)


def hostile_exercises(workbook: Workbook) -> list[Exercise]:
    """The first exercise of every kind the content has."""
    chosen: dict[str, Exercise] = {}
    for exercise in workbook.exercises:
        chosen.setdefault(exercise.kind, exercise)
    return list(chosen.values())


def fill_hostile(db: Path, workbook: Workbook) -> dict[str, Any]:
    """Answer one exercise of each kind with hostile text; returns the values by id."""
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.set_setting("theme", "textual-dark")
    values = {ex.id: hostile_value(ex) for ex in hostile_exercises(workbook)}
    for exercise_id, value in values.items():
        store.set(exercise_id, value)
    store.save()
    store.close()
    return values


def paragraphs(text: str) -> list[str]:
    """How a person's block of text reads back: its paragraphs, blank lines between
    them collapsed, line endings as "\\n" (written independently of the exporter)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n(?:[^\S\n]*\n)+", text)
    return [part for part in parts if part.strip()]


def answer_strings(exercise: Exercise, value: Any) -> list[str]:
    """Every piece of text the person typed for one exercise, as it must read back:
    single-line pieces whole, longer writing paragraph by paragraph."""
    kind = exercise.kind
    if kind == "text":
        return [p for v in value.values() for p in paragraphs(v)]
    if kind == "letter":
        return [value["to"], *paragraphs(value["body"])]
    if kind == "grid":
        return [cell for row in value for cell in row.values() if cell.strip()]
    if kind == "checkin":
        return [x for c in value for x in
                [f["name"] for f in c["feelings"]] + paragraphs(c["note"])]
    if kind == "scale":
        return [f"{value} / 10"]
    if kind == "choice":
        return [value["other"]]
    if kind == "checklist":
        return [own["text"] for own in value["own"]]
    if kind == "journal":
        return [p for entry in value for p in paragraphs(entry["text"])]
    if kind == "list":
        return [item for item in value if item.strip()]
    if kind == "plan":
        return [line for lines in value.values()
                for line in ([lines] if isinstance(lines, str) else lines) if line.strip()]
    raise ValueError(kind)
