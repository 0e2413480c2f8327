"""A story's features as the page draws them: places, movements, uncertainty circles and the
cities around it, each with its label, tooltip and popup as escaped HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scene.context import context_rows
from ..style import CONTEXT_CITIES, KINDS, TEXT, dash_at
from ..text import far_text, movement_text, present, second_language, second_name
from ..vocab import RIGHT_TO_LEFT
from .escape import escape_html, lat_lon, safe_url

if TYPE_CHECKING:
    from ..scene import Scene
    from ..story import Story

__all__ = ["ICON_PX", "WEIGHT", "context", "dash", "label_html", "lang_attributes", "movements",
           "places", "shape_svg", "source_html", "stubs", "uncertainty"]

#: A place symbol's size on the page, px.
ICON_PX = 18
#: Movement lines' width on the page, px.
WEIGHT = 3.5


def dash(pattern: tuple[float, ...], width: float) -> str:
    """The style table's dash ``pattern`` for a line ``width`` px wide, as SVG and canvas
    want it ("" for a solid line)."""
    return " ".join(f"{v:g}" for v in dash_at(pattern, width))


def shape_svg(kind: str, px: int = ICON_PX) -> str:
    """A place kind's symbol (the style table's shape) as inline SVG, ``px`` wide."""
    shape = KINDS.get(kind, KINDS["other"]).shape
    return (f'<svg width="{px}" height="{px}" viewBox="0 0 16 16" aria-hidden="true" '
            f'focusable="false"><g fill="{TEXT}" stroke="#fff" stroke-width="1.4">{shape}'
            f'</g></svg>')


def source_html(story: Story, source_id) -> str:
    src = story.sources.get(source_id or "") if present(source_id) else None
    if not src:
        return ""
    name = escape_html(src["name"])
    url = safe_url(src.get("url"))
    if url:
        name = (f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer">'
                f'{name}</a>')
    return f"<div>Source: {name}</div>"


def lang_attributes(lang: str) -> str:
    """The HTML attributes of text in ``lang``: 'lang="he" dir="rtl"', 'lang="uk"'."""
    return f'lang="{lang}" dir="rtl"' if lang in RIGHT_TO_LEFT else f'lang="{lang}"'


def label_html(name: str, second, lang: str = "ar") -> str:
    """A label: the name, and ``second`` (its second line, ``geo.text.second_name``, in
    ``lang``) in a span the style sheet sets on its own line (its class, "ar", is from when
    Arabic was the only second line)."""
    out = escape_html(name)
    if present(second):
        out += f'<span class="ar" {lang_attributes(lang)}>{escape_html(second)}</span>'
    return out


def _movement_tooltip(row) -> str:
    parts = [escape_html(movement_text(row) or f"{row.from_} to {row.to}")]
    if present(row.actor):
        parts.append(escape_html(row.actor))
    return "<br>".join(parts)


def _movement_popup(story: Story, row, names: dict[str, str]) -> str:
    out = [f"<b>{escape_html(names[row.from_])} → {escape_html(names[row.to])}</b>"]
    # Through stops, the line is straight only between them: the route is at least as long.
    distance = f"{row.length_km:,.0f} km (straight line)" if not row.via else \
        f"at least {row.length_km:,.0f} km (straight between the stops; the route is not known)"
    for label, value in (("Date", row.date), ("Who", row.actor), ("Status", row.status),
                         ("Distance", distance)):
        if present(value):
            out.append(f"<div>{label}: {escape_html(value)}</div>")
    text = movement_text(row)
    if text:
        out.append(f"<div>{escape_html(text)}</div>")
    out.append(source_html(story, row.source))
    if present(row.quote):
        out.append(f"<blockquote>{escape_html(row.quote)}</blockquote>")
    return "".join(out)


def _place_popup(story: Story, p: dict) -> str:
    out = [f"<b>{escape_html(p['name'])}</b>"]
    second = second_name(p, story.languages)
    if second:
        out.append(f'<div {lang_attributes(second_language(story.languages))}>'
                   f'{escape_html(second)}</div>')
    out.append(f"<div>{p['lat']:.4f}, {p['lon']:.4f} (±{p['uncertainty_km']:g} km)</div>")
    out.append(f"<div>Position: {escape_html(p['geocoder'])}</div>")
    if present(p["note"]):
        out.append(f"<div>{escape_html(p['note'])}</div>")
    out.append(source_html(story, p["source"]))
    return "".join(out)


def places(scene: Scene) -> list[dict]:
    """Each place: its symbol's kind, label, popup, and its name for assistive technology."""
    out, langs = [], scene.story.languages
    lang = second_language(langs)
    for p in scene.places:
        kind = p["kind"] if p["kind"] in KINDS else "other"
        lat, lon = lat_lon(*scene.positions[p["id"]])  # the page's longitudes: continuous
        out.append({"id": p["id"], "lat": lat, "lon": lon, "kind": kind,
                    "label": label_html(p["name"], second_name(p, langs), lang),
                    "popup": _place_popup(scene.story, p),
                    "name": f"{p['name']}, {KINDS[kind].label.lower()}"})
    return out


def movements(scene: Scene) -> list[dict]:
    """Each movement: its drawn path, its arrowhead, tooltip and popup."""
    import shapely

    from ..geometry import arrowhead, wrap_near

    out = []
    for row in scene.moves:
        path = scene.paths[row.id]
        size = min(max(1.0, row.length_km * 0.035), 8.0)
        head = arrowhead(shapely.LineString(path), length_km=size)
        tip = path[-1][0]  # the head's corners on the tip's side of the antimeridian
        out.append({"id": row.id, "status": row.status,
                    "path": [lat_lon(x, y) for x, y in path],
                    # None at a pole: Web Mercator cannot show one, and a head drawn there
                    # fans out along the map's edge.
                    "head": [lat_lon(wrap_near(x, tip), y) for x, y in head.exterior.coords[:-1]]
                    if abs(path[-1][1]) < 85.0 else [],
                    "tooltip": _movement_tooltip(row),
                    "popup": _movement_popup(scene.story, row, scene.names)})
    return out


def uncertainty(scene: Scene) -> list[list]:
    """[lat, lon, radius in metres, place id, tooltip] of each approximate position."""
    return [[*lat_lon(*scene.positions[p["id"]]), p["uncertainty_km"] * 1000, p["id"],
             f"{escape_html(p['name'])}: approximate location, within {p['uncertainty_km']:g} km"]
            for p in scene.places if p["approximate"]]


def context(scene: Scene, bounds) -> list[list]:
    """[lat, lon, capital, id, label, name] of the capitals and large cities around the story
    (``Scene.context_cities`` in a box around ``bounds``)."""
    span = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.5)
    box = (bounds[0] - span * 0.6, bounds[1] - span * 0.4, bounds[2] + span * 0.6,
           bounds[3] + span * 0.4)
    langs = scene.story.languages
    return [[*lat_lon(c["lon"], c["lat"]), int(bool(c["capital"])), c["geonameid"],
             label_html(c["name"], second_name(c, langs), second_language(langs)), c["name"]]
            for c in context_rows(scene, box)[:CONTEXT_CITIES.limit]]


def stubs(scene: Scene, bounds) -> list[list]:
    """[path, label, place id, movement id] for each far place (``Scene.far``): its line
    from the frame outward ([lat, lon] pairs; with no line, the way to it from the middle of
    ``bounds``, the frame's), its name and distance ("from Vladivostok, 6,400 km") and the
    movement it belongs to (None for none: the timeline shows the stub with it); the page
    sets the label where the path leaves the view."""
    import numpy as np

    from ..geometry import haversine_km

    x0, y0, x1, y1 = bounds
    out = []
    for pid in sorted(scene.far, key=list(scene.positions).index):
        move = next((m for m in scene.moves if pid in (m.from_, m.to)), None)
        if move is not None:
            path = np.asarray(scene.paths[move.id], dtype=float)
            path = path if move.to == pid else path[::-1]  # from the frame outward
            text = far_text(scene.names[pid], move.length_km, to=move.to == pid)
        else:
            far = np.asarray(scene.positions[pid])
            path = np.linspace(((x0 + x1) / 2, (y0 + y1) / 2), far, 100)
            near = [xy for p, xy in scene.positions.items() if p not in scene.far]
            text = far_text(scene.names[pid], min(
                (haversine_km(*far, x, y) for x, y in near), default=0.0), to=True)
        path = np.vstack([path[:-1:max(1, len(path) // 100)], path[-1:]])  # about 100 points
        out.append([[lat_lon(float(x), float(y)) for x, y in path],
                    escape_html(text), pid, move.id if move is not None else None])
    return out
