"""The workbook as a PDF booklet, printed from the HTML export by WeasyPrint (no Textual).

WeasyPrint is an optional extra (the `pdf` extra, see `core/extras.py`,
plus the Pango libraries): on a remote box over SSH it makes the booklet
without a browser. The HTML's print styles give the cover, a page per step
and the charts; it is the same escaped, script-free page, so the PDF keeps
every guarantee of the HTML export about hostile text. Nothing is fetched:
the page links to nothing, and the fetcher refuses anything all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from workbook.core.export.common import ExportError

PANGO_PACKAGES = "sudo apt install libpango-1.0-0 libpangoft2-1.0-0"


def how_to_add() -> str:
    """One line on adding WeasyPrint to the Python the workbook runs in."""
    from workbook.core.extras import install_hint

    return (f"PDF export needs WeasyPrint: {install_hint('pdf', 'weasyprint')} "
            f"(on Debian or Ubuntu also: {PANGO_PACKAGES})")


def pdf_available() -> bool:
    """True when WeasyPrint is installed (cheap: nothing is imported)."""
    try:
        return find_spec("weasyprint") is not None
    except (ImportError, ValueError):  # a broken install
        return False


# Said before the first PDF on this account: fontconfig then reads every font
# on the machine to build its cache (measured at 151 s on a fresh desktop with
# many fonts); later PDFs skip that.
PREPARING_FONTS = ("Preparing fonts, first time only: this can take a minute or two "
                   "on a machine with many fonts…")


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the booklet fetches nothing ({url})")


def fonts_marker() -> Path:
    """A file whose presence says the fonts were found once already (in the cache folder)."""
    from workbook.core.locations import cache_dir

    return cache_dir() / "pdf-fonts-ready"


def print_pdf(page: str, progress: Callable[[str], None] | None = None) -> bytes:
    """An HTML export printed to PDF; `ExportError` (one line on adding it) without WeasyPrint.

    `progress` hears what is going on, a line at a time, for the slow parts:
    finding the fonts the first time, laying out the pages, writing the file.
    """
    try:
        import weasyprint
    except ImportError:
        raise ExportError(how_to_add()) from None
    except OSError:  # installed, but its system libraries are missing
        raise ExportError("PDF export needs the Pango libraries "
                          f"(on Debian or Ubuntu: {PANGO_PACKAGES})") from None
    say = progress or (lambda _line: None)
    marker = fonts_marker()
    say(PREPARING_FONTS if not marker.exists() else "Laying out the pages…")
    document = weasyprint.HTML(string=page, url_fetcher=_refuse).render()
    say(f"Writing {len(document.pages)} pages…")
    data = document.write_pdf()
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # only the message is at stake: it says "first time" once more
    return data

