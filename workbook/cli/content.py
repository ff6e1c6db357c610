"""The workbook content for a command: loaded through the cache, or each problem printed."""

from __future__ import annotations

import argparse
import sys

from workbook.cli.output import say


def load_content(args: argparse.Namespace):
    """The workbook content, or None after printing each problem."""
    from workbook.core.content import ContentError
    from workbook.core.content.cache import load_workbook_cached
    from workbook.core.locations import cache_dir, content_dir

    try:
        return load_workbook_cached(content_dir(args.content), cache_dir())
    except ContentError as error:
        for problem in error.problems:
            say(problem, file=sys.stderr)
        return None
