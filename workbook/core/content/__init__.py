"""The authored workbook: plain data loaded from Markdown files (no Textual).

The loader (and with it markdown-it-py and TOML) is imported on first use:
the app usually gets its content from the cache (`workbook.core.content.cache`).
"""

from typing import Any

from workbook.core.content.errors import ContentError, Problem
from workbook.core.content.model import (
    Care,
    Exercise,
    Field,
    Helpline,
    Option,
    Page,
    Section,
    Step,
    Workbook,
)

_LOADER_NAMES = ("check_content", "load_workbook")

__all__ = [
    "Care",
    "ContentError",
    "Exercise",
    "Field",
    "Helpline",
    "Option",
    "Page",
    "Problem",
    "Section",
    "Step",
    "Workbook",
    "check_content",
    "load_workbook",
]


def __getattr__(name: str) -> Any:
    if name in _LOADER_NAMES:
        from workbook.core.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
