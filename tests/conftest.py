"""Shared fixtures: every test writes only inside its own tmp_path.

The suite runs in parallel (pytest-xdist: the README's `pytest -n auto`): each
worker is its own process, and tests start in any order on any worker. So a
test that stays xdist-safe
- writes only under `tmp_path` (never the checkout, never a fixed /tmp name);
- starts its own servers: a tmux server on a private socket (`tests.e2e.tmux.Tmux`),
  sshd and `workbook serve` on a port from `free_port()` (sshd retries if
  another worker took it first), and stops them by pid;
- waits on conditions (`Tmux.wait_for`, `settle`, `wait_for_condition`, a
  screen's `settled` event), never a fixed sleep: two workers share the CPU;
- pins what a picture shows through `tests.scenes.still_life()` (clock,
  cursor, theme, folders), never by hoping the machine is quick.
Without `-n`, pytest runs everything in one process (for `pdb`, or one file).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook.core.content import Exercise, Workbook, load_workbook
from workbook.core.locations import default_content_dir

REPO = Path(__file__).resolve().parent.parent
CONTENT = default_content_dir()


def skip_or_fail(message: str) -> None:
    """Skip locally when the machine lacks something; under CI=true, fail."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (required under CI=true)")
    pytest.skip(message)


def need_tool(name: str) -> None:
    """Skip when an external tool is missing, but fail under CI=true."""
    import shutil

    if shutil.which(name) is None:
        skip_or_fail(f"{name} is not installed")


@pytest.fixture(autouse=True)
def private_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the data folder and any stray HOME use at tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("WORKBOOK_DB", raising=False)
    monkeypatch.delenv("WORKBOOK_CONTENT", raising=False)


@pytest.fixture(autouse=True)
def steady_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot runs and pictures never depend on a cursor's blink, $TEXTUAL_THEME or NO_COLOR."""
    from workbook.tui.app import WorkbookApp

    monkeypatch.setattr(WorkbookApp, "STEADY", True)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def workbook() -> Workbook:
    """The shipped workbook content."""
    return load_workbook(CONTENT)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database path inside tmp_path (not created yet)."""
    return tmp_path / "data" / "workbook.json"


def first_of_kind(workbook: Workbook, kind: str) -> Exercise:
    """The first exercise of a kind in the shipped content."""
    for exercise in workbook.exercises:
        if exercise.kind == kind:
            return exercise
    raise LookupError(f"the content has no {kind} exercise")


def step_number_of(workbook: Workbook, exercise: Exercise) -> int:
    """The number of the step holding an exercise."""
    for step in workbook.steps:
        if exercise in step.exercises:
            return step.number
    raise LookupError(exercise.id)


def welcomed(db: Path) -> Path:
    """Pre-create a database where the welcome page was already seen."""
    from workbook.core.storage import AnswerStore

    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.save()
    store.close()  # release the lock: the app under test may be another process
    return db
