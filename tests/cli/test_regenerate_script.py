"""screenshots/regenerate.py says in one line what it needs when the test extras are missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_without_the_test_extras_it_says_so_in_one_line(tmp_path: Path) -> None:
    # A Python that cannot import pytest: a stand-in module that refuses.
    (tmp_path / "pytest.py").write_text("raise ImportError('no pytest here', name='pytest')\n")
    result = subprocess.run(
        [sys.executable, str(REPO / "screenshots" / "regenerate.py")],
        capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path, timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        'regenerate.py needs the test extras (pytest is missing): pip install -e ".[test]"'
    ]
    assert "Traceback" not in result.stderr
