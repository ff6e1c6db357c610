"""The README's way to open an encrypted workbook with Debian's `age` and nothing of ours.

The test reads the lines under the README's `age-steps` marker and types
them, exactly, into a shell in a real terminal (age asks for the passphrase
on the terminal, so it is typed there too when age asks).
"""

from __future__ import annotations

import re

import pytest

from tests import quick_scrypt
from tests.conftest import REPO, need_tool
from tests.encryption_helpers import make_workbook
from workbook.cli import main
from workbook.core.storage.encryption import key_path

PASSPHRASE = "a long walk by the sea"


def readme_age_steps() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- age-steps:.*?-->\s*```sh\n(.*?)```", readme, re.S)
    assert found, "the README lost its age-steps block"
    return [line for line in found[1].splitlines() if line.strip()]


@pytest.mark.real_scrypt  # the key file exactly as the shipped app seals it
def test_the_readme_steps_open_the_workbook_with_age_alone(terminal, db, workbook, monkeypatch):
    need_tool("age")
    make_workbook(db, workbook, sessions=1)
    plain = db.read_bytes()
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(db)]) == 0
    assert db.read_bytes() != plain
    # age's own work factor: nothing in the app lowers it (only the tests' fixture does)
    work_factor = int(key_path(db).read_bytes().split(b"\n")[1].split()[-1])
    assert work_factor > quick_scrypt.LOG_N

    steps = readme_age_steps()
    assert any("workbook.key.age" in step for step in steps)
    shell = terminal(120, 40)
    shell.start(["bash", "--norc", "--noprofile"], env={"PS1": "$ ", "HOME": str(db.parent)},
                cwd=db.parent)
    shell.wait_for("$")
    for number, step in enumerate(steps):
        shell.type(step)
        shell.send("Enter")
        if step.startswith("age") and "workbook.key.age" in step:
            shell.wait_for("Enter passphrase")
            shell.type(PASSPHRASE)
            shell.send("Enter")
        shell.type(f"echo step-{number}-ended-$?")
        shell.send("Enter")
        shell.wait_for(f"step-{number}-ended-0", timeout=180)  # scrypt on a busy machine

    opened = db.parent / "workbook-plain.json"
    assert opened.read_bytes() == plain
    assert not (db.parent / "workbook.key").exists()  # the README's last step tidies up
