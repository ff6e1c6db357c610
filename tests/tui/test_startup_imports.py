"""Start-up pays only for the home screen: what the first frame needs, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

from tests.pilot import in_fresh_interpreter


def test_home_is_drawn_before_any_exercise_widget_is_imported(tmp_path: Path) -> None:
    """The exercise widgets (and their shared base) load with the first step opened."""
    printed = in_fresh_interpreter(tmp_path / "db.json", """
        await pilot.pause()
        home = sorted(m for m in sys.modules if m.startswith('workbook.tui.widgets.'))
        await pilot.press('1'); await pilot.pause()
        step = 'workbook.tui.widgets.base' in sys.modules
        print(json.dumps({'home': home, 'step': step}))
    """)
    loaded = json.loads(printed.strip().splitlines()[-1])
    assert loaded["home"] == ["workbook.tui.widgets.footer", "workbook.tui.widgets.top_bar"]
    assert loaded["step"], "the step's exercises still find their widgets"
