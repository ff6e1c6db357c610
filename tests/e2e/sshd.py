"""A private OpenSSH server on 127.0.0.1 for the real-SSH tests.

Everything lives in one temporary folder: host key, client key,
authorized_keys, config, pid file. Key-only login as the current user.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.conftest import need_tool

CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {folder}/host_ed25519
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {user}
StrictModes no
UsePAM no
PrintMotd no
PrintLastLog no
UseDNS no
ClientAliveInterval 0
"""


def find_sshd() -> str:
    """sshd's absolute path (it lives in /usr/sbin, often not on PATH); skip/fail if absent."""
    found = shutil.which("sshd") or next(
        (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if os.access(p, os.X_OK)), None)
    if found is None:
        need_tool("sshd")  # skips locally, fails under CI=true
    return str(found)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SSHServer:
    """sshd in the foreground (-D), logging to stderr (-e), stopped by its PID."""

    def __init__(self, folder: Path) -> None:
        need_tool("ssh")
        need_tool("ssh-keygen")
        self.sshd = find_sshd()
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        self.user = getpass.getuser()
        self.port = free_port()
        self.client_key = self.folder / "client_ed25519"
        self.log = self.folder / "sshd.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> SSHServer:
        keygen = ["ssh-keygen", "-q", "-t", "ed25519", "-N", ""]
        subprocess.run([*keygen, "-f", str(self.folder / "host_ed25519")], check=True)
        subprocess.run([*keygen, "-f", str(self.client_key)], check=True)
        shutil.copy(self.folder / "client_ed25519.pub", self.folder / "authorized_keys")
        config = self.folder / "sshd_config"
        config.write_text(CONFIG.format(port=self.port, folder=self.folder, user=self.user))
        if os.geteuid() == 0:
            # sshd's privilege separation needs this empty root-owned folder.
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        check = subprocess.run([self.sshd, "-t", "-f", str(config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"sshd rejected its test config: {check.stderr.strip()}")
        # Another worker (pytest-xdist) may take the free port before sshd binds
        # it: then sshd ends at once, and we try again on a new port.
        for _attempt in range(3):
            if self._serve(config):
                return self
            self.port = free_port()
            config.write_text(CONFIG.format(port=self.port, folder=self.folder, user=self.user))
        raise RuntimeError(f"sshd did not start: {self.log.read_text()}")

    def _serve(self, config: Path) -> bool:
        """Start sshd; True once it answers, False if it ended (its port was taken)."""
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [self.sshd, "-D", "-e", "-f", str(config)], stdout=log, stderr=log,
                stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self.process.poll() is None  # ours answered, not another's
            except OSError:
                if self.process.poll() is not None:
                    return False
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"sshd did not start: {self.log.read_text()}") from None
                time.sleep(0.1)

    def ssh_argv(self, remote_command: str) -> list[str]:
        """`ssh -tt` to this server running `remote_command` (one string: ssh joins words)."""
        return [
            "ssh", "-tt", "-F", "/dev/null",
            "-i", str(self.client_key), "-p", str(self.port),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR",
            f"{self.user}@127.0.0.1", remote_command,
        ]

    def stop(self) -> None:
        """Stop sshd by its PID (sessions already running end with their connections)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def remote(env: dict[str, str], argv: list[str]) -> str:
    """A remote shell command line: `VAR=value ... program args`, each word quoted.

    sshd starts the program with a fresh environment: the test's PYTHONPATH, if
    any, goes along, so the code run over SSH is the code under test (a checkout
    beside the installed one), as it is for the tests that start it directly."""
    if os.environ.get("PYTHONPATH") and "PYTHONPATH" not in env:
        env = {"PYTHONPATH": os.environ["PYTHONPATH"], **env}
    return " ".join(shlex.quote(f"{k}={v}") for k, v in env.items()) + " " + shlex.join(argv)
