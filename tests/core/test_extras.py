"""The hint for adding PDF or browser mode names a command that works under PEP 668."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO
from workbook.core.extras import install_hint


def test_from_the_readmes_venv_it_names_that_venvs_pip(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    hint = install_hint("pdf", "weasyprint", prefix=str(REPO / ".venv"), base_prefix="/usr")
    assert hint == "in the workbook's folder: .venv/bin/pip install \".[pdf]\""
    assert '.venv/bin/pip install ".[pdf]"' in (REPO / "README.md").read_text(encoding="utf-8")


def test_from_another_venv_it_names_that_pip_in_full(tmp_path: Path) -> None:
    venv = tmp_path / "somewhere" / "env"
    hint = install_hint("serve", "textual-serve", prefix=str(venv), base_prefix="/usr")
    assert f'{venv}/bin/pip install ".[serve]"' in hint


def test_under_pipx_it_says_pipx_inject() -> None:
    hint = install_hint("pdf", "weasyprint", base_prefix="/usr",
                        prefix="/home/me/.local/share/pipx/venvs/heartbreak-workbook")
    assert hint == "pipx inject heartbreak-workbook weasyprint"


def test_on_the_systems_python_it_never_says_a_bare_pip_install() -> None:
    hint = install_hint("pdf", "weasyprint", prefix="/usr", base_prefix="/usr")
    assert "python3 -m venv .venv && .venv/bin/pip install \".[pdf]\"" in hint
    assert not hint.startswith("pip") and " pip install" not in hint
