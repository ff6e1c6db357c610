"""`workbook serve`: the same app in a web browser, through textual-serve.

Each browser tab starts its own `python -m workbook` on the same answers
file (the writer's lock keeps a second tab read-only). Only the person with
the printed address (it holds this run's key) can open it: see
`web_guard.py`. Anything but a loopback address still gets a plain warning.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from workbook.cli.output import USAGE, say


def install_hint() -> str:
    """One line on adding textual-serve, as the README installs (core/extras.py)."""
    from workbook.core.extras import install_hint as hint

    return f"workbook: browser mode needs textual-serve: {hint('serve', SERVE_PACKAGE)}"


# The `serve` extra's one package, as pyproject.toml pins it.
SERVE_PACKAGE = "'textual-serve>=1.1,<1.2'"


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to a public address


def app_command(args: argparse.Namespace) -> str:
    """The shell command that runs one app session, with this run's paths made absolute."""
    from workbook.core.locations import content_dir, db_path

    argv = [sys.executable, "-m", "workbook", "--db", str(db_path(args.db))]
    if args.content:
        argv += ["--content", str(content_dir(args.content))]
    if getattr(args, "read_only", False):
        argv.append("--read-only")
    return shlex.join(argv)


def guarded_server(base: type, guard: Any) -> type:
    """textual-serve's `Server`, with `guard` in front and the address printed with its key."""
    from workbook.tui.web_guard import guard_app, hide_keys_from_log

    class GuardedServer(base):  # type: ignore[misc, valid-type]
        async def _make_app(self) -> Any:
            app = await super()._make_app()
            guard_app(app, guard, Path(self.templates_path), self.handle_websocket)
            return app

        def initialize_logging(self) -> None:
            super().initialize_logging()
            hide_keys_from_log(guard.token)  # the access log names every URL asked for

        async def on_startup(self, app: Any) -> None:
            # Instead of textual-serve's banner: only the address, as Jupyter prints it.
            say("Heartbreak Workbook in your browser. Open this address (it holds "
                "this run's key; keep it to yourself):", file=sys.stdout)
            say(f"    {guard.url(self.host)}", file=sys.stdout)
            say("Press ctrl+c here to stop.", file=sys.stdout)
            sys.stdout.flush()

    return GuardedServer


def run_serve(args: argparse.Namespace) -> int:
    """Serve the workbook on http://HOST:PORT until ctrl+c or SIGTERM."""
    if not 0 < args.port < 65536:  # a usage error is told first, like argparse's
        say(f"workbook: --port {args.port} is not a port number (1 to 65535)", file=sys.stderr)
        return USAGE
    try:
        from textual_serve.server import Server
    except ImportError:
        say(install_hint(), file=sys.stderr)
        return 1
    from workbook.core.child_env import forget_secrets
    from workbook.tui.web_guard import Guard, PageProblem

    # textual-serve gives each tab's session a copy of our environment.
    forget_secrets()
    guard = Guard(args.host, args.port)
    if not is_loopback(args.host):
        say(
            f"workbook: warning: serving on {args.host}, which other computers may reach. "
            "The address below is the only key: anyone who sees it (over this network "
            "it travels unencrypted) can read and change everything you wrote. "
            "Use the default 127.0.0.1 (with an SSH tunnel for another computer) "
            "unless this network is yours alone.",
            file=sys.stderr,
        )
    server = guarded_server(Server, guard)(app_command(args), host=args.host, port=args.port,
                                           title="Heartbreak Workbook")
    try:
        server.serve()
    except PageProblem as error:
        from workbook.core.extras import install_hint as hint

        say(f"workbook: {error}: browser mode needs textual-serve 1.1 "
            f"({hint('serve', SERVE_PACKAGE)})", file=sys.stderr)
        return 1
    except OSError as error:
        say(f"workbook: can't serve on {args.host}:{args.port}: "
              f"{error.strerror or error}. Try another --port.", file=sys.stderr)
        return 1
    return 0
