"""What counts as written in, progress per step and the honest words about it (no Textual)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from workbook.core.answer_rules import is_answered
from workbook.core.content.model import Step, Workbook
from workbook.core.frozen import Frozen, frozen


@frozen
class StepProgress(Frozen):
    """How many of a step's exercises the person has written in.

    There is deliberately no total and no "done": people skip what doesn't
    fit (and `optional` exercises are for some readers only), so progress
    counts what they chose to do, never what is missing.
    """

    step: Step
    written: int

    @property
    def written_in(self) -> bool:
        """True once anything at all is written in this step."""
        return self.written > 0


def step_progress(step: Step, answers: Mapping[str, Any]) -> StepProgress:
    """Progress for one step given every answer by exercise id."""
    count = sum(1 for ex in step.exercises if is_answered(ex, answers.get(ex.id)))
    return StepProgress(step, count)


def workbook_progress(workbook: Workbook, answers: Mapping[str, Any]) -> list[StepProgress]:
    """Progress for every step, in order."""
    return [step_progress(step, answers) for step in workbook.steps]


def written_line(progress: list[StepProgress]) -> str:
    """The home line: "You've written in 12 exercises" (or a welcome before any)."""
    written = sum(p.written for p in progress)
    if written == 0:
        return "Nothing written yet. Start anywhere, whenever you're ready."
    return f"You've written in {written} exercise{'s' if written != 1 else ''}"


def holds_line(workbook: Workbook, answers: Mapping[str, Any]) -> str:
    """What a set of stored answers holds, counted as `workbook status` counts:
    "written in 17 exercises (19 answers saved in all, some cleared or no longer asked)".

    A saved answer is not always an exercise written in: answers cleared back
    to empty and answers to exercises the content no longer asks are saved
    too, so the two numbers are named apart (drafts are kept apart, not
    counted)."""
    written = sum(p.written for p in workbook_progress(workbook, answers))
    line = f"written in {written} exercise{'s' if written != 1 else ''}"
    if len(answers) != written:
        line += (f" ({len(answers)} answer{'s' if len(answers) != 1 else ''} saved in all, "
                 "some cleared or no longer asked)")
    return line


def number_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 9, 10] -> "1 to 3, 5, 9 and 10"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts: list[str] = []
    for run in runs:
        parts += [f"{run[0]} to {run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def closing_words(progress: list[StepProgress]) -> str:
    """The honest part of the closing page: what was written, and what is still there."""
    written = [p.step.number for p in progress if p.written_in]
    waiting = [p.step.number for p in progress if not p.written_in]
    total = sum(p.written for p in progress)
    if not written:
        return ("You haven't written anything here yet, and that's all right. "
                "Every step is here whenever you're ready.")
    steps = "step" if len(written) == 1 else "steps"
    words = [f"You've written in {total} exercise{'s' if total != 1 else ''}, "
             f"in {steps} {number_list(written)}."]
    if waiting:
        steps = "Step" if len(waiting) == 1 else "Steps"
        words.append(f"{steps} {number_list(waiting)} "
                     f"{'is' if len(waiting) == 1 else 'are'} here whenever you're ready.")
    else:
        words.append("You've written something in every step.")
    return " ".join(words)


def last_written(workbook: Workbook, answers: Mapping[str, Any],
                 updated: Callable[[str], str | None]) -> datetime | None:
    """When the person last changed an exercise that has their words in it."""
    latest: datetime | None = None
    for ex in workbook.exercises:
        if not is_answered(ex, answers.get(ex.id)):
            continue
        try:
            moment = datetime.fromisoformat(updated(ex.id) or "")
        except ValueError:
            continue
        moment = moment if moment.tzinfo else moment.astimezone()
        if latest is None or moment > latest:
            latest = moment
    return latest


def since_words(moment: datetime, now: datetime) -> str:
    """How long ago, in plain words: "today", "yesterday", "3 days ago", "2 weeks ago"."""
    days = (now.astimezone().date() - moment.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"
