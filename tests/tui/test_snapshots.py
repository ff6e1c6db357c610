"""Pictures of the real screens at 80x24 and 120x40 (pytest-textual-snapshot).

Each scene's description (tests/scenes.py) says what its picture must show.
Update after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shipped
from tests.sample_data import fill_sample
from tests.scenes import scenes, still_life
from workbook.tui.app import make_app

SCENES = [scene for scene in scenes(shipped()) if scene.stable]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _still_life():
    with still_life():
        yield


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
def test_screen(snap_compare, scene, size, tmp_path: Path, workbook) -> None:
    db = fill_sample(tmp_path / "db.json", workbook)
    app = make_app(db=db)
    assert snap_compare(app, terminal_size=size, run_before=scene.run_before), scene.description
