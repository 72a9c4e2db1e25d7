"""HTML for a self-contained page: escaped text, inline CSS, images as data URIs.

Nothing here refers to another file or to the network, and the markup stays within what both
browsers and Qt's rich-text engine (used for the PDF) render.
"""
from __future__ import annotations

import base64
import html
from collections.abc import Iterable

from .tables import Table

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 60em; margin: 1.5em auto;
       padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 1px solid #cccccc; }
h3 { font-size: 1.1em; margin-top: 1.2em; }
p.meta, p.caption, p.note { color: #555555; }
p.caption, p.note { font-size: 0.9em; }
p.notice { background-color: #fff3e0; padding: 0.5em 0.8em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #bbbbbb; padding: 3px 6px; vertical-align: top; }
th { background-color: #eeeeee; text-align: left; }
img { max-width: 100%; height: auto; }
"""


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, so the page needs no image files."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def heading(level: int, text: str, new_page: bool = False) -> str:
    """A heading; ``new_page`` starts a new page when printed."""
    attribute = ' style="page-break-before: always"' if new_page else ""
    return f"<h{level}{attribute}>{esc(text)}</h{level}>"


def paragraph(text: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<p{attribute}>{esc(text)}</p>"


def bullets(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>"


def image(png: bytes, alt: str, width: int, caption: str = "") -> str:
    """An embedded PNG ``width`` pixels wide (scaled down on narrow screens), then its caption."""
    figure = f'<p><img src="{data_uri(png)}" alt="{esc(alt)}" width="{width}"></p>'
    return figure + (paragraph(caption, "caption") if caption else "")


def table(content: Table) -> str:
    """A table with a header row; numeric columns right-aligned; its note underneath."""
    head = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in content.headers) + "</tr>"
    aligns = [' align="right"' if i in content.numeric_columns else "" for i in range(len(content.headers))]
    body = "".join("<tr>" + "".join(f"<td{align}>{esc(cell)}</td>" for align, cell in zip(aligns, row)) + "</tr>"
                   for row in content.rows)
    note = paragraph(content.note, "note") if content.note else ""
    return f'<table width="100%" cellspacing="0" cellpadding="4">{head}{body}</table>{note}'


def page(title: str, body: str) -> str:
    """The whole HTML document: UTF-8, inline CSS, no external resources."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n")
