"""Static maps with matplotlib: a Figure a user can keep editing, or PNG/SVG/PDF bytes.

The map is drawn in an azimuthal equidistant projection centred on the story,
so distances from the centre are true and no plate carrée stretching occurs.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import TYPE_CHECKING

from .geometry import circle
from .layers import (KIND_MARKER, MOVE, STATUS_ORDER, STATUS_STYLE, UNCERTAIN_KM, credit_line,
                     display_paths, movement_text, movements, present)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .story import Story

__all__ = ["render_static", "static_map"]

SEA = "#dde8ef"
LAND = "#f4f2ec"
FOCUS_LAND = "#fbfaf6"
BORDER = "#8c8c8c"
ADMIN1 = "#c4c0b6"
RIVER = "#9cc0d8"
AREA = "#efe2c4"
TEXT = "#222222"

SIZE_IN = (10.0, 7.5)
DPI = 150


def _projection(story: Story):
    import pyproj

    pts = list(zip(story.places["lon"], story.places["lat"]))
    lon0 = sum(p[0] for p in pts) / len(pts)
    lat0 = sum(p[1] for p in pts) / len(pts)
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m")
    return crs, pyproj.Transformer.from_crs(4326, crs, always_xy=True)


def _extent(story: Story, to_xy, aspect: float) -> tuple[float, float, float, float]:
    import shapely

    geoms = list(story.places.geometry) + list(story.movements.geometry)
    for row in story.places.itertuples():
        if row.uncertainty_km >= UNCERTAIN_KM:
            geoms.append(circle(row.lon, row.lat, row.uncertainty_km))
    xy = shapely.transform(shapely.GeometryCollection(geoms), to_xy, interleaved=False)
    x0, y0, x1, y1 = xy.bounds
    w, h = max(x1 - x0, 50_000.0), max(y1 - y0, 50_000.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * 1.35, h * 1.35
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _lonlat_bounds(extent, from_xy) -> tuple[float, float, float, float]:
    import numpy as np

    x0, x1, y0, y1 = extent
    xs = np.concatenate([np.linspace(x0, x1, 20), np.full(20, x1), np.linspace(x1, x0, 20), np.full(20, x0)])
    ys = np.concatenate([np.full(20, y0), np.linspace(y0, y1, 20), np.full(20, y1), np.linspace(y1, y0, 20)])
    lons, lats = from_xy(xs, ys)
    pad = 1.0
    return (max(-180.0, float(lons.min()) - pad), max(-90.0, float(lats.min()) - pad),
            min(180.0, float(lons.max()) + pad), min(90.0, float(lats.max()) + pad))


def _project(gdf, crs):
    return gdf.to_crs(crs) if len(gdf) else gdf


def static_map(story: Story, *, ax: Axes | None = None) -> Figure:
    """Draw ``story`` as a static map.

    Parameters
    ----------
    story : Story
        A loaded story.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default: a new Figure of 10 x 7.5 inches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the map (``ax.figure`` when ``ax`` is given).
    """
    import matplotlib.patheffects as pe
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from . import boundaries

    if ax is None:
        fig = Figure(figsize=SIZE_IN, dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.02, 0.08, 0.96, 0.78))
    fig = ax.figure
    bbox = ax.get_position()
    fw, fh = fig.get_size_inches()
    aspect = (bbox.width * fw) / (bbox.height * fh)

    crs, tr = _projection(story)
    to_xy = tr.transform
    extent = _extent(story, to_xy, aspect)
    lonlat = _lonlat_bounds(extent, lambda x, y: tr.transform(x, y, direction="INVERSE"))

    ax.set_facecolor(SEA)
    countries = _project(boundaries.clip(boundaries.countries(), lonlat), crs)
    focus = set(story.places["country"].dropna())
    if len(countries):
        colors = [FOCUS_LAND if c in focus else LAND for c in countries["iso_a2"]]
        countries.plot(ax=ax, color=colors, edgecolor="none", zorder=1)
    admin1 = _project(boundaries.clip(boundaries.admin1(), lonlat), crs)
    if len(admin1):
        admin1.boundary.plot(ax=ax, color=ADMIN1, linewidth=0.5, zorder=2)
    if len(story.areas):
        _project(story.areas, crs).plot(ax=ax, color=AREA, edgecolor="#b89b5e", linewidth=0.8,
                                        alpha=0.8, zorder=2.5)
    rivers = _project(boundaries.clip(boundaries.rivers(), lonlat), crs)
    if len(rivers):
        rivers.plot(ax=ax, color=RIVER, linewidth=1.0, zorder=3)
    if len(countries):
        countries.boundary.plot(ax=ax, color=BORDER, linewidth=0.9, zorder=3.5)

    halo = [pe.withStroke(linewidth=3, foreground="white")]
    handles: dict[str, object] = {}
    labels: list[tuple] = []  # place labels first: they get the best positions
    n_place_labels = 0

    for row in story.places.itertuples():
        if row.uncertainty_km >= UNCERTAIN_KM:
            ring = _project(_gdf([circle(row.lon, row.lat, row.uncertainty_km)]), crs)
            ring.plot(ax=ax, color=MOVE, alpha=0.12, edgecolor=MOVE, linewidth=0.8,
                      linestyle=(0, (2, 2)), zorder=4, gid=f"uncertainty-{row.id}")
            handles["approx"] = Patch(facecolor=MOVE, alpha=0.25, edgecolor=MOVE,
                                      linestyle=(0, (2, 2)), label="Approximate location")

    paths = display_paths(story)
    for row in movements(story):
        style = STATUS_STYLE[row.status]
        xs, ys = to_xy(*zip(*paths[row.id]))
        ax.plot(xs, ys, color=style["color"], linestyle=style["linestyle"], linewidth=2.2,
                solid_capstyle="round", zorder=5, gid=f"movement-{row.id}")
        ax.annotate("", xy=(xs[-1], ys[-1]), xytext=(xs[-2], ys[-2]), zorder=5.5,
                    arrowprops={"arrowstyle": "-|>,head_length=0.8,head_width=0.45",
                                "color": style["color"], "linewidth": 0, "shrinkA": 0,
                                "shrinkB": 6})
        handles[row.status] = Line2D([], [], color=style["color"], linestyle=style["linestyle"],
                                     linewidth=2.2, label=style["label"])
        text = movement_text(row)
        if text:
            i = len(xs) // 2
            labels.append((text, (xs[i], ys[i]), {"fontsize": 7.5, "color": style["color"],
                                                  "style": "italic"}, f"movement-label-{row.id}"))

    symbols = []
    for row in story.places.itertuples():
        marker, size = KIND_MARKER.get(row.kind, KIND_MARKER["other"])
        x, y = to_xy(row.lon, row.lat)
        symbols += ax.plot([x], [y], marker=marker, markersize=size, color=TEXT,
                           markeredgecolor="white", markeredgewidth=1.0, linestyle="none",
                           zorder=7, gid=f"place-{row.id}")
        label = row.name if not present(row.name_ar) else f"{row.name}\n{row.name_ar}"
        labels.insert(n_place_labels, (label, (x, y), {"fontsize": 9, "color": TEXT,
                                                        "linespacing": 1.3}, f"label-{row.id}"))
        n_place_labels += 1

    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _place_labels(ax, labels, symbols, halo)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.6)

    _scale_bar(ax, extent)
    if handles:
        ax.legend(handles=[handles[k] for k in (*STATUS_ORDER, "approx") if k in handles], loc="lower right",
                  fontsize=8, frameon=True, framealpha=0.9, edgecolor="#cccccc")

    fig.text(0.02, 0.965, story.title, fontsize=15, fontweight="bold", color=TEXT, va="top")
    if story.subtitle:
        fig.text(0.02, 0.918, textwrap.fill(story.subtitle, 115), fontsize=9.5, color="#555555",
                 va="top", linespacing=1.3)
    fig.text(0.02, 0.03, credit_line(story), fontsize=7, color="#666666", va="bottom",
             wrap=True)
    return fig


#: Label positions tried in turn, as (dx, dy, ha, va) in points from the anchor.
_OFFSETS = [(7, 3, "left", "bottom"), (7, -3, "left", "top"), (-7, 3, "right", "bottom"),
            (-7, -3, "right", "top"), (0, 9, "center", "bottom"), (0, -9, "center", "top"),
            (18, 18, "left", "bottom"), (-18, 18, "right", "bottom"), (18, -18, "left", "top"),
            (-18, -18, "right", "top"), (0, 28, "center", "bottom"), (0, -28, "center", "top")]


def _place_labels(ax, labels, symbols, halo) -> None:
    """Greedy label placement: the first candidate position that overlaps no label
    already placed and no place symbol; a leader line where the label moved away."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") \
        else fig._get_renderer()
    taken = [s.get_window_extent(renderer).expanded(1.3, 1.3) for s in symbols]
    frame = ax.get_window_extent(renderer)
    for text, xy, style, gid in labels:
        best = None
        for dx, dy, ha, va in _OFFSETS:
            ann = ax.annotate(text, xy=xy, xytext=(dx, dy), textcoords="offset points", ha=ha,
                              va=va, zorder=8, path_effects=halo, gid=gid, **style)
            box = ann.get_window_extent(renderer)
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                      and box.y1 <= frame.y1)
            if inside and not any(box.overlaps(t) for t in taken):
                best = (ann, box, abs(dx) + abs(dy) > 15)
                break
            ann.remove()
        if best is None:  # nowhere free: keep the first position
            dx, dy, ha, va = _OFFSETS[0]
            ann = ax.annotate(text, xy=xy, xytext=(dx, dy), textcoords="offset points", ha=ha,
                              va=va, zorder=8, path_effects=halo, gid=gid, **style)
            best = (ann, ann.get_window_extent(renderer), False)
        ann, box, far = best
        if far:
            ax.annotate("", xy=xy, xytext=(dx * 0.75, dy * 0.75), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.6,
                                    "shrinkA": 0, "shrinkB": 3}, zorder=7.5)
        taken.append(box)


def _gdf(geoms):
    import geopandas as gpd

    return gpd.GeoDataFrame(geometry=geoms, crs=4326)


def _scale_bar(ax, extent) -> None:
    # In an azimuthal equidistant projection scale is true along lines from the
    # centre and within a fraction of a percent near it: the bar sits near the centre's latitude.
    x0, x1, y0, y1 = extent
    span_km = (x1 - x0) / 1000.0
    target = span_km / 5
    step = 10 ** math.floor(math.log10(target))
    length_km = max(s * step for s in (1, 2, 5) if s * step <= target)
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    ax.plot([bx, bx + length_km * 1000], [by, by], color=TEXT, linewidth=2.5, zorder=9,
            solid_capstyle="butt", gid="scale-bar")
    ax.text(bx + length_km * 500, by + (y1 - y0) * 0.012, f"{length_km:g} km", ha="center",
            va="bottom", fontsize=8, color=TEXT, zorder=9)


#: savefig options that make output byte-identical across runs.
_DETERMINISTIC = {
    "png": {"metadata": {"Software": None}},
    "svg": {"metadata": {"Date": None, "Creator": None}},
    "pdf": {"metadata": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}},
}


def render_static(story: Story, fmt: str) -> bytes:
    """The story's static map as PNG, SVG or PDF bytes, identical across runs."""
    import matplotlib

    fig = static_map(story)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "geo-storymaps", "svg.fonttype": "none",
                                "pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt, dpi=DPI, **_DETERMINISTIC[fmt])
    return buf.getvalue()
