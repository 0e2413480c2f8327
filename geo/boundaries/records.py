"""The shipped layers as records, read without pandas or GDAL: for the renderers, the story
checks and the area lookups, which need a few columns and a few shapes, not GeoDataFrames.

``layer(name)`` gives a layer's attribute columns (lists, in the file's order), each
feature's bounds and its shapes (decoded when asked for: a lookup of one division reads one
polygon); ``city_columns()`` and ``city_rows()`` the context cities' table. ``clip_layer``, ``clip_shapes`` and
``points_in_bounds`` are ``geo.boundaries.clip`` and ``in_bounds`` on them.

The records are what the public readers (``countries()``, ``admin1()``, ``cities()``...)
return, column for column and vertex for vertex (shapes as WKB), kept in a per-user cache:
``boundaries-<hash>.sqlite`` in the cache folder (``geo.cache``), its name the SHA-256 of
the shipped files, of the readers' versions and of ``CACHE_VERSION``. It is built on first
use from those readers (the only time pandas, geopandas and pyogrio are imported for it),
written to a temporary file and renamed into place, sealed, and used only while it is this
user's and unchanged; where no folder can hold it, the records are made in memory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import cache_dir, check_folder, private_dir, seal, trusted
from ..errors import GeoError
from ..files import remove_stale
from ..resources import boundary_file

if TYPE_CHECKING:
    import numpy as np

__all__ = ["CACHE_VERSION", "FILES", "Layer", "cache_path", "city_columns", "city_points",
           "city_rows", "clip_layer", "clip_shapes", "layer", "points_in_bounds", "turns"]

log = logging.getLogger(__name__)

#: Bumped when the cache's tables change.
CACHE_VERSION = 1
#: Layer -> its file in ``data/boundaries``.
FILES = {"countries": "countries.fgb", "admin1": "admin1.fgb",
         "admin1-lines": "admin1-lines.fgb", "rivers": "rivers.fgb", "cities": "cities.csv"}
#: What the records depend on besides the files: how they are read (missing text is NaN
#: with pandas 3, None before it) and written.
_READERS = ("pandas", "geopandas", "pyogrio", "shapely")


class Layer:
    """One shipped layer as records.

    Attributes
    ----------
    name : str
        A key of ``FILES``.
    columns : dict
        Column -> its values, a list in the file's order (as ``.tolist()`` of the
        GeoDataFrame's column gives them).
    bounds : numpy.ndarray
        (minx, miny, maxx, maxy) of each feature, shape (n, 4).
    """

    def __init__(self, name: str, columns: dict[str, list], bounds,
                 wkb: Callable[[list[int]], list]):
        import numpy as np

        self.name, self.columns, self.bounds = name, columns, bounds
        self._wkb = wkb
        self._shapes = np.empty(len(bounds), dtype=object)
        self._decoded = np.zeros(len(bounds), dtype=bool)

    def __len__(self) -> int:
        return len(self.bounds)

    def shapes(self, index=None) -> np.ndarray:
        """The shapely geometries at positions ``index`` (all by default), each read and
        decoded once, when first asked for."""
        import numpy as np
        import shapely

        index = np.arange(len(self)) if index is None else np.asarray(index, dtype=np.intp)
        todo = sorted(set(index[~self._decoded[index]].tolist()))  # (np.unique: numpy.ma)
        if todo:
            blobs = np.empty(len(todo), dtype=object)
            blobs[:] = self._wkb(todo)
            self._shapes[todo] = shapely.from_wkb(blobs)
            self._decoded[todo] = True
        return self._shapes[index]


def turns(bounds) -> list[int]:
    """The whole turns t for which [-180 + 360 t, 180 + 360 t] meets ``bounds``' longitudes:
    [0] for bounds within [-180, 180], [0, 1] for (170, -30, 190, -10)."""
    import math

    x0, _, x1, _ = bounds
    return list(range(math.floor((x0 + 180.0) / 360.0), math.ceil((x1 - 180.0) / 360.0) + 1))


def _meets(boxes, box) -> np.ndarray:
    """Positions of the ``boxes`` (n, 4) that meet ``box``, in order (NaN bounds, an empty
    shape's, meet none)."""
    import numpy as np

    x0, y0, x1, y1 = box
    return np.flatnonzero((boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1)
                          & (boxes[:, 3] >= y0))


def _clip(boxes, shapes_at: Callable, bounds) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np
    import shapely

    if turns(bounds) == [0]:
        box = shapely.box(*bounds)
        near = _meets(boxes, bounds)
        shapes = shapes_at(near)
        hit = shapely.intersects(shapes, box)
        cut = shapely.intersection(shapes[hit], box)
        keep = ~shapely.is_empty(cut)
        return near[hit][keep], cut[keep]
    x0, y0, x1, y1 = bounds
    pieces: dict[int, list] = {}
    for t in turns(bounds):
        lo, hi = max(x0 - 360.0 * t, -180.0), min(x1 - 360.0 * t, 180.0)
        if hi <= lo:
            continue
        box = shapely.box(lo, y0, hi, y1)
        near = _meets(boxes, (lo, y0, hi, y1))
        shapes = shapes_at(near)
        hit = shapely.intersects(shapes, box)
        for i, geom in zip(near[hit].tolist(), shapely.intersection(shapes[hit], box)):
            if not geom.is_empty:
                pieces.setdefault(i, []).append(shapely.transform(
                    geom, lambda xy, t=t: xy + np.array([360.0 * t, 0.0])))
    order = sorted(pieces)
    out = np.empty(len(order), dtype=object)
    out[:] = [parts[0] if len(parts) == 1 else
              shapely.union_all(parts) if parts[0].geom_type.endswith("Polygon")
              else shapely.multilinestrings([g for p in parts for g in shapely.get_parts(p)])
              for parts in (pieces[i] for i in order)]
    return np.array(order, dtype=np.intp), out


def clip_layer(layer: Layer, bounds: tuple[float, float, float, float]
               ) -> tuple[np.ndarray, np.ndarray]:
    """The positions of ``layer``'s features that meet ``bounds``, in order, and their shapes
    cut to it: ``geo.boundaries.clip`` on records, bounds past 180 degrees as there. Only
    the shapes near ``bounds`` are decoded."""
    return _clip(layer.bounds, layer.shapes, bounds)


def clip_shapes(shapes, bounds: tuple[float, float, float, float]
                ) -> tuple[np.ndarray, np.ndarray]:
    """``clip_layer`` for an array of shapely geometries."""
    import numpy as np
    import shapely

    shapes = np.asarray(shapes, dtype=object).reshape(-1)
    return _clip(shapely.bounds(shapes).reshape(-1, 4), lambda i: shapes[i], bounds)


def points_in_bounds(lons, lats, bounds: tuple[float, float, float, float]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positions of the points inside ``bounds``, in order, the index in ``turns(bounds)``
    of the first turn that puts each inside, and its longitude there (185 for -175 in
    (170, -30, 190, -10)): ``geo.boundaries.in_bounds`` on arrays."""
    import numpy as np

    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    x0, y0, x1, y1 = bounds
    lat = (lats >= y0) & (lats <= y1)
    shifts = turns(bounds)
    first = np.full(len(lons), -1)
    for k, t in enumerate(shifts):
        lon = lons + 360.0 * t
        first[(first < 0) & (lon >= x0) & (lon <= x1) & lat] = k
    keep = np.flatnonzero(first >= 0)
    if shifts == [0]:
        return keep, first[keep], lons[keep]
    return keep, first[keep], lons[keep] + 360.0 * np.asarray(shifts, dtype=float)[first[keep]]


@cache
def layer(name: str) -> Layer:
    """The layer ``name`` (``countries``, ``admin1``, ``admin1-lines`` or ``rivers``)."""
    if name not in FILES or name == "cities":
        raise ValueError(f"no shipped layer {name!r}; use one of {sorted(set(FILES) - {'cities'})}")
    store = _store()
    return Layer(name, store.columns(name), store.bounds(name),
                 lambda fids: store.wkb(name, fids))


@lru_cache(maxsize=1)
def city_columns() -> dict[str, list]:
    """The context cities' table: ``geo.boundaries.cities()``'s columns, each a list."""
    return _store().columns("cities")


def city_rows() -> tuple[dict, ...]:
    """The context cities, each a dict of ``geo.boundaries.cities()``'s columns, in order."""
    columns = city_columns()
    return tuple(dict(zip(columns, values)) for values in zip(*columns.values()))


@lru_cache(maxsize=1)
def city_points() -> tuple[np.ndarray, np.ndarray]:
    """The context cities' longitudes and latitudes, as arrays."""
    import numpy as np

    columns = city_columns()
    return np.asarray(columns["lon"], dtype=float), np.asarray(columns["lat"], dtype=float)


@dataclass(frozen=True)
class _Table:
    columns: dict[str, list]
    bounds: object  # numpy array (n, 4)
    wkb: list


def _tables() -> dict[str, _Table]:
    """Every layer's records, from the public readers (pandas, geopandas and pyogrio)."""
    import numpy as np
    import shapely

    from . import admin1, admin1_lines, cities, countries, rivers

    out = {}
    for name, read in (("countries", countries), ("admin1", admin1),
                       ("admin1-lines", admin1_lines), ("rivers", rivers)):
        gdf = read()
        shapes = gdf.geometry.to_numpy()
        out[name] = _Table({c: gdf[c].tolist() for c in gdf.columns if c != gdf.geometry.name},
                           shapely.bounds(shapes).reshape(-1, 4), list(shapely.to_wkb(shapes)))
    df = cities()
    out["cities"] = _Table({c: df[c].tolist() for c in df.columns}, np.empty((0, 4)), [])
    return out


class _Memory:
    """The records in memory, where no cache folder can hold them."""

    def __init__(self, tables: dict[str, _Table]):
        self.tables = tables

    def columns(self, name: str) -> dict[str, list]:
        return self.tables[name].columns

    def bounds(self, name: str):
        return self.tables[name].bounds

    def wkb(self, name: str, fids: list[int]) -> list:
        return [self.tables[name].wkb[i] for i in fids]


class _File:
    """The records in the cache file, read as they are asked for."""

    def __init__(self, path: Path):
        self.path, self._pid, self._db = path, None, None

    def db(self) -> sqlite3.Connection:
        # One connection a process: an SQLite connection is not to be used across fork (the
        # static maps are drawn in a forked copy).
        if self._pid != os.getpid():
            from urllib.parse import quote

            self._db = sqlite3.connect(f"file:{quote(str(self.path))}?mode=ro", uri=True,
                                       check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def columns(self, name: str) -> dict[str, list]:
        rows = self.db().execute("SELECT name, data FROM columns WHERE layer = ? ORDER BY "
                                 "position", (name,))
        return {column: json.loads(data) for column, data in rows}

    def bounds(self, name: str):
        import numpy as np

        (data,) = self.db().execute("SELECT data FROM bounds WHERE layer = ?", (name,)).fetchone()
        return np.frombuffer(data, dtype="<f8").reshape(-1, 4)

    def wkb(self, name: str, fids: list[int]) -> list:
        got: dict[int, bytes] = {}
        for i in range(0, len(fids), 500):
            part = fids[i:i + 500]
            got.update(self.db().execute(
                f"SELECT fid, wkb FROM shapes WHERE layer = ? AND fid IN "
                f"({','.join('?' * len(part))})", (name, *part)))
        return [got.get(i) for i in fids]


def _write(path: str, tables: dict[str, _Table]) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE columns (layer TEXT, position INTEGER, name TEXT, data TEXT, "
                   "PRIMARY KEY (layer, position))")
        db.execute("CREATE TABLE bounds (layer TEXT PRIMARY KEY, data BLOB)")
        db.execute("CREATE TABLE shapes (layer TEXT, fid INTEGER, wkb BLOB, "
                   "PRIMARY KEY (layer, fid))")
        for name, table in tables.items():
            db.executemany("INSERT INTO columns VALUES (?, ?, ?, ?)", [
                (name, k, column, json.dumps(values, ensure_ascii=False))
                for k, (column, values) in enumerate(table.columns.items())])
            db.execute("INSERT INTO bounds VALUES (?, ?)",
                       (name, table.bounds.astype("<f8").tobytes()))
            db.executemany("INSERT INTO shapes VALUES (?, ?, ?)",
                           [(name, i, blob) for i, blob in enumerate(table.wkb)])
        db.commit()
    finally:
        db.close()


def _key() -> str:
    """The SHA-256 of what the records are made from, for the cache file's name."""
    from importlib import metadata

    h = hashlib.sha256(f"boundaries-v{CACHE_VERSION}".encode())
    for dist in _READERS:
        h.update(f"{dist}={metadata.version(dist)}\n".encode())
    for name in FILES.values():
        with boundary_file(name).open("rb") as fh:
            h.update(f"{name}={hashlib.file_digest(fh, 'sha256').hexdigest()}\n".encode())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def cache_path() -> Path:
    """Where the boundaries' records are kept (the file may not exist yet):
    ``<cache dir>/boundaries-<hash of what they are made from>.sqlite``."""
    return cache_dir() / f"boundaries-{_key()}.sqlite"


def _build(path: Path) -> None:
    """Write the records to ``path``: whole or not at all, sealed; other versions' removed."""
    check_folder(path.parent, what="the boundaries' records")
    remove_stale(path)  # what a killed build left (named after its process)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    os.close(fd)
    try:
        _write(tmp, _tables())
        os.replace(tmp, path)
        seal(path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    for stale in path.parent.glob("boundaries-*.sqlite*"):
        if stale.name not in (path.name, f"{path.name}.seal"):
            stale.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _store() -> _File | _Memory:
    """The records: the cache file, built if it is missing or not to be trusted; in this
    user's own temporary folder where the cache folder cannot be written; else in memory."""
    for folder in (lambda: cache_path().parent,
                   lambda: private_dir(what="the boundaries' records")):
        try:
            path = folder() / cache_path().name
            if not (path.exists() and trusted(path)):
                _build(path)
            return _File(path)
        except (OSError, sqlite3.Error, GeoError) as err:
            log.debug("boundaries' records not kept in a file: %s", err)
    return _Memory(_tables())
