"""`workbook serve` on an encrypted workbook: the browser gets the unlock screen first.

The test speaks to textual-serve's websocket as the browser page does
(`["stdin", keys]` in, the terminal's output back) and reads the screen text
out of that output.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import pytest

from tests.conftest import welcomed
from tests.e2e.sshd import free_port
from tests.e2e.test_serve import printed_url, serve, stop, wait_for_page
from workbook.core.child_env import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV
from workbook.core.storage.conversion import encrypt_workbook

PASSPHRASE = "lanterns in the fog"
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

pytestmark = pytest.mark.e2e


class Browser:
    """What the page's script does: send keys, collect what the terminal draws."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.seen = b""

    async def type(self, text: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", text]))

    async def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in ESCAPES.sub(b"", self.seen):
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never showed; last output: {self.seen[-400:]!r}"
            try:
                message = await self.websocket.receive(timeout=left)
            except TimeoutError:
                continue
            if isinstance(message.data, bytes):
                self.seen += message.data
            elif message.data is None:
                raise AssertionError(f"the page's connection closed waiting for {text!r}")


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def environment_names(pid: int) -> set[str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return set()
    return {entry.split(b"=", 1)[0].decode() for entry in raw.split(b"\0") if entry}


async def unlock_in_the_browser(address: str, port: int, server_pid: int) -> None:
    import aiohttp

    # As a browser does: the printed address serves the page, whose script then
    # opens the websocket it names (with the page's secret) from the same origin.
    async with aiohttp.ClientSession() as session:
        async with session.get(address) as page:
            assert page.status == 200
            html = await page.text()
        origin = f"http://127.0.0.1:{port}"
        url = re.search(r'data-session-websocket-url="([^"]+)"', html)[1] + "?width=100&height=30"
        async with session.ws_connect(url, headers={"Origin": origin}) as websocket:
            page = Browser(websocket)
            await page.wait_for("Your workbook is locked")
            # The app's processes never got the passphrase the server was started with.
            children = descendants(server_pid)
            assert children, "the browser's session runs in a child process"
            for child in children:
                assert not environment_names(child) & {PASSPHRASE_ENV, NEW_PASSPHRASE_ENV}, child
            await page.type(PASSPHRASE)
            await page.type("\r")
            await page.wait_for("written", timeout=180)  # scrypt on a busy machine


def test_serve_asks_for_the_passphrase_in_the_browser(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"  # where serve() points WORKBOOK_DB
    welcomed(db)
    encrypt_workbook(db, PASSPHRASE)
    port = free_port()
    # Set for a script, say: the server has no use for them, and its children never see them.
    process = serve(tmp_path, "--port", str(port), **{PASSPHRASE_ENV: PASSPHRASE,
                                                       NEW_PASSPHRASE_ENV: "another"})
    try:
        address = printed_url(process)
        wait_for_page(process, address)
        asyncio.run(unlock_in_the_browser(address, port, process.pid))
    finally:
        _, stderr = stop(process)
    assert process.returncode == 0, stderr
