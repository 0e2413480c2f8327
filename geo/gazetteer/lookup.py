"""Looking places up in the gazetteer index: ranked candidates, one answer, suggestions."""

from __future__ import annotations

import difflib
import json
import sqlite3
from functools import lru_cache

from ..errors import AmbiguousPlace, PlaceNotFound
from ..geometry import haversine_km
from ..names import normalize_name, skeleton, split_descriptor
from ..vocab import SETTLEMENTS
from .build import build_index, index_path
from .cache import private_dir
from .place import Place

__all__ = ["MAX_QUERY", "cache_clear", "candidates", "geocode", "places", "suggestions"]

#: Longer queries are no place name (the longest in the data is about 150 characters);
#: they are refused at once instead of being compared with thousands of names.
MAX_QUERY = 200

#: Score penalty per step down the match classes: exact name, alternate name,
#: name without its kind words, consonant skeleton.
_CLASS_PENALTY = 3.0
_KIND_BONUS = 3.0
_NEAR_BONUS = 2.0
_NEAR_KM = 500.0
#: Two candidates further apart than this, scoring within _CLOSE_CALL, are ambiguous.
_DISTINCT_KM = 50.0
_CLOSE_CALL = 0.3
#: A first-level division named without a kind word ("Kherson", not "Kherson region")
#: yields to a populated place of the same name inside it, its namesake: reporters mean the
#: city. A division with no namesake in it (Florida, Iowa) keeps its rank.
_AREA_PENALTY = 2.5
#: How each match class is called, and how sure it is, before rivals are weighed.
_MATCH = ("exact", "alternate", "kind word", "fuzzy")
_SURE = (1.0, 0.9, 0.8, 0.4)
#: A close spelling is an answer only for a prominent place spelled very nearly so (a
#: capital, a country, a division, a curated site or a city of this many people); any other
#: is a suggestion, not an answer.
_FUZZY_RATIO = 0.9
_FUZZY_POPULATION = 100_000


@lru_cache(maxsize=1)
def _connection() -> sqlite3.Connection:
    from urllib.parse import quote

    path = index_path()
    try:
        path = build_index(path)
    except OSError:
        # A read-only cache folder: this user's own folder in the temporary folder.
        path = build_index(private_dir() / path.name)
    # A URI, its path escaped: a folder named with "#", "?" or "%" is a folder like any other.
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)



_COLUMNS = ("places.id, name, name_ar, lon, lat, kind, country, population, uncertainty_km, "
            "source, capital, rank, note, sources")


def _place(row: tuple, matched: str, match: str = "", confidence: float = 1.0) -> Place:
    return Place(name=row[1], name_ar=row[2], lon=row[3], lat=row[4], kind=row[5],
                 country=row[6], population=row[7], uncertainty_km=row[8], source=row[9],
                 capital=bool(row[10]), note=row[12] or "",
                 sources=tuple(json.loads(row[13])) if row[13] else (),
                 matched=matched, match=match, confidence=confidence)


def _score(row: tuple, cls: int, *, kind: str | None, near: tuple[float, float] | None,
           namesakes: list[tuple]) -> float:
    score = row[11] - _CLASS_PENALTY * cls
    if kind is None and row[5] == "area" and any(
            haversine_km(row[3], row[4], s[3], s[4]) <= max(2 * row[8], 50.0)
            for s in namesakes):
        score -= _AREA_PENALTY
    if kind and (row[5] == kind or (kind == "base" and row[5] == "airfield")):
        score += _KIND_BONUS
    if near is not None:
        d = haversine_km(near[0], near[1], row[3], row[4])
        score += _NEAR_BONUS * max(0.0, 1.0 - d / _NEAR_KM)
    return score


@lru_cache(maxsize=16384)
def _ranked(query: str, country: str | None, near: tuple[float, float] | None,
            fuzzy: bool = True) -> tuple[tuple[float, Place, float], ...]:
    db = _connection()
    key = normalize_name(query)
    if not key:
        return ()
    base, kind = split_descriptor(key)
    country = country.upper() if country else None
    found: dict[int, tuple[int, tuple, float]] = {}

    def collect(sql: str, arg: str, cls_of, like: str | None = None) -> None:
        for row in db.execute(f"SELECT {_COLUMNS}, names.alt, names.key FROM names JOIN places "
                              f"ON places.id = names.place WHERE {sql}", (arg,)):
            if country and row[6] != country:
                continue  # the country hint is a constraint, not a preference
            # A consonant skeleton is loose: keep only names that also read alike.
            ratio = difflib.SequenceMatcher(None, like, row[-1]).ratio() if like else 1.0
            if ratio < 0.75:
                continue
            cls = cls_of(row[-2])
            if row[0] not in found or cls < found[row[0]][0]:
                found[row[0]] = (cls, row[:-2], ratio)

    collect("key = ?", key, lambda alt: alt)
    if base and base != key:
        collect("key = ?", base, lambda alt: 2)
    if not found and fuzzy:
        for k in sorted({key, base} - {""}):
            if len(skeleton(k)) >= 2:
                collect("skel = ?", skeleton(k), lambda alt: 3, like=k)
    if not found:
        return ()
    namesakes = [row for cls, row, _ in found.values() if row[5] in SETTLEMENTS and cls < 3]
    ranked = sorted(
        ((_score(row, cls, kind=kind, near=near, namesakes=namesakes), row[0], row, cls, ratio)
         for cls, row, ratio in found.values()),
        key=lambda t: (-t[0], t[1]),
    )
    out = []
    for i, (s, _, row, cls, ratio) in enumerate(ranked):
        # Sure as its match class, less so when the next one scores nearly as well.
        margin = s - ranked[i + 1][0] if i + 1 < len(ranked) else 3.0
        sure = _SURE[cls] * (ratio if cls == 3 else 1.0) * (0.7 + 0.1 * min(margin, 3.0))
        out.append((round(s, 6), _place(row, row[1], _MATCH[cls], round(sure, 3)), ratio))
    return tuple(out)


def _answers(place: Place, ratio: float, country: str | None) -> bool:
    """Whether a lookup may answer with ``place``: any exact, alternate or kind-word match;
    a fuzzy one (its spelling ``ratio`` alike) only when the lookup was held to a country
    (a transliteration variant there: Boukamal in Syria is Albu Kamal), or when spelled
    very nearly so and prominent (see ``_FUZZY_RATIO``). An answer by fuzzy match says so
    (``match``), and a story that uses one warns."""
    if place.match != "fuzzy" or country:
        return True
    prominent = place.capital or place.kind in ("country", "area", "continent") or \
        place.dataset == "curated" or place.population >= _FUZZY_POPULATION
    return prominent and ratio >= _FUZZY_RATIO


def candidates(query: str, *, country: str | None = None,
               near: tuple[float, float] | None = None, limit: int = 10,
               fuzzy: bool = True) -> list[Place]:
    """All gazetteer entries matching ``query``, best first.

    Parameters
    ----------
    query : str
        A place name in any script; kind words ("border crossing", "province")
        are understood.
    country : str, optional
        ISO 3166-1 alpha-2 code: only entries in that country.
    near : (lon, lat), optional
        Entries within 500 km of this point rank higher (the story's other places).
    limit : int
        At most this many entries.
    fuzzy : bool
        Also match by consonant skeleton (transliteration variants; their ``match`` is
        "fuzzy"). False keeps exact names only, as a text scanner wants.

    Returns
    -------
    list of Place
        Empty when nothing matches.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        return []
    near = (round(near[0], 4), round(near[1], 4)) if near is not None else None
    return [p for _, p, _ in _ranked(query, country, near, fuzzy)[:limit]]


def suggestions(query: str, *, country: str | None = None, limit: int = 5) -> tuple[str, ...]:
    """The gazetteer's names closest in spelling to ``query``, best first: for "did you
    mean" (each as ``"Name (CC)"``).

    Parameters
    ----------
    query : str
        A place name that was not found.
    country : str, optional
        ISO alpha-2 code: names in that country rank higher.
    limit : int
        At most this many.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        return ()
    return _suggestions(query, country.upper() if country else None, limit)


@lru_cache(maxsize=4096)
def _suggestions(query: str, country: str | None, limit: int) -> tuple[str, ...]:
    db = _connection()
    key = normalize_name(query)
    base = (split_descriptor(key)[0] or key)[:60]  # no place name is longer; keeps difflib quick
    if not base:
        return ()
    pool: dict[str, float] = {}
    for column, value in (("key", base[:3]), ("skel", skeleton(base)[:2])):
        if not value:
            continue
        sql = (f"SELECT names.key, places.name, places.rank, places.country FROM names JOIN places "
               f"ON places.id = names.place WHERE names.{column} >= ? AND names.{column} < ? "
               + ("AND places.country = ? " if country else "") +
               "ORDER BY places.rank DESC LIMIT 4000")
        args = (value, value + "\uffff", country) if country else (value, value + "\uffff")
        for k, name, rank, cc in db.execute(sql, args):
            matcher = difflib.SequenceMatcher(None, base, k)
            if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                continue  # cheap upper bounds first: most names are far off
            ratio = matcher.ratio()
            if ratio < 0.6:
                continue
            score = ratio * 10 + rank * 0.2
            label = f"{name} ({cc})" if cc else name
            pool[label] = max(pool.get(label, 0.0), score)
    return tuple(sorted(pool, key=lambda n: (-pool[n], n))[:limit])


def geocode(query: str, *, country: str | None = None,
            near: tuple[float, float] | None = None) -> Place:
    """Find one place by name, offline.

    Parameters
    ----------
    query : str
        A place name: English transliterations (Al-Qa'im, Al Qaim, Qaim) or
        Arabic script (القائم); kind words ("Anbar province") help ranking.
    country : str, optional
        ISO 3166-1 alpha-2 code: only places in that country are returned.
    near : (lon, lat), optional
        A point the place is likely near (e.g. the story's other places).

    Returns
    -------
    Place
        The best match, with its ``source`` and ``uncertainty_km``, how it matched
        (``match``) and how sure the match is (``confidence``).

    Raises
    ------
    PlaceNotFound
        Nothing matches (in ``country``, if given), or only names spelled differently
        that are no sure answer; ``suggestions`` lists the closest names.
    AmbiguousPlace
        Two or more distant places match about equally well; ``candidates``
        lists them.

    Examples
    --------
    >>> p = geocode("Ar Rutbah", country="IQ")
    >>> p.country, round(p.lat, 1), round(p.lon, 1)
    ('IQ', 33.0, 40.3)
    >>> geocode("القائم").source
    'geonames:92138'
    """
    if not isinstance(query, str):
        raise PlaceNotFound(repr(query))
    if len(query) > MAX_QUERY:
        raise PlaceNotFound(query[:40] + "...")
    near = (round(near[0], 4), round(near[1], 4)) if near is not None else None
    ranked = _ranked(query, country, near)
    if not ranked:
        raise PlaceNotFound(query, country=country,
                            suggest=lambda: suggestions(query, country=country))
    best_score, best, ratio = ranked[0]
    if not _answers(best, ratio, country):
        # Only close spellings: a guess the library cannot stand behind is a suggestion.
        guesses = tuple(dict.fromkeys(f"{p.name} ({p.country})" if p.country else p.name
                                      for _, p, _ in ranked[:5]))
        raise PlaceNotFound(query, guesses, country=country,
                            why=" (only names spelled differently)")
    rivals = [p for s, p, _ in ranked[1:6] if best_score - s < _CLOSE_CALL
              and haversine_km(best.lon, best.lat, p.lon, p.lat) > _DISTINCT_KM]
    if rivals:
        raise AmbiguousPlace(query, (best, *rivals))
    return best



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
        natural-earth-admin0, natural-earth-admin1, curated.
    bounds : (min lon, min lat, max lon, max lat), optional
        Only entries inside this box.
    order : {"index", "prominence"}
        In the index's order (the sources' own), or the most populous first.
    limit : int, optional
        At most this many.
    """
    where, args = [], []
    if kind is not None:
        where.append("kind = ?")
        args.append(kind)
    if country is not None:
        where.append("country = ?")
        args.append(country.upper())
    if datasets:
        where.append("(" + " OR ".join("source LIKE ?" for _ in datasets) + ")")
        args += [f"{d}:%" for d in datasets]
    if bounds is not None:
        where.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        args += [bounds[0], bounds[2], bounds[1], bounds[3]]
    if order not in ("index", "prominence"):
        raise ValueError(f"order {order!r}: use 'index' or 'prominence'")
    sql = (f"SELECT {_COLUMNS} FROM places" + (" WHERE " + " AND ".join(where) if where else "")
           + (" ORDER BY places.id" if order == "index"
              else " ORDER BY population DESC, rank DESC, places.id"))
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_place(row, row[1]) for row in _connection().execute(sql, args)]


def cache_clear() -> None:
    """Forget every memoised lookup (a benchmark timing first lookups calls this)."""
    _ranked.cache_clear()
    _suggestions.cache_clear()
