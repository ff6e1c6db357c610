"""A non-editable install, run from another folder, still finds the shipped content."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("heartbreak_workbook-*.whl"))


def test_wheel_carries_the_content_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (REPO / "exercises").glob("*.md"))
    for name in shipped:
        assert f"workbook/exercises/{name}" in names
    assert "workbook/tui/workbook.tcss" in names
    assert "workbook/tui/screens.tcss" in names


def test_installed_copy_checks_its_own_content_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("WORKBOOK_CONTENT", None)
    result = subprocess.run(
        [sys.executable, "-m", "workbook", "where"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert f"content: {site / 'workbook' / 'exercises'}" in result.stdout, result.stdout + result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "workbook", "check"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert "10 steps" in check.stdout
