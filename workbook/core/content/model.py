"""Plain, frozen data objects for the workbook's steps, pages and exercises.

They are dataclasses (`dataclasses.fields`, `replace` and `asdict` work on
them) made with `@frozen`, which writes no methods at import (see `frozen.py`).
"""

# No `from __future__ import annotations` here: `@dataclass` (under `@frozen`)
# reads real types faster than strings, which it matches against `ClassVar`
# one by one, at every start-up.
from dataclasses import field
from pathlib import Path

from workbook.core.frozen import Frozen, frozen


@frozen
class Field(Frozen):
    """A labelled slot inside an exercise: a text field or a grid column."""

    id: str
    label: str
    placeholder: str = ""


@frozen
class Option(Frozen):
    """One choice or checklist item; `id` is what is saved."""

    id: str
    label: str
    # Choosing it shows the crisis lines right there (a thought of suicide, say).
    urgent: bool = False
    # Choosing it shows the domestic abuse lines right there ("I wasn't safe").
    abuse: bool = False


@frozen
class Section(Frozen):
    """One part of a safety plan: a heading over a list of the person's lines."""

    id: str
    label: str
    hint: str = ""
    placeholder: str = ""
    # False for a part that is not a step to use in order (making my
    # surroundings safe: something to do now, on a calm day): it has no number.
    in_order: bool = True


@frozen
class Exercise(Frozen):
    """One exercise; which attributes matter depends on `kind`."""

    id: str
    kind: str
    title: str
    step_id: str
    source: str
    line: int
    intro: str = ""
    crisis: bool = False
    involves_ex: bool = False
    recall: bool = False  # asks the reader to relive painful moments
    optional: bool = False
    fields: tuple[Field, ...] = ()
    columns: tuple[Field, ...] = ()
    options: tuple[Option, ...] = ()
    items: tuple[Option, ...] = ()
    emotions: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    addressee: str = ""
    note: str = ""
    low: str = ""
    high: str = ""
    multiple: bool = False
    other: bool = False
    own: bool = True
    prompt: str = ""
    placeholder: str = ""
    sections: tuple[Section, ...] = ()

    @property
    def urgent_ids(self) -> frozenset[str]:
        """Options or items that, chosen, show the crisis lines."""
        return frozenset(o.id for o in (*self.options, *self.items) if o.urgent)

    @property
    def abuse_ids(self) -> frozenset[str]:
        """Options or items that, chosen, show the domestic abuse lines."""
        return frozenset(o.id for o in (*self.options, *self.items) if o.abuse)


@frozen
class Step(Frozen):
    """A numbered step: guidance prose plus its exercises."""

    number: int
    id: str
    title: str
    short: str
    summary: str
    guidance: str
    exercises: tuple[Exercise, ...]
    source: str


@frozen
class Page(Frozen):
    """A prose-only page such as the welcome or the crisis page."""

    id: str
    title: str
    body: str


# Helpline kinds, in the order every list of lines shows them.
HELPLINE_KINDS = ("emergency", "crisis", "abuse", "directory")


@frozen
class Helpline(Frozen):
    """One line the workbook may name, with where it was checked."""

    id: str
    name: str
    kind: str
    where: str
    source: str
    checked: str  # an ISO date, e.g. "2026-11-30"
    call: str = ""
    text: str = ""
    web: str = ""
    note: str = ""


@frozen
class Care(Frozen):
    """Words said once and shown in many places, and the lines they point to."""

    involves_ex_note: str = ""
    urgent_note: str = ""
    quick_hide_note: str = ""
    writing_note: str = ""
    letter_after_note: str = ""
    not_therapy_note: str = ""  # opens "Who can help" in every export
    recall_note: str = ""  # before an exercise that goes back to painful moments
    abuse_note: str = ""  # opens the panel an `abuse` option shows
    # What to do in the next few minutes: the urgent panel, Need help now, and on
    # paper after the lines ("Who can help", the printed safety plan).
    urgent_steps: tuple[str, ...] = ()
    helplines: tuple[Helpline, ...] = ()

    def notes_before(self, exercise: Exercise) -> tuple[str, ...]:
        """Shared notes shown just before an exercise (the app and every export)."""
        notes = (self.involves_ex_note,) if exercise.involves_ex else ()
        if exercise.recall:
            notes += (self.recall_note,)
        return tuple(note for note in notes if note)

    def notes_after(self, exercise: Exercise) -> tuple[str, ...]:
        """Shared notes shown with an exercise's writing: letters and journals."""
        notes = (self.writing_note,) if exercise.kind in ("letter", "journal") else ()
        if exercise.kind == "letter":
            notes += (self.letter_after_note,)
        return tuple(note for note in notes if note)

    def lines(self, *kinds: str) -> tuple[Helpline, ...]:
        """The helplines of these kinds, grouped in `HELPLINE_KINDS` order."""
        return tuple(
            line for kind in HELPLINE_KINDS if kind in kinds
            for line in self.helplines if line.kind == kind
        )


@frozen
class Workbook(Frozen):
    """The whole authored workbook."""

    root: Path
    steps: tuple[Step, ...]
    pages: dict[str, Page] = field(default_factory=dict)
    care: Care = field(default_factory=Care)
    # Screen words -> the words printed instead (see `workbook.core.content.paper`).
    paper: dict[str, str] = field(default_factory=dict)

    def on_paper(self) -> "Workbook":
        """The workbook as every export prints it: no keys, no places on a screen."""
        if not self.paper:
            return self
        from workbook.core.content.paper import swap_words

        return swap_words(self, self.paper)

    def step(self, number: int) -> Step:
        """Step by its 1-based number."""
        return self.steps[number - 1]

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """Every exercise, in workbook order."""
        return tuple(ex for step in self.steps for ex in step.exercises)

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id, if the content has one."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        return None

    @property
    def crisis_exercises(self) -> tuple[Exercise, ...]:
        """Exercises shown on the "Need help now" screen."""
        return tuple(ex for ex in self.exercises if ex.crisis)

    @property
    def safety_plans(self) -> tuple[Exercise, ...]:
        """The safety plan exercises (kind `plan`), for `export --safety-plan`."""
        return tuple(ex for ex in self.exercises if ex.kind == "plan")
