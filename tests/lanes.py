"""The test lanes, and how hard the random tests try: one place for both.

- `e2e`: a real terminal, SSH, browser, `age`, editor or HTML checker.
  Everything under tests/e2e is marked by tests/conftest.py; elsewhere a test
  that calls `need_tool` must carry the marker, or it fails saying so.
- `slow`: kill -9 rounds, fuzzing, big documents.
- the everyday lane is the rest: `pytest -m "not e2e and not slow"`.

How many rounds the random tests run comes from the environment: a few on
every run, many at night (`.ci/run nightly`):
- `WORKBOOK_TEST_ROUNDS`: kill -9 rounds per kill test;
- `HYPOTHESIS_PROFILE`: `default` (the same examples every run) or `nightly`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

E2E_FOLDER = Path(__file__).resolve().parent / "e2e"

KILL_ROUNDS = int(os.environ.get("WORKBOOK_TEST_ROUNDS") or 40)
NIGHTLY_ROUNDS = 300

_FUZZ_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large,
                HealthCheck.function_scoped_fixture]
# Derandomized by default, so a run is repeatable; fresh examples at night.
settings.register_profile("default", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=_FUZZ_HEALTH)
settings.register_profile("nightly", max_examples=2000, deadline=None,
                          suppress_health_check=_FUZZ_HEALTH)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "default")

# Programs that set up the machine or read a result, rather than a thing a
# person runs: needing one does not make a test end-to-end.
PLUMBING = {"mount", "faketime", "pdftotext"}

_running: list[pytest.Item] = []


def skip_or_fail(message: str) -> None:
    """Skip locally when the machine lacks something; under CI=true, fail."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (required under CI=true)")
    pytest.skip(message)


def need_tool(name: str) -> None:
    """Skip when an external tool is missing, but fail under CI=true.

    A test that runs a real program is end-to-end: unless it is marked `e2e`,
    it fails here, so the everyday lane never waits on one.
    """
    if name not in PLUMBING and _running and _running[-1].get_closest_marker("e2e") is None:
        pytest.fail(f"this test runs the real {name}: mark it @pytest.mark.e2e or move it "
                    "to tests/e2e (see the lanes in the README)")
    if shutil.which(name) is None:
        skip_or_fail(f"{name} is not installed")


def mark_by_folder(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is `e2e`."""
    for item in items:
        if Path(item.path).is_relative_to(E2E_FOLDER) and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


def longest_first(items: list[pytest.Item]) -> None:
    """Order the run so the long tests start first (`--dist load` deals them out
    in this order): kill rounds and the benchmark, then the other real-terminal
    tests, which mostly wait and so overlap the pilot tests' computing, then
    the pilot tests, and the quick unit tests last to fill the cores at the end.
    Within a group the order is the files' own."""
    tui = E2E_FOLDER.parent / "tui"

    def weight(item: pytest.Item) -> int:
        slow = item.get_closest_marker("slow") is not None
        e2e = item.get_closest_marker("e2e") is not None
        if slow:
            return 0 if e2e else 1
        if e2e:
            return 2
        return 3 if Path(item.path).is_relative_to(tui) else 4

    items.sort(key=weight)


def running(item: pytest.Item | None) -> None:
    """Which test is running now (for `need_tool`'s check)."""
    _running[:] = [item] if item is not None else []
