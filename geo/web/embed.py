"""The iframe snippet a CMS pastes to show the page (``assets/embed.html``)."""

from __future__ import annotations

import re
from string import Template
from typing import TYPE_CHECKING

from ..scene import alt_text
from .assets import asset
from .escape import escape_html

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["embed_src", "render_embed"]


def embed_src(src: str) -> str:
    """``src`` as the iframe may load it: an ``https:`` URL as given, anything else a
    relative path with every character that could start a scheme or leave the attribute
    percent-encoded (a story file named ``javascript:alert(1).yaml`` gives the path
    ``javascript%3Aalert%281%29.html``, which no browser runs).

    Examples
    --------
    >>> embed_src("javascript:alert(1).html"), embed_src("https://example.org/a map.html")
    ('javascript%3Aalert%281%29.html', 'https://example.org/a%20map.html')
    """
    from urllib.parse import quote, urlsplit

    if re.match(r"^https://", src, re.I) and urlsplit(src).netloc:
        return quote(src, safe=":/?#[]@!&'()*+,;=%~._-")
    return quote(src.lstrip("/"), safe="/~._-")


def render_embed(story: Story, *, src: str) -> str:
    """A responsive iframe snippet for a CMS: the map at ``src`` (an https URL, or a path
    relative to the page the snippet is pasted into; see ``embed_src``) in a 3:2 box with
    its title and, for screen readers, the map's alternative text."""
    return Template(asset("embed.html")).substitute(
        src=escape_html(embed_src(src)), title=escape_html("Map: " + story.title),
        key=re.sub(r"[^a-z0-9-]", "-", story.stem.lower()), alt=escape_html(alt_text(story)))
