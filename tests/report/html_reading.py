"""Reading the report's HTML back as a reader sees it: table rows of cell texts, and the visible text."""
from __future__ import annotations

from html.parser import HTMLParser


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title"):
            self._hidden += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag in ("p", "li", "h1", "h2", "h3", "td", "th"):
            self.text.append("\n")

    def handle_data(self, data):
        if self._hidden:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def table_rows(html: str) -> list[list[str]]:
    """Every table row (header rows included) as a list of cell texts."""
    return _read(html).rows


def visible_text(html: str) -> str:
    """The text a reader sees (no markup, styles or title)."""
    return "".join(_read(html).text)
