"""Issue 10, finding 1, and issue 24, item 1, in a real browser: only the printed address opens the workbook.

Debian's chromium, driven by chromedriver through selenium, opens what
`workbook serve` printed, types into a step and the words reach the
database. Without the key the page is refused, a websocket from another
Origin is refused, and the browser's own log of requests shows nothing
fetched from any host but the server. Another server on 127.0.0.1 (browsers
send it this host's cookies whatever the port) is sent nothing that opens
the workbook, and a page's websocket secret opens one websocket only.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from textual.widgets import Input

from tests.conftest import need_tool, skip_or_fail, welcomed
from tests.e2e.focus import inside, tabs_to
from tests.e2e.sshd import free_port
from tests.e2e.test_serve import stop
from tests.e2e.tmux import wait_for_condition
from tests.storage_helpers import read_stored
from workbook.core.content import Workbook

pytestmark = pytest.mark.e2e

URL = re.compile(r"http://\S+/\?token=(\S+)")


@pytest.fixture
def served(tmp_path: Path, db: Path, content: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`workbook serve` on a free port: the URL it printed, and the process."""
    welcomed(db)
    env = {**os.environ, "WORKBOOK_DB": str(db), "WORKBOOK_CONTENT": str(content),
           "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "workbook", "serve", "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        for line in process.stdout:  # the address comes once the server listens
            if match := URL.search(line):
                yield match[0], process
                break
            assert time.monotonic() < deadline, "serve printed no address"
        else:
            raise AssertionError(f"serve ended early: {process.stderr.read()}")
    finally:
        stop(process)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    """Headless chromium with its request log on; a fresh profile inside tmp_path."""
    need_tool("chromium")
    need_tool("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install -e '.[test-e2e]')")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", "--window-size=1100,800",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


class BrowserLog:
    """What the browser's own log says: every URL it asked for, and what the app drew.

    The terminal is a canvas, so the screen is read from the websocket frames
    the page received (the app's terminal output, as a terminal would get it).
    """

    def __init__(self, driver) -> None:
        self.driver = driver
        self.urls: list[str] = []
        self.output = ""
        self.last_frame = time.monotonic()
        self.size = (80, 24)  # the terminal's columns and rows, as the page last sent them

    def poll(self) -> None:
        for entry in self.driver.get_log("performance"):  # (each call drains the log)
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                self.urls.append(params["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                self.urls.append(params["url"])
            elif message["method"] == "Network.webSocketFrameSent":
                envelope = json.loads(params["response"]["payloadData"])
                if envelope[0] == "resize":
                    self.size = (envelope[1]["width"], envelope[1]["height"])
            elif message["method"] == "Network.webSocketFrameReceived":
                frame = params["response"]
                if frame.get("opcode") == 2:
                    self.output += base64.b64decode(frame["payloadData"]).decode("utf-8", "replace")
                    self.last_frame = time.monotonic()

    def wait_drawn(self, text: str, settle: bool = True) -> None:
        """Until the app has drawn `text`, then (`settle`) until it stops drawing a moment."""
        start = len(self.output)

        def drawn() -> bool:
            self.poll()
            return text in self.output[start:]

        wait_for_condition(drawn, f"{text!r} drawn in the browser", timeout=60)
        if not settle:  # (a focused field's cursor blinks: never quiet)
            return

        def quiet() -> bool:
            self.poll()
            return time.monotonic() - self.last_frame > 1.0

        wait_for_condition(quiet, "the app to finish drawing", timeout=60)


def status_of(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}),
                                    timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def websocket_status(url: str, origin: str, cookie: str = "") -> int:
    """The HTTP status a websocket handshake gets (101 when it is accepted)."""
    import aiohttp

    headers = {"Origin": origin, **({"Cookie": cookie} if cookie else {})}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def page_websocket(url: str) -> str:
    """The websocket URL (with its page's secret) in the page the address `url` serves."""
    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode("utf-8")
    return re.search(r'data-session-websocket-url="([^"]+)"', page)[1]


@pytest.fixture
def other_server() -> Iterator[tuple[int, list[str | None]]]:
    """Someone else's web server on 127.0.0.1: its port, and the Cookie header of each request."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    cookies: list[str | None] = []

    class LogsCookies(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            cookies.append(self.headers.get("Cookie"))
            body = b"<html><body>someone else's page</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), LogsCookies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], cookies
    finally:
        server.shutdown()
        server.server_close()


def answers(db: Path) -> str:
    return json.dumps(read_stored(db).answers(), ensure_ascii=False)


def test_only_the_printed_address_opens_the_workbook(
    served, browser, db: Path, content: Path, book: Workbook
) -> None:
    from selenium.webdriver.common.by import By

    url, _ = served
    base = url.split("?")[0]
    split = urlsplit(url)
    token = URL.search(url)[1]

    # Without the key: refused, in the browser and to any other client.
    # (textual-serve's static files are the same for everyone: no key needed.)
    browser.get(base)
    assert "Open the address that 'workbook serve' printed" in browser.page_source
    assert status_of(base) == 403
    assert status_of(url.replace(token, token[:-2] + "xx")) == 403
    assert status_of(base + "ws") == 403
    assert status_of(base + "download/anything") == 403

    # With it: the app, and typed words reach the database.
    text = next(e for e in book.exercises if e.kind == "text")
    number = next(s.number for s in book.steps if text in s.exercises)
    log = BrowserLog(browser)
    browser.get(url)
    assert browser.current_url == base  # the key left the address bar
    log.wait_drawn("Press a number to open a step")
    keyboard = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    keyboard.send_keys(str(number % 10))
    log.wait_drawn(f"Step {number} of {len(book.steps)}")
    # (counted in a pilot run at the browser's own terminal size)
    tabs = tabs_to(db, content, number, inside(text.id, Input), size=log.size)
    secret = "words typed in a browser 4412"
    keyboard.send_keys("\t" * tabs)
    log.wait_drawn(text.fields[0].placeholder[:12], settle=False)  # focused, drawn again
    keyboard.send_keys(secret)
    wait_for_condition(lambda: secret in answers(db), "the typed words in the database",
                       timeout=60)

    # A websocket from another Origin is refused, even with a page's secret never used.
    fresh = page_websocket(url)
    assert asyncio.run(websocket_status(fresh, "http://evil.example")) == 403
    assert asyncio.run(websocket_status(fresh, f"http://127.0.0.1:{split.port + 1}")) == 403
    assert asyncio.run(websocket_status(f"ws://{split.netloc}/ws", f"http://{split.netloc}")) == 403

    # Nothing came from any host but the server.
    log.poll()
    # (chrome:// pages are the browser's own new tab, never the network)
    hosts = {urlsplit(u).netloc for u in log.urls
             if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {split.netloc}, hosts
    assert any(u.endswith("/static/fonts/RobotoMono-VariableFont_wght.ttf") for u in log.urls)


def test_another_server_on_loopback_is_sent_nothing_that_opens_the_workbook(
    served, browser, other_server
) -> None:
    from selenium.webdriver.common.by import By

    url, _ = served
    base = url.split("?")[0]
    netloc = urlsplit(url).netloc
    token = URL.search(url)[1]
    other_port, cookies = other_server

    log = BrowserLog(browser)
    browser.get(url)
    log.wait_drawn("Press a number to open a step")
    assert browser.current_url == base
    used = browser.find_element(By.ID, "terminal").get_attribute("data-session-websocket-url")
    assert token not in used

    # The same browser visits another server on this host, another port.
    browser.get(f"http://127.0.0.1:{other_port}/")
    assert "someone else's page" in browser.page_source
    assert cookies, "the other server was asked for its page"
    leaked = "; ".join(cookie for cookie in cookies if cookie)
    assert token not in leaked
    assert leaked == "", f"another server on 127.0.0.1 was sent cookies: {leaked}"
    # Whatever it was sent opens nothing, even with a forged Origin.
    assert status_of(base, {"Cookie": leaked} if leaked else None) == 403
    origin = f"http://{netloc}"
    assert asyncio.run(websocket_status(f"ws://{netloc}/ws", origin, leaked)) == 403

    # The page's secret opened its one websocket: replayed, it is refused.
    assert asyncio.run(websocket_status(used, origin)) == 403
    # So is a made-up one, another run's, and the run's key in its place.
    from workbook.tui.web_guard import PageSecrets

    for foreign in (PageSecrets().issue(), token):
        assert asyncio.run(websocket_status(f"ws://{netloc}/ws/{foreign}", origin)) == 403
    assert asyncio.run(websocket_status(f"ws://{netloc}/ws?token={token}", origin)) == 403

    # Back in the same tab, the bare address opens the workbook again: the key
    # was kept in the tab's own storage (kept apart by port), not in a cookie.
    browser.get(base)
    log.wait_drawn("Press a number to open a step", settle=False)
    assert browser.current_url == base
    assert browser.get_cookies() == []
