"""The lanes hold: every end-to-end test is marked `e2e`, and one that forgets cannot pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import lanes
from tests.conftest import REPO, need_tool


class Collected:
    """Just enough of a collected test for `mark_by_folder`."""

    def __init__(self, path: Path) -> None:
        self.path, self.markers = path, []

    def get_closest_marker(self, name: str) -> object:
        return next((m for m in self.markers if m.name == name), None)

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker.mark)


def test_every_test_under_tests_e2e_is_marked_e2e(request: pytest.FixtureRequest) -> None:
    new_one = Collected(lanes.E2E_FOLDER / "test_something_new.py")
    elsewhere = Collected(REPO / "tests" / "tui" / "test_something.py")
    lanes.mark_by_folder([new_one, elsewhere])
    assert new_one.get_closest_marker("e2e") and not elsewhere.get_closest_marker("e2e")
    # and in this run (all of them, with the README's command)
    unmarked = [item.nodeid for item in request.session.items
                if Path(item.path).is_relative_to(lanes.E2E_FOLDER)
                and item.get_closest_marker("e2e") is None]
    assert not unmarked, unmarked


def test_long_tests_are_dealt_out_first_and_quick_unit_tests_last(
        request: pytest.FixtureRequest) -> None:
    tests = REPO / "tests"
    unit, pilot, e2e, kill, bench = (Collected(tests / "core" / "test_a.py"),
                                     Collected(tests / "tui" / "test_b.py"),
                                     Collected(lanes.E2E_FOLDER / "test_c.py"),
                                     Collected(tests / "core" / "test_d.py"),
                                     Collected(lanes.E2E_FOLDER / "test_e.py"))
    e2e.add_marker(pytest.mark.e2e)
    kill.add_marker(pytest.mark.slow)
    bench.add_marker(pytest.mark.slow)
    bench.add_marker(pytest.mark.e2e)
    items = [unit, pilot, e2e, kill, bench]
    lanes.longest_first(items)
    assert items == [bench, kill, e2e, pilot, unit]
    # and in this run: no e2e or slow test comes after an everyday one
    long = [any(item.get_closest_marker(name) for name in ("e2e", "slow"))
            for item in request.session.items]
    assert long == sorted(long, reverse=True)


def test_a_test_that_runs_a_real_program_without_the_marker_fails_saying_so() -> None:
    with pytest.raises(pytest.fail.Exception, match="mark it @pytest.mark.e2e"):
        need_tool("tmux")


def test_plumbing_needs_no_marker() -> None:
    need_tool("mount")  # no failure about the lane (it may skip where mount is missing)


@pytest.mark.parametrize("value, rounds", [("", 40), ("300", 300)])
def test_kill_rounds_come_from_the_environment(value: str, rounds: int) -> None:
    env = {**os.environ, "WORKBOOK_TEST_ROUNDS": value, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", "from tests.lanes import KILL_ROUNDS; print(KILL_ROUNDS)"],
                          env=env, capture_output=True, text=True, check=True, cwd=REPO)
    assert int(done.stdout) == rounds


@pytest.mark.parametrize("profile, examples", [("", 60), ("nightly", 2000)])
def test_hypothesis_examples_come_from_the_environment(profile: str, examples: int) -> None:
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile, "PYTHONPATH": str(REPO)}
    code = "import tests.lanes; from hypothesis import settings; print(settings().max_examples)"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, cwd=REPO)
    assert int(done.stdout) == examples


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pip install -e" in line)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
    assert ci[-2] == "# The README's test command, exactly:"
