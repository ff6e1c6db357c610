"""A small tmux driver: a real terminal for end-to-end tests.

Each `Tmux` runs its own tmux server on a private socket (`tmux -L`), so
tests never touch a person's tmux or each other. Waits poll `capture-pane`
until the text appears, with a generous timeout that only catches a hang.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# Long enough for a slow CI machine to start Python and Textual; a wait only
# runs this long when something is wrong.
TIMEOUT = 30.0
POLL = 0.1
ESCAPE_PAUSE = 0.4

CONFIG = """\
set -g status off
set -g remain-on-exit on
set -g history-limit 2000
set -g default-terminal "{term}"
"""


class Tmux:
    """One tmux server with one pane running one command."""

    def __init__(self, folder: Path, width: int = 80, height: int = 24,
                 term: str = "tmux-256color") -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.width = width
        self.height = height
        self.socket = f"workbook-test-{uuid.uuid4().hex[:12]}"
        self.config = self.folder / f"{self.socket}.conf"
        self.config.write_text(CONFIG.format(term=term), encoding="utf-8")
        self.started = False
        self._next_key_at = 0.0

    # Running

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run a tmux command against this server; its stdout."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True, text=True, timeout=TIMEOUT,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, argv: Sequence[str] | str, env: Mapping[str, str] | None = None,
              cwd: Path | None = None) -> None:
        """Start `argv` in a fresh pane of this size, with `env` added to its environment."""
        command = argv if isinstance(argv, str) else shlex.join(argv)
        if env:
            command = "exec env " + " ".join(
                shlex.quote(f"{k}={v}") for k, v in env.items()) + " " + command
        else:
            command = "exec " + command
        self.tmux("new-session", "-d", "-s", "main", "-x", str(self.width), "-y",
                  str(self.height), "-c", str(cwd or self.folder), command)
        self.started = True

    def kill(self) -> None:
        """Stop the server and everything in it."""
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
        self.config.unlink(missing_ok=True)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *_: object) -> None:
        self.kill()

    # Keys

    def send(self, *keys: str, pause: float = 0.05) -> None:
        """Send tmux key names ("Tab", "C-b", "F1", "Escape", "9"), one at a time."""
        for key in keys:
            self._paced()
            self.tmux("send-keys", "-t", "main", key)
            # A person's pace: the app reads keys one by one. After a lone
            # escape it waits to see whether a sequence follows (escape then
            # "3" at once would be alt+3), so the next key waits longer.
            self._next_key_at = time.monotonic() + (ESCAPE_PAUSE if key == "Escape" else pause)

    def type(self, text: str) -> None:
        """Type literal text (no key names)."""
        self._paced()
        self.tmux("send-keys", "-t", "main", "-l", text)

    def _paced(self) -> None:
        """Hold the next key until the pause after the last one is over.

        The pause comes before the next key rather than after the last: a
        test that waits on the screen meanwhile does not wait twice.
        """
        delay = self._next_key_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal, as dragging the window edge would."""
        self.tmux("resize-window", "-t", "main", "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    # Reading

    def screen(self) -> str:
        """What the pane shows now, as plain text."""
        return self.tmux("capture-pane", "-p", "-t", "main")

    def pane(self, field: str) -> str:
        """A tmux format field of the pane, e.g. "pane_pid" or "pane_dead"."""
        return self.tmux("display-message", "-p", "-t", "main", f"#{{{field}}}").strip()

    @property
    def pid(self) -> int:
        """The process started in the pane (the command itself: it was exec'd)."""
        return int(self.pane("pane_pid"))

    @property
    def exited(self) -> bool:
        return self.pane("pane_dead") == "1"

    @property
    def exit_status(self) -> int | None:
        """The ended command's exit status (minus the signal if killed); None while it runs."""
        if not self.exited:
            return None
        status, signal = self.pane("pane_dead_status"), self.pane("pane_dead_signal")
        if signal:
            return -int(signal)
        return int(status) if status else 0  # tmux 3.3 leaves a 0 status blank

    def wait_until(self, condition: Callable[[str], bool], what: str,
                   timeout: float = TIMEOUT) -> str:
        """Poll the screen until `condition(screen)`; the screen, or AssertionError."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")
            time.sleep(POLL)

    def settle(self, quiet: float = 0.4, timeout: float = TIMEOUT) -> str:
        """Wait until the screen's text stops changing for `quiet` seconds.

        After a screen opens, the app moves the focus once it has drawn;
        keys sent before that would start from the wrong field. Likewise after
        tabbing: a key typed while the focus still travels (a loaded machine)
        can land in a field the focus already left.
        """
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen kept changing; it shows:\n{last}")
            time.sleep(POLL)
            screen = self.screen()
            if screen != last:
                last, since = screen, time.monotonic()
        return last

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Wait until every text is on screen."""
        return self.wait_until(lambda s: all(t in s for t in texts),
                               f"{texts!r} to appear", timeout)

    def wait_gone(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Wait until none of the texts is on screen."""
        return self.wait_until(lambda s: not any(t in s for t in texts),
                               f"{texts!r} to go", timeout)

    def wait_exit(self, timeout: float = TIMEOUT) -> int | None:
        """Wait for the pane's command to end; its exit status."""
        deadline = time.monotonic() + timeout
        while not self.exited:
            if time.monotonic() > deadline:
                raise AssertionError(f"the program did not end; the screen shows:\n{self.screen()}")
            time.sleep(POLL)
        return self.exit_status


def wait_for_condition(condition: Callable[[], bool], what: str,
                       timeout: float = TIMEOUT) -> None:
    """Poll any condition (a file's content, a lock) until true, else AssertionError."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(POLL)


def process_alive(pid: int) -> bool:
    """True while a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return state != "Z"
