"""Who an encrypted copy is for: keys and key files read, bad ones explained, private ones refused."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from tests.share_keys import (
    ECDSA,
    ED25519,
    RSA,
    age_identity,
    echoes,
    openssh_private_lookalike,
)
from workbook.core.export.recipients import (
    RecipientProblem,
    encrypt_for,
    for_recipients,
    parse_recipients,
    remember,
    remembered,
)


def problem(values: list[str], folder: Path | None = None) -> str:
    with pytest.raises(RecipientProblem) as raised:
        parse_recipients(values, folder)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_an_age_key_and_ssh_keys_each_open_the_copy() -> None:
    secret, public = age_identity()
    recipients = parse_recipients([public, ED25519, RSA])
    assert [r.kind for r in recipients] == ["age", "ssh-ed25519", "ssh-rsa"]
    sealed = encrypt_for(b"my words", recipients)
    assert sealed.startswith(b"age-encryption.org/v1\n") and b"my words" not in sealed
    assert pyrage.decrypt(sealed, [pyrage.x25519.Identity.from_str(secret)]) == b"my words"


def test_a_keys_file_as_code_hosts_publish_it(tmp_path: Path) -> None:
    _, public = age_identity()
    keys = tmp_path / "counsellor.keys"
    keys.write_text(f"# their keys\n\n{ED25519}\ncommand=\"true\",no-pty {RSA}\n  {public}\n")
    found = parse_recipients([str(keys)])
    assert [(r.kind, r.source) for r in found] == [
        ("ssh-ed25519", f"{keys} line 3"), ("ssh-rsa", f"{keys} line 4"), ("age", f"{keys} line 5")]
    # A relative name is looked for in the folder given; the same key twice is one.
    assert len(parse_recipients(["counsellor.keys", ED25519], tmp_path)) == 3


def test_a_bad_line_in_a_keys_file_is_named_by_file_and_line(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"{ED25519}\n# an old one\n{ECDSA}\n")
    message = problem([str(keys)])
    assert message.startswith(f"{keys} line 3: ecdsa-sha2-nistp256 keys cannot be used by age")
    assert "ssh-ed25519 and ssh-rsa" in message
    keys.write_text(f"{ED25519}\n{ED25519[:40]}\n")
    assert problem([str(keys)]).startswith(f"{keys} line 2: the ssh-ed25519 key is damaged or cut short")
    keys.write_text("# nothing here\n\n")
    assert f"{keys} holds no keys" in problem([str(keys)])


@pytest.mark.parametrize(("given", "says"), [
    ("age1qqqqtypo", "the age key 'age1qqqqtypo…' is not whole"),
    (ED25519.replace("AAAAC3", "AAAAC4"), "the ssh-ed25519 key is damaged or cut short"),
    ("ssh-ed25519", "the ssh-ed25519 key has no key after its name"),
    (ECDSA, "ecdsa-sha2-nistp256 keys cannot be used by age"),
    ("ssh-dss AAAAB3NzaC1kc3M", "ssh-dss keys cannot be used by age"),
    ("age1yubikey1q" + "q" * 60, "a plugin's or a post-quantum one"),
    ("my counsellor", "'my counsellor' is neither a public key nor a file"),
    ("~/.ssh/id_ed2519.pub", "there is no file '~/.ssh/id_ed2519.pub'"),
])
def test_a_bad_recipient_is_told_what_is_wrong(given: str, says: str) -> None:
    message = problem([given])
    assert message.startswith("--to: ") and says in message


def test_which_of_several_is_wrong_is_named() -> None:
    _, public = age_identity()
    assert problem([public, "nonsense"]).startswith("--to number 2: 'nonsense'")


def test_a_pasted_private_key_is_refused_and_never_repeated(tmp_path: Path) -> None:
    secret, _ = age_identity()
    private = openssh_private_lookalike()
    for pasted in (secret, private, private.splitlines()[1], secret.lower()):
        message = problem([pasted])
        assert "that is a private key, so it was not used or kept" in message
        assert not echoes(message, secret) and not echoes(message, private)
        assert "AGE-SECRET-KEY" not in message and "BEGIN" not in message


def test_a_private_key_file_is_refused_and_its_public_half_named(tmp_path: Path) -> None:
    (tmp_path / "id_ed25519").write_text(private := openssh_private_lookalike())
    (tmp_path / "id_ed25519.pub").write_text(ED25519 + "\n")
    message = problem([str(tmp_path / "id_ed25519")])
    assert "holds a private key, so it was not used or kept" in message
    assert f"its public key is {tmp_path / 'id_ed25519.pub'}" in message
    assert not echoes(message, private)
    # An identity file from age-keygen: its public line is there, its secret too.
    secret, public = age_identity()
    (tmp_path / "key.txt").write_text(f"# created: today\n# public key: {public}\n{secret}\n")
    message = problem([str(tmp_path / "key.txt")])
    assert "holds a private key" in message and not echoes(message, secret)


def test_the_encrypted_name_ends_in_age() -> None:
    assert for_recipients("heartbreak-workbook-2026-12-06.md") == "heartbreak-workbook-2026-12-06.md.age"
    assert for_recipients("copy.age") == "copy.age"


def test_remembered_recipients_newest_first_never_a_private_key() -> None:
    secret, public = age_identity()
    saved = remember(None, "my counsellor", ED25519)
    saved = remember(saved, "  my   sister ", public)
    assert [e["name"] for e in saved] == ["my sister", "my counsellor"]
    saved = remember(saved, "my counsellor", RSA)  # a new key for the same name
    assert saved[0] == {"name": "my counsellor", "to": RSA} and len(saved) == 2
    assert remember(saved, "oops", secret) == saved
    assert remember(saved, secret, ED25519) == saved
    assert remember(saved, "", ED25519) == saved
    assert remembered([{"name": "x"}, "junk", {"name": "leak", "to": secret}]) == []
    for number in range(20):
        saved = remember(saved, f"friend {number}", f"key {number}")
    assert len(saved) == 8 and saved[0]["name"] == "friend 19"
