"""The bare `workbook` reads its own few flags (`bare_app_args`) exactly as the full parser would."""

from __future__ import annotations

import pytest

from workbook.cli.arguments import build_parser
from workbook.cli.main import bare_app_args

OPENS_THE_APP = [
    [],
    ["--db", "my workbook.json"],
    ["--db=answers.json"],
    ["--db="],
    ["--db", "a.json", "--db", "b.json"],
    ["--content", "other", "--read-only"],
    ["--read-only", "--content=other", "--db", "x.json"],
    ["--db", "status"],  # a file named like a command is still a file
]

LEFT_TO_THE_FULL_PARSER = [
    ["status"],
    ["--db", "x.json", "export"],
    ["--help"],
    ["--version"],
    ["--read"],  # a shortened flag: argparse decides what it means
    ["--db"],
    ["--db", "--read-only"],
    ["--db", "-"],
    ["--", "x"],
    ["-x"],
    [""],
]


@pytest.mark.parametrize("argv", OPENS_THE_APP)
def test_the_flags_that_open_the_app_read_as_the_full_parser_reads_them(argv: list[str]) -> None:
    quick = bare_app_args(argv)
    full = build_parser().parse_args(argv)
    assert quick is not None
    assert (quick.command, quick.db, quick.content, quick.read_only) == (
        full.command, full.db, full.content, full.read_only)


@pytest.mark.parametrize("argv", LEFT_TO_THE_FULL_PARSER)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert bare_app_args(argv) is None
