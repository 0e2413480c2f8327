"""The page's scripts and style sheets: Leaflet's (``xstatic-leaflet``) and the library's own,
shipped as files in this package (``geo/web/assets/``) and read through ``importlib.resources``."""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from ...resources import package_file

__all__ = ["CDN", "asset", "integrity", "leaflet"]

#: Leaflet from a CDN, for ``cdn=True``: the same version as the inlined copy.
CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of ``geo/web/assets/<name>`` (a ``.js`` or ``.css`` file of the library)."""
    return package_file(f"web/assets/{name}").read_text(encoding="utf-8")


def integrity(name: str) -> str:
    """The Subresource Integrity hash of Leaflet's ``name`` (leaflet.js or leaflet.css) as the
    CDN serves it: the npm package's bytes, which are xstatic-leaflet's (checked when
    written: the same files)."""
    import hashlib
    from xstatic.pkg import leaflet as package

    data = (Path(package.BASE_DIR) / name).read_bytes()
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


@lru_cache(maxsize=1)
def leaflet() -> tuple[str, str]:
    """Leaflet's JavaScript and its CSS, the layer control's icons inlined, comments out."""
    from xstatic.pkg import leaflet as package

    base = Path(package.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    # Only the layer-control icons are used (markers are SVG): inline them, drop the rest.
    css = re.sub(r"\.leaflet-default-icon-path\s*\{[^}]*\}", "", css)

    def inline(m: re.Match) -> str:
        data = base64.b64encode((base / "images" / m.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*\n\s*", "\n", css)
    return js, css
