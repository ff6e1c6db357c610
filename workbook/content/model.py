"""Plain, frozen data objects for the workbook's steps, pages and exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Field:
    """A labelled slot inside an exercise: a text field or a grid column."""

    id: str
    label: str
    placeholder: str = ""


@dataclass(frozen=True)
class Option:
    """One choice or checklist item; `id` is what is saved."""

    id: str
    label: str


@dataclass(frozen=True)
class Exercise:
    """One exercise; which attributes matter depends on `kind`."""

    id: str
    kind: str
    title: str
    step_id: str
    source: str
    line: int
    intro: str = ""
    crisis: bool = False
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


@dataclass(frozen=True)
class Step:
    """A numbered step: guidance prose plus its exercises."""

    number: int
    id: str
    title: str
    short: str
    summary: str
    guidance: str
    exercises: tuple[Exercise, ...]
    source: str


@dataclass(frozen=True)
class Page:
    """A prose-only page such as the welcome or the crisis page."""

    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Workbook:
    """The whole authored workbook."""

    root: Path
    steps: tuple[Step, ...]
    pages: dict[str, Page] = field(default_factory=dict)

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
