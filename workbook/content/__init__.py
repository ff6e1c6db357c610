"""The authored workbook: plain data loaded from Markdown files (no Textual)."""

from workbook.content.loader import ContentError, Problem, check_content, load_workbook
from workbook.content.model import Exercise, Field, Option, Page, Step, Workbook

__all__ = [
    "ContentError",
    "Exercise",
    "Field",
    "Option",
    "Page",
    "Problem",
    "Step",
    "Workbook",
    "check_content",
    "load_workbook",
]
