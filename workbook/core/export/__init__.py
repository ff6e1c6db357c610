"""Exporting the workbook: Markdown, printable HTML and a JSON backup (no Textual).

`export_markdown` and `export_html` render the person's answers;
`backup` writes and restores the whole database.
"""

from workbook.core.export.common import ExportError, parse_steps
from workbook.core.export.html import export_html
from workbook.core.export.markdown import escape_markdown_text, export_markdown

__all__ = ["ExportError", "escape_markdown_text", "export_html", "export_markdown", "parse_steps"]
