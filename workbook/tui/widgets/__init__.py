"""One widget per exercise kind; `widget_for` picks the right one."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (the home screen's footer and top bar live here too: start-up skips it)
    from workbook.core.content.model import Care, Exercise
    from workbook.tui.widgets.base import ExerciseWidget

# kind -> "module:Class", imported on first use so start-up stays light.
WIDGET_CLASSES: dict[str, str] = {
    "text": "text_answers:TextAnswers",
    "letter": "letter_editor:LetterEditor",
    "grid": "reflection_grid:ReflectionGrid",
    "checkin": "feelings_checkin:FeelingsCheckin",
    "scale": "rating_scale:RatingScale",
    "choice": "choice_picker:ChoicePicker",
    "checklist": "checklist:Checklist",
    "journal": "journal:Journal",
    "list": "item_list:ItemList",
    "plan": "safety_plan:SafetyPlan",
}


def widget_class(kind: str) -> type[ExerciseWidget]:
    """The widget class for an exercise kind."""
    module_name, class_name = WIDGET_CLASSES[kind].split(":")
    module = import_module(f"workbook.tui.widgets.{module_name}")
    return getattr(module, class_name)


def widget_for(
    exercise: Exercise,
    value: Any,
    *,
    read_only: bool = False,
    draft: Any = None,
    care: Care | None = None,
) -> ExerciseWidget:
    """A ready-to-mount widget for one exercise, its saved value and any unsaved draft."""
    return widget_class(exercise.kind)(exercise, value, read_only=read_only, draft=draft,
                                       care=care)
