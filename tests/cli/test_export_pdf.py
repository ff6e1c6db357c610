"""`workbook export --format pdf`: a booklet with a cover, a page per step and the charts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import need_tool, skip_or_fail
from tests.core.test_export_charts import journey_values
from tests.export_hostile import PDF_SAMPLES, hostile_exercises
from tests.widget_story import with_answers
from workbook.core.content import Workbook
from workbook.core.export.charts import journey_charts


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, timeout=120, check=True).stdout
    # pdftotext ends every page with a form feed; bidi marks are its own additions.
    return [re.sub("[\u202a-\u202e]", "", page) for page in text.split("\f")[:-1]]


@pytest.mark.slow
def test_the_booklet_has_every_answer_a_cover_one_step_a_page_and_the_charts(
    db: Path, workbook: Workbook, tmp_path: Path
) -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        skip_or_fail("WeasyPrint is not installed: pip install '.[pdf]'")
    need_tool("pdftotext")
    values = journey_values(workbook)
    with_answers(db, values)
    pdf = tmp_path / "booklet.pdf"
    done = subprocess.run([sys.executable, "-m", "workbook", "export", "--format", "pdf",
                           "--db", str(db), "--output", str(pdf)],
                          capture_output=True, text=True, env=dict(os.environ), timeout=600)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_mode & 0o077 == 0
    pages = pdf_pages(pdf)
    everything = "\n".join(pages)
    for sample in PDF_SAMPLES:
        assert sample in everything
    assert "<script>alert(1)</script>" in everything, "shown, as text"
    assert pages[0].lstrip().startswith("Heartbreak Workbook"), "the cover"
    firsts = [page.strip().splitlines()[0] for page in pages if page.strip()]
    steps = [s for s in workbook.steps if any(ex in s.exercises for ex in hostile_exercises(workbook))]
    for step in steps:
        assert f"Step {step.number}. {step.title}" in firsts, f"step {step.number} starts a page"
    for page in pages:
        assert len(re.findall(r"^Step \d+\. ", page, flags=re.M)) <= 1, "one step per page"
    assert "Your journey" in firsts, "the charts start a page of their own"
    journey = everything[everything.index("Your journey"):]
    for chart in journey_charts(workbook, values):
        assert chart.title in journey


def test_without_weasyprint_one_line_says_how_to_add_it(db: Path, workbook: Workbook,
                                                         tmp_path: Path) -> None:
    with_answers(db, {})
    pdf = tmp_path / "booklet.pdf"
    # `None` in sys.modules makes `import weasyprint` fail, as when it is not installed.
    code = ("import sys; sys.modules['weasyprint'] = None; from workbook.cli import main;"
            f"sys.argv = ['workbook', 'export', '--format', 'pdf', '--db', {str(db)!r}, "
            f"'--output', {str(pdf)!r}]; sys.exit(main())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and 'bin/pip install ".[pdf]"' in lines[0], done.stderr
    assert "Traceback" not in done.stderr and not pdf.exists()


def test_the_first_pdf_says_the_fonts_are_being_prepared_and_later_ones_do_not(
        db: Path, tmp_path: Path) -> None:
    """Finding the fonts took 151 s on a fresh machine: the first PDF says why it waits."""
    with_answers(db, {})
    # A stand-in for WeasyPrint (the real one is slow; the words are what is tested).
    fake = ("import sys, types; w = types.ModuleType('weasyprint');"
            "Doc = type('Doc', (), {'pages': [1, 2], 'write_pdf': lambda self: b'%PDF-1.7 fake'});"
            "w.HTML = lambda **kw: type('H', (), {'render': lambda self: Doc()})();"
            "sys.modules['weasyprint'] = w; from workbook.cli import main;"
            "sys.argv = ['workbook', 'export', '--format', 'pdf', '--db', DB_PATH, "
            "'--output', PDF_PATH]; sys.exit(main())")

    def export(name: str) -> str:
        pdf = tmp_path / name
        code = fake.replace("DB_PATH", repr(str(db))).replace("PDF_PATH", repr(str(pdf)))
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=dict(os.environ), timeout=120)
        assert done.returncode == 0, done.stderr
        assert pdf.read_bytes().startswith(b"%PDF")
        return done.stderr

    first = export("first.pdf")
    assert "Preparing fonts, first time only" in first and "Writing 2 pages" in first
    later = export("later.pdf")
    assert "Preparing fonts" not in later and "Laying out the pages" in later
