"""Looking places up in the gazetteer index: ranked candidates, one answer, suggestions."""

from __future__ import annotations

import difflib
from functools import lru_cache

from ..errors import AmbiguousPlace, PlaceNotFound
from ..geometry import haversine_km
from ..names import normalize_name, skeleton, split_descriptor, typing_slip, vowels_apart
from ..resources import package_yaml
from ..vocab import KIND_WORD_FITS, SETTLEMENTS
from .build import REGION_KM
from .place import Place
from .reader import COLUMNS, connection, place_of
from .user import UserGazetteer, from_environment, load
from .within import inside, inside_at

__all__ = ["MAX_QUERY", "cache_clear", "candidates", "geocode", "suggestions"]

#: Longer queries are no place name (the longest in the data is about 150 characters);
#: they are refused at once instead of being compared with thousands of names.
MAX_QUERY = 200

#: Score penalty per step down the match classes: exact name, alternate name,
#: name without its kind words, consonant skeleton.
_CLASS_PENALTY = 3.0
#: An alternate that only respells the own name of a city of ``_SPELLED_CITY`` people or more
#: ("Derna" for Darnah; not "Kiev", a new name) costs ``_SPELLING_PENALTY``, not a class step:
#: Derna is Libya's city, not a Romanian village (a smaller place's was often a misspelling);
#: one that starts it ("Newcastle" upon Tyne) ``_SHORT_PENALTY`` (0.5 was fewer wrong than 1),
#: as an airfield's short form does ("Heathrow", "Niamey Airport": ``keys.name_rows``).
_SPELLING_PENALTY, _SPELLING_RATIO, _SPELLED_CITY, _SHORT_PENALTY = 1.0, 0.7, 100_000, 0.5
#: ... and one that only changes its vowels, a town's of ``_VOWELS_TOWN`` people or more: a
#: transliteration ("Jenin" for Janīn, not the Polish village Jenin); a letter more or less,
#: or another consonant, is not (Rocky Hill is not Rock Hill, Muscogee not Muskogee: with
#: those at 20,000 people LGL had 8 more wrong answers for 4 right).
_VOWELS_TOWN = 20_000
#: A curated row's other names are reporters' names for it ("Moria", the camp): as much its
#: own as its name, above GeoNames' old name of a city (Jerusalem's "Moria").
_CURATED_ALT_PENALTY = 0.0
#: ``near`` (a story's other places) adds up to _NEAR_BONUS, nothing from _NEAR_KM away: on
#: the development corpora, near the middle of each article's other places, 4 (a factor of
#: 10,000 in people at the point itself) took LGL with the country hint from 67.3% right
#: (2.5% wrong) at 2 to 71.4% (2.6%); 5 and 6 took its wrong answers to 2.9% and 3.0%.
#: A reading within _NEAR_KM of ``near`` scoring within _NEAR_CALL of a best one beyond it is
#: its rival (Paris, Texas in a story of Texan towns: Paris is refused, not France): 2 took
#: TR-News without a hint from 7.0% wrong to 5.6% (right 83.4% to 82.2%), 3 gave little more.
_KIND_BONUS, _NEAR_BONUS, _NEAR_KM, _NEAR_CALL = 3.0, 4.0, 500.0, 2.0
#: Counties of one name are rivals (below), unless one lies within the first distance of
#: ``near`` and the other beyond the second: on the development corpora in context that took
#: LGL with the hint from 72.1% right to 74.6% (2.6% wrong to 2.7%). Lifted for any reading,
#: not only counties, it moved whole articles (Watertown, Minnesota to Wisconsin's).
_COUNTY_NEAR_FAR_KM = (100.0, 200.0)
#: Two candidates further apart than this, scoring within _CLOSE_CALL (a factor of two in
#: people), are ambiguous; in one country, within _CLOSE_CALL_HOME (ten): a country hint
#: cannot tell them apart, and on the development corpora such picks (Paris, Texas for Paris,
#: Tennessee) were wrong more often than right (five: 6.4% of LGL wrong with the hint; ten 3.9%).
_DISTINCT_KM, _CLOSE_CALL, _CLOSE_CALL_HOME = 50.0, 0.3, 1.0
#: Two airfields are two places further apart than this (JFK and LaGuardia: 17 km).
_AIRFIELDS_KM = 5.0
#: A first-level division named without a kind word ("Kherson", not "Kherson region") scores
#: this much below a town of its name inside it (reporters mean the city), or else below a
#: city of ``_SPELLED_CITY`` people of its name scoring at most ``_ELSEWHERE`` less: Gaza and
#: Beni are the cities, not Mozambique's or Bolivia's division; Ontario keeps its rank.
_AREA_PENALTY, _ELSEWHERE = 0.5, 1.0
#: A namesake by another of its names is a city of this many people (Kyiv for "Kiev"), not
#: a village with the division's name among its alternates (Riverside, "Illinois").
_NAMESAKE_POPULATION = 50_000
#: How each match class is called, and how sure it is, before rivals are weighed.
_MATCH, _SURE = ("exact", "alternate", "kind word", "fuzzy"), (1.0, 0.9, 0.8, 0.4)
#: A close spelling is an answer only for a prominent place spelled very nearly so (more
#: alike than this, and a capital, a country, a division, a curated site or a city of this
#: many people); any other is a suggestion, not an answer.
_FUZZY_RATIO, _FUZZY_POPULATION = 0.9, 100_000
#: ... and only when it reads as a typing slip (``geo.names.typing_slip``) in words of this
#: many letters or more: in a shorter word the only spelling that close is one more letter,
#: which makes another word ("Sahel" is no "Saheli", Persian for Hormozgan; "Amazon" no
#: "Amazone"), as a new first letter does ("East Africa" is not West Africa).
_FUZZY_LETTERS = 7
def _score(row: tuple, cls: int, *, kind: str | None,
           near: tuple[float, float] | None, spelling: float | None = None) -> float:
    score = row[11] - (spelling if cls == 1 and spelling is not None else _CLASS_PENALTY * cls)
    if kind and (row[5] == kind or (kind == "base" and row[5] == "airfield")):
        score += _KIND_BONUS
    if near is not None:
        d = haversine_km(near[0], near[1], row[3], row[4])
        score += _NEAR_BONUS * max(0.0, 1.0 - d / _NEAR_KM)
    return score


def _yield_to_namesakes(scored: list[tuple], kind: str | None, key: str) -> list[tuple]:
    """``scored`` ((score, id, row, cls, ratio)) after the rules of namesakes: a division
    named without a kind word scores below its namesake town inside it (Kherson; a city of
    its name and "City" only if it holds a quarter of its people: New York City 28%, not
    Oklahoma City's 22%) or a city of its name elsewhere; a curated region or water below a
    city of its name (Dnipro, not the river), level with one that has it among its other
    names (Slovene "Dunaj" is Vienna, Czech the Danube); a country's own places below it."""
    if kind is not None:
        return scored
    nations = {row[6]: s for s, _, row, cls, _ in scored if row[5] == "country" and cls < 2}
    towns = [(s, row, c) for s, _, row, c, _ in scored if row[5] in SETTLEMENTS and (
        c == 0 or (c == 1 and row[7] >= _NAMESAKE_POPULATION))]
    out = []
    for s, pid, row, cls, ratio in scored:
        if row[9].startswith("curated:") and row[8] >= REGION_KM:
            s = min([s] + [t - _AREA_PENALTY if c == 0 else t
                           for t, town, c in towns if town[7] >= _SPELLED_CITY])
        elif row[5] == "area" and not row[9].startswith("curated:"):
            where = place_of(row, row[1])
            held = [t for t, town, _ in towns if inside_at(town[3], town[4], town[6], where) and not (
                normalize_name(town[1]).startswith(key + " ") and town[11] < row[11] - 0.6)]
            elsewhere = [t for t, town, _ in towns
                         if town[7] >= _SPELLED_CITY and t >= s - _ELSEWHERE]
            if held or elsewhere:
                s = min(s, max(held or elsewhere) - _AREA_PENALTY)
        if row[5] != "country" and row[6] in nations:
            s = min(s, nations[row[6]] - _AREA_PENALTY)
        out.append((s, pid, row, cls, ratio))
    return out


@lru_cache(maxsize=16384)
def _ranked(query: str, country: str | None, near: tuple[float, float] | None,
            fuzzy: bool = True) -> tuple[tuple[float, Place, float], ...]:
    db = connection()
    key = normalize_name(query)
    if not key:
        return ()
    base, kind = split_descriptor(key)
    country = country.upper() if country else None
    found: dict[int, tuple[int, tuple, float]] = {}
    spelled: dict[int, float] = {}  # ids found by their name respelled or shortened: penalty

    def collect(sql: str, arg: str, cls_of, like: str | None = None) -> None:
        for row in db.execute(f"SELECT {COLUMNS}, names.alt, names.key FROM names JOIN places "
                              f"ON places.id = names.place WHERE {sql}", (arg,)):
            if country and row[6] != country:
                continue  # the country hint is a constraint, not a preference
            # A consonant skeleton is loose: keep only names that also read alike.
            ratio = difflib.SequenceMatcher(None, like, row[-1]).ratio() if like else 1.0
            if ratio < 0.75:
                continue
            if like and not typing_slip(like, row[-1], _FUZZY_LETTERS):
                ratio = min(ratio, _FUZZY_RATIO)  # alike, but no sure answer (see _doubt)
            cls = cls_of(row[-2])
            if row[0] not in found or cls < found[row[0]][0]:
                found[row[0]] = (cls, row[:-2], ratio)
                if cls == 1 and row[9].startswith("curated:"):
                    spelled[row[0]] = _CURATED_ALT_PENALTY
                elif cls == 1 and row[-2] == 2:  # a short form: "Heathrow", "Mogadishu Airport"
                    spelled[row[0]] = _SHORT_PENALTY
                elif cls == 1 and row[7] >= _VOWELS_TOWN:
                    own = normalize_name(row[1])
                    if row[7] < _SPELLED_CITY:
                        if vowels_apart(own, row[-1]):
                            spelled[row[0]] = _SPELLING_PENALTY
                    elif own.startswith(row[-1] + " "):
                        spelled[row[0]] = _SHORT_PENALTY
                    elif difflib.SequenceMatcher(None, own, row[-1]).ratio() >= _SPELLING_RATIO:
                        spelled[row[0]] = _SPELLING_PENALTY

    collect("key = ?", key, lambda alt: min(alt, 1))
    if base and base != key:
        mine = bool(found)
        collect("key = ?", base, lambda alt: 2)
        if mine:  # "Mexico City" has readings of its own: not the country Mexico
            fits = KIND_WORD_FITS.get(kind, (kind,))
            found = {k: v for k, v in found.items() if v[0] < 2 or v[1][5] in fits}
    if not found and fuzzy:
        for k in sorted({key, base} - {""}):
            if len(skeleton(k)) >= 2:
                collect("skel = ?", skeleton(k), lambda alt: 3, like=k)
    if not found:
        return ()
    ranked = sorted(_yield_to_namesakes(
        [(_score(row, cls, kind=kind, near=near, spelling=spelled.get(row[0])), row[0],
          row, cls, ratio) for cls, row, ratio in found.values()], kind, key),
        key=lambda t: (-t[0], t[1]))
    out = []
    for i, (s, _, row, cls, ratio) in enumerate(ranked):
        # Sure as its match class, less so when the next one scores nearly as well.
        margin = s - ranked[i + 1][0] if i + 1 < len(ranked) else 3.0
        sure = _SURE[cls] * (ratio if cls == 3 else 1.0) * (0.7 + 0.1 * min(margin, 3.0))
        out.append((round(s, 6), place_of(row, row[1], _MATCH[cls], round(sure, 3)), ratio))
    return tuple(out)


@lru_cache(maxsize=1)
def _division_aliases() -> dict[str, str]:
    """Division abbreviations (``data/division-aliases.yaml``), case-folded, to ISO 3166-2."""
    return {n.casefold(): code for group in package_yaml("data/division-aliases.yaml")
            for code, names in group["aliases"].items() for n in names}


@lru_cache(maxsize=256)
def _division(code: str) -> Place | None:
    row = connection().execute(f"SELECT {COLUMNS} FROM places WHERE source = ?",
                                (f"natural-earth-admin1:{code}",)).fetchone()
    return place_of(row, row[1], "alternate", 0.9) if row else None


def _abbreviated(text: str) -> Place | None:
    """The division a written abbreviation means ("Ga.", "B.C.", "NSW"), if it is one."""
    code = _division_aliases().get(" ".join(text.split()).casefold())
    return _division(code) if code else None


def _lookup(query: str, country: str | None, near: tuple[float, float] | None,
            fuzzy: bool = True) -> tuple[tuple[float, Place, float], ...]:
    """``_ranked`` (without "the" if only a region is found so); for "name, what it is in",
    the places of that name inside it (the qualifier's first reading holding one)."""
    hint = country.upper() if country else None
    if "." in query and (division := _abbreviated(query)) is not None and \
            hint in (None, division.country):
        return ((0.0, division, 1.0),)
    ranked = _ranked(query, country, near, fuzzy)
    if query[:4].casefold() == "the " and not any(p.match != "fuzzy" for _, p, _ in ranked):
        bare = _ranked(query[4:], country, near, fuzzy)  # "the Levant", not "the White House"
        ranked = bare if bare and bare[0][1].uncertainty_km >= REGION_KM else ranked
    name, _, qualifier = query.rpartition(",")
    if not name.strip() or not qualifier.strip() or (ranked and ranked[0][1].match != "fuzzy"):
        return ranked
    readings = [d] if (d := _abbreviated(qualifier)) else [
        p for _, p, _ in _ranked(qualifier.strip(), country, None, False)
        if p.kind in ("country", "area")][:3]
    for where in (w for w in readings if hint in (None, w.country)):
        held = tuple(r for r in _ranked(name.strip(), where.country or country, near, fuzzy)
                     if r[1] != where and inside(r[1], where))
        if held:
            return held
    return ranked


def _doubt(query: str, place: Place, ratio: float) -> str | None:
    """Why a lookup may not answer with its best ``place``, or None when it may.

    * A fuzzy match (its spelling ``ratio`` alike) answers only when spelled very nearly so,
      as a typing slip and prominent (see ``_FUZZY_RATIO``, ``_FUZZY_LETTERS``), with a
      country hint or without: on the development corpora a close spelling held to the gold
      country was another place 28 times in 40 (Lanexa is not Lenexa, Sears not Searcy).
    * A name found without its kind word must be of that kind ("Nasib crossing" is not the
      town of Nasib; "Harbor City" not the village of Harbor).
    * An airfield found by one of OurAirports' keywords must be named alike, unless asked
      for as one ("Idlewild Airport"): keywords hold former names and the county or region
      served ("Jefferson County", "Golan Heights"), on the development corpora another
      place 20 times in 23.
    """
    key = normalize_name(query)
    if place.match == "fuzzy":
        prominent = place.capital or place.kind in ("country", "area", "continent") or \
            place.dataset == "curated" or place.population >= _FUZZY_POPULATION
        return None if prominent and ratio > _FUZZY_RATIO else " (only names spelled differently)"
    kind = split_descriptor(key)[1]
    if place.match == "kind word" and kind and place.kind not in KIND_WORD_FITS.get(kind, (kind,)):
        return (f" (no {kind} of that name, only the {place.kind} {place.name} "
                f"({place.country}): write {place.name!r} to map the {place.kind}, or give the "
                f"{kind}'s lonlat)")
    name = normalize_name(place.name)
    if (place.match == "alternate" and place.dataset == "ourairports" and kind != "airfield"
            and not (set(key.split()) <= set(name.split())
                     or difflib.SequenceMatcher(None, key, name).ratio() >= 0.6)):
        return (f" (only as another name of the airfield {place.name} ({place.country}): "
                f"write its name if it is meant)")
    return None


def _user(gazetteer) -> UserGazetteer | None:
    """The user gazetteer given (a path or a loaded one), else the one GEO_GAZETTEER names."""
    if gazetteer is None:
        return from_environment()
    return gazetteer if isinstance(gazetteer, UserGazetteer) else load(gazetteer)


def candidates(query: str, *, country: str | None = None,
               near: tuple[float, float] | None = None, limit: int = 10,
               fuzzy: bool = True, gazetteer=None) -> list[Place]:
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
    gazetteer : path or UserGazetteer, optional
        A newsroom's own gazetteer (``geo.gazetteer.user``), whose places come first;
        default: the one ``GEO_GAZETTEER`` names, if any.

    Returns
    -------
    list of Place
        Empty when nothing matches.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        return []
    near = (round(near[0], 4), round(near[1], 4)) if near is not None else None
    own = _user(gazetteer)
    first = own.matches(query, country) if own else []
    return (first + [p for _, p, _ in _lookup(query, country, near, fuzzy)])[:limit]


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
    db = connection()
    key = normalize_name(query)
    base = (split_descriptor(key)[0] or key)[:60]  # no place name is longer; keeps difflib quick
    if not base:
        return ()
    pool: dict[str, float] = {}
    for column, value in (("key", base[:3]), ("skel", skeleton(base)[:2])):
        if not value:
            continue
        # CROSS JOIN keeps the names' range outermost: with a country, SQLite would otherwise
        # walk that country's places and scan the range for each (minutes for the US).
        sql = (f"SELECT names.key, places.name, places.rank, places.country FROM names CROSS "
               f"JOIN places ON places.id = names.place WHERE names.{column} >= ? AND names.{column} < ? "
               + ("AND places.country = ? " if country else "") +
               "ORDER BY places.rank DESC LIMIT 4000")
        args = (value, value + "\uffff", country) if country else (value, value + "\uffff")
        for k, name, rank, cc in db.execute(sql, args):
            matcher = difflib.SequenceMatcher(None, base, k)
            if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                continue  # cheap upper bounds first: most names are far off
            # A name with a kind word is the name meant ("Zamzam": Zamzam camp).
            ratio = 1.0 if split_descriptor(k)[0] == base else matcher.ratio()
            if ratio < 0.6:
                continue
            score = ratio * 10 + rank * 0.2
            label = f"{name} ({cc})" if cc else name
            pool[label] = max(pool.get(label, 0.0), score)
    return tuple(sorted(pool, key=lambda n: (-pool[n], n))[:limit])


def geocode(query: str, *, country: str | None = None,
            near: tuple[float, float] | None = None, gazetteer=None) -> Place:
    """Find one place by name, offline.

    Parameters
    ----------
    query : str
        A place name: English transliterations (Al-Qa'im, Al Qaim, Qaim) or
        Arabic script (القائم); kind words ("Anbar province") help ranking.
    country : str, optional
        ISO 3166-1 alpha-2 code: only places in that country are returned.
    near : (lon, lat), optional
        A point the place is likely near: readings within 500 km of it rank higher, and one
        there is a rival to a more prominent one far away (``near_points`` gives a story's).
    gazetteer : path or UserGazetteer, optional
        A newsroom's own gazetteer (CSV, GeoJSON or YAML; see ``geo.gazetteer.user``):
        a place it names is the answer, above every other source. Default: the one
        ``GEO_GAZETTEER`` names, if any.

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
    own = _user(gazetteer)
    if own and (mine := own.matches(query, country)):
        apart = [p for p in mine[1:]
                 if haversine_km(mine[0].lon, mine[0].lat, p.lon, p.lat) > _DISTINCT_KM]
        if apart:
            raise AmbiguousPlace(query, (mine[0], *apart))
        return mine[0]
    ranked = _lookup(query, country, near)
    if not ranked:
        raise PlaceNotFound(query, country=country,
                            suggest=lambda: suggestions(query, country=country))
    _, best, ratio = ranked[0]
    if (why := _doubt(query, best, ratio)) is not None:
        # A guess the library cannot stand behind is a suggestion.
        guesses = tuple(dict.fromkeys(f"{p.name} ({p.country})" if p.country else p.name
                                      for _, p, _ in ranked[:5]))
        raise PlaceNotFound(query, guesses, country=country, why=why)
    rivals = _rivals(ranked, near)
    if rivals:
        raise AmbiguousPlace(query, (best, *rivals))
    return best


def _rivals(ranked: tuple, near: tuple[float, float] | None) -> list[Place]:
    """The readings after the first of ``ranked`` that it cannot be told apart from.

    The division around a town of its name is no rival to it (Kherson in Kherson Oblast),
    nor a country's own places of its name to the country (Djibouti); a county of the same
    name always is (Dallas County, Texas and Iowa: the larger one was the one meant 11 times
    in 21 on the development corpora) unless ``near`` is by one and far from the other, as
    another country is ("Congo", "Korea"). A reading by ``near`` rivals a far, more
    prominent one (Paris, Texas in a Texan story).
    """
    best_score, best, _ = ranked[0]
    return [p for s, p, _ in ranked[1:6]
            if (best_score - s < (_CLOSE_CALL_HOME if p.country == best.country else _CLOSE_CALL)
                or near is not None and best_score - s < _NEAR_CALL
                and _near_and_far(p, best, near, _NEAR_KM, _NEAR_KM)
                or best.dataset == p.dataset == "us-census-county" and p.name == best.name
                or best.kind == p.kind == "country")
            and haversine_km(best.lon, best.lat, p.lon, p.lat) > (
                _AIRFIELDS_KM if best.kind == p.kind == "airfield" else _DISTINCT_KM)
            and not (p.kind == "area" and best.kind in SETTLEMENTS and inside(best, p))
            and not (best.kind == "country" and p.country == best.country)
            and not (p.dataset == "us-census-county" and near is not None
                     and _near_and_far(best, p, near, *_COUNTY_NEAR_FAR_KM))]


def _near_and_far(a: Place, b: Place, near: tuple[float, float], a_km: float,
                  b_km: float) -> bool:
    """Whether ``a`` lies within ``a_km`` of ``near`` and ``b`` at least ``b_km`` from it."""
    return haversine_km(near[0], near[1], a.lon, a.lat) < a_km and \
        haversine_km(near[0], near[1], b.lon, b.lat) >= b_km


def cache_clear() -> None:
    """Forget every memoised lookup (a benchmark timing first lookups calls this)."""
    _ranked.cache_clear()
    _suggestions.cache_clear()
