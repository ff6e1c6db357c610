"""The benchmark command runs end to end at its smallest size (no timings are checked)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, need_tool

# Every figure of the issue, as the start of its row in the table.
FIGURES = [
    "start-up to home, empty",
    "start-up to home, 10 entries",
    "start-up CPU time, empty",
    "peak RSS, empty, home",
    "peak RSS, 10 entries, home",
    "typing, 100 keys into a 100 KB letter",
    "pilot: app start (CPU)",
    "pilot: open step 1 (CPU)",
    "pilot: one tab on step 1 (CPU)",
    "peak RSS, 10 entries, step 1 open",
    "autosave: longest loop stall, 10 entries",
    "autosave: CPU of one save, 10 entries",
    "autosave: one save, 10 entries",
    "autosave: last key to on disk, 10 entries",
    "encrypted: last key to on disk, 10 entries",
    "encrypted: one save, 10 entries",
    "encrypted: CPU of one save, 10 entries",
    "encrypted: longest loop stall, 10 entries",
    "encrypted: unlock to home, 10 entries",
    "export md, 10 entries",
    "export html, 10 entries",
    "export json, 10 entries",
    "export pdf, whole workbook, later",
    "hang-up to exit, nothing to save",
    "hang-up to exit, 10 entries unsaved",
    "search, 10 entries",
    "journey open to first paint, 10 entries",
    "journey open to charts drawn, 10 entries",
]
RATIO = r"\d+\.\d\d"


@pytest.mark.slow
@pytest.mark.e2e
def test_quick_benchmark_prints_every_figure_with_a_ratio(tmp_path: Path) -> None:
    need_tool("tmux")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.run", "--quick"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    unmeasured = [line for line in table.splitlines() if "could not measure" in line]
    assert not unmeasured, "\n".join(unmeasured) + "\n\n" + table
    for figure in FIGURES:
        rows = [line for line in table.splitlines() if line.startswith(figure)]
        assert rows, f"no row for {figure!r} in:\n{table}"
        # value, baseline, ratio: measured numbers, not "n/a"
        assert re.search(rf"\s{RATIO}\s", rows[0]), f"no ratio in {rows[0]!r}"
        assert "n/a" not in rows[0], rows[0]
    # Nothing is left behind in the temporary folder (databases, tmux sockets aside).
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("workbook-bench-")]


def test_generator_is_deterministic_and_shaped_like_the_app_saves(tmp_path: Path) -> None:
    from tests.benchmarks.generate import first_journal, first_letter, generate
    from workbook.core.content import load_workbook
    from workbook.core.locations import default_content_dir
    from workbook.core.storage import AnswerStore

    one = generate(tmp_path / "one.json", 25)
    two = generate(tmp_path / "two.json", 25)
    workbook = load_workbook(default_content_dir())
    stores = [AnswerStore(path, read_only=True) for path in (one, two)]
    answers = [store.answers() for store in stores]
    assert answers[0] == answers[1]
    entries = answers[0][first_journal(workbook)]
    assert len(entries) == 25
    assert all(set(entry) == {"id", "created", "updated", "text"} for entry in entries)
    assert all(900 <= len(entry["text"]) <= 1300 for entry in entries)
    assert [e["created"] for e in entries] == sorted(e["created"] for e in entries)  # oldest first
    letter = answers[0][first_letter(workbook)]
    assert set(letter) == {"to", "body"} and letter["body"]
    grids = [ex for ex in workbook.exercises if ex.kind == "grid"]
    for grid in grids:
        rows = answers[0][grid.id]
        # Each row carries its id, as the app's rows do (core/entries.py).
        assert rows and all(set(row) == {"id", *(c.id for c in grid.columns)} for row in rows)
    assert stores[0].setting("welcomed") is True
    # The file is the app's own format: plain JSON the store wrote.
    assert "answers" in json.loads(one.read_text(encoding="utf-8"))
