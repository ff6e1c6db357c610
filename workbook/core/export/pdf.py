"""The workbook as a PDF booklet, printed from the HTML export by WeasyPrint (no Textual).

WeasyPrint is an optional extra (`.venv/bin/pip install ".[pdf]"` from the clone,
plus the Pango libraries): on a remote box over SSH it makes the booklet
without a browser. The HTML's print styles give the cover, a page per step
and the charts; it is the same escaped, script-free page, so the PDF keeps
every guarantee of the HTML export about hostile text. Nothing is fetched:
the page links to nothing, and the fetcher refuses anything all the same.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from workbook.core.export.common import ExportError

PANGO_PACKAGES = "sudo apt install libpango-1.0-0 libpangoft2-1.0-0"
PANGO = f"on Debian or Ubuntu also: {PANGO_PACKAGES}"


def how_to_add() -> str:
    """How to add WeasyPrint to this install, in one line.

    Debian and Ubuntu refuse a bare `pip install` outside a virtual environment
    (PEP 668), so the line names this environment's own pip, as the README's
    install does (`.venv/bin/pip`).
    """
    if sys.prefix != sys.base_prefix:
        pip = Path(sys.prefix) / "bin" / "pip"
        return (f"PDF export needs WeasyPrint: in the folder you installed from, run "
                f"{pip} install '.[pdf]' ({PANGO})")
    return ("PDF export needs WeasyPrint: install the workbook in a virtual environment with "
            "it, as the README shows: python3 -m venv .venv && .venv/bin/pip install '.[pdf]' "
            f"({PANGO})")


def pdf_available() -> bool:
    """True when WeasyPrint is installed (cheap: nothing is imported)."""
    try:
        return find_spec("weasyprint") is not None
    except (ImportError, ValueError):  # a broken install
        return False


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the booklet fetches nothing ({url})")


def print_pdf(page: str) -> bytes:
    """An HTML export printed to PDF; `ExportError` (one line on adding it) without WeasyPrint."""
    try:
        import weasyprint
    except ImportError:
        raise ExportError(how_to_add()) from None
    except OSError:  # installed, but its system libraries are missing
        raise ExportError("PDF export needs the Pango libraries "
                          f"(on Debian or Ubuntu: {PANGO_PACKAGES})") from None
    return weasyprint.HTML(string=page, url_fetcher=_refuse).write_pdf()

