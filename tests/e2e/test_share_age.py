"""A copy shared with `workbook export --to` opens with Debian's `age` and the person's own key.

Their keys are made the way they would make them: `age-keygen`, and
`ssh-keygen -t ed25519`. The export runs with its temporary folder pointed at
an empty one of the test's, and neither that folder nor the output folder
ever holds a plain copy.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import need_tool, skip_or_fail
from tests.export_hostile import fill_hostile
from workbook.core.content import Workbook

MARKER = b"Zebra-crossing-7431"  # in the hostile letter: in every plain export of the answers


def files_in(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def their_keys(tmp_path: Path) -> tuple[Path, Path]:
    """A counsellor's age identity and ed25519 SSH key, made by the real tools (outside `out`)."""
    need_tool("age-keygen")
    need_tool("ssh-keygen")
    keys = tmp_path / "theirs"
    keys.mkdir()
    subprocess.run(["age-keygen", "-o", str(keys / "key.txt")], check=True, capture_output=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "counsellor@office",
                    "-f", str(keys / "id_ed25519")], check=True, capture_output=True)
    return keys / "key.txt", keys / "id_ed25519"


@pytest.mark.parametrize("what", [("md",), ("html",), ("json",), ("pdf",),
                                  ("md", "--safety-plan")])
def test_age_opens_the_copy_with_an_age_key_and_with_an_ssh_key(
        tmp_path: Path, workbook: Workbook, their_keys: tuple[Path, Path],
        what: tuple[str, ...]) -> None:
    need_tool("age")
    if what[0] == "pdf":
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError):
            skip_or_fail("WeasyPrint is not installed: pip install '.[pdf]'")
    age_key, ssh_key = their_keys
    public = next(line.split(": ")[1] for line in age_key.read_text().splitlines()
                  if line.startswith("# public key: "))
    db = tmp_path / "data" / "workbook.json"
    fill_hostile(db, workbook)
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}

    def export(*extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "workbook", "export", "--db", str(db),
                               "--format", *what, *extra], cwd=out, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=600)

    plain = export("-o", "-")
    assert plain.returncode == 0, plain.stderr
    assert files_in(out, tmp) == {}

    shared = export("--to", public, "--to", f"{ssh_key}.pub")
    assert shared.returncode == 0, shared.stderr
    part = "safety-plan-" if "--safety-plan" in what else ""
    name = f"heartbreak-workbook-{part}{datetime.now():%Y-%m-%d}.{what[0]}.age"
    written = files_in(out, tmp)
    assert list(written) == [out / name], "only the encrypted copy: no plain or temporary file"
    assert MARKER not in written[out / name]

    for identity in (age_key, ssh_key):
        opened = subprocess.run(["age", "--decrypt", "--identity", str(identity), str(out / name)],
                                capture_output=True, timeout=120)
        assert opened.returncode == 0, opened.stderr
        if what[0] == "pdf":  # a PDF carries its own moment of making: compare its shape
            assert opened.stdout.startswith(b"%PDF") and opened.stdout.rstrip().endswith(b"%%EOF")
        else:
            assert opened.stdout == plain.stdout
            assert (MARKER in opened.stdout) == ("--safety-plan" not in what)
    assert files_in(tmp) == {}


def readme_share_steps() -> list[str]:
    """The command lines of the README's two "share-steps" blocks, in order."""
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- share-steps.*?-->\s*```sh\n(.*?)```", readme, re.S)
    assert len(blocks) == 2, "the README lost its share-steps blocks"
    return [line for block in blocks for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_example_shares_and_opens_a_copy(
        tmp_path: Path, workbook: Workbook, their_keys: tuple[Path, Path]) -> None:
    need_tool("age")
    need_tool("bash")
    _, ssh_key = their_keys
    db = tmp_path / "data" / "workbook.json"
    fill_hostile(db, workbook)
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    (home / ".ssh").mkdir(parents=True)
    tmp.mkdir()
    # Theirs, on their machine; the public half given to the person exporting.
    shutil.copy(ssh_key, home / ".ssh" / "id_ed25519")
    shutil.copy(f"{ssh_key}.pub", home / "counsellor.pub")
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "WORKBOOK_DB": str(db)}
    steps = readme_share_steps()
    assert steps[0].startswith("workbook export ") and "--to counsellor.pub" in steps[0]
    assert steps[1].startswith("age --decrypt --identity ~/.ssh/id_ed25519 ")
    today = f"{datetime.now():%Y-%m-%d}"
    workbook_command = f"{shlex.quote(sys.executable)} -m workbook "
    for step in steps:
        line = re.sub(r"^workbook ", workbook_command, step).replace("2026-12-06", today)
        done = subprocess.run(["bash", "--norc", "--noprofile", "-c", line], cwd=home, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{step}\n{done.stderr}"
    plain = subprocess.run([sys.executable, "-m", "workbook", "export", "--format", "html",
                            "--steps", "1,2", "-o", "-"], env=env, capture_output=True,
                           timeout=300)
    assert (home / "workbook.html").read_bytes() == plain.stdout
    assert files_in(tmp) == {}
