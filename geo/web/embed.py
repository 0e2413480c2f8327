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

__all__ = ["render_embed"]


def render_embed(story: Story, *, src: str) -> str:
    """A responsive iframe snippet for a CMS: the map at ``src`` in a 3:2 box with its
    title and, for screen readers, the map's alternative text."""
    return Template(asset("embed.html")).substitute(
        src=escape_html(src), title=escape_html("Map: " + story.title),
        key=re.sub(r"[^a-z0-9-]", "-", story.stem.lower()), alt=escape_html(alt_text(story)))
