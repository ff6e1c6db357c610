"""A gently filled-in workbook for snapshot tests and README screenshots.

Timestamps are fixed so pictures do not change from run to run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.core.content import Exercise, Workbook
from workbook.core.storage import AnswerStore


def sample_value(exercise: Exercise) -> Any:
    """An example answer of the right shape for any exercise."""
    kind = exercise.kind
    if kind == "text":
        examples = ["Mornings are the hardest.", "A walk, and calling my sister.", "Patience."]
        return {f.id: examples[i % len(examples)] for i, f in enumerate(exercise.fields[:2])}
    if kind == "letter":
        return {
            "to": "To you",
            "body": "I have been carrying this for a long time.\n\n"
            "I'm not writing to send it. I'm writing so I can set it down.",
        }
    if kind == "grid":
        first, *rest = exercise.columns
        return [
            {first.id: "Our first year", **{c.id: "We laughed a lot" for c in rest[:1]}},
            {first.id: "The move", **{c.id: "We stopped talking" for c in rest[:1]}},
        ]
    if kind == "checkin":
        names = list(exercise.emotions)
        return [
            {"at": "2026-11-20T21:14:00+00:00",
             "feelings": [{"name": names[0], "intensity": 8}, {"name": names[1], "intensity": 5}],
             "note": "A long day."},
            {"at": "2026-11-26T08:02:00+00:00",
             "feelings": [{"name": names[0], "intensity": 5}], "note": ""},
        ]
    if kind == "scale":  # rated three times over the month
        return [{"id": f"r{n}", "at": f"2026-11-{day}T09:00:00+00:00", "rating": rating}
                for n, (day, rating) in enumerate((("02", 3), ("12", 5), ("26", 6)))]
    if kind == "choice":
        return {"selected": [exercise.options[0].id], "other": ""}
    if kind == "checklist":
        return {"checked": [exercise.items[0].id], "own": [{"text": "Texted an old friend", "checked": True}]}
    if kind == "journal":
        return [
            {"id": "e1", "created": "2026-11-24T22:40:00+00:00", "updated": "2026-11-24T22:40:00+00:00",
             "text": "Couldn't sleep. Wrote this instead of texting."},
            {"id": "e2", "created": "2026-11-26T07:55:00+00:00", "updated": "2026-11-26T07:55:00+00:00",
             "text": "A little lighter today."},
        ]
    if kind == "list":
        return ["I keep my promises", "I make people laugh"]
    if kind == "plan":  # the first two parts: what matters most, then warning signs
        first, second, *_ = exercise.sections
        return {first.id: ["My niece Ana", "Seeing the sea again"],
                second.id: ["I stop answering messages", "I can't sleep"]}
    raise ValueError(kind)


def fill_sample(db: Path, workbook: Workbook, *, steps: tuple[int, ...] = (1, 2, 4, 9)) -> Path:
    """Answer every exercise of some steps, and the safety plan, with sample values;
    the welcome is marked seen."""
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    for number in steps:
        for exercise in workbook.step(number).exercises:
            store.set(exercise.id, sample_value(exercise))
    for exercise in workbook.safety_plans:
        store.set(exercise.id, sample_value(exercise))
    store.save()
    store.close()
    return db
