"""The workbook as a PDF booklet, printed from the HTML export by WeasyPrint (no Textual).

WeasyPrint is an optional extra (the `pdf` extra, see `core/extras.py`,
plus the Pango libraries): on a remote box over SSH it makes the booklet
without a browser. The HTML's print styles give the cover, a page per step
and the charts; it is the same escaped, script-free page, so the PDF keeps
every guarantee of the HTML export about hostile text. Nothing is fetched:
the page links to nothing, and the fetcher refuses anything all the same.
"""

from __future__ import annotations

from typing import Any

from workbook.core.export.common import ExportError


def how_to_add() -> str:
    """One line on adding WeasyPrint to the Python the workbook runs in."""
    from workbook.core.extras import install_hint

    return (f"PDF export needs WeasyPrint: {install_hint('pdf', 'weasyprint')} "
            "(on Debian or Ubuntu also: apt install libpango-1.0-0 libpangoft2-1.0-0)")


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the booklet fetches nothing ({url})")


def print_pdf(page: str) -> bytes:
    """An HTML export printed to PDF; `ExportError` (one line on adding it) without WeasyPrint."""
    try:
        import weasyprint
    except (ImportError, OSError):  # not installed, or its system libraries are missing
        raise ExportError(how_to_add()) from None
    return weasyprint.HTML(string=page, url_fetcher=_refuse).write_pdf()

