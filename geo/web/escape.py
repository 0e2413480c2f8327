"""The three doors by which story text reaches a page: HTML, JSON in a script, links.

Every story string reaches the page through one of them: ``escape_html`` for HTML text and
attributes, ``js_string`` for data in a ``<script>`` element (JSON with nothing that could
end or re-open it), and ``safe_url`` for links (http and https only).
"""

from __future__ import annotations

import html
import json
import re

__all__ = ["escape_html", "js_string", "lat_lon", "safe_url"]


def escape_html(text) -> str:
    """Escape ``text`` for HTML text or a quoted attribute, and for a JS template literal.

    Examples
    --------
    >>> escape_html('<img src=x onerror="alert(`1`)">')
    '&lt;img src=x onerror=&quot;alert(&#96;1&#96;)&quot;&gt;'
    """
    return (html.escape(str(text), quote=True)
            .replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;"))


def js_string(value) -> str:
    """``value`` as JSON that is safe inside a <script> element: no ``<``, ``>`` or ``&``
    survive, so nothing in it can end or re-open the element.

    Examples
    --------
    >>> js_string({"q": "</script>"})
    '{"q":"\\\\u003c/script\\\\u003e"}'
    """
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def safe_url(url) -> str | None:
    """``url`` if it is an http or https URL, else None."""
    return url if isinstance(url, str) and re.match(r"^https?://", url, re.I) else None


def lat_lon(lon: float, lat: float) -> list[float]:
    """The one place where (lon, lat) becomes Leaflet's [lat, lon]."""
    return [round(lat, 6), round(lon, 6)]
