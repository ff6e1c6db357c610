"""`workbook check [DIR]`: validate a content folder (no Textual)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.cli.output import say


def run_check(args: argparse.Namespace) -> int:
    from workbook.core.content import check_content
    from workbook.core.locations import content_dir

    folder = Path(args.dir) if args.dir else content_dir(args.content)
    problems = check_content(folder)
    for problem in problems:
        say(problem, file=sys.stderr)
    if problems:
        say(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    from workbook.core.content import load_workbook

    workbook = load_workbook(folder)
    count = len(workbook.exercises)
    say(f"{folder}: {len(workbook.steps)} steps, {count} exercises, all fine")
    return 0
