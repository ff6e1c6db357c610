"""The PDF booklet's time, first on this account (fonts found from scratch) and later.

`python -m tests.benchmarks.pdf_bench DB` prints one line of JSON: seconds to
import WeasyPrint, to print the whole workbook in DB to PDF (`print_pdf`, with
its progress lines timed), and, as the baseline, its HTML export (the page the
PDF is printed from). The runner starts a fresh interpreter each time, with
fontconfig pointed at an empty cache folder for the first run.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from workbook.core.content import load_workbook
    from workbook.core.export import export_html
    from workbook.core.locations import default_content_dir
    from workbook.core.storage import AnswerStore

    workbook = load_workbook(default_content_dir())
    answers = AnswerStore(Path(sys.argv[1]), read_only=True).answers()
    started = time.perf_counter()
    page = export_html(workbook, answers)
    html = time.perf_counter() - started

    from workbook.core.export.pdf import print_pdf

    steps: list[tuple[str, float]] = []
    started = time.perf_counter()
    data = print_pdf(page, progress=lambda line: steps.append((line, time.perf_counter())))
    total = time.perf_counter() - started
    if not data.startswith(b"%PDF"):
        raise SystemExit("print_pdf made no PDF")
    marks = [at for _, at in steps] + [started + total]
    phases = {line.split(":")[0].rstrip("…"): round(end - begin, 3)
              for (line, begin), end in zip(steps, marks[1:], strict=False)}
    print(json.dumps({"html": html, "pdf": total, "first_step": marks[0] - started,
                      "phases": phases}))


if __name__ == "__main__":
    main()
