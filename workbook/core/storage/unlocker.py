"""Opening the key file in a child process, so the app stays responsive (no Textual).

age's scrypt runs in Rust and holds Python's interpreter lock for its whole
second (longer on a busy machine): in a thread it would freeze the app, and
ctrl+g (Need help) or quick hide with it. A child process does the work;
the passphrase goes in and the key comes back through pipes, never a file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workbook.core.storage.encryption import BadKeyFile, WorkbookKey, WrongPassphrase, key_path


def unlock_elsewhere(db: Path, passphrase: str) -> WorkbookKey:
    """Like `encryption.unlock`, with the key derivation in a child process."""
    from workbook.core.child_env import child_environment

    db = Path(db)
    # The passphrase goes on the pipe only: a WORKBOOK_PASSPHRASE set for a
    # script has no business in the child's environment.
    child = subprocess.run(
        [sys.executable, "-m", "workbook.core.storage.unlocker", str(db)],
        input=passphrase.encode("utf-8"), capture_output=True, check=False,
        env=child_environment(),
    )
    try:
        answer = json.loads(child.stdout)
    except ValueError:
        detail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no answer"]
        raise BadKeyFile(key_path(db), f"{key_path(db)} could not be opened ({detail[0]}); "
                         "nothing was changed") from None
    if "secret" in answer:
        return WorkbookKey(answer["secret"], key_path(db))
    if answer.get("wrong"):
        raise WrongPassphrase(key_path(db))
    raise BadKeyFile(Path(answer.get("path") or key_path(db)), answer["problem"])


def main() -> None:
    from workbook.core.storage.encryption import EncryptionProblem, unlock

    db = Path(sys.argv[1])
    passphrase = sys.stdin.buffer.read().decode("utf-8")
    try:
        answer = {"secret": unlock(db, passphrase).secret}
    except WrongPassphrase:
        answer = {"wrong": True}
    except EncryptionProblem as error:
        answer = {"problem": str(error), "path": str(error.path)}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
