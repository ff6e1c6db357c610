"""Real Syncthing instances on loopback for the sync tests: each its own home and folder.

Nothing leaves 127.0.0.1: global and local discovery, relays, NAT and usage
reports are off in the config, each instance listens on a free loopback
port and knows its peer by an explicit `tcp://127.0.0.1:PORT` address. The
tests drive them through the REST API (the API key is in the config).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER_ID = "workbook"

# What the README tells a person to keep out of the shared folder (see "Use it on
# two machines"): the backups and the words kept aside from an editor, and any
# save's temporary file.
STIGNORE = "backups\nrecovered\n(?d).*.tmp\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 180.0) -> Any:
    """Poll until `condition()` is truthy; its value, or AssertionError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.25)


class Syncthing:
    """One instance: `generate`d into `home`, sharing `folder` as "workbook"."""

    def __init__(self, home: Path, folder: Path, name: str) -> None:
        self.home, self.folder, self.name = home, folder, name
        self.port, self.gui_port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {**os.environ, "HOME": str(home), "STNOUPGRADE": "1",
                    "STNODEFAULTFOLDER": "1", "STNORESTART": "1"}
        home.mkdir(parents=True)
        made = subprocess.run(["syncthing", "generate", f"--home={home}", "--no-default-folder"],
                              capture_output=True, text=True, env=self.env, timeout=120)
        found = re.search(r"Device ID: ([A-Z0-9-]{63})", made.stdout + made.stderr)
        assert found, made.stdout + made.stderr
        self.device_id = found[1]
        self.api_key = ET.parse(home / "config.xml").getroot().findtext("gui/apikey") or ""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".stfolder").mkdir(exist_ok=True)
        (folder / ".stignore").write_text(STIGNORE)

    def introduce(self, peer: Syncthing) -> None:
        """Write the config: loopback only, the peer by address, the folder shared with it."""
        tree = ET.parse(self.home / "config.xml")
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        address = gui.find("address")
        assert address is not None
        address.text = f"127.0.0.1:{self.gui_port}"
        options = root.find("options")
        assert options is not None
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.port}",
            "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
            "relaysEnabled": "false", "natEnabled": "false", "startBrowser": "false",
            "urAccepted": "-1", "autoUpgradeIntervalH": "0", "crashReportingEnabled": "false",
            "reconnectionIntervalS": "1", "progressUpdateIntervalS": "1",
        }
        for key, value in settings.items():
            node = options.find(key)
            if node is None:
                node = ET.SubElement(options, key)
            node.text = value
        for old in root.findall("folder"):
            root.remove(old)
        device = ET.SubElement(root, "device", id=peer.device_id, name=peer.name,
                               compression="metadata", introducer="false")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.port}"
        folder = ET.Element("folder", id=FOLDER_ID, label="Workbook", path=str(self.folder),
                            type="sendreceive", rescanIntervalS="2", fsWatcherEnabled="true",
                            fsWatcherDelayS="1", ignorePerms="false", autoNormalize="true")
        for device_id in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=device_id)
        ET.SubElement(folder, "minDiskFree", unit="%").text = "0"
        # A missing element reads as 0, and 0 conflict copies means none are kept.
        ET.SubElement(folder, "maxConflicts").text = "10"
        ET.SubElement(folder, "markerName").text = ".stfolder"
        root.insert(0, folder)
        tree.write(self.home / "config.xml")

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             f"--logfile={self.home / 'syncthing.log'}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=self.env, start_new_session=True)
        wait_for(self._answers, f"{self.name}'s syncthing to start", 60)

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"{self.name}'s syncthing ended: {self.log()[-2000:]}")
        try:
            return self.rest("GET", "/rest/system/ping").get("ping") == "pong"
        except OSError:
            return False

    def rest(self, method: str, path: str) -> Any:
        request = urllib.request.Request(f"http://127.0.0.1:{self.gui_port}{path}",
                                         method=method, headers={"X-API-Key": self.api_key})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body.strip() else {}

    def connected(self, peer: Syncthing) -> bool:
        connections = self.rest("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(peer.device_id, {}).get("connected"))

    def pause(self, peer: Syncthing) -> None:
        self.rest("POST", f"/rest/system/pause?device={peer.device_id}")

    def resume(self, peer: Syncthing) -> None:
        self.rest("POST", f"/rest/system/resume?device={peer.device_id}")

    def scan(self) -> None:
        self.rest("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def in_step(self) -> bool:
        """Idle, with nothing left to fetch from the peer."""
        status = self.rest("GET", f"/rest/db/status?folder={FOLDER_ID}")
        return status.get("state") == "idle" and status.get("needTotalItems", 1) == 0

    def recorded(self, name: str = "workbook.json") -> dict[str, Any]:
        """What this instance's database holds for a file of its folder."""
        return self.rest("GET", f"/rest/db/file?folder={FOLDER_ID}&file={name}").get("local") or {}

    def scanned_own_change(self, name: str = "workbook.json") -> bool:
        """The file as it is on disk was scanned, as a change made here."""
        local = self.recorded(name)
        return (local.get("modifiedBy") == self.device_id[:7]
                and local.get("size") == (self.folder / name).stat().st_size)

    def holds_as(self, peer: Syncthing, name: str = "workbook.json") -> bool:
        """This instance has the peer's version of the file, recorded and settled."""
        mine, theirs = self.recorded(name), peer.recorded(name)
        return (bool(mine) and mine.get("version") == theirs.get("version")
                and (self.folder / name).read_bytes() == (peer.folder / name).read_bytes()
                and self.in_step())

    def log(self) -> str:
        try:
            return (self.home / "syncthing.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """End the process this started, by its pid."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
