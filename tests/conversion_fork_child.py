"""Child for tests/cli/test_encryption_kill.py: runs `workbook` commands in forked processes.

Usage: python conversion_fork_child.py CACHE. Reads lines `COMMAND DB OLD NEW`
on stdin; for each forks a process that runs `workbook COMMAND --db DB`
(passphrases from the line, as WORKBOOK_PASSPHRASE and
WORKBOOK_NEW_PASSPHRASE), prints its pid, then `done STATUS` once it ends
(or is killed). Forking from a warm interpreter makes 300 rounds quick.

age fixes scrypt at about a second, which would put nearly every random kill
in the key derivation, where nothing touches the disk. So the key file bytes
for each passphrase are sealed once by the test (CACHE, JSON) and looked up
here: the commands then spend their time in the file operations the test
is about. A key file whose bytes are not in CACHE goes through real scrypt.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

from workbook import cli
from workbook.core.storage import conversion, encryption


def install_cache(cache_file: str) -> None:
    cache = json.loads(Path(cache_file).read_text())
    secret = cache["identity"]
    sealed = {p: base64.b64decode(raw) for p, raw in cache["sealed"].items()}
    by_bytes = {raw: p for p, raw in sealed.items()}
    real_unlock = encryption.unlock

    def unlock(db: Path, passphrase: str) -> encryption.WorkbookKey:
        raw = encryption.read_key_file(db)
        if by_bytes.get(raw, passphrase) != passphrase:
            raise encryption.WrongPassphrase(encryption.key_path(db))
        if raw in by_bytes:
            return encryption.WorkbookKey(secret, encryption.key_path(db))
        return real_unlock(db, passphrase)

    def create_key(db: Path, passphrase: str):
        return encryption.WorkbookKey(secret, encryption.key_path(db)), sealed[passphrase]

    encryption.unlock = unlock
    conversion.create_key = create_key
    encryption.WorkbookKey.sealed = lambda self, passphrase: sealed[passphrase]


def main() -> None:
    install_cache(sys.argv[1])
    for line in sys.stdin:
        command, db, old, new = line.split()
        pid = os.fork()
        if pid == 0:
            os.environ["WORKBOOK_PASSPHRASE"] = old
            os.environ["WORKBOOK_NEW_PASSPHRASE"] = new
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            argv = [command, "--db", db, *(["--yes"] if command == "decrypt" else [])]
            try:
                code = cli.main(argv)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 99
            os._exit(code)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("done", status, flush=True)


if __name__ == "__main__":
    main()
