"""A newsroom's own gazetteer: verified places in a CSV, GeoJSON or YAML file, ranked above
every other source.

Each place has a ``name``, ``lon`` and ``lat`` (WGS84), a ``kind`` (``geo.vocab``'s
gazetteer kinds), an ``uncertainty_km`` and a ``source``; optionally ``alt`` (other names:
a list, or ``|``-separated in a CSV), ``country`` (ISO alpha-2), ``note`` and ``id``.

* CSV: a header row with those column names, one place a row.
* GeoJSON: a FeatureCollection of Point features, the fields as properties.
* YAML: a list of mappings (or ``places:`` holding one), with ``lon`` and ``lat`` or
  ``lonlat: [lon, lat]``.

A story names one with ``gazetteer: FILE`` (relative to the story), ``make-map`` with
``--gazetteer FILE``, and the environment with ``GEO_GAZETTEER``. Problems are reported as
a story's are: the file, the line (CSV, YAML) or the feature, the field, and the fix.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import StoryError
from ..files import TooLarge, read_limited
from ..names import normalize_name, split_descriptor
from ..vocab import GAZETTEER_KINDS
from .place import Place

__all__ = ["MAX_BYTES", "UserGazetteer", "from_environment", "load"]

#: A gazetteer file larger than this is refused before it is read.
MAX_BYTES = 16 * 1024 * 1024
_REQUIRED = ("name", "lon", "lat", "kind", "uncertainty_km", "source")
_KNOWN = frozenset(_REQUIRED + ("id", "alt", "country", "note", "lonlat"))


@dataclass(frozen=True)
class UserGazetteer:
    """A loaded user gazetteer: its places, and their names normalised for lookup."""

    path: Path
    places: tuple[Place, ...]
    keys: dict[str, tuple[int, ...]] = field(repr=False, compare=False, default_factory=dict)

    def matches(self, query: str, country: str | None = None) -> list[Place]:
        """The places named ``query`` (their name, another of their names, or the name
        without kind words such as "camp"), in the file's order; only ``country``'s if
        given."""
        key = normalize_name(query)
        base, _ = split_descriptor(key)
        hits: list[Place] = []
        for k, how in ((key, "exact"), (base, "kind word")):
            for i in self.keys.get(k, ()) if k else ():
                p = self.places[i]
                if country and p.country != country.upper():
                    continue
                match = how if how == "kind word" else \
                    "exact" if normalize_name(p.name) == key else "alternate"
                hits.append(Place(**{**_fields(p), "matched": p.name, "match": match,
                                     "confidence": 1.0 if match == "exact" else 0.9}))
            if hits:
                return hits
        return hits


def _fields(p: Place) -> dict:
    return {f: getattr(p, f) for f in ("name", "lon", "lat", "kind", "country",
                                        "uncertainty_km", "source", "note", "sources")}


def load(path: str | os.PathLike) -> UserGazetteer:
    """Read and check a user gazetteer file (CSV, GeoJSON or YAML, by its suffix).

    Raises
    ------
    StoryError
        The file cannot be read or a place is invalid: every problem, one line each.
    """
    p = Path(path)
    try:
        st = p.stat()
    except OSError as err:
        raise StoryError(f"cannot read the gazetteer ({err.strerror}); check the path",
                         file=str(path)) from None
    return _load(str(p.resolve()), st.st_mtime_ns, st.st_size, str(path))


def from_environment() -> UserGazetteer | None:
    """The gazetteer ``GEO_GAZETTEER`` names, if it names one."""
    path = os.environ.get("GEO_GAZETTEER")
    return load(path) if path else None


@lru_cache(maxsize=8)
def _load(resolved: str, mtime_ns: int, size: int, shown: str) -> UserGazetteer:
    # (mtime and size key the cache: an edited file is read again)
    path = Path(resolved)
    try:
        raw = read_limited(path, MAX_BYTES)
    except TooLarge as err:
        raise StoryError(f"the gazetteer {err}; split it", file=shown) from None
    except ValueError as err:
        raise StoryError(f"the gazetteer {err}, not a file; give a CSV, GeoJSON or YAML "
                         f"file", file=shown) from None
    except OSError as err:
        raise StoryError(f"cannot read the gazetteer ({err.strerror}); check the path",
                         file=shown) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise StoryError(f"not UTF-8 text (byte {err.start}); save it as UTF-8",
                         file=shown) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv(text)
    elif suffix in (".geojson", ".json"):
        records = _geojson(text, shown)
    elif suffix in (".yaml", ".yml"):
        records = _yaml(text, shown)
    else:
        raise StoryError(f"unknown gazetteer format {suffix or '(none)'!r}; use .csv, "
                         f".geojson or .yaml", file=shown)
    places, problems = [], []
    for where, record in records:
        place = _place(record, where, shown, path.name, len(places) + 1, problems)
        if place is not None:
            places.append(place)
    if problems:
        raise StoryError.collect(problems)
    keys: dict[str, list[int]] = {}
    for i, p in enumerate(places):
        for name in (p.place.name, *p.alt):
            k = normalize_name(name)
            if k and i not in keys.setdefault(k, []):
                keys[k].append(i)
    return UserGazetteer(path, tuple(p.place for p in places),
                         {k: tuple(v) for k, v in keys.items()})


@dataclass(frozen=True)
class _Row:
    place: Place
    alt: tuple[str, ...]


def _csv(text: str) -> list[tuple[dict, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    out = []
    for row in reader:
        # Each record's first line: DictReader counts lines read, a quoted cell may span many.
        record = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if "alt" in record:
            record["alt"] = [a.strip() for a in record["alt"].split("|") if a.strip()]
        out.append(({"line": reader.line_num}, {k: v for k, v in record.items() if v != ""}))
    return out


def _geojson(text: str, shown: str) -> list[tuple[dict, dict]]:
    try:
        data = json.loads(text)
    except ValueError as err:
        raise StoryError(f"not JSON ({err}); check the file", file=shown) from None
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list):
        raise StoryError("a GeoJSON gazetteer is a FeatureCollection with a features list",
                         file=shown)
    out = []
    for i, f in enumerate(feats):
        props = dict((f or {}).get("properties") or {}) if isinstance(f, dict) else {}
        geom = f.get("geometry") if isinstance(f, dict) else None
        if isinstance(geom, dict) and geom.get("type") == "Point":
            coords = geom.get("coordinates")
            if isinstance(coords, list) and len(coords) >= 2:
                props.setdefault("lon", coords[0])
                props.setdefault("lat", coords[1])
        out.append(({"field": f"features[{i}]"}, props))
    return out


def _yaml(text: str, shown: str) -> list[tuple[dict, dict]]:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise StoryError(f"not valid YAML ({getattr(err, 'problem', err)})", file=shown,
                         line=mark.line + 1 if mark else None) from None
    if isinstance(data, dict) and "places" in data:
        data = data["places"]
        node = next(v for k, v in node.value if k.value == "places")
    if not isinstance(data, list):
        raise StoryError("a YAML gazetteer is a list of places (or places: holding one)",
                         file=shown)
    return [({"line": item.start_mark.line + 1}, rec if isinstance(rec, dict) else {})
            for item, rec in zip(node.value, data)]


def _number(record: dict, key: str, lo: float, hi: float) -> float | str:
    value = record.get(key)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return f"{value!r} is not a number"
    if not math.isfinite(x) or not lo <= x <= hi:
        return f"{value!r} is not between {lo:g} and {hi:g}"
    return x


def _place(record: dict, where: dict, shown: str, filename: str, n: int,
           problems: list[StoryError]) -> _Row | None:
    def problem(key: str, message: str) -> None:
        fld = f"{where['field']}.{key}" if "field" in where else key
        problems.append(StoryError(message, file=shown, line=where.get("line"), field=fld))

    if isinstance(record.get("lonlat"), list) and len(record["lonlat"]) == 2:
        record = {**record, "lon": record["lonlat"][0], "lat": record["lonlat"][1]}
    before = len(problems)
    for key in sorted(set(record) - _KNOWN):
        problem(key, f"unknown field; the fields are {', '.join(sorted(_KNOWN - {'lonlat'}))}")
    missing = [key for key in _REQUIRED if record.get(key) in (None, "")]
    if missing:
        problem(missing[0], f"missing {', '.join(missing)}; every place needs "
                            f"{', '.join(_REQUIRED)}")
    if len(problems) > before:
        return None
    lon, lat = _number(record, "lon", -180, 180), _number(record, "lat", -90, 90)
    radius = _number(record, "uncertainty_km", 0, 20_000)
    for key, value in (("lon", lon), ("lat", lat), ("uncertainty_km", radius)):
        if isinstance(value, str):
            problem(key, value)
    kind = str(record["kind"])
    if kind not in GAZETTEER_KINDS:
        problem("kind", f"{kind!r} is not a kind; use one of {', '.join(GAZETTEER_KINDS)}")
    country = str(record.get("country") or "").upper()
    if country and not (len(country) == 2 and country.isalpha()):
        problem("country", f"{record['country']!r} is not an ISO 3166-1 alpha-2 code (SD, UA)")
    alt = record.get("alt") or []
    if isinstance(alt, str):
        alt = [alt]
    if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
        problem("alt", "give other names as a list of texts")
    if len(problems) > before:
        return None
    ident = str(record.get("id") or where.get("line") or n)
    place = Place(name=str(record["name"]), lon=float(lon), lat=float(lat), kind=kind,
                  country=country, uncertainty_km=float(radius),
                  source=f"user:{filename}:{ident}", note=str(record.get("note") or ""),
                  sources=(str(record["source"]),))
    return _Row(place, tuple(alt))
