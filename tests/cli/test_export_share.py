"""`workbook export --to KEY`: a copy only the people you trust can open, run as real processes.

Debian's `age` opening these copies is in tests/e2e/test_share_age.py; here
pyrage (the same format) opens them, so the everyday lane checks every format.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pyrage
import pytest

from tests.export_hostile import fill_hostile
from tests.share_keys import ECDSA, ED25519, age_identity, echoes, openssh_private_lookalike
from workbook.core.content import Workbook

MARKER = "Zebra-crossing-7431"  # in the hostile letter: in every plain export


def run(*args: str, cwd: Path, tmp: Path) -> subprocess.CompletedProcess[bytes]:
    """The real `workbook` command, in `cwd`, with its temporary folder at `tmp`."""
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=cwd,
                          stdin=subprocess.DEVNULL, capture_output=True,
                          env={**os.environ, "TMPDIR": str(tmp)}, timeout=120)


def everything_in(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def filled(tmp_path: Path, workbook: Workbook) -> Path:
    db = tmp_path / "data" / "workbook.json"
    fill_hostile(db, workbook)
    return db


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    return out, tmp


@pytest.mark.parametrize("what", [("md",), ("html",), ("json",), ("md", "--safety-plan"),
                                  ("html", "--safety-plan")])
def test_each_format_is_sealed_for_them_and_only_the_age_file_is_written(
        filled: Path, places: tuple[Path, Path], what: tuple[str, ...]) -> None:
    out, tmp = places
    secret, public = age_identity()
    (out / "keys").mkdir()
    (out / "keys" / "counsellor.pub").write_text(ED25519 + "\n")
    plain = run("export", "--db", str(filled), "--format", *what, "-o", "-", cwd=out, tmp=tmp)
    assert plain.returncode == 0, plain.stderr
    before_tmp = everything_in(tmp)

    result = run("export", "--db", str(filled), "--format", *what, "--to", public,
                 "--to", "keys/counsellor.pub", cwd=out, tmp=tmp)
    assert result.returncode == 0, result.stderr
    part = "safety-plan-" if "--safety-plan" in what else ""
    name = f"heartbreak-workbook-{part}{datetime.now():%Y-%m-%d}.{what[0]}.age"
    assert f"Saved to {out / name}" in result.stdout.decode()
    assert "encrypted for 2 keys (1 SSH, 1 age)" in result.stdout.decode()

    written = everything_in(out)
    assert sorted(p.name for p in written) == ["counsellor.pub", name]  # no temporary, no plain copy
    sealed = written[out / name]
    assert pyrage.decrypt(sealed, [pyrage.x25519.Identity.from_str(secret)]) == plain.stdout
    assert everything_in(tmp) == before_tmp == {}
    if "--safety-plan" not in what:
        assert MARKER.encode() in plain.stdout and MARKER.encode() not in sealed


def test_to_a_pipe_it_is_the_sealed_copy(filled: Path, places: tuple[Path, Path]) -> None:
    out, tmp = places
    secret, public = age_identity()
    result = run("export", "--db", str(filled), "--to", public, "-o", "-", cwd=out, tmp=tmp)
    assert result.returncode == 0, result.stderr
    opened = pyrage.decrypt(result.stdout, [pyrage.x25519.Identity.from_str(secret)])
    assert opened.startswith(b"# Heartbreak Workbook\n")
    assert everything_in(out, tmp) == {}


def one_line_failure(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode != 0
    stderr = result.stderr.decode()
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr and result.stdout == b""
    return stderr


@pytest.mark.parametrize(("given", "says"), [
    ("age1qqqqtypo", "workbook: --to: the age key 'age1qqqqtypo…' is not whole"),
    (ECDSA, "workbook: --to: ecdsa-sha2-nistp256 keys cannot be used by age"),
    ("counsellor.pub", "workbook: --to: there is no file 'counsellor.pub'"),
    ("my counsellor", "workbook: --to: 'my counsellor' is neither a public key nor a file"),
])
def test_a_bad_recipient_stops_before_anything_is_written(
        filled: Path, places: tuple[Path, Path], given: str, says: str) -> None:
    out, tmp = places
    result = run("export", "--db", str(filled), "--to", given, cwd=out, tmp=tmp)
    assert one_line_failure(result).startswith(says)
    assert result.returncode == 2
    assert everything_in(out, tmp) == {}


def test_a_bad_line_of_a_keys_file_is_named(filled: Path, places: tuple[Path, Path]) -> None:
    out, tmp = places
    keys = out / "keys.txt"
    keys.write_text(f"# counsellor\n{ED25519}\n\n{ECDSA}\n")
    result = run("export", "--db", str(filled), "--to", "keys.txt", cwd=out, tmp=tmp)
    assert one_line_failure(result).startswith("workbook: keys.txt line 4: ecdsa-sha2-nistp256 keys")
    assert [p.name for p in out.iterdir()] == ["keys.txt"]


def test_a_private_key_is_refused_and_never_echoed(filled: Path, places: tuple[Path, Path]) -> None:
    out, tmp = places
    secret, _ = age_identity()
    private = openssh_private_lookalike()
    (out / "id_ed25519").write_text(private)
    for given in (secret, private, "id_ed25519"):
        result = run("export", "--db", str(filled), "--to", given, cwd=out, tmp=tmp)
        message = one_line_failure(result)
        assert "private key, so it was not used or kept" in message
        assert "public key" in message
        assert not echoes(message, secret) and not echoes(message, private)
    assert [p.name for p in out.iterdir()] == ["id_ed25519"]
    assert everything_in(tmp) == {}


def test_encrypt_and_to_are_one_or_the_other(filled: Path, places: tuple[Path, Path]) -> None:
    out, tmp = places
    _, public = age_identity()
    result = run("export", "--db", str(filled), "--format", "json", "--encrypt", "--to", public,
                 cwd=out, tmp=tmp)
    assert "choose one" in one_line_failure(result)


def test_a_private_key_given_without_to_is_not_repeated_either(
        filled: Path, places: tuple[Path, Path]) -> None:
    out, tmp = places
    secret, _ = age_identity()
    result = run("export", "--db", str(filled), secret, cwd=out, tmp=tmp)  # --to forgotten
    message = one_line_failure(result)
    assert "a private key was given, so it was not used or kept" in message
    assert not echoes(message, secret) and result.returncode == 2
