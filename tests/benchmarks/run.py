"""Run every benchmark and print one table: figure, baseline, ratio, target, met?

    python -m tests.benchmarks.run            # the full suite (several minutes)
    python -m tests.benchmarks.run --quick    # smallest sizes, one run each (under a minute)

Each figure is the median of several runs, and its baseline (bare Textual,
bare markdown-it-py, a bare json write) is measured in the same run, so the
ratio holds on any machine. Start-up and memory use the installed `workbook`
in a real 80x24 terminal (tmux on a private socket); typing and autosave
drive the app through Textual's pilot in a fresh interpreter per run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # `python tests/benchmarks/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.generate import generate  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HOME_TEXT = "written"  # "Nothing written yet" or "You've written in N exercises"
BARE_TEXT = "Bare Textual app is ready"
STEP_TEXT = "Step 1 of"


@dataclass
class Row:
    """One line of the table."""

    figure: str
    value: float | None
    baseline: float | None
    unit: str
    target: str
    limit: float | None  # the ratio (or, for absolute targets, the value) to stay under
    absolute: bool = False  # the target is on the value itself, not the ratio
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> str:
        measured = self.value if self.absolute else self.ratio
        if self.limit is None or measured is None:
            return "-"
        return "yes" if measured <= self.limit else "NO"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value / 1e6:.1f} MB"
    return f"{value:.3g} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "baseline", "ratio", "target", "met?")
    lines = [
        (
            row.figure,
            fmt(row.value, row.unit),
            fmt(row.baseline, row.unit),
            "n/a" if row.ratio is None else f"{row.ratio:.2f}",
            row.target,
            row.met,
        )
        for row in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    def show(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(show(header))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print(show(line))
    notes = [f"  {row.figure}: {row.note}" for row in rows if row.note]
    if notes:
        print("\nNotes:")
        print("\n".join(notes))


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def entries_label(count: int) -> str:
    return f"{count:,} entries" if count else "empty"


# ---------------------------------------------------------------- start-up and memory


class Terminal:
    """An 80x24 tmux pane on a private socket, relaunched for every run.

    Commands go through one control-mode client (`tmux -C`), so polling the
    screen every few milliseconds costs no process start-ups that would
    compete with the app for the CPU.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"workbook-bench-{os.getpid()}"
        base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        subprocess.run([*base, "new-session", "-d", "-s", "bench", "-x", "80", "-y", "24",
                        "exec sleep 100000"], env=env, check=True, capture_output=True)
        self.control = subprocess.Popen([*base, "-C", "attach", "-t", "bench"], env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._block()  # the reply to `attach` itself
        self.tmux("refresh-client", "-f", "no-output")
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())
        size = self.tmux("display-message", "-p", "#{window_width}x#{window_height}").strip()
        if size != "80x24":
            raise RuntimeError(f"the benchmark terminal is {size}, not 80x24")

    def _block(self) -> tuple[list[str], bool]:
        """Read one command's reply: the lines between %begin and %end (or %error)."""
        assert self.control.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            raw = self.control.stdout.readline()
            if not raw:
                raise RuntimeError("the tmux control client went away")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("%begin"):
                inside, lines = True, []
            elif inside and line.startswith(("%end", "%error")):
                return lines, line.startswith("%error")
            elif inside:
                lines.append(line)

    def tmux(self, *args: str) -> str:
        assert self.control.stdin is not None
        command = " ".join(_quote(arg) for arg in args)
        self.control.stdin.write(command.encode() + b"\n")
        self.control.stdin.flush()
        lines, failed = self._block()
        if failed:
            raise RuntimeError(f"tmux {command}: {' '.join(lines)}")
        return "\n".join(lines)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "bench")

    def launch(self, command: str) -> None:
        self.tmux("respawn-pane", "-k", "-t", "bench", "-c", str(REPO), f"exec {command}")

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        """Poll the screen every 5 ms; the time at which `text` appeared.

        The timeout only catches a hang (the time measured is when the text
        appears): the quick run's test shares two cores with the browser and
        PDF tests, where a start-up can take many times its usual second.
        """
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter()
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} did not appear within {timeout:.0f} s:\n{self.screen()}")

    def blank(self) -> None:
        """Stop whatever runs, wait until it has exited, and leave an empty pane."""
        old = self.pid()
        self.launch("sleep 100000")
        deadline = time.perf_counter() + 10
        while (Path(f"/proc/{old}").exists() or self.screen().strip()) and (
            time.perf_counter() < deadline
        ):
            time.sleep(0.01)

    def close(self) -> None:
        try:
            self.tmux("kill-server")
        except RuntimeError:
            pass  # the server is gone, which is what we wanted
        self.control.wait(timeout=5)
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind


def _quote(arg: str) -> str:
    """Quote one argument for a tmux command line (single quotes: taken literally)."""
    if "'" in arg:
        raise ValueError(f"cannot pass {arg!r} to tmux: it contains a single quote")
    return f"'{arg}'"


def peak_rss(pid: int) -> float:
    """VmHWM: the most resident memory the process has had, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")


def cpu_seconds(pid: int) -> float:
    """CPU time the process (every thread) has used so far, from the scheduler's own count."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # a thread that just ended
    return total / 1e9


def start_once(term: Terminal, command: str, ready: str, open_step: bool) -> dict[str, float]:
    """Launch once: seconds to the first frame, peak RSS there and (optionally) after step 1."""
    term.blank()
    start = time.perf_counter()
    term.launch(command)
    seconds = term.wait_for(ready) - start
    pid = term.pid()
    cpu = cpu_seconds(pid)
    time.sleep(0.3)  # let the first frame's work settle before reading the peak
    result = {"startup": seconds, "cpu": cpu, "rss": peak_rss(pid)}
    if open_step:
        term.tmux("send-keys", "-t", "bench", "1")
        term.wait_for(STEP_TEXT)
        time.sleep(0.5)
        result["rss_step"] = peak_rss(pid)
    return result


def installed_command() -> str:
    """The `workbook` script pip installed beside this Python.

    Not the first `workbook` on PATH: that may be a version manager's shim
    (pyenv's is a bash script) whose own start-up is no part of the app's.
    """
    import sysconfig

    script = Path(sysconfig.get_path("scripts")) / "workbook"
    if script.is_file():
        return str(script)
    found = shutil.which("workbook")
    if found is None:
        raise RuntimeError("the `workbook` command is not installed (pip install -e .)")
    return found


def startup_and_memory(dbs: dict[int, Path], large: int, runs: int, env: dict[str, str]) -> list[Row]:
    workbook = installed_command()
    cases: dict[str, tuple[str, str, bool]] = {
        "bare": (f"{sys.executable} {HERE / 'bare_app.py'}", BARE_TEXT, False),
        "bare home": (f"{sys.executable} {HERE / 'bare_home.py'}", HOME_TEXT, False),
        "empty": (f"{workbook} --db {dbs[0]}", HOME_TEXT, False),
        "large": (f"{workbook} --db {dbs[large]}", HOME_TEXT, True),
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in cases}
    term = Terminal(env)
    try:
        for case in cases.values():  # warm the page cache, .pyc files and content cache
            start_once(term, *case)
        for _ in range(runs):
            for name, case in cases.items():  # interleaved, so drift hits all alike
                results[name].append(start_once(term, *case))
        term.blank()
    finally:
        term.close()

    def med(name: str, key: str) -> float | None:
        return median([r[key] for r in results[name]])

    label = entries_label(large)
    bare_start, bare_rss, bare_cpu = med("bare", "startup"), med("bare", "rss"), med("bare", "cpu")
    return [
        Row("start-up to home, empty", med("empty", "startup"), bare_start, "ms",
            "<= 1.2", 1.2),
        Row(f"start-up to home, {label}", med("large", "startup"), bare_start, "ms", "<= 1.5", 1.5),
        Row("start-up, bare Textual with home's widgets", med("bare home", "startup"), bare_start,
            "ms", "(reference)", None,
            note="the home screen's widgets (footer, option list, progress bar) in bare "
                 "Textual: the floor for this screen"),
        Row("start-up CPU time, empty", med("empty", "cpu"), bare_cpu, "ms", "<= 1.3", 1.3,
            note="CPU the process used until its first frame was seen: the same figure, "
                 "but not inflated when other work shares the machine"),
        Row(f"start-up CPU time, {label}", med("large", "cpu"), bare_cpu, "ms", "<= 1.5", 1.5),
        Row("start-up CPU time, bare Textual with home's widgets", med("bare home", "cpu"),
            bare_cpu, "ms", "(reference)", None),
        Row("peak RSS, empty, home", med("empty", "rss"), bare_rss, "MB", "<= 1.3", 1.3),
        Row(f"peak RSS, {label}, home", med("large", "rss"), bare_rss, "MB", "<= 2.0", 2.0),
        Row(f"peak RSS, {label}, step 1 open", med("large", "rss_step"), bare_rss, "MB",
            "<= 1.6", 1.6, note="after pressing 1: step 1's guidance, six "
                                "exercises and the journal (paged, ten entries shown)"),
    ]


# ---------------------------------------------------------------- pilot measurements


def child(args: list[str], env: dict[str, str]) -> dict:
    """Run one `tests.benchmarks.pilot_bench` measurement in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.pilot_bench", *args],
                          capture_output=True, text=True, cwd=REPO, env=env, check=False)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"{args[0]} failed: {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def typing(work: Path, presses: int, letter_kb: int, runs: int, env: dict[str, str]) -> list[Row]:
    db = work / f"letter-{letter_kb}kb.json"
    generate(db, 10, letter_chars=letter_kb * 1000)
    bare: list[float] = []
    app: list[float] = []
    for _ in range(runs):
        bare.append(child(["typing-bare", str(letter_kb), str(presses)], env)["cpu"])
        copy = work / "typing.json"
        shutil.copyfile(db, copy)
        result = child(["typing-app", str(copy), str(presses)], env)
        if result["stored"] < letter_kb * 1000 + result["typed"]:
            raise RuntimeError("typing: the letter was not stored in full")
        app.append(result["cpu"])
    return [Row(f"typing, {presses:,} keys into a {letter_kb} KB letter (CPU)", median(app),
                median(bare), "ms", "<= 1.15", 1.15,
                note="baseline: a bare app with one TextArea holding the same text; "
                     "CPU time of the whole process while the pilot presses the keys")]


def pilot(work: Path, runs: int, env: dict[str, str]) -> list[Row]:
    """What a pilot test pays: app start, opening step 1, one tab (CPU of the process)."""
    app: dict[str, list[float]] = {"start": [], "open": [], "tab": []}
    bare: dict[str, list[float]] = {"start": [], "open": [], "tab": []}
    for _ in range(runs):
        db = generate(work / "pilot.json", 0, filled=False)
        for key, value in child(["pilot-app", str(db)], env).items():
            app[key].append(value)
        # About as many widgets as step 1 holds (110).
        for key, value in child(["pilot-bare", "110"], env).items():
            bare[key].append(value)
    note = ("baseline: a bare app opening a screen of 110 plain widgets (framed groups of "
            "two labels and a field) with a footer; CPU time of the whole process")
    return [
        # Before issue 20's work: 7.6, 1.3 and 1.7 (the footer was drawn twice per
        # screen and again on every tab; each tab restyled whole cards).
        Row("pilot: app start (CPU)", median(app["start"]), median(bare["start"]), "ms",
            "<= 6.0", 6.0, note=note),
        Row("pilot: open step 1 (CPU)", median(app["open"]), median(bare["open"]), "ms",
            "<= 2.0", 2.0, note=note),
        Row("pilot: one tab on step 1 (CPU)", median(app["tab"]), median(bare["tab"]), "ms",
            "<= 1.6", 1.6, note=note),
    ]


def autosave(work: Path, dbs: dict[int, Path], sizes: list[int], runs: int,
             env: dict[str, str]) -> list[Row]:
    rows: list[Row] = []
    for size in sizes:
        copy = work / f"autosave-{size}.json"
        shutil.copyfile(dbs[size], copy)
        result = child(["autosave", str(copy), str(runs)], env)
        label = entries_label(size)
        rows.append(Row(f"autosave: longest loop stall, {label}",
                        median(result["save_gaps"]), median(result["idle_gaps"]), "ms",
                        "<= 8 ms", 0.008, absolute=True,
                        note=f"worst single run {max(result['save_gaps']) * 1000:.1f} ms, "
                             f"idle {max(result['idle_gaps']) * 1000:.1f} ms"))
        shutil.copyfile(dbs[size], copy)
        saves = child(["save", str(copy), str(max(runs, 3))], env)
        save_time = median(saves["save"])
        rows.append(Row(f"autosave: CPU of one save, {label}", median(saves["save_cpu"]),
                        median(saves["bare_cpu"]), "ms", "<= 20 ms", 0.020, absolute=True,
                        note=f"in the app while typing: median {_ms(result['save_cpu'][1:])}, "
                             f"first save of the session (it also takes the backup) "
                             f"{_ms(result['save_cpu'][:1])}"))
        rows.append(Row(f"autosave: one save, {label}", save_time,
                        median(saves["bare"]), "ms", "-", None))
        rows.append(Row(f"autosave: last key to on disk, {label}",
                        median(result["durable"]), save_time, "ms", "<= 1 s", 1.0, absolute=True))
    rows[0].note = ("the longest heartbeat gap (a 1 ms asyncio task in the app) from the start "
                    "of the save of the last key until it is saved and shown, median of the runs; "
                    "baseline: the same while idle (other load on the machine shows there); "
                    + rows[0].note)
    rows[1].note = ("CPU time of the thread that saves, one text answer changed, the session's "
                    "backup already taken; baseline: json.dumps + write + fsync of the whole "
                    "document (what a save cost before each entry kept its encoded line); "
                    + rows[1].note)
    rows[2].note = "baseline: json.dumps + write + fsync of the same document"
    rows[3].note = "baseline: one save (the rest is the debounce, 0.5 s after the first change)"
    return rows


def _ms(values: list[float]) -> str:
    found = median(values)
    return "n/a" if found is None else f"{found * 1000:.1f} ms"


# ---------------------------------------------------------------- encryption

PASSPHRASE = "benchmark passphrase"


def encryption(work: Path, dbs: dict[int, Path], size: int, runs: int,
               env: dict[str, str], quick: bool = False) -> list[Row]:
    """An encrypted workbook against the same plain one, measured side by side.

    `quick` seals the key file at the tests' scrypt strength (tests/quick_scrypt.py)
    instead of age's second: unlocking and its baseline open the same key file,
    so the ratio is still measured; the full run keeps age's own strength.
    """
    from pyrage import passphrase

    from tests import quick_scrypt
    from workbook.core.storage.conversion import encrypt_workbook
    from workbook.core.storage.encryption import unlock

    plain = work / f"encryption-plain-{size}" / "workbook.json"
    sealed = work / f"encryption-sealed-{size}" / "workbook.json"
    for copy in (plain, sealed):
        copy.parent.mkdir(mode=0o700)
        shutil.copyfile(dbs[size], copy)
    seal = passphrase.encrypt
    if quick:
        passphrase.encrypt = quick_scrypt.encrypt
    try:
        encrypt_workbook(sealed, PASSPHRASE)
    finally:
        passphrase.encrypt = seal
    plain_typed = child(["autosave", str(plain), str(runs)], env)
    sealed_typed = child(["autosave", str(sealed), str(runs), PASSPHRASE], env)
    plain_saves = child(["save", str(plain), str(max(runs, 3))], env)
    sealed_saves = child(["save", str(sealed), str(max(runs, 3)), PASSPHRASE], env)
    scrypt: list[float] = []
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        unlock(sealed, PASSPHRASE)
        scrypt.append(time.perf_counter() - start)
    unlocks = list(sealed_typed["unlock"])
    for _ in range(max(runs, 1) - 1):  # one unlock per run of the app
        unlocks += child(["autosave", str(sealed), "1", PASSPHRASE], env)["unlock"]
    label = entries_label(size)
    return [
        Row(f"encrypted: last key to on disk, {label}", median(sealed_typed["durable"]),
            median(plain_typed["durable"]), "ms", "<= 1.2", 1.2,
            note="baseline: the same workbook, plain, typed into the same way in this run"),
        Row(f"encrypted: one save, {label}", median(sealed_saves["save"]),
            median(plain_saves["save"]), "ms", "-", None,
            note="baseline: one save of the same workbook, plain"),
        Row(f"encrypted: CPU of one save, {label}", median(sealed_saves["save_cpu"]),
            median(plain_saves["save_cpu"]), "ms", "<= 1.2", 1.2,
            note="baseline: the same save, plain. age encrypts the whole file at every save "
                 "(a new file key each time), so this grows with the workbook while a plain "
                 "save writes unchanged entries as they are"),
        Row(f"encrypted: CPU of age alone, {label}", median(sealed_saves["age_cpu"]),
            median(plain_saves["save_cpu"]), "ms", "(floor)", None,
            note="pyrage encrypting the same bytes in memory, nothing else, against the "
                 "plain save: the least an encrypted save can cost over a plain one"),
        Row(f"encrypted: CPU of one save over age alone, {label}",
            median(sealed_saves["save_cpu"]), median(sealed_saves["age_cpu"]), "ms",
            "(reference)", None,
            note="what an encrypted save costs beyond the encryption itself (encoding, "
                 "writing 14 MB, fsync, the rename): the plain save's work, and a little"),
        Row(f"encrypted: longest loop stall, {label}", median(sealed_typed["save_gaps"]),
            median(plain_typed["save_gaps"]), "ms", "<= 8 ms", 0.008, absolute=True,
            note="baseline: the same, plain"),
        Row(f"encrypted: unlock to home, {label}", median(unlocks), median(scrypt), "ms",
            "-", None, note="from enter on the unlock screen to the home screen; baseline: "
                            "opening the key file alone (age's scrypt, fixed at about a second; "
                            "--quick: at the tests' strength)"),
    ]


# ---------------------------------------------------------------- export


def export(db: Path, size: int, runs: int) -> list[Row]:
    """Each export format against a bare markdown-it-py render of the same text."""
    try:
        from workbook.core.export import export_html, export_markdown  # noqa: F401
    except ImportError:
        return [Row(f"export {fmt_}, {entries_label(size)}", None, None, "ms", "<= 1.3", 1.3,
                    note="workbook.core.export is not available") for fmt_ in ("md", "html", "json")]
    from markdown_it import MarkdownIt

    from tests.benchmarks import export_bench

    exporters = export_bench.exporters(db)
    text = exporters["md"]()
    bare: list[float] = []
    timings: dict[str, list[float]] = {name: [] for name in exporters}
    for _ in range(runs):
        start = time.perf_counter()
        MarkdownIt("commonmark").render(text)
        bare.append(time.perf_counter() - start)
        for name, make in exporters.items():
            start = time.perf_counter()
            make()
            timings[name].append(time.perf_counter() - start)
    rows = [Row(f"export {name}, {entries_label(size)}", median(times), median(bare), "ms",
                "<= 1.3", 1.3) for name, times in timings.items()]
    rows[0].note = "baseline: MarkdownIt('commonmark').render() of the exported Markdown"
    return rows


def pdf(work: Path, db: Path, runs: int, env: dict[str, str]) -> list[Row]:
    """The whole workbook as a PDF: the first on a fresh account (fontconfig's cache
    empty, so every font is read), then later ones, each against its HTML export."""
    import importlib.util

    if importlib.util.find_spec("weasyprint") is None:
        return [Row("export pdf", None, None, "ms", "<= 10 s", 10.0, absolute=True,
                    note="WeasyPrint is not installed")]
    fonts = work / "fontconfig"
    fonts.mkdir(exist_ok=True)
    conf = fonts / "fonts.conf"  # the system's font folders, a cache folder of our own
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
                    f"<dir prefix=\"xdg\">fonts</dir><cachedir>{fonts / 'cache'}</cachedir>"
                    "</fontconfig>")
    fresh = {**env, "FONTCONFIG_FILE": str(conf), "XDG_CACHE_HOME": str(work / "pdf-cache")}

    def once() -> dict:
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.pdf_bench", str(db)],
                              capture_output=True, text=True, cwd=REPO, env=fresh, check=False)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise RuntimeError(f"pdf_bench failed: {tail}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    first = once()
    later = [once() for _ in range(max(runs, 1))]
    return [
        Row("export pdf, whole workbook, first time", first["pdf"], first["html"], "s",
            "-", None, note=f"fontconfig's cache empty; phases {first['phases']}"),
        Row("export pdf, whole workbook, later", median([r["pdf"] for r in later]),
            median([r["html"] for r in later]), "s", "<= 10 s", 10.0, absolute=True,
            note="baseline: the HTML export the PDF is printed from; phases "
                 f"{later[-1]['phases']}"),
    ]


def journey_and_search(work: Path, sizes: list[int], env: dict[str, str]) -> list[Row]:
    """Search latency and the journey's open time at each size, in a fresh interpreter each."""
    rows: list[Row] = []
    for size in sizes:
        db = generate(work / f"journey-{size}.json", size, journey=True)
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.journey_bench", str(db)],
                              capture_output=True, text=True, cwd=REPO, env=env, check=False)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise RuntimeError(f"journey_bench failed: {tail}")
        got = json.loads(done.stdout.strip().splitlines()[-1])
        label = entries_label(size)
        rows += [
            Row(f"search, {label}", got["search"], got["search_bare"], "ms", "< 50 ms", 0.05,
                absolute=True, note="baseline: str.find over the same text, unfolded"),
            Row(f"search, slowest query, {label}", got["search_worst"], got["search_bare"], "ms",
                "< 50 ms", 0.05, absolute=True),
            Row(f"search index, built on opening, {label}", got["index"], None, "ms", "-", None,
                note=f"{got['fields']:,} pieces of text, off the UI thread"),
            Row(f"journey open to first paint, {label}", got["journey_paint"],
                got["journey_paint_bare"], "ms", "<= 300 ms", 0.3, absolute=True,
                note="baseline: the first frame of a bare screen with one Static; the "
                     "charts fill in after"),
            Row(f"journey open to charts drawn, {label}", got["journey"], got["journey_bare"], "ms",
                "-", None, note="baseline: opening a bare screen with one Static"),
        ]
    return rows


# ---------------------------------------------------------------- main


def measure(name: str, rows: list[Row], make: Callable[[], list[Row]]) -> None:
    print(f"measuring {name}…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        rows.extend(make())
    except (RuntimeError, TimeoutError, OSError) as error:
        rows.append(Row(name, None, None, "ms", "-", None, note=f"could not measure: {error}"))
    print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the workbook's benchmarks.")
    parser.add_argument("--quick", action="store_true",
                        help="smallest sizes, one run each and the tests' scrypt strength "
                             "(what the tests run; under a minute)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, --quick 1)")
    parser.add_argument("--only", choices=("startup", "typing", "pilot", "autosave",
                                           "encryption", "export", "exit", "journey"),
                        action="append", help="run only these groups (repeatable)")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)
    sizes = [10] if args.quick else [10, 1000, 10000]
    large = sizes[-1]
    presses = 100 if args.quick else 2000
    groups = args.only or ["startup", "typing", "pilot", "autosave", "encryption", "export", "exit",
                           "journey"]

    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_DATA_HOME": str(work / "data"),
               "XDG_CONFIG_HOME": str(work / "config"), "XDG_STATE_HOME": str(work / "state"), "XDG_CACHE_HOME": str(work / "cache"),
               "PYTHONPATH": str(REPO)}
        env.pop("WORKBOOK_DB", None)
        env.pop("WORKBOOK_CONTENT", None)
        # Compiled bytecode, as `pip install` leaves it: without it every start
        # compiles the app's own modules again (PYTHONDONTWRITEBYTECODE is set
        # here). A private prefix keeps the .pyc files out of the checkout.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        print("generating workbooks…", file=sys.stderr, flush=True)
        dbs = {0: generate(work / "db-0.json", 0, filled=False)}
        for size in sizes:
            dbs[size] = generate(work / f"db-{size}.json", size)
        rows: list[Row] = []
        if "startup" in groups:
            measure("start-up and memory", rows,
                    lambda: startup_and_memory(dbs, large, max(runs, 1 if args.quick else 7), env))
        if "typing" in groups:
            measure("typing", rows, lambda: typing(work, presses, 100, min(runs, 3), env))
        if "pilot" in groups:
            measure("pilot", rows, lambda: pilot(work, runs if args.quick else max(runs, 3), env))
        if "autosave" in groups:
            measure("autosave", rows, lambda: autosave(work, dbs, sizes, max(runs, 1), env))
        if "encryption" in groups:
            measure("encryption", rows,
                    lambda: encryption(work, dbs, large, max(runs, 1), env, args.quick))
        if "export" in groups:
            measure("export", rows, lambda: export(dbs[large], large, runs))
            measure("pdf", rows, lambda: pdf(work, dbs[sizes[0]], min(runs, 3), env))
        if "exit" in groups:
            from tests.benchmarks import exit_bench

            measure("hang-up to exit", rows, lambda: exit_bench.rows(large, runs, env))
        if "journey" in groups:
            measure("search and journey", rows, lambda: journey_and_search(work, sizes, env))
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
