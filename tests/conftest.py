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
The lanes (`e2e`, `slow`, everyday) and how many rounds the random tests run:
tests/lanes.py.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import lanes
from tests.lanes import need_tool, skip_or_fail  # noqa: F401 (the tests import them from here)
from workbook.core.content import Exercise, Workbook, load_workbook
from workbook.core.locations import default_content_dir

if TYPE_CHECKING:
    from tests.pilot import Opened

REPO = Path(__file__).resolve().parent.parent
CONTENT = default_content_dir()


def pytest_configure(config: pytest.Config) -> None:
    # One test process hosts hundreds of apps, each leaving a widget tree of
    # cycles behind: with Python's default thresholds the full collections
    # that walk them took a third of a pilot test's CPU. Collect less often
    # (the app itself pauses and freezes the collector, cli/main.py).
    gc.set_threshold(10_000, 20, 20)
    # Hundreds of tests start a Python of their own (the CLI, the app in a real
    # terminal). With PYTHONDONTWRITEBYTECODE set (some machines and CI images
    # set it) each of them compiled the whole package again from source; the
    # first one now leaves the bytecode (in __pycache__, ignored by git).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: three workers a core. Most tests wait on something (a real
    terminal, the pilot's idle probe, a child process) about as long as they
    compute, so one worker a core leaves the cores idle half the time; with
    the real-terminal tests first (tests/lanes.py), two a core still left a
    quarter of the CPU idle while they waited."""
    return 3 * len(os.sched_getaffinity(0))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    lanes.mark_by_folder(items)
    lanes.longest_first(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    lanes.running(item)


def pytest_runtest_teardown(item: pytest.Item) -> None:
    lanes.running(None)


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the shipped content already parsed, as after a first start."""
    from workbook.core.content.cache import load_workbook_cached
    from workbook.core.locations import cache_dir

    folder = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        load_workbook_cached(CONTENT, cache_dir())
    return folder


@pytest.fixture(autouse=True)
def private_environment(tmp_path: Path, warm_cache: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the data folder and any stray HOME use at tmp_path.

    The cache folder starts as a copy of `warm_cache`: every app start is
    spared the parse of the shipped content, and what a test writes there
    stays its own.
    """
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shutil.copytree(warm_cache, tmp_path / "xdg-cache")))
    monkeypatch.delenv("WORKBOOK_DB", raising=False)
    monkeypatch.delenv("WORKBOOK_CONTENT", raising=False)


@pytest.fixture(scope="session", autouse=True)
def scrypt_at_test_strength() -> Iterator[None]:
    """Key files are sealed at a millisecond of scrypt, not age's second or more.

    Only the passphrase's key derivation is cheaper (tests/quick_scrypt.py): the
    files stay age files that the app and the `age` tool open as ever, and
    every unlock is as quick. For the whole session, so module fixtures that
    encrypt once are quick too; a test of what the shipped app itself seals
    is marked `real_scrypt`.
    """
    from pyrage import passphrase

    from tests import quick_scrypt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passphrase, "encrypt", quick_scrypt.encrypt)
        yield


@pytest.fixture(autouse=True)
def real_scrypt_when_marked(request: pytest.FixtureRequest,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("real_scrypt") is not None:
        from pyrage import passphrase

        from tests import quick_scrypt

        monkeypatch.setattr(passphrase, "encrypt", quick_scrypt.AGE_ENCRYPT)


@pytest.fixture(autouse=True)
def steady_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot runs and pictures never depend on a cursor's blink, $TEXTUAL_THEME or NO_COLOR."""
    from workbook.tui.app import WorkbookApp

    monkeypatch.setattr(WorkbookApp, "STEADY", True)
    monkeypatch.delenv("NO_COLOR", raising=False)


@cache
def shipped() -> Workbook:
    """The shipped workbook content, parsed once per test process.

    Also for a module's `parametrize` (one test per step that holds some kind
    of exercise), which runs before any fixture does.
    """
    return load_workbook(CONTENT)


@pytest.fixture(scope="session")
def workbook() -> Workbook:
    """The shipped workbook content."""
    return shipped()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database path inside tmp_path (not created yet)."""
    return tmp_path / "data" / "workbook.json"


@pytest.fixture
def app_at(db: Path) -> Callable[..., AbstractAsyncContextManager[Opened]]:
    """Open the real app on this test's database, at a size, on a step or at an exercise.

    `async with app_at(size=(60, 20), step=3) as (app, pilot, _):`; see
    `tests.pilot.opened` for the rest (`exercise=`, `answers=`, `first_run=`).
    """
    from tests.pilot import opened

    return partial(opened, db)


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
