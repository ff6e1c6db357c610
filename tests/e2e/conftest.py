"""Fixtures for the end-to-end tests: the installed command, tmux terminals, the app's env."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CONTENT, need_tool
from tests.e2e.tmux import Tmux
from workbook.core.content import Workbook, load_workbook


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the shipped content: the app and the tests read the same files."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


@pytest.fixture
def book(content: Path) -> Workbook:
    """The workbook as the app under test will load it."""
    return load_workbook(content)


@pytest.fixture
def workbook_exe() -> str:
    """The installed `workbook` console script (absolute: a remote PATH may lack it)."""
    need_tool("workbook")
    return str(Path(shutil.which("workbook") or "workbook").absolute())


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Tmux]]:
    """Make real terminals (tmux panes, 80x24 unless asked); all are killed afterwards."""
    need_tool("tmux")
    made: list[Tmux] = []

    def make(width: int = 80, height: int = 24, term: str = "tmux-256color") -> Tmux:
        tmux = Tmux(tmp_path / "tmux", width, height, term)
        made.append(tmux)
        return tmux

    yield make
    for tmux in made:
        tmux.kill()


@pytest.fixture
def app_env(tmp_path: Path, content: Path) -> Callable[..., dict[str, str]]:
    """The environment for a real run: everything in tmp_path, a UTF-8 locale, no editor."""

    def make(db: Path, **extra: str) -> dict[str, str]:
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        env = {
            "WORKBOOK_DB": str(db),
            "WORKBOOK_CONTENT": str(content),
            "HOME": str(home),
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "VISUAL": "",
            "EDITOR": "",
        }
        env.update(extra)
        return env

    return make
