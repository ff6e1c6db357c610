"""Without colour (NO_COLOR, TERM=linux, 16 colours) every choice still reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_terminal import started  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TERM": "linux"}, {"TERM": "xterm"}],
    ids=["no-color", "term-linux", "term-xterm-16"],
)
def test_the_export_choices_read_by_their_marks(
    started, db: Path, env: dict[str, str]  # noqa: F811
) -> None:
    term = started(**env)
    term.send("C-o")
    term.wait_for("(•) Markdown", "( ) HTML", "( ) JSON", "[ ] Include exercises")
    term.settle()
    term.send("Down", "Enter")
    term.wait_for("( ) Markdown", "(•) HTML")
    term.send("Tab", "Tab", "Tab", "Space")  # past the steps and the file name
    term.wait_for("[x] Include exercises", "[ ] A blank workbook")
