"""Who an encrypted copy is for: age and SSH public keys, and files of them (no Textual).

`workbook export --to RECIPIENT` and the export screen's "For" field take an
age public key (`age1…`), an SSH public key line (`ssh-ed25519 …`,
`ssh-rsa …`), or a file of such lines (`~/.ssh/id_ed25519.pub`, or a keys
file as code hosts publish them, options and comments allowed; blank and `#`
lines skipped). The copy is sealed in memory with pyrage, in the age format,
so `age --decrypt --identity KEY` opens it and the plain text never reaches
the disk.

A private key pasted or named by mistake is refused, and its text is never
kept, logged or repeated back: the messages here name only what kind of thing
was given, never a private key's characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.core.export.common import ExportError

AGE_SUFFIX = ".age"
SSH_TYPES = ("ssh-ed25519", "ssh-rsa")
# A key file is a few lines; a code host's list of keys a few dozen.
KEYS_FILE_LIMIT = 1 << 20

# Pieces that only a private key holds: age's identities, PEM and OpenSSH
# private key files (also one base64 line cut from the middle of one starts
# with "openssh-key-v1" encoded), PuTTY's key files.
_PRIVATE = re.compile(
    r"AGE-SECRET-KEY-|AGE-PLUGIN-|PRIVATE KEY|PuTTY-User-Key-File|b3BlbnNzaC1rZXktdjE",
    re.IGNORECASE,
)
# The key type that starts an SSH public key (after any authorized_keys options).
_KEY_TYPE = re.compile(r"^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+|"
                       r"[a-z0-9-]+-cert-v01@openssh\.com)$", re.IGNORECASE)
NEVER_PRIVATE = ("Ask for their public key (it starts with age1, ssh-ed25519 or ssh-rsa): "
                 "a private key must stay with its owner")
WHAT_WORKS = ("a recipient is an age public key (age1…), an SSH public key "
              "(ssh-ed25519 … or ssh-rsa …), or a file of them such as ~/.ssh/id_ed25519.pub")


class RecipientProblem(ExportError):
    """A recipient that cannot be used; `str()` says what and where (never a private key)."""


@dataclass(frozen=True)
class Recipient:
    """One public key to encrypt to, and where it came from (for messages)."""

    kind: str  # "age", "ssh-ed25519" or "ssh-rsa"
    key: Any  # a pyrage recipient
    source: str  # "--to number 1", or "keys.txt line 3"
    public: str  # the key as text, without any comment: "age1…" or "ssh-ed25519 AAAA…"


def looks_private(text: str) -> bool:
    """True when `text` holds (a piece of) a private key rather than a public one."""
    return bool(_PRIVATE.search(text))


def _said(value: str) -> str:
    """A short public text as the person gave it, in quotes; a long one only by its length."""
    value = " ".join(value.split())
    if len(value) <= 40 and not looks_private(value):
        return f"'{value}'"
    return f"the {len(value)} characters given"


def parse_line(line: str, source: str) -> Recipient:
    """One age or SSH public key line; `RecipientProblem` naming `source` and what is wrong."""
    from pyrage import RecipientError, ssh, x25519

    text = line.strip()
    if looks_private(text):
        raise RecipientProblem(f"{source}: that is a private key, so it was not used or kept. "
                               f"{NEVER_PRIVATE}")
    if text.lower().startswith("age1"):
        # A plain age key has one "1" (bech32 leaves it out of the key): more is a
        # plugin's or a post-quantum key's longer prefix (age1yubikey1…, age1pq1…).
        if "1" in text[4:] and len(text) != 62:
            raise RecipientProblem(f"{source}: that age key is of a kind this app cannot use "
                                   "(a plugin's or a post-quantum one): ask for an age1… key "
                                   "made by age-keygen, or an SSH key")
        try:
            return Recipient("age", x25519.Recipient.from_str(text), source, text.lower())
        except RecipientError:
            raise RecipientProblem(f"{source}: the age key {_said(text[:12] + '…')} is not whole "
                                   "(a typo, or cut short?): an age public key is 62 characters, "
                                   "starting age1; copy it again") from None
    tokens = text.split()
    at = next((i for i, token in enumerate(tokens) if _KEY_TYPE.match(token)), None)
    if at is None:
        raise RecipientProblem(f"{source}: {_said(text)} is not a public key: {WHAT_WORKS}")
    kind = tokens[at]
    if kind not in SSH_TYPES:
        raise RecipientProblem(f"{source}: {kind[:40]} keys cannot be used by age: only "
                               "ssh-ed25519 and ssh-rsa SSH keys work (ask for one of those, "
                               "or an age1… key)")
    if len(tokens) <= at + 1:
        raise RecipientProblem(f"{source}: the {kind} key has no key after its name "
                               "(cut short?): copy the whole line")
    try:
        public = f"{kind} {tokens[at + 1]}"
        return Recipient(kind, ssh.Recipient.from_str(public), source, public)
    except RecipientError:
        raise RecipientProblem(f"{source}: the {kind} key is damaged or cut short (a typo?): "
                               "copy the whole line again") from None


def read_keys_file(path: Path, shown: str) -> list[Recipient]:
    """Every key in a file of key lines; `RecipientProblem` naming the file and line."""
    from workbook.core.storage.files import NotAFile, TooLarge, read_regular

    try:
        raw = read_regular(path, limit=KEYS_FILE_LIMIT)
    except NotAFile:
        raise RecipientProblem(f"{shown} is not a file of keys (a folder or a device?): "
                               f"{WHAT_WORKS}") from None
    except TooLarge:
        raise RecipientProblem(f"{shown} is too large to be a file of public keys: "
                               f"{WHAT_WORKS}") from None
    except OSError as error:
        raise RecipientProblem(f"{shown} cannot be read ({error.strerror or error})") from None
    text = raw.decode("utf-8", "replace")
    if looks_private(text):
        hint = (f" (its public key is {shown}.pub)" if not shown.endswith(".pub") and
                Path(f"{path}.pub").is_file() else "")
        raise RecipientProblem(f"{shown} holds a private key, so it was not used or kept{hint}. "
                               f"{NEVER_PRIVATE}")
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            found.append(parse_line(line, f"{shown} line {number}"))
    if not found:
        raise RecipientProblem(f"{shown} holds no keys (only blank or # lines): {WHAT_WORKS}")
    return found


def parse_recipient(value: str, source: str, folder: Path | None = None) -> list[Recipient]:
    """The keys `value` names: itself as a key line, or the lines of the file it names.

    `folder` is where a relative file name is looked for (the current folder if None).
    """
    text = value.strip()
    if not text:
        raise RecipientProblem(f"{source} is empty: {WHAT_WORKS}")
    if looks_private(text):
        raise RecipientProblem(f"{source}: that is a private key, so it was not used or kept. "
                               f"{NEVER_PRIVATE}")
    if text.lower().startswith("age1") or any(_KEY_TYPE.match(t) for t in text.split()):
        return [parse_line(text, source)]
    path = Path(text).expanduser()
    if folder is not None and not path.is_absolute():
        path = folder / path
    if path.exists():
        return read_keys_file(path, text)
    if "/" in text or text.endswith(".pub") or text.startswith("~"):
        raise RecipientProblem(f"{source}: there is no file {_said(text)}: check the name "
                               f"({WHAT_WORKS})")
    raise RecipientProblem(f"{source}: {_said(text)} is neither a public key nor a file: "
                           f"{WHAT_WORKS}")


def parse_recipients(values: list[str], folder: Path | None = None,
                     label: str = "--to") -> list[Recipient]:
    """Every key the values name, in order, without repeats; the first problem raised."""
    found: list[Recipient] = []
    seen: set[str] = set()
    for number, value in enumerate(values, start=1):
        source = label if len(values) == 1 else f"{label} number {number}"
        for recipient in parse_recipient(value, source, folder):
            if recipient.public not in seen:
                seen.add(recipient.public)
                found.append(recipient)
    return found


def encrypt_for(data: bytes, recipients: list[Recipient]) -> bytes:
    """`data` in the age format, for every recipient (in memory: nothing touches the disk)."""
    import pyrage

    if not recipients:
        raise RecipientProblem(f"no recipient was given: {WHAT_WORKS}")
    return pyrage.encrypt(data, [recipient.key for recipient in recipients])


def for_recipients(name: str) -> str:
    """A file name for the encrypted copy: the plain name with `.age` added."""
    return name if name.endswith(AGE_SUFFIX) else f"{name}{AGE_SUFFIX}"


# The export screen remembers the people a copy was made for, by the name the
# person gives, in the workbook's own settings: so the list is encrypted with
# an encrypted workbook, moves with its backup, and needs no file of its own.
REMEMBERED = "share_with"
REMEMBER_AT_MOST = 8


def remembered(saved: Any) -> list[dict[str, str]]:
    """The remembered recipients from the setting, newest first (anything odd left out)."""
    if not isinstance(saved, list):
        return []
    return [{"name": entry["name"], "to": entry["to"]} for entry in saved
            if isinstance(entry, dict) and isinstance(entry.get("name"), str)
            and isinstance(entry.get("to"), str) and entry["name"].strip()
            and not looks_private(entry["to"])]


def remember(saved: Any, name: str, to: str) -> list[dict[str, str]]:
    """The setting with `name` for `to` first (replacing an entry of either); never a private key."""
    name, to = " ".join(name.split())[:60], to.strip()
    if not name or looks_private(to) or looks_private(name):
        return remembered(saved)
    others = [entry for entry in remembered(saved)
              if entry["name"] != name and entry["to"] != to]
    return [{"name": name, "to": to}, *others][:REMEMBER_AT_MOST]
