"""Leaflet maps with folium: self-contained, deterministic, escaped.

``leaflet_map`` returns a ``folium.Map`` the user can keep customising;
``render_html`` turns a story into the page ``make-map`` writes: Leaflet's JS
and CSS inlined from the ``xstatic-leaflet`` package, no tile layer, the
Natural Earth boundaries as vector layers, and element ids numbered in order
so the same story gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .geometry import arrowhead
from .layers import (KIND_MARKER, MOVE, STATUS_STYLE, credit_line, display_paths,
                     movement_text, movements, present)

if TYPE_CHECKING:
    import folium

    from .story import Story

__all__ = ["leaflet_map", "render_html"]

PLACE_COLOR = "#222222"
SEA = "#dde8ef"


def escape_html(text) -> str:
    """Escape ``text`` for HTML text or a quoted attribute, and for a JS template literal."""
    return (html.escape(str(text), quote=True)
            .replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;"))


def _js_string(value: str) -> str:
    """A JavaScript string literal that is safe inside a <script> element."""
    return (json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _safe_url(url) -> str | None:
    return url if isinstance(url, str) and re.match(r"^https?://", url, re.I) else None


def _ll(lon: float, lat: float) -> list[float]:
    """The one place where (lon, lat) becomes Leaflet's [lat, lon]."""
    return [round(lat, 6), round(lon, 6)]


@lru_cache(maxsize=1)
def _leaflet_assets() -> tuple[str, str]:
    from xstatic.pkg import leaflet

    base = Path(leaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(m: re.Match) -> str:
        data = base64.b64encode((base / "images" / m.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)
    return js, css


def _binder():
    from branca.element import MacroElement
    from jinja2 import Template

    class Bind(MacroElement):
        """Bind an escaped tooltip or popup to the parent layer (no jQuery, no raw HTML)."""

        _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.{{ this.method }}({{ this.content }}, {{ this.options }});
{% endmacro %}""")

        def __init__(self, method: str, content_html: str, options: dict):
            super().__init__()
            self._name = "Bind"
            self.method = method
            self.content = _js_string(content_html)
            self.options = json.dumps(options, sort_keys=True)

    return Bind


def _panel(story: Story, statuses: list[str], approx: bool):
    from branca.element import MacroElement
    from jinja2 import Template

    rows = []
    for status in statuses:
        style = STATUS_STYLE[status]
        dash = ' stroke-dasharray="5 3"' if status == "planned" else (
            ' stroke-dasharray="1 3"' if status == "claimed" else "")
        rows.append(f'<div class="geo-legend-row"><svg width="28" height="10" aria-hidden="true">'
                    f'<line x1="1" y1="5" x2="27" y2="5" stroke="{style["color"]}" '
                    f'stroke-width="3"{dash}/></svg> {escape_html(style["label"])}</div>')
    if approx:
        rows.append('<div class="geo-legend-row"><svg width="28" height="14" aria-hidden="true">'
                    f'<circle cx="14" cy="7" r="6" fill="{MOVE}" fill-opacity="0.15" '
                    f'stroke="{MOVE}" stroke-dasharray="2 2"/></svg> Approximate location</div>')
    subtitle = f'<p class="geo-subtitle">{escape_html(story.subtitle)}</p>' if story.subtitle else ""
    body = (f'<div class="geo-panel geo-title"><h1>{escape_html(story.title)}</h1>{subtitle}</div>'
            f'<div class="geo-panel geo-legend" role="list">{"".join(rows)}</div>'
            f'<div class="geo-panel geo-credit">{escape_html(credit_line(story))}</div>')
    css = """<style>
.geo-panel{position:absolute;z-index:1000;background:rgba(255,255,255,.92);padding:6px 10px;
 font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;border-radius:3px;
 box-shadow:0 1px 3px rgba(0,0,0,.25)}
.geo-title{top:10px;left:54px;max-width:min(60%,520px)}
.geo-title h1{font-size:17px;margin:0}.geo-subtitle{margin:2px 0 0;color:#555}
.geo-legend{bottom:28px;right:10px}.geo-legend-row{display:flex;align-items:center;gap:6px}
.geo-credit{bottom:0;left:110px;font-size:11px;color:#555;border-radius:0;max-width:calc(100% - 300px);padding:2px 6px}
.geo-label{background:rgba(255,255,255,.85);border:0;box-shadow:none;font-weight:600;padding:1px 4px}
.geo-label:before{display:none}.geo-label .ar{display:block;font-weight:400;direction:rtl}
</style>"""

    class Panel(MacroElement):
        _template = Template("""
{% macro header(this, kwargs) %}""" + css + """{% endmacro %}
{% macro html(this, kwargs) %}""" + body + """{% endmacro %}""")

        def __init__(self):
            super().__init__()
            self._name = "Panel"

    return Panel()


def _inline_assets():
    from branca.element import Element

    js, css = _leaflet_assets()
    return (Element(f"<style>{css}</style>"),
            Element(f"<script>{js}</script>"))


def leaflet_map(story: Story, *, m: folium.Map | None = None) -> folium.Map:
    """Draw ``story`` on a Leaflet map.

    Parameters
    ----------
    story : Story
        A loaded story.
    m : folium.Map, optional
        Draw onto this map; default: a new map with no tile layer, Leaflet
        inlined and the view fitted to the story.

    Returns
    -------
    folium.Map
        With layers Boundaries, Uncertainty, Movements and Places in a layer control.
    """
    import folium
    import shapely

    from . import boundaries

    Bind = _binder()
    bounds = _bounds(story)
    if m is None:
        m = folium.Map(location=None, tiles=None, control_scale=True, zoom_control=True)
        # Instance attributes: folium's class-level CDN lists stay as they are for other maps.
        m.default_js = []
        m.default_css = []
        css, js = _inline_assets()
        m.get_root().header.add_child(css, name="leaflet_css_inline")
        m.get_root().header.add_child(js, name="leaflet_js_inline")
        m.get_root().header.add_child(folium.Element(
            f"<style>.folium-map{{background:{SEA}}}</style>"), name="geo_sea")

    lonlat = (bounds[0] - 4, bounds[1] - 3, bounds[2] + 4, bounds[3] + 3)
    tolerance = max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / 800
    base = folium.FeatureGroup(name="Boundaries")
    countries = boundaries.clip(boundaries.countries(), lonlat)
    admin1 = boundaries.clip(boundaries.admin1(), lonlat)
    rivers = boundaries.clip(boundaries.rivers(), lonlat)
    for gdf, style in (
        (countries, {"fillColor": "#f4f2ec", "fillOpacity": 1, "color": "#8c8c8c", "weight": 1}),
        (admin1, {"fill": False, "color": "#c4c0b6", "weight": 0.6}),
        (rivers, {"color": "#9cc0d8", "weight": 1.2}),
    ):
        if len(gdf):
            folium.GeoJson(_geojson(gdf.geometry.simplify(tolerance)), style=style,
                           interactive=False).add_to(base)
    if len(story.areas):
        folium.GeoJson(_geojson(story.areas.geometry.simplify(tolerance)),
                       style={"fillColor": "#efe2c4", "fillOpacity": 0.8, "color": "#b89b5e",
                              "weight": 1}, interactive=False).add_to(base)
    base.add_to(m)

    approx = folium.FeatureGroup(name="Uncertainty")
    any_approx = False
    for row in story.places.itertuples():
        if row.approximate:
            any_approx = True
            circ = folium.Circle(location=_ll(row.lon, row.lat), radius=row.uncertainty_km * 1000,
                                 color=MOVE, weight=1, dash_array="3 3", fill=True,
                                 fill_color=MOVE, fill_opacity=0.12,
                                 className=f"geo-uncertainty geo-uncertainty-{row.id}")
            Bind("bindTooltip", f"{escape_html(row.name)}: approximate location, within "
                 f"{row.uncertainty_km:g} km", {"sticky": True}).add_to(circ)
            circ.add_to(approx)
    approx.add_to(m)

    moves = folium.FeatureGroup(name="Movements")
    statuses = []
    paths = display_paths(story)
    for row in movements(story):
        style = STATUS_STYLE[row.status]
        if row.status not in statuses:
            statuses.append(row.status)
        dash = "8 6" if row.status == "planned" else ("2 5" if row.status == "claimed" else None)
        line = folium.PolyLine([_ll(x, y) for x, y in paths[row.id]], color=style["color"],
                               weight=3, opacity=0.9, dash_array=dash,
                               className=f"geo-movement geo-movement-{row.id}")
        Bind("bindTooltip", _movement_tooltip(story, row), {"sticky": True}).add_to(line)
        Bind("bindPopup", _movement_popup(story, row), {"maxWidth": 320}).add_to(line)
        line.add_to(moves)
        size = max(2.0, row.length_km * 0.06)
        head = arrowhead(shapely.LineString(paths[row.id]), length_km=min(size, 12.0))
        folium.Polygon([_ll(x, y) for x, y in head.exterior.coords[:-1]], color=style["color"],
                       weight=1, fill=True, fill_color=style["color"], fill_opacity=1,
                       className=f"geo-arrowhead geo-arrowhead-{row.id}").add_to(moves)
    moves.add_to(m)

    places = folium.FeatureGroup(name="Places")
    for row in story.places.itertuples():
        radius = KIND_MARKER.get(row.kind, KIND_MARKER["other"])[1] * 0.8
        marker = folium.CircleMarker(location=_ll(row.lon, row.lat), radius=radius,
                                     color="#ffffff", weight=1.5, fill=True, fill_color=PLACE_COLOR,
                                     fill_opacity=1, className=f"geo-place geo-place-{row.id}")
        label = escape_html(row.name)
        if present(row.name_ar):
            label += f'<span class="ar" lang="ar">{escape_html(row.name_ar)}</span>'
        Bind("bindTooltip", label, {"permanent": True, "direction": "right",
                                    "className": "geo-label", "offset": [8, 0]}).add_to(marker)
        Bind("bindPopup", _place_popup(story, row), {"maxWidth": 320}).add_to(marker)
        marker.add_to(places)
    places.add_to(m)

    m.add_child(_panel(story, statuses, any_approx))
    folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds([_ll(bounds[0], bounds[1]), _ll(bounds[2], bounds[3])], padding=(30, 30))
    return m


def _bounds(story: Story) -> tuple[float, float, float, float]:
    import shapely

    geoms = list(story.places.geometry) + list(story.movements.geometry)
    return shapely.GeometryCollection(geoms).bounds


def _geojson(geoms) -> dict:
    import shapely

    feats = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        g = shapely.set_precision(g, 1e-4)
        feats.append({"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)})
    return {"type": "FeatureCollection", "features": feats}


def _source_html(story: Story, source_id) -> str:
    src = story.sources.get(source_id or "")
    if not src:
        return ""
    name = escape_html(src["name"])
    url = _safe_url(src.get("url"))
    if url:
        name = (f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer">'
                f'{name}</a>')
    return f"<div>Source: {name}</div>"


def _movement_tooltip(story: Story, row) -> str:
    parts = [escape_html(movement_text(row) or f"{row.from_} to {row.to}")]
    if present(row.actor):
        parts.append(escape_html(row.actor))
    return "<br>".join(parts)


def _movement_popup(story: Story, row) -> str:
    names = dict(zip(story.places["id"], story.places["name"]))
    out = [f"<b>{escape_html(names[row.from_])} → {escape_html(names[row.to])}</b>"]
    for label, value in (("Date", row.date), ("Who", row.actor), ("Status", row.status),
                         ("Distance", f"{row.length_km:,.0f} km (straight line)")):
        if present(value):
            out.append(f"<div>{label}: {escape_html(value)}</div>")
    text = movement_text(row)
    if text:
        out.append(f"<div>{escape_html(text)}</div>")
    out.append(_source_html(story, row.source))
    if present(row.quote):
        out.append(f"<blockquote>{escape_html(row.quote)}</blockquote>")
    return "".join(out)


def _place_popup(story: Story, row) -> str:
    out = [f"<b>{escape_html(row.name)}</b>"]
    if present(row.name_ar):
        out.append(f'<div lang="ar" dir="rtl">{escape_html(row.name_ar)}</div>')
    out.append(f"<div>{row.lat:.4f}, {row.lon:.4f} (±{row.uncertainty_km:g} km)</div>")
    out.append(f"<div>Position: {escape_html(row.geocoder)}</div>")
    if present(row.note):
        out.append(f"<div>{escape_html(row.note)}</div>")
    out.append(_source_html(story, row.source))
    return "".join(out)


_RANDOM_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def render_html(story: Story) -> str:
    """The story's self-contained Leaflet page, identical across runs."""
    page = leaflet_map(story).get_root().render()
    ids: dict[str, str] = {}

    def number(match: re.Match) -> str:
        return ids.setdefault(match.group(0), f"{len(ids):04d}")

    return _RANDOM_ID.sub(number, page)
