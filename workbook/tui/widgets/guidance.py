"""`Guidance`: the content's prose, drawn light.

Textual's Markdown widget pulls in syntax highlighting (pygments), which costs
about 20 MB and tens of milliseconds for prose that is only paragraphs, lists,
quotes and emphasis. This renders those with markdown-it-py into plain
`Static`s; anything fancier still reads as its text.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from workbook.core.content.numbers import phone_spans

_parser: Any = None


def _markdown() -> Any:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark", {"html": False})
    return _parser


def inline_content(children: list[Any]) -> Content:
    """An inline token's children as styled text (never parsed as markup)."""
    parts: list[tuple[str, str] | str] = []
    styles: list[str] = []
    links: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "html_inline"):
            parts.append((child.content, " ".join(styles)))
        elif kind == "code_inline":
            parts.append((child.content, "bold $text-accent"))
        elif kind == "strong_open":
            styles.append("bold")
        elif kind == "em_open":
            styles.append("italic")
        elif kind == "link_open":
            styles.append("underline")
            links.append(str(child.attrs.get("href", "")))
        elif kind in ("strong_close", "em_close") and styles:
            styles.pop()
        elif kind == "link_close":
            if styles:
                styles.pop()
            href = links.pop() if links else ""
            if href and not parts_text(parts).endswith(href.removeprefix("https://")):
                parts.append((f" ({href})", "$text-muted"))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append((child.content or "", "italic"))
    return Content.assemble(*parts)


def parts_text(parts: list[tuple[str, str] | str]) -> str:
    return "".join(p if isinstance(p, str) else p[0] for p in parts)


_WORD = re.compile(r"\s*\S+\s*")
# A text-message instruction reads as one: "START to 88788".
_TEXT_TO = re.compile(r"\b[A-Z]{2,} to \d+\b")


def _whole_spans(plain: str) -> list[tuple[int, int]]:
    """Where a line must not be cut: each phone number, each "WORD to number"."""
    return [*phone_spans(plain), *(found.span() for found in _TEXT_TO.finditer(plain))]


def _cut_keeping_numbers(line: Content, width: int) -> list[Content]:
    """One line cut to `width` only at spaces outside a phone number."""
    masked = list(line.plain)
    for start, end in _whole_spans(line.plain):
        masked[start:end] = ["0" if char.isspace() else char for char in masked[start:end]]
    cuts: list[int] = []
    used = 0
    for word in _WORD.finditer("".join(masked)):
        if used and used + cell_len(word.group().rstrip()) > width:
            cuts.append(word.start())
            used = 0
        used += cell_len(word.group())
    return [piece.rstrip() for piece in line.divide(cuts)]


class WholeNumbers(Content):
    """Text whose phone numbers never break across lines ("13 11 / 14").

    Textual wraps at any space, a no-break one too, so the lines are cut here
    first, only at spaces outside a number, for whatever width the text gets.
    """

    def kept(self, width: int) -> Content:
        """The text cut into lines that fit `width`, every number whole."""
        cached = getattr(self, "_kept", None)
        if cached is not None and cached[0] == width:
            return cached[1]
        lines = [piece for line in self.split(allow_blank=True)
                 for piece in _cut_keeping_numbers(line, max(width, 1))]
        kept = Content("\n").join(lines)
        self._kept = (width, kept)
        return kept

    def get_height(self, rules: Any, width: int) -> int:
        return self.kept(width).get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Any, options: Any) -> Any:
        return self.kept(width).render_strips(width, height, style, options)


def keep_numbers_whole(text: Content) -> Content:
    """`text`, drawn so that no phone number in it is split across lines."""
    if not _whole_spans(text.plain):
        return text
    return WholeNumbers(text.plain, list(text.spans))


class Guidance(Vertical):
    """Paragraphs, headings, bullet and numbered lists, quotes."""

    DEFAULT_CSS = """
    Guidance {
        height: auto;
        Static { height: auto; }
        .para { margin: 1 0 0 0; }
        .para.-first { margin: 0; }
        .heading { text-style: bold; color: $text-primary; margin: 1 0 0 0; }
        .item { height: auto; }
        .marker { width: 3; color: $text-accent; }
        .item-body { width: 1fr; }
        .quote { border-left: outer $primary 50%; padding: 0 0 0 1; margin: 1 0 0 0; color: $text-muted; }
    }
    """

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        tokens = _markdown().parse(self.markdown)
        lists: list[list[int]] = []  # for each open list: [next number] or [] for bullets
        quote = 0
        first = True
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "bullet_list_open":
                lists.append([])
            elif kind == "ordered_list_open":
                lists.append([int(token.attrs.get("start", 1) or 1)])
            elif kind in ("bullet_list_close", "ordered_list_close") and lists:
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote = max(0, quote - 1)
            elif kind == "heading_open":
                yield Static(inline_content(tokens[index + 1].children or []), classes="heading")
                first = False
            elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
                text = keep_numbers_whole(inline_content(token.children or []))
                if lists and tokens[index - 2].type == "list_item_open":
                    numbers = lists[-1]
                    marker = f"{numbers[0]}." if numbers else "•"
                    if numbers:
                        numbers[0] += 1
                    indent = "  " * (len(lists) - 1)
                    with Horizontal(classes="item"):
                        yield Static(indent + marker, classes="marker")
                        yield Static(text, classes="item-body")
                elif lists:
                    yield Static(text, classes="item-body")
                else:
                    classes = "quote" if quote else "para" + (" -first" if first else "")
                    yield Static(text, classes=classes)
                first = False
            elif kind in ("fence", "code_block"):
                yield Static(Content(token.content.rstrip("\n")), classes="para")
                first = False
