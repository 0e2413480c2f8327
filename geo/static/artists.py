"""matplotlib's side of a map: collections drawn fast, text with a halo, and the boxes and
ink labels are placed against."""

from __future__ import annotations

import math
from typing import NamedTuple

__all__ = ["Boxes", "Ink", "Rect", "annotate", "geoframe", "lines", "polygon_parts", "polygons",
           "rect"]


class Rect(NamedTuple):
    """A display box: lighter than a matplotlib ``Bbox``, for the many candidate positions
    of labels."""

    x0: float
    y0: float
    x1: float
    y1: float

    def padded(self, p: float) -> Rect:
        return Rect(self.x0 - p, self.y0 - p, self.x1 + p, self.y1 + p)

    def overlaps(self, other) -> bool:
        return self.x0 <= other[2] and other[0] <= self.x1 and self.y0 <= other[3] and \
            other[1] <= self.y1


class Boxes:
    """Display boxes no label may cover, filed in a grid so that a test for overlap
    looks only at the boxes near it: placing n labels stays about linear in n."""

    CELL = 64.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, x0: float, y0: float, x1: float, y1: float):
        c = self.CELL
        return ((i, j) for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1)
                for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1))

    def append(self, box) -> None:
        """File a matplotlib ``Bbox`` (or an (x0, y0, x1, y1) tuple)."""
        ext = tuple(box.extents) if hasattr(box, "extents") else tuple(box)
        for key in self._keys(*ext):
            self.cells.setdefault(key, []).append(ext)

    def overlaps(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """True if the box meets a filed one (touching counts, as in ``Bbox.overlaps``)."""
        c, get = self.CELL, self.cells.get
        j0, j1 = math.floor(y0 / c), math.floor(y1 / c) + 1
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(j0, j1):
                for a0, b0, a1, b1 in get((i, j), ()):
                    if a0 <= x1 and x0 <= a1 and b0 <= y1 and y0 <= b1:
                        return True
        return False


class Ink:
    """Display points of the story's lines and circles, counted in any box in constant
    time from a summed-area table of 2-pixel cells (built when first counted)."""

    CELL = 2.0

    def __init__(self):
        self.parts: list = []
        self._table = None

    def add(self, pts) -> None:
        self.parts.append(pts)
        self._table = None

    @property
    def points(self):
        import numpy as np

        return np.concatenate(self.parts) if self.parts else np.empty((0, 2))

    def count(self, x0: float, y0: float, x1: float, y1: float) -> int:
        import numpy as np

        if self._table is None:
            pts = self.points
            if not len(pts):
                return 0
            ij = np.floor(pts / self.CELL).astype(np.int64)
            self._origin = ij.min(axis=0)
            ij -= self._origin
            shape = ij.max(axis=0) + 2
            grid = np.zeros((shape[0], shape[1]), dtype=np.int64)
            np.add.at(grid, (ij[:, 0], ij[:, 1]), 1)
            self._table = np.zeros((shape[0] + 1, shape[1] + 1), dtype=np.int64)
            self._table[1:, 1:] = grid.cumsum(0).cumsum(1)
        t, (ox, oy) = self._table, self._origin
        i0 = min(max(math.floor(x0 / self.CELL) - ox, 0), t.shape[0] - 1)
        i1 = min(max(math.floor(x1 / self.CELL) - ox + 1, 0), t.shape[0] - 1)
        j0 = min(max(math.floor(y0 / self.CELL) - oy, 0), t.shape[1] - 1)
        j1 = min(max(math.floor(y1 / self.CELL) - oy + 1, 0), t.shape[1] - 1)
        return int(t[i1, j1] - t[i0, j1] - t[i1, j0] + t[i0, j0])


def polygons(ax, geoms, *, gid: str | None = None, **style) -> None:
    """(Multi)polygons as one collection of paths, holes kept.

    What ``GeoSeries.plot`` draws, without what it does besides: import pyplot and
    redraw the whole figure after each layer, which was most of a static map's time.
    """
    import numpy as np
    import shapely
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    # Normalised: holes wind against their shell, so that they are filled as holes. A
    # polygon made valid again may be a collection of MultiPolygons: its polygons only.
    paths = [Path.make_compound_path(*(
        Path(np.asarray(ring.coords)[:, :2], closed=True)
        for part in polygon_parts(geom) for ring in (part.exterior, *part.interiors)))
        for geom in shapely.normalize(np.asarray(geoms, dtype=object))]
    ax.add_collection(PathCollection(paths, gid=gid, **style), autolim=False)


def polygon_parts(geom):
    """The polygons of ``geom`` at any depth: a polygon made valid again after projection
    (a country around the pole, say) can be a collection holding multipolygons and lines."""
    import shapely

    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            yield part
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            yield from polygon_parts(part)


def lines(ax, geoms, *, gid: str | None = None, **style) -> None:
    """(Multi)lines as one line collection (see ``polygons``)."""
    import numpy as np
    import shapely
    from matplotlib.collections import LineCollection

    parts = shapely.get_parts(shapely.normalize(np.asarray(geoms, dtype=object)))
    ax.add_collection(LineCollection([shapely.get_coordinates(p) for p in parts], gid=gid,
                                     **style), autolim=False)


def rect(extent, **kw):
    from matplotlib.patches import Rectangle

    x0, x1, y0, y1 = extent
    return Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, zorder=5, **kw)


def annotate(ax, text: str, *, halo: float, **kw):
    """Text with a white halo. The halo is a separate artist (drawn as outlines),
    so the text itself stays text in SVG and PDF: editable and extractable."""
    import matplotlib.patheffects as pe

    under = dict(kw, color="white", gid=None, zorder=kw.get("zorder", 8) - 0.01)
    ax.annotate(text, path_effects=[pe.withStroke(linewidth=halo, foreground="white")], **under)
    return ax.annotate(text, **kw)


def geoframe(geoms):
    import geopandas as gpd

    return gpd.GeoDataFrame(geometry=geoms, crs=4326)

