"""What each exercise kind's saved answer is, in one table (no Textual).

One row per kind: the shape its value has, when it counts as written in,
how it is made of entries (what is stored, merged and deleted on its own:
see `entries.py`), what one of its entries is called (merge reports), the
words in it (earlier answers, word counts) and where a piece of its text
sits (search results). A new kind is added here, in the content's
`kinds.py` (its TOML keys), with a widget, and with an export renderer; a
test (`tests/core/test_answer_rules.py`) fails until all four agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbook.core.content.model import Exercise
from workbook.core.dates import long_datetime
from workbook.core.entries import (
    AS_CHECKLIST,
    AS_DATED,
    AS_ROWS,
    AS_SECTIONS,
    AS_WHOLE,
    GUESS,
)
from workbook.core.frozen import Frozen, frozen
from workbook.core.history import current_rating
from workbook.core.safety_plan import has_plan_lines

Path = tuple[str | int, ...]


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _labels(exercise: Exercise) -> dict[str, str]:
    return {f.id: f.label for f in (*exercise.fields, *exercise.columns)}


def _field_label(exercise: Exercise, value: Any, path: Path) -> str:
    """The label of the field a piece of text is in (text answers, and the fallback)."""
    labels = _labels(exercise)
    return labels[str(path[0])] if path and str(path[0]) in labels else ""


def _dated_entry(what: str) -> Callable[[Exercise, Any, Path], str]:
    def where(exercise: Exercise, value: Any, path: Path) -> str:
        if not (path and isinstance(path[0], int)):
            return _field_label(exercise, value, path)
        entry = value[path[0]]
        stamp = entry.get("created") or entry.get("at") if isinstance(entry, dict) else ""
        return f"{what} of {long_datetime(stamp or '')}"

    return where


def _grid_cell(exercise: Exercise, value: Any, path: Path) -> str:
    if len(path) != 2:
        return _field_label(exercise, value, path)
    return f"row {int(path[0]) + 1} · {_labels(exercise).get(str(path[1]), path[1])}"


def item_text(item: Any) -> str:
    """A list item's words: {"id", "text"} since items have ids, a bare string before."""
    if isinstance(item, dict):
        text = item.get("text")
        return text if isinstance(text, str) else ""
    return item if isinstance(item, str) else ""


def _list_item(exercise: Exercise, value: Any, path: Path) -> str:
    return f"item {int(path[0]) + 1}" if path else ""


def _letter_part(exercise: Exercise, value: Any, path: Path) -> str:
    return "to" if path == ("to",) else "letter"


@frozen
class AnswerRules(Frozen):
    """How the core treats one kind's saved answer."""

    # The Python types a saved value of this kind may have (anything else is
    # from an earlier version of the exercise: see `earlier.py`).
    shapes: tuple[type, ...]
    # True when the person has put something of their own into it.
    answered: Callable[[Exercise, Any], bool]
    # What one entry is called in a merge report, singular and plural; None
    # when the answer merges as one piece.
    entry_names: tuple[str, str] | None = None
    # Where in the exercise a piece of text (at `path` inside the value) sits.
    where: Callable[[Exercise, Any, Path], str] = _field_label
    # How the answer is made of entries (one of `entries.SPLITS`): each entry
    # has an id, is merged on its own and leaves a tombstone when deleted.
    split: str = AS_WHOLE


RULES: dict[str, AnswerRules] = {
    "text": AnswerRules(
        (dict,), lambda ex, v: isinstance(v, dict) and any(_has_text(x) for x in v.values())),
    "letter": AnswerRules(
        (dict,), lambda ex, v: isinstance(v, dict) and _has_text(v.get("body")),
        where=_letter_part),
    "grid": AnswerRules(
        (list,),
        lambda ex, v: isinstance(v, list) and any(
            isinstance(row, dict) and any(_has_text(c) for c in row.values()) for row in v),
        ("grid row", "grid rows"), _grid_cell, AS_ROWS),
    "checkin": AnswerRules(
        (list,),
        lambda ex, v: isinstance(v, list) and any(isinstance(c, dict) and c.get("feelings") for c in v),
        ("check-in", "check-ins"), _dated_entry("check-in note"), AS_DATED),
    # A bare number or None is from before histories (schema 1); a bool never is.
    "scale": AnswerRules(
        (list, int, type(None)), lambda ex, v: current_rating(v) is not None, ("rating", "ratings"),
        split=AS_DATED),
    "choice": AnswerRules(
        (dict,),
        lambda ex, v: isinstance(v, dict) and bool(v.get("selected") or _has_text(v.get("other")))),
    "checklist": AnswerRules(
        (dict,),
        lambda ex, v: isinstance(v, dict) and bool(v.get("checked") or any(
            isinstance(o, dict) and o.get("checked") for o in v.get("own", []))),
        ("checklist entry", "checklist entries"), split=AS_CHECKLIST),
    "journal": AnswerRules(
        (list,),
        lambda ex, v: isinstance(v, list) and any(isinstance(e, dict) and _has_text(e.get("text")) for e in v),
        ("journal entry", "journal entries"), _dated_entry("entry"), AS_DATED),
    "list": AnswerRules(
        (list,), lambda ex, v: isinstance(v, list) and any(_has_text(item_text(i)) for i in v),
        ("list item", "list items"), _list_item, AS_ROWS),
    "plan": AnswerRules((dict,), has_plan_lines, ("safety-plan section", "safety-plan sections"),
                        split=AS_SECTIONS),
}

# What an answer that merges as one piece is called.
WHOLE = ("answer", "answers")


def rules_for(kind: str) -> AnswerRules | None:
    return RULES.get(kind)


def fits(kind: str, value: Any) -> bool:
    """True when a saved value has the shape this kind of exercise stores."""
    if kind == "scale" and isinstance(value, bool):
        return False
    rules = RULES.get(kind)
    return rules is None or isinstance(value, rules.shapes)


def is_answered(exercise: Exercise, value: Any) -> bool:
    """True when the person has put something of their own into an exercise."""
    rules = RULES.get(exercise.kind)
    return value is not None and rules is not None and bool(rules.answered(exercise, value))


def split_for(kind: str | None) -> str:
    """How an answer of this kind is made of entries; by its shape for an unknown kind."""
    rules = RULES.get(kind or "")
    return rules.split if rules is not None else GUESS


def entry_names(kind: str | None) -> tuple[str, str]:
    """What one entry of this kind is called in a merge report (singular, plural)."""
    rules = RULES.get(kind or "")
    return rules.entry_names if rules is not None and rules.entry_names else WHOLE


def where(exercise: Exercise, value: Any, path: Path) -> str:
    """Where in the exercise a piece of text is, in the exercise's own words."""
    rules = RULES.get(exercise.kind)
    return (rules.where if rules is not None else _field_label)(exercise, value, path)
