"""Browser mode only you can open: a per-run token, an Origin check, no other hosts.

textual-serve has no login and its websocket takes any Origin, so any web
page the person visits could drive the workbook, and every user of a shared
machine can reach the loopback port. This wraps its aiohttp application
(never forking it):

- each run makes a fresh token (256 bits); the URL printed carries it, as
  Jupyter's does. The first page load with it sets a cookie (HttpOnly,
  SameSite=Strict, this port's own name) and redirects to the bare page, so
  the token leaves the address bar; the assets and the websocket then carry
  the cookie. Any request with neither gets 403.
- the websocket also needs an Origin equal to the page's own, and every
  request a Host this server answers to (so a DNS-rebound name is refused).
- the page is textual-serve's own, rewritten so that nothing on it comes from
  another host: its web font is served locally, and a Content-Security-Policy
  tells the browser to fetch nothing from anywhere else.

No Textual here: this runs in the server, not in the app.
"""

from __future__ import annotations

import hmac
import re
import secrets
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

TOKEN_BYTES = 32
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
WILDCARDS = {"0.0.0.0", "::", ""}
PAGE = "app_index.html"

FONT_FACE = """<style>
      @font-face {{ font-family: "Roboto Mono"; font-style: normal;
        src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
      @font-face {{ font-family: "Roboto Mono"; font-style: italic;
        src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
    </style>"""

# A fetch from another host: a link, script or image source, or a CSS url().
REMOTE = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""")
REMOTE_LINK = re.compile(r"""<link[^>]*href\s*=\s*["'](?:https?:)?//[^>]*>""", re.S)


class PageProblem(RuntimeError):
    """textual-serve's page changed in a way this guard cannot make private."""


def private_page(template: str) -> str:
    """textual-serve's page with every remote fetch removed and URLs made same-origin.

    Raises `PageProblem` when anything would still be fetched from another
    host (a textual-serve release this code does not know).
    """
    page = REMOTE_LINK.sub("", template)
    page = page.replace("{{ config.static.url }}", "/static/")
    page = page.replace("{{ app_websocket_url }}", "ws://{{ request.host }}/ws")
    page = page.replace("</head>", FONT_FACE.format() + "\n  </head>", 1)
    if REMOTE.search(page):
        raise PageProblem("textual-serve's page loads something from another host")
    if "ws://{{ request.host }}/ws" not in page:
        raise PageProblem("textual-serve's page no longer names its websocket the way we expect")
    return page


def content_security_policy(host: str) -> str:
    """Only this server: scripts, styles, fonts, images and the websocket."""
    return (
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        f"font-src 'self'; img-src 'self' data:; connect-src 'self' ws://{host}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Guard:
    """The token, cookie, Origin and Host checks for one run of `workbook serve`."""

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(TOKEN_BYTES)
        self.port = port
        self.cookie = f"workbook-token-{port}"
        name = host.strip("[]").lower()
        self.wildcard = name in WILDCARDS
        names = LOOPBACK_NAMES if name in LOOPBACK_NAMES else {name}
        # Which Host headers we answer to: a name rebound to us by DNS is refused.
        # (Bound to every address, the machine's names are unknown: the key alone guards.)
        self.hosts = {f"[{n}]:{port}" if ":" in n else f"{n}:{port}" for n in names}

    def url(self, host: str) -> str:
        """The address to open, with this run's token."""
        name = host.strip("[]")
        if name in WILDCARDS:
            name = socket.gethostname()
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{self.port}/?token={self.token}"

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.wildcard and request.host.lower() not in self.hosts:
            raise web.HTTPForbidden(text="This address is not the one workbook serve printed.\n")
        if self._matches(request.query.get("token")):
            if request.path == "/" and request.method == "GET":
                # The token leaves the address bar (and any history); the cookie stays.
                response = web.HTTPFound("/")
                self._set_cookie(response)
                raise response
        elif not self._matches(request.cookies.get(self.cookie)):
            raise web.HTTPForbidden(
                text="Open the address that 'workbook serve' printed (it holds this run's key).\n"
            )
        if request.path == "/ws" and request.headers.get("Origin") != f"http://{request.host}":
            raise web.HTTPForbidden(text="A page from another site may not open the workbook.\n")
        response = await handler(request)
        if response.prepared:  # the websocket, already answered
            return response
        response.headers["Content-Security-Policy"] = content_security_policy(request.host)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    def _set_cookie(self, response: web.StreamResponse) -> None:
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")


def guard_app(app: web.Application, guard: Guard, templates: Path) -> None:
    """Put the guard and the private page in front of textual-serve's application."""
    import aiohttp_jinja2
    import jinja2

    page = private_page((templates / PAGE).read_text(encoding="utf-8"))
    aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({PAGE: page}),
                         context_processors=[aiohttp_jinja2.request_processor])
    app.middlewares.insert(0, guard.middleware)
