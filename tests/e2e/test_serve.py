"""`workbook serve`: the app's page over HTTP on loopback; a warning anywhere else."""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.sshd import free_port
from workbook.cli.serve import app_command, is_loopback

pytestmark = pytest.mark.e2e

START_TIMEOUT = 30.0


def serve(tmp_path: Path, *args: str, **extra_env: str) -> subprocess.Popen[str]:
    env = {**os.environ, "WORKBOOK_DB": str(tmp_path / "workbook.json"), **extra_env}
    return subprocess.Popen(
        [sys.executable, "-m", "workbook", "serve", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


def wait_for_page(process: subprocess.Popen[str], url: str) -> tuple[int, str]:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            return get(url)
        except OSError:
            if process.poll() is not None:
                raise AssertionError(f"serve ended early: {process.stderr.read()}") from None
            if time.monotonic() > deadline:
                raise AssertionError("serve did not answer") from None
            time.sleep(0.2)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As any server binds (aiohttp too): connections the server closed last
        # linger in TIME_WAIT for a minute without keeping a new server out.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def printed_url(process: subprocess.Popen[str]) -> str:
    """The address `workbook serve` printed, with this run's key."""
    for line in process.stdout:
        if "?token=" in line:
            return line.strip()
    raise AssertionError(f"serve printed no address: {process.stderr.read()}")


def test_serve_answers_with_the_app_page_and_frees_the_port(tmp_path: Path) -> None:
    port = free_port()
    process = serve(tmp_path, "--port", str(port))
    try:
        url = printed_url(process)
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        assert len(url.split("token=")[1]) >= 22  # at least 128 bits, URL-safe base64
        status, page = wait_for_page(process, url)
        assert status == 200
        assert "<html" in page.lower() and "<title>Heartbreak Workbook</title>" in page
        assert '<link rel="icon" href="data:,">' in page  # no request for /favicon.ico
        assert "googleapis" not in page
    finally:
        _, stderr = stop(process)
    assert process.returncode == 0, stderr
    assert "warning" not in stderr.lower()
    assert port_is_free(port)


def test_the_key_and_the_page_secrets_never_reach_the_log(tmp_path: Path) -> None:
    port = free_port()
    process = serve(tmp_path, "--port", str(port))
    try:
        url = printed_url(process)
        _, page = wait_for_page(process, url)
        secret = re.search(r'data-session-websocket-url="ws://[^"]+/ws/([^"]+)"', page)[1]
        token = url.split("token=")[1]
        base = url.split("?")[0]
        for asked in (url, url + "&fontsize=12", url.replace("?", "?a=b&"), f"{base}ws/{secret}"):
            get_status(asked, {"Referer": url})
    finally:
        stdout, stderr = stop(process)
    # Every line the server wrote, joined up again where the log wrapped them.
    logged = re.sub(r"\s+", "", stdout + stderr)
    assert "/?token=(hidden)" in logged, "the access log names the page it served"
    assert token not in logged and token[:16] not in logged
    assert secret not in logged and secret[:16] not in logged


def get_status(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5):
            return 200
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_on_a_non_loopback_host_warns_that_the_address_is_the_only_key(tmp_path: Path) -> None:
    port = free_port()
    process = serve(tmp_path, "--host", "0.0.0.0", "--port", str(port))
    try:
        wait_for_page(process, printed_url(process).replace(socket.gethostname(), "127.0.0.1"))
    finally:
        _, stderr = stop(process)
    assert "warning" in stderr and "the only key" in stderr
    assert port_is_free(port)


def test_loopback_addresses_and_the_app_command() -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.5", "example.org"):
        assert not is_loopback(host), host
    args = argparse.Namespace(db="rel/answers.json", content=None, read_only=False)
    command = app_command(args)
    assert "-m workbook --db" in command
    assert str(Path("rel/answers.json").absolute()) in command


def test_without_textual_serve_one_line_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['textual_serve'] = None; sys.modules['textual_serve.server'] = None\n"
        "from workbook.cli import main; sys.exit(main(['serve']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "pip install" in result.stderr
