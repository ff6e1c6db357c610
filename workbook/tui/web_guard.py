"""Browser mode only you can open: a per-run key, one-use page secrets, an Origin check.

textual-serve has no login and its websocket takes any Origin, so any web
page the person visits could drive the workbook, and every user of a shared
machine can reach the loopback port. This wraps its aiohttp application
(never forking it):

- each run makes a fresh key (256 bits); the URL printed carries it, as
  Jupyter's does. The key never goes into a cookie: browsers do not keep
  cookies apart by port, so every other server on 127.0.0.1 would be sent
  it. Instead each page loaded with the key is given its own page secret,
  written into its websocket's URL (`/ws/<secret>`): good for one websocket,
  within a minute, on this run only. A used, stale or made-up secret (another
  run's, say) is refused, as is every page, websocket and download without
  key or secret. Only textual-serve's static files (its script, styles and
  fonts, the same for everyone) need neither.
- the page's own script moves the key from the address bar into the tab's
  sessionStorage (kept apart by port, unlike cookies, and gone with the
  tab), so a reload or "Restart" finds it there without a cookie.
- the websocket also needs an Origin equal to the page's own, and every
  request a Host this server answers to (so a DNS-rebound name is refused).
- the page is textual-serve's own, rewritten so that nothing on it comes from
  another host: its web font is served locally, and a Content-Security-Policy
  tells the browser to fetch nothing from anywhere else.
- neither the key nor a page secret reaches the log (`HideKeys`): the access
  log names every URL asked for.

No Textual here: this runs in the server, not in the app.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

TOKEN_BYTES = 32
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
WILDCARDS = {"0.0.0.0", "::", ""}
PAGE = "app_index.html"

# A page secret opens one websocket, this long after the page was served (the
# page's script asks at once; a minute is for a slow machine).
PAGE_SECRET_SECONDS = 60.0
# Pages served but not yet connected that are remembered (reloads, say): the oldest go first.
MAX_WAITING_PAGES = 32
# Our own route for the websocket, and where a request keeps its page's secret.
PAGE_WEBSOCKET = "workbook-page-websocket"
PAGE_SECRET = "workbook_page"
# textual-serve's routes by name: the page and its static files (the rest are refused).
INDEX, STATIC = "index", "static"

FONT_FACE = """<style>
      @font-face {{ font-family: "Roboto Mono"; font-style: normal;
        src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
      @font-face {{ font-family: "Roboto Mono"; font-style: italic;
        src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
    </style>"""

# The key leaves the address bar (and what a reload sends) for this tab's own
# storage; "Restart" asks for the bare page, whose script finds it there.
KEY_TO_TAB = """<script>
      (function () {
        const key = new URLSearchParams(location.search).get("token");
        if (key) sessionStorage.setItem("workbook-key", key);
        history.replaceState(null, "", location.pathname);
      })();
      function getStartUrl() { return "/"; }
    </script>"""

NO_KEY = "Open the address that 'workbook serve' printed (it holds this run's key)."
# Refused for want of the key: a reload of the bare page in a tab that has it
# comes back with it; a key that did not open the page is forgotten (no loop).
NO_KEY_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Heartbreak Workbook</title><script>
  (function () {{
    const tried = new URLSearchParams(location.search).has("token");
    const key = sessionStorage.getItem("workbook-key");
    if (tried) sessionStorage.removeItem("workbook-key");
    else if (key) location.replace("/?token=" + encodeURIComponent(key));
  }})();
</script></head><body><p>{NO_KEY}</p></body></html>
"""

# A fetch from another host: a link, script or image source, or a CSS url().
REMOTE = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""")
REMOTE_LINK = re.compile(r"""<link[^>]*href\s*=\s*["'](?:https?:)?//[^>]*>""", re.S)
WEBSOCKET_URL = "ws://{{ request.host }}/ws/{{ request['" + PAGE_SECRET + "'] }}"

# A key or secret inside a logged URL: the query's token, the page's websocket, a download.
SECRET_IN_URL = re.compile(r"(?i)(token=)[^&\s\"')]+|(/ws/|/download/)[^?\s\"')]+")


# The tab's name, and an icon the page carries itself: without one a browser
# asks for /favicon.ico, which is refused (a 404, or a 403 without the key).
TITLE_AND_ICON = ('<title>Heartbreak Workbook</title>\n    '
                  '<link rel="icon" href="data:,">')


class PageProblem(RuntimeError):
    """textual-serve's page changed in a way this guard cannot make private."""


def private_page(template: str) -> str:
    """textual-serve's page with every remote fetch removed, URLs made same-origin,
    the websocket's URL carrying the page's secret, and the key taken out of the address bar.

    Raises `PageProblem` when anything would still be fetched from another
    host (a textual-serve release this code does not know).
    """
    page = REMOTE_LINK.sub("", template)
    page = page.replace("{{ config.static.url }}", "/static/")
    page = page.replace("{{ app_websocket_url }}", WEBSOCKET_URL)
    page = page.replace("</head>", FONT_FACE.format() + "\n    " + KEY_TO_TAB + "\n    "
                        + TITLE_AND_ICON + "\n  </head>", 1)
    if REMOTE.search(page):
        raise PageProblem("textual-serve's page loads something from another host")
    if WEBSOCKET_URL not in page or "function getStartUrl" not in template:
        raise PageProblem("textual-serve's page no longer names its websocket the way we expect")
    return page


def content_security_policy(host: str) -> str:
    """Only this server: scripts, styles, fonts, images and the websocket."""
    return (
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        f"font-src 'self'; img-src 'self' data:; connect-src 'self' ws://{host}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def hide_keys(text: str, token: str) -> str:
    """`text` with this run's key and every page secret or download key in a URL hidden."""
    text = SECRET_IN_URL.sub(lambda m: (m[1] or m[2]) + "(hidden)", text)
    return text.replace(token, "(hidden)") if token else text


class HideKeys(logging.Filter):
    """Takes the key and page secrets out of every log record (the access log names URLs)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            # textual-serve logs a failed websocket with a traceback and its
            # local variables (the request, its URL): one line says enough.
            error = record.exc_info[1]
            message = f"{message} ({type(error).__name__}: {error})"
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        hidden = hide_keys(message, self.token)
        if hidden != record.getMessage():
            record.msg, record.args = hidden, ()
        # aiohttp's access log also hands the request line to handlers on its own.
        line = getattr(record, "first_request_line", None)
        if isinstance(line, str):
            record.first_request_line = hide_keys(line, self.token)
        return True


class PageSecrets:
    """The one-use secrets of the pages this run served: each opens one websocket, soon."""

    def __init__(self, lifetime: float = PAGE_SECRET_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.lifetime = lifetime
        self.clock = clock
        self._waiting: dict[str, float] = {}  # secret -> when it goes stale, oldest first

    def issue(self) -> str:
        """A fresh secret for one page."""
        self._forget_stale()
        while len(self._waiting) >= MAX_WAITING_PAGES:
            del self._waiting[next(iter(self._waiting))]
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        self._waiting[secret] = self.clock() + self.lifetime
        return secret

    def redeem(self, given: str) -> bool:
        """True, once, for a secret this run issued that has not gone stale."""
        self._forget_stale()
        for secret in list(self._waiting):
            if hmac.compare_digest(secret.encode(), given.encode()):
                del self._waiting[secret]
                return True
        return False

    def _forget_stale(self) -> None:
        now = self.clock()
        for secret, stale_at in list(self._waiting.items()):
            if stale_at <= now:
                del self._waiting[secret]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Guard:
    """The key, page-secret, Origin and Host checks for one run of `workbook serve`."""

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(TOKEN_BYTES)
        self.port = port
        self.pages = PageSecrets()
        name = host.strip("[]").lower()
        self.wildcard = name in WILDCARDS
        names = LOOPBACK_NAMES if name in LOOPBACK_NAMES else {name}
        # Which Host headers we answer to: a name rebound to us by DNS is refused.
        # (Bound to every address, the machine's names are unknown: the key alone guards.)
        self.hosts = {f"[{n}]:{port}" if ":" in n else f"{n}:{port}" for n in names}

    def url(self, host: str) -> str:
        """The address to open, with this run's key."""
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
        # Decided by the route the router chose, never by the path's spelling.
        route = getattr(request.match_info.route.resource, "name", None)
        if route == PAGE_WEBSOCKET:
            if request.headers.get("Origin") != f"http://{request.host}":
                raise web.HTTPForbidden(text="A page from another site may not open the workbook.\n")
            if not web.WebSocketResponse().can_prepare(request).ok:
                # Checked before the secret is spent: a plain request never uses it up.
                raise web.HTTPBadRequest(text="Only the page's own websocket is answered here.\n")
            if not self.pages.redeem(request.match_info.get("page", "")):
                raise web.HTTPForbidden(
                    text="This page was opened already or is too old: reload it.\n")
            return await handler(request)  # the websocket, answered as it opens
        if route == INDEX and request.method == "GET" and self._matches(request.query.get("token")):
            request[PAGE_SECRET] = self.pages.issue()
        elif route != STATIC:
            # The page without the key, textual-serve's own websocket, a download, anything else.
            return self._private(request, web.Response(
                status=403, text=NO_KEY_PAGE, content_type="text/html"))
        return self._private(request, await handler(request))

    @staticmethod
    def _private(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
        response.headers["Content-Security-Policy"] = content_security_policy(request.host)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response


def guard_app(app: web.Application, guard: Guard, templates: Path, websocket: Handler) -> None:
    """Put the guard and the private page in front of textual-serve's application,
    with `websocket` (textual-serve's handler) answering only at `/ws/<page secret>`."""
    import aiohttp_jinja2
    import jinja2

    page = private_page((templates / PAGE).read_text(encoding="utf-8"))
    aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({PAGE: page}),
                         context_processors=[aiohttp_jinja2.request_processor])
    app.router.add_get("/ws/{page}", websocket, name=PAGE_WEBSOCKET)
    app.middlewares.insert(0, guard.middleware)


def hide_keys_from_log(token: str) -> None:
    """Every handler of the root logger (where textual-serve's and aiohttp's lines go) hides the key."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(HideKeys(token))
