"""What a child process is given of our environment: everything but the workbook's secrets (no Textual).

A passphrase set for a script (`WORKBOOK_PASSPHRASE`, and for `workbook
passphrase` `WORKBOOK_NEW_PASSPHRASE`) is for the workbook alone. An editor,
vim's recovery run or a browser tab's session has no use for it, and a
child's environment is read by its plugins, its crash reports and whatever
it starts in turn. Every process the workbook starts gets `child_environment()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping

from workbook.core.storage.encryption import PASSPHRASE_ENV

NEW_PASSPHRASE_ENV = "WORKBOOK_NEW_PASSPHRASE"
SECRETS = (PASSPHRASE_ENV, NEW_PASSPHRASE_ENV)


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`environ` (ours when None) without the workbook's secrets, for a child process."""
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items() if name not in SECRETS}


def forget_secrets(environ: MutableMapping[str, str] | None = None) -> None:
    """Take the secrets out of `environ` (ours when None), for a process that starts
    children it cannot give an environment of their own (textual-serve's sessions)."""
    environ = os.environ if environ is None else environ
    for name in SECRETS:
        environ.pop(name, None)
