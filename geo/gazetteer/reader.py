"""The gazetteer index opened for reading: one connection a process, its rows as places,
and the listing of its entries (``places``)."""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

from ..cache import private_dir
from .build import build_index, index_path
from .place import Place

__all__ = ["COLUMNS", "connection", "place_of", "places"]

#: The index (about 130 MB) is read through a memory map this large: first lookups take half
#: the time they take through SQLite's page cache, and processes share the pages.
_MMAP_BYTES = 256 * 1024 * 1024


@lru_cache(maxsize=1)
def connection() -> sqlite3.Connection:
    """The index, read-only, built first if it is not there (``build.build_index``)."""
    from urllib.parse import quote

    path = index_path()
    try:
        path = build_index(path)
    except OSError:
        # A read-only cache folder: this user's own folder in the temporary folder.
        path = build_index(private_dir() / path.name)
    # A URI, its path escaped: a folder named with "#", "?" or "%" is a folder like any other.
    db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)
    db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    return db


#: The columns of the places table that ``place_of`` reads, in its order.
COLUMNS = ("places.id, name, name_ar, lon, lat, kind, country, population, uncertainty_km, "
           "source, capital, rank, note, sources")


def place_of(row: tuple, matched: str, match: str = "", confidence: float = 1.0) -> Place:
    """The place of a row of ``COLUMNS``, found by the name ``matched``, how (``match``) and
    how surely."""
    return Place(name=row[1], name_ar=row[2], lon=row[3], lat=row[4], kind=row[5],
                 country=row[6], population=row[7], uncertainty_km=row[8], source=row[9],
                 capital=bool(row[10]), note=row[12] or "", matched=matched, match=match,
                 sources=tuple(json.loads(row[13])) if row[13] else (), confidence=confidence)


def places(*, kind: str | None = None, country: str | None = None,
           datasets: tuple[str, ...] | None = None,
           bounds: tuple[float, float, float, float] | None = None,
           order: str = "index", limit: int | None = None) -> list[Place]:
    """The gazetteer's entries that meet every condition given.

    Parameters
    ----------
    kind : str, optional
        One of ``geo.vocab.GAZETTEER_KINDS``.
    country : str, optional
        ISO alpha-2 code.
    datasets : tuple of str, optional
        Only entries from these datasets (``Place.dataset``): geonames, ourairports,
        natural-earth-admin0, natural-earth-admin1, us-census-county, curated.
    bounds : (min lon, min lat, max lon, max lat), optional
        Only entries inside this box.
    order : {"index", "prominence"}
        In the index's order (the sources' own), or the most populous first.
    limit : int, optional
        At most this many.
    """
    where, args = [], []
    for column, value in (("kind", kind), ("country", country and country.upper())):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if datasets:
        where.append("(" + " OR ".join("source LIKE ?" for _ in datasets) + ")")
        args += [f"{d}:%" for d in datasets]
    if bounds is not None:
        where.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        args += [bounds[0], bounds[2], bounds[1], bounds[3]]
    if order not in ("index", "prominence"):
        raise ValueError(f"order {order!r}: use 'index' or 'prominence'")
    sql = (f"SELECT {COLUMNS} FROM places" + (" WHERE " + " AND ".join(where) if where else "")
           + (" ORDER BY places.id" if order == "index"
              else " ORDER BY population DESC, rank DESC, places.id"))
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [place_of(row, row[1]) for row in connection().execute(sql, args)]
