"""The exports the benchmark times: Markdown, HTML and the JSON backup of one workbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbook.core.content import load_workbook
from workbook.core.export import export_html, export_markdown
from workbook.core.export.backup import export_json
from workbook.core.locations import default_content_dir
from workbook.core.storage import AnswerStore


def exporters(db: Path) -> dict[str, Callable[[], str]]:
    """Each format's export of the workbook in `db`, ready to call (read-only)."""
    workbook = load_workbook(default_content_dir())
    store = AnswerStore(Path(db), read_only=True)
    return {
        "md": lambda: export_markdown(workbook, store.answers()),
        "html": lambda: export_html(workbook, store.answers()),
        "json": lambda: export_json(store),
    }
