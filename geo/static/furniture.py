"""A map's furniture, each piece in the corner the story leaves emptiest: legend, inset
locator, scale bar and, when north turns across the frame, a north arrow."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..style import BORDER, FOCUS_LAND, LAND, MOVE, SEA, TEXT
from .artists import annotate, geoframe, lines, polygons, rect
from .projection import lonlat_bounds, north_angle, project
from .symbols import context_handle, legend_handles

if TYPE_CHECKING:
    from .mapview import MapView

__all__ = ["corner_box", "finish_legend", "inset", "place", "scale_and_north"]

#: A north arrow is drawn when true north turns by more than this (degrees) across the frame.
NORTH_TOLERANCE_DEG = 0.5
#: No inset locator when the map itself spans more than this many km.
INSET_MAX_SPAN_KM = 2500.0


def corner_cost(m: MapView, box) -> int:
    """How much a display box would cover: story symbols (heavily) and ink."""
    hits = sum(box.x0 <= x1 and x0 <= box.x1 and box.y0 <= y1 and y0 <= box.y1
               for x0, y0, x1, y1 in m.symbols) * 50
    return hits + m.ink.count(box.x0, box.y0, box.x1, box.y1)


def place(m: MapView) -> None:
    """Legend, inset and scale bar, each in the free corner the story's features leave emptiest."""
    free = ["lower right", "lower left", "upper right", "upper left"]
    # Measured with the context cities' entries, which labelling may add later.
    handles = legend_handles(dict(m.legend, capital=context_handle("capital"),
                                  city=context_handle("city")))
    best = None
    for i, corner in enumerate(free):
        leg = m.ax.legend(handles=handles, loc=corner, fontsize=8, frameon=True,
                          framealpha=0.92, edgecolor="#cccccc", borderpad=0.6)
        box = leg.get_window_extent(m.renderer)
        cost = corner_cost(m, box) * 10 + i
        if best is None or cost < best[0]:
            best = (cost, corner, box)
    m.legend_corner = best[1]
    m.taken.append(best[2])
    free.remove(best[1])
    span_km = (m.extent[1] - m.extent[0]) / 1000
    if span_km <= INSET_MAX_SPAN_KM:
        free.remove(inset(m, [c for c in ("upper left", "upper right", "lower left",
                                          "lower right") if c in free]))
    scale_and_north(m, [c for c in ("lower left", "lower right", "upper left",
                                    "upper right") if c in free])


def finish_legend(m: MapView) -> None:
    leg = m.ax.legend(handles=legend_handles(m.legend), loc=m.legend_corner, fontsize=8,
                      frameon=True, framealpha=0.92, edgecolor="#cccccc", borderpad=0.6)
    leg.set_gid("legend")
    leg.set_zorder(20)


def corner_box(m: MapView, corner: str, w: float, h: float, pad: float = 8.0):
    """Display box of size w x h px tucked into ``corner`` of the axes."""
    from matplotlib.transforms import Bbox

    frame = m.ax.get_window_extent(m.renderer)
    p = pad * m.pt
    x0 = frame.x0 + p if "left" in corner else frame.x1 - p - w
    y0 = frame.y0 + p if "lower" in corner else frame.y1 - p - h
    return Bbox.from_bounds(x0, y0, w, h)


def inset(m: MapView, corners: list[str]) -> str:
    """A locator map in the emptiest of ``corners``, the frame outlined; returns the corner."""
    from .. import boundaries

    frame = m.ax.get_window_extent(m.renderer)
    side = min(frame.width, frame.height) * 0.3
    box, corner = min(((corner_box(m, c, side, side), c) for c in corners),
                      key=lambda bc: (corner_cost(m, bc[0]) * 10 + corners.index(bc[1])))
    x0, x1, y0, y1 = m.extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half = max(x1 - x0, y1 - y0, 200_000.0) * 2.5
    ext = (cx - half, cx + half, cy - half, cy + half)
    ia = m.ax.inset_axes(m.ax.transAxes.inverted().transform(
        [[box.x0, box.y0], [box.x1, box.y1]]).flatten().tolist()[:2] + [
        box.width / frame.width, box.height / frame.height])
    ia.set_gid("inset")
    ia.set_facecolor(SEA)
    bounds = lonlat_bounds(ext, m.from_xy, pad=2.0)

    def layers():
        clipped = boundaries.clip(boundaries.countries(), bounds)
        return project(clipped, m.crs), project(geoframe(boundaries.outline(
            clipped.geometry, bounds)), m.crs)

    # The land filled, and its borders without the edges that clipping made, which were
    # drawn as lines along the inset's edge.
    countries, borders = m.scene.memo(("static.inset", bounds), layers)
    focus = set(m.story.places["country"].dropna())
    if len(countries):
        polygons(ia, countries.geometry, edgecolors="none", gid="inset-land",
                 facecolors=[FOCUS_LAND if c in focus else LAND for c in countries["iso_a2"]])
    if len(borders):
        lines(ia, borders.geometry, colors=BORDER, linewidths=0.4, gid="inset-borders")
    ia.add_patch(rect(m.extent, edgecolor=MOVE, linewidth=1.4, gid="inset-extent"))
    ia.set_xlabel("")
    ia.set_ylabel("")
    ia.set_xlim(ext[0], ext[1])
    ia.set_ylim(ext[2], ext[3])
    ia.set_aspect("equal", adjustable="box")
    ia.set_xticks([])
    ia.set_yticks([])
    for spine in ia.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)
    ia.set_zorder(15)
    m.taken.append(box.expanded(1.05, 1.05))
    return corner


def scale_and_north(m: MapView, corners: list[str]) -> None:
    """A scale bar of a round length, and a north arrow where north turns, in a corner."""
    x0, x1, y0, y1 = m.extent
    span_km = (x1 - x0) / 1000.0
    target = span_km / 5
    step = 10 ** math.floor(math.log10(target))
    length_km = max(s * step for s in (1, 2, 5) if s * step <= target)
    frame = m.ax.get_window_extent(m.renderer)
    bar_px = length_km * 1000 * frame.width / (x1 - x0)
    north = needs_north(m)
    w = bar_px + (34 if north else 0) * m.pt
    h = 40 * m.pt
    box, corner = min(((corner_box(m, c, w, h), c) for c in corners),
                      key=lambda bc: (corner_cost(m, bc[0]) * 10 + corners.index(bc[1])))
    inv = m.ax.transData.inverted()
    bx, by = inv.transform((box.x0 + (34 * m.pt if north and "right" in corner else 0),
                            box.y0 + 8 * m.pt))
    m.ax.plot([bx, bx + length_km * 1000], [by, by], color=TEXT, linewidth=3,
              solid_capstyle="butt", zorder=9, gid="scale-bar")
    tick = 4 * (y1 - y0) / frame.height * m.pt
    for x in (bx, bx + length_km * 500, bx + length_km * 1000):
        m.ax.plot([x, x], [by, by + tick], color=TEXT, linewidth=1, zorder=9)
    annotate(m.ax, f"{length_km:g} km", halo=2.5, xy=(bx + length_km * 500, by),
             xytext=(0, 6), textcoords="offset points", ha="center", va="bottom",
             fontsize=8, color=TEXT, zorder=9, gid="scale-label")
    if north:
        nx = box.x1 - 14 * m.pt if "right" not in corner else box.x0 + 14 * m.pt
        north_arrow(m, *inv.transform((nx, box.y0 + 12 * m.pt)))
    m.taken.append(box)


def needs_north(m: MapView) -> bool:
    """Whether true north turns by more than ``NORTH_TOLERANCE_DEG`` across the frame."""
    x0, x1, y0, y1 = m.extent
    return m.scene.memo(("static.north", m.extent), lambda: max(
        abs(north_angle(m.tr, x, y)) for x in (x0, x1) for y in (y0, y1)) > NORTH_TOLERANCE_DEG)


def north_arrow(m: MapView, x: float, y: float) -> None:
    angle = math.radians(north_angle(m.tr, x, y))
    frame = m.ax.get_window_extent(m.renderer)
    length = 22 * m.pt * (m.extent[1] - m.extent[0]) / frame.width
    tx, ty = x + length * math.sin(angle), y + length * math.cos(angle)
    m.ax.annotate("", xy=(tx, ty), xytext=(x, y), zorder=9, gid="north-arrow",
                  arrowprops={"arrowstyle": "-|>,head_length=0.6,head_width=0.3",
                              "color": TEXT, "linewidth": 1.2})
    m.ax.annotate("N", xy=(tx, ty), xytext=(0, 2), textcoords="offset points",
                  ha="center", va="bottom", fontsize=8, fontweight="bold", color=TEXT,
                  zorder=9, gid="north-label")
