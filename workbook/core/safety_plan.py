"""A saved safety plan, in its old shape or its new one (no Textual).

A plan is saved as {section id: [line, ...]}. Before plans had sections of
several lines, the safety plan was a `text` exercise saved as
{field id: "words"}: such a string reads as the first line of the section
with the same id, so nothing written then is lost.
"""

from __future__ import annotations

from typing import Any

from workbook.core.content.model import Exercise, Section


def plan_lines(value: Any, section_id: str) -> list[str]:
    """The lines saved under one section (an old one-field answer is one line)."""
    saved = value.get(section_id) if isinstance(value, dict) else None
    if isinstance(saved, str):
        return [saved] if saved.strip() else []
    if isinstance(saved, list):
        return [line for line in saved if isinstance(line, str)]
    return []


def plan_value(exercise: Exercise, value: Any, section_id: str, lines: list[str]) -> dict[str, Any]:
    """The whole plan after one section's lines changed, every section in the new shape.

    Keys the content no longer has are kept as they were.
    """
    kept = dict(value) if isinstance(value, dict) else {}
    kept.update({s.id: plan_lines(value, s.id) for s in exercise.sections})
    kept[section_id] = list(lines)
    return kept


def has_plan_lines(exercise: Exercise, value: Any) -> bool:
    """True when any section holds a line with words in it."""
    return any(
        line.strip() for s in exercise.sections for line in plan_lines(value, s.id)
    )


def numbered_sections(exercise: Exercise) -> list[tuple[int | None, Section]]:
    """Each part with its number among the steps used in order; None for a part
    that is not one of them (making surroundings safe: done now, on a calm day)."""
    numbered: list[tuple[int | None, Section]] = []
    count = 0
    for section in exercise.sections:
        if section.in_order:
            count += 1
        numbered.append((count if section.in_order else None, section))
    return numbered


def section_heading(number: int | None, section: Section) -> str:
    """ "1. My warning signs", or the label alone for a part outside the order."""
    return section.label if number is None else f"{number}. {section.label}"
