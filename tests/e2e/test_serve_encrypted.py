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


async def unlock_in_the_browser(address: str, port: int) -> None:
    import aiohttp

    # As a browser does: the printed address sets the run's cookie, the page's
    # script then opens the websocket from the same origin.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(address) as page:
            assert page.status == 200
        origin = f"http://127.0.0.1:{port}"
        url = f"{origin}/ws?width=100&height=30"
        async with session.ws_connect(url, headers={"Origin": origin}) as websocket:
            page = Browser(websocket)
            await page.wait_for("Your workbook is locked")
            await page.type(PASSPHRASE)
            await page.type("\r")
            await page.wait_for("written", timeout=180)  # scrypt on a busy machine


def test_serve_asks_for_the_passphrase_in_the_browser(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"  # where serve() points WORKBOOK_DB
    welcomed(db)
    encrypt_workbook(db, PASSPHRASE)
    port = free_port()
    process = serve(tmp_path, "--port", str(port))
    try:
        address = printed_url(process)
        wait_for_page(process, address)
        asyncio.run(unlock_in_the_browser(address, port))
    finally:
        _, stderr = stop(process)
    assert process.returncode == 0, stderr
