"""Browser mode's guard, without a server: page secrets open one websocket, soon; logs hide keys.

(The same rules are tried in a real browser in tests/e2e/test_serve_browser.py.)
"""

from __future__ import annotations

import logging

from workbook.tui.web_guard import (
    MAX_WAITING_PAGES,
    PAGE_SECRET_SECONDS,
    HideKeys,
    PageSecrets,
    hide_keys,
)

TOKEN = "k" * 43


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_page_secret_opens_one_websocket_and_only_on_its_own_run() -> None:
    pages, other_run = PageSecrets(), PageSecrets()
    secret = pages.issue()
    assert len(secret) >= 43  # 256 bits, URL-safe
    assert not other_run.redeem(secret)
    assert not pages.redeem(secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert not pages.redeem("")
    assert pages.redeem(secret)
    assert not pages.redeem(secret), "replayed"


def test_a_page_secret_goes_stale_after_a_minute() -> None:
    clock = Clock()
    pages = PageSecrets(clock=clock)
    early, late = pages.issue(), pages.issue()
    clock.now += PAGE_SECRET_SECONDS - 1
    assert pages.redeem(early)
    clock.now += 1
    assert not pages.redeem(late)


def test_only_so_many_pages_wait_for_their_websocket_the_oldest_go_first() -> None:
    pages = PageSecrets()
    first = pages.issue()
    rest = [pages.issue() for _ in range(MAX_WAITING_PAGES)]
    assert not pages.redeem(first)
    assert all(pages.redeem(secret) for secret in rest)


def test_keys_and_secrets_are_hidden_wherever_a_url_names_them() -> None:
    line = (f'127.0.0.1 [t] "GET /?fontsize=12&token={TOKEN} HTTP/1.1" 200 5 '
            f'"http://127.0.0.1:8000/?TOKEN={TOKEN}" "ua"')
    assert TOKEN not in hide_keys(line, TOKEN)
    assert "/?fontsize=12&token=(hidden) HTTP/1.1" in hide_keys(line, TOKEN)
    assert hide_keys('"GET /ws/abc-DEF_1?width=80 HTTP/1.1"', TOKEN) == (
        '"GET /ws/(hidden)?width=80 HTTP/1.1"')
    assert hide_keys('"GET /download/secret-key HTTP/1.1"', TOKEN) == (
        '"GET /download/(hidden) HTTP/1.1"')
    # Spelt some other way (%-encoded, say), the key itself is still taken out.
    assert hide_keys(f"GET /?%74oken={TOKEN}", TOKEN) == "GET /?%74oken=(hidden)"
    assert hide_keys('"GET /static/js/textual.js HTTP/1.1"', TOKEN) == (
        '"GET /static/js/textual.js HTTP/1.1"')


def test_the_log_filter_rewrites_the_message_and_the_request_line_it_carries() -> None:
    record = logging.LogRecord("aiohttp.access", logging.INFO, __file__, 1,
                               '"%s" %s', (f"GET /?token={TOKEN} HTTP/1.1", 200), None)
    record.first_request_line = f"GET /?token={TOKEN} HTTP/1.1"
    assert HideKeys(TOKEN).filter(record)
    assert record.getMessage() == '"GET /?token=(hidden) HTTP/1.1" 200'
    assert record.first_request_line == "GET /?token=(hidden) HTTP/1.1"


def test_a_logged_error_is_one_line_without_its_traceback_or_the_url() -> None:
    try:
        raise ValueError(f"bad request to /ws/page-secret-123 from /?token={TOKEN}")
    except ValueError:
        import sys

        record = logging.LogRecord("textual-serve", logging.ERROR, __file__, 1,
                                   "Bad Request", (), sys.exc_info())
    assert HideKeys(TOKEN).filter(record)
    assert record.exc_info is None and record.exc_text is None
    message = record.getMessage()
    assert message == "Bad Request (ValueError: bad request to /ws/(hidden) from /?token=(hidden))"
    handler = logging.StreamHandler()
    assert "Traceback" not in handler.format(record)


def test_the_page_has_a_title_and_its_own_icon_so_no_favicon_is_asked_for() -> None:
    from workbook.tui.web_guard import private_page

    template = ("<html><head><script>function getStartUrl() {}\n"
                "const url = '{{ app_websocket_url }}';</script></head><body></body></html>")
    page = private_page(template)
    head = page[:page.index("</head>")]
    assert "<title>Heartbreak Workbook</title>" in head
    assert '<link rel="icon" href="data:,">' in head  # a browser then asks for no /favicon.ico
