"""Story files: parse YAML or JSON, validate with positions, resolve places, build lines.

The format is documented in ``docs/story-format.md`` and ``geo/story.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GeoError, StoryError
from .resources import package_file
from .vocab import PLACE_KINDS, UNCERTAIN_KM

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["Story", "load_story", "parse_story"]

log = logging.getLogger(__name__)

#: Story files larger than this are refused: a story is a few kB of text.
MAX_BYTES = 16_000_000

@dataclass(frozen=True)
class Story:
    """A loaded story: its metadata and its features as GeoDataFrames (EPSG:4326).

    Attributes
    ----------
    title, subtitle, date, credit : str or None
        From the story file.
    sources : dict
        Source id to ``{"id", "name", "url", "published"}``.
    places : geopandas.GeoDataFrame
        One Point per place, with ``id``, ``name``, ``name_ar``, ``kind``, ``lon``,
        ``lat``, ``uncertainty_km``, ``approximate`` (the position is uncertain and
        drawn as a circle of ``uncertainty_km``; a town found in the gazetteer is not:
        its radius is its size), ``country``, ``note``, ``source`` (story source id)
        and ``geocoder`` (the gazetteer entry, e.g. ``geonames:92138``, or
        ``story:lonlat`` for a position given in the file).
    movements : geopandas.GeoDataFrame
        One geodesic LineString per movement, with ``id``, ``from``, ``to``, ``via``,
        ``date``, ``start``, ``end``, ``actor``, ``count_min``, ``count_max``,
        ``status``, ``label``, ``source``, ``quote`` and ``length_km``.
    areas : geopandas.GeoDataFrame
        Highlighted regions, with ``label``, ``code`` and ``dataset``.
    steps : tuple of dict
        The story's own ``steps`` (label, date, movements, caption), if it names them;
        ``geo.layers.steps`` gives the timeline either way.
    path : pathlib.Path or None
        The file the story was read from.
    warnings : tuple of str
        Problems that did not stop the story from loading.
    """

    title: str
    places: gpd.GeoDataFrame
    movements: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    subtitle: str | None = None
    date: str | None = None
    credit: str | None = None
    sources: dict[str, dict] = field(default_factory=dict)
    steps: tuple[dict, ...] = ()
    path: Path | None = None
    warnings: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        """The base name of output files: the story file's stem, or ``story``."""
        return self.path.stem if self.path else "story"

    def _repr_html_(self) -> str:
        """The story's Leaflet map, inline in Jupyter."""
        from .web import leaflet_map

        return leaflet_map(self)._repr_html_()


# ---------------------------------------------------------------------------- parsing

@lru_cache(maxsize=1)
def schema() -> dict:
    """The story JSON Schema (``geo/story.schema.json``)."""
    return json.loads(package_file("story.schema.json").read_text("utf-8"))


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


#: Aliases may add at most this many YAML values to a story: a "billion laughs" file
#: of a few lines is refused instead of filling the memory.
MAX_VALUES = 100_000


@lru_cache(maxsize=1)
def _validator():
    """A validator of the story schema with its ``$defs`` references written out in place:
    resolving a reference per value took a third of the time on a large story."""
    import jsonschema

    full = schema()

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/") and set(node) <= {"$ref", "description"}:
                return inline(full["$defs"][ref.split("/")[-1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return jsonschema.Draft202012Validator(inline(full))


@lru_cache(maxsize=1)
def _loader_class():
    """SafeLoader that keeps dates as the strings they are written as and refuses duplicate
    keys; on libyaml's parser where PyYAML has it (ten times faster on a large story)."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:
                    continue  # unhashable: the base class reports it
                if first is not key_node:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first on line "
                        f"{first.start_mark.line + 1}); keep one", key_node.start_mark)
            return super().construct_mapping(node, deep=deep)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def _alias_values(node, filename: str) -> int:
    """How many values aliases add to ``node`` once expanded (0 without aliases), counted
    up to MAX_VALUES + 1; refuses cycles."""
    import yaml

    distinct: set[int] = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if id(n) not in distinct:
            distinct.add(id(n))
            if isinstance(n, yaml.MappingNode):
                todo.extend(x for kv in n.value for x in kv)
            elif isinstance(n, yaml.SequenceNode):
                todo.extend(n.value)
    cap = len(distinct) + MAX_VALUES + 1
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(n) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        if id(n) in active:
            raise StoryError("an alias refers to the value that contains it (a cycle); "
                             "remove the alias", file=filename, line=n.start_mark.line + 1)
        active.add(id(n))
        total = 1
        if isinstance(n, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total += sum(size(v) for v in n.value)
        active.discard(id(n))
        sizes[id(n)] = min(total, cap)
        return sizes[id(n)]

    return size(node) - len(distinct)


def _unique_keys(pairs: list[tuple]) -> dict:
    """json.loads hook: refuses a duplicate key (the YAML path then reports its line)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


class _Doc:
    """Parsed data plus the position of every value, keyed by its path.

    A ``.json`` file is read with the json module, many times faster than YAML on a
    large story; its positions are then found (with a YAML parse) only if an error
    needs one. A JSON file with a duplicate key, or that is not valid JSON, takes the
    YAML path, which reports the problem with its line.
    """

    def __init__(self, text: str, filename: str):
        self.filename = filename
        self.text = text
        self._marks: dict[tuple, tuple[int, int]] | None = None
        if filename.lower().endswith(".json"):
            try:
                self.data = json.loads(text, object_pairs_hook=_unique_keys)
                return
            except (ValueError, RecursionError):
                pass
        node = self._compose()
        self._marks = {}
        if node is not None:
            self._walk(node, ())

    @property
    def marks(self) -> dict[tuple, tuple[int, int]]:
        if self._marks is None:
            self._marks = {}
            try:
                node = self._compose(data=False)
            except StoryError:
                node = None  # no positions to give
            if node is not None:
                self._walk(node, ())
        return self._marks

    def _compose(self, *, data: bool = True):
        """The YAML node tree of the text; sets ``data`` too unless ``data`` is False."""
        import yaml

        filename = self.filename
        kind = "JSON" if filename.lower().endswith(".json") else "YAML"
        try:
            loader = _loader_class()(self.text)
            try:
                node = loader.get_single_node()
                if data:
                    if node is not None and _alias_values(node, filename) > MAX_VALUES:
                        raise StoryError(f"the file's aliases expand to more than "
                                         f"{MAX_VALUES:,} values; a story needs far fewer "
                                         f"(remove the aliases)", file=filename)
                    self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            problem = (err.problem or "invalid YAML").strip()
            if "nesting depth" in problem:  # libyaml's limit
                raise StoryError("the file nests values too deeply; a story is a flat list of "
                                 "places and movements", file=filename,
                                 line=mark.line + 1 if mark else None) from None
            if not isinstance(err, yaml.constructor.ConstructorError):
                problem += "; check the indentation and quoting"
            raise StoryError(f"invalid {kind}: {problem}",
                             file=filename, line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None) from err
        except yaml.YAMLError as err:
            raise StoryError(f"invalid {kind}: {err}", file=filename) from err
        except RecursionError:
            raise StoryError("the file nests values too deeply; a story is a flat list of "
                             "places and movements", file=filename) from None
        return node

    def _walk(self, node, path: tuple) -> None:
        import yaml

        self._marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self._walk(value, path + (i,))

    def error(self, message: str, path: tuple = ()) -> StoryError:
        # The closest enclosing value that has a position.
        probe = tuple(path)
        while probe not in self.marks and probe:
            probe = probe[:-1]
        line, col = self.marks.get(probe, (None, None))
        return StoryError(message, file=self.filename, line=line, column=col,
                          field=_field(path) or None)


_TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number",
               "array": "a list", "object": "a mapping of keys to values", "boolean": "true or false"}


@lru_cache(maxsize=1)
def _fast_check():
    """The schema compiled to Python by fastjsonschema: a valid story passes it in a sixth of
    jsonschema's time, and jsonschema runs only to explain a story that fails it."""
    import fastjsonschema

    return fastjsonschema.compile({k: v for k, v in schema().items() if k != "$schema"})


def _schema_problems(doc: _Doc) -> list[StoryError]:
    try:
        _fast_check()(doc.data)
        return []
    except Exception:  # noqa: BLE001 - any doubt: jsonschema decides and explains
        pass
    validator = _validator()
    problems = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            msg = f"missing required key {missing!r}"
        elif err.validator == "enum":
            allowed = [str(v) for v in err.validator_value]
            close = difflib.get_close_matches(str(err.instance), allowed, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = f"{err.instance!r} is not allowed; {hint}use one of: {', '.join(allowed)}"
        elif err.validator == "oneOf" and path and path[-1] == "count":
            msg = (f"count {err.instance!r} must be a whole number of people (0 or more) or a "
                   f"range [min, max]")
        elif err.validator == "pattern" and path and path[-1] in ("date", "published"):
            msg = f"date {err.instance!r} is not ISO 8601; write 2024-12-07 or 2024-12-07/2024-12-10"
        elif err.validator == "pattern" and path and path[-1] in ("country",):
            msg = f"country {err.instance!r} is not an ISO 3166-1 alpha-2 code such as 'IQ'"
        elif err.validator == "pattern" and path and path[-1] == "url":
            msg = f"url {err.instance!r} must start with http:// or https://"
        elif err.validator == "pattern":
            msg = (f"{err.instance!r} is not a valid id; use lower-case letters, digits and "
                   f"hyphens, e.g. 'al-qaim'")
        elif err.validator == "minItems" and path == ("places",):
            msg = "a story needs at least one place"
        else:
            msg = err.message
            if err.validator == "type":
                want = err.validator_value
                msg = f"{err.instance!r} is not {_TYPE_WORDS.get(str(want), want)}"
                if want == "string" and isinstance(err.instance, (int, float, bool)):
                    msg += "; put it in quotes"
        problems.append(doc.error(msg, path))
    return problems


def _date(value: Any, doc: _Doc, path: tuple, problems: list) -> tuple[str | None, str | None, str | None]:
    """(as written, start, end) of a date or a 'start/end' range, ISO 8601."""
    if value is None or not isinstance(value, str):
        return None, None, None  # the schema reports a date that is not a string
    text = value.strip()
    parts = text.split("/")
    try:
        days = [dt.date.fromisoformat(p.strip()) for p in parts]
    except ValueError:
        days = []
    if len(days) not in (1, 2) or len(days) != len(parts):
        problems.append(doc.error(f"date {text!r} is not ISO 8601; write 2024-12-07 or "
                                  f"2024-12-07/2024-12-10", path))
        return None, None, None
    if days[-1] < days[0]:
        problems.append(doc.error(f"date range {text!r} ends before it starts", path))
        return None, None, None
    return "/".join(d.isoformat() for d in days), days[0].isoformat(), days[-1].isoformat()


def _suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else f"; defined ids: {', '.join(sorted(choices))}"


#: Keys people write for the ones the format has.
_KEY_ALIASES = {"latlon": "lonlat", "lat_lon": "lonlat", "latlng": "lonlat", "lnglat": "lonlat",
                "lon_lat": "lonlat", "coordinates": "lonlat", "coords": "lonlat",
                "position": "lonlat", "location": "lonlat", "arabic": "name_ar",
                "uncertainty": "uncertainty_km", "type": "kind", "state": "status",
                "number": "count", "people": "count", "when": "date", "who": "actor"}


def _unknown_keys(doc: _Doc, obj: dict, allowed: set[str], path: tuple, warnings: list) -> None:
    for key in obj:
        if key not in allowed:
            alias = _KEY_ALIASES.get(str(key).lower())
            close = [alias] if alias in allowed else difflib.get_close_matches(
                str(key), sorted(allowed), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            if alias == "lonlat":
                hint += " (lonlat is [lon, lat]: longitude first)"
            warnings.append(str(doc.error(f"unknown key {key!r} ignored{hint}", path + (key,))))


def parse_story(text: str, *, filename: str = "story") -> Story:
    """Parse and validate a story from its text.

    Parameters
    ----------
    text : str
        YAML (or JSON) text of a story file.
    filename : str
        Used in error messages and to name outputs.

    Returns
    -------
    Story

    Raises
    ------
    StoryError
        The file is invalid; ``problems`` lists every problem found, each with
        its line and field.
    """
    if not text.strip():
        raise StoryError("the story file is empty; it needs at least a title and one place",
                         file=filename)
    doc = _Doc(text, filename)
    if not isinstance(doc.data, dict):
        raise doc.error("a story file must be a mapping with title, places and movements keys")
    # The schema's problems and the cross-checks below are all reported at once; the
    # cross-checks skip what the schema already found malformed.
    problems = _schema_problems(doc)
    data = doc.data
    warnings: list[str] = []
    props = schema()["properties"]
    _unknown_keys(doc, data, set(props), (), warnings)
    place_keys = set(props["places"]["items"]["properties"])
    move_keys = set(props["movements"]["items"]["properties"])

    # Ids and references.
    source_ids = {s["id"] for _, s in _items(data, "sources") if isinstance(s.get("id"), str)}
    place_ids: dict[str, int] = {}
    for i, p in _items(data, "places"):
        _unknown_keys(doc, p, place_keys, ("places", i), warnings)
        pid = p.get("id")
        if isinstance(pid, str) and pid in place_ids:
            problems.append(doc.error(f"duplicate place id {pid!r} (first at places"
                                      f"[{place_ids[pid]}]); ids must be unique",
                                      ("places", i, "id")))
        if isinstance(pid, str):
            place_ids.setdefault(pid, i)
        src = p.get("source")
        if isinstance(src, str) and src not in source_ids:
            problems.append(doc.error(f"unknown source id {src!r}"
                                      f"{_suggest(src, source_ids)}", ("places", i, "source")))
        ll = p.get("lonlat")
        if _pair(ll) and not (-180 <= ll[0] <= 180 and -90 <= ll[1] <= 90):
            swap = " (it looks like [lat, lon]: write [lon, lat])" if \
                -180 <= ll[1] <= 180 and -90 <= ll[0] <= 90 else ""
            problems.append(doc.error(f"lonlat {ll!r} is out of range; write [lon, lat] in "
                                      f"degrees{swap}", ("places", i, "lonlat")))
    dates = []
    for i, m in _items(data, "movements"):
        _unknown_keys(doc, m, move_keys, ("movements", i), warnings)
        via = m.get("via") if isinstance(m.get("via"), list) else []
        for key in ("from", "to"):
            if isinstance(m.get(key), str) and m[key] not in place_ids:
                problems.append(doc.error(f"unknown place id {m[key]!r}"
                                          f"{_suggest(m[key], place_ids)}", ("movements", i, key)))
        for j, v in enumerate(via):
            if isinstance(v, str) and v not in place_ids:
                problems.append(doc.error(f"unknown place id {v!r}{_suggest(v, place_ids)}",
                                          ("movements", i, "via", j)))
        stops = [m.get("from"), *via, m.get("to")]
        if any(a == b for a, b in zip(stops, stops[1:]) if isinstance(a, str)):
            problems.append(doc.error("a movement goes from a place to the same place; check "
                                      "from, via and to", ("movements", i)))
        else:
            again = sorted({s for s in stops if isinstance(s, str) and stops.count(s) > 1})
            if again:
                problems.append(doc.error(
                    f"place {again[0]!r} comes twice in from, via and to (a loop); a movement "
                    f"passes each place once: split a round trip into two movements",
                    ("movements", i, "via")))
        src = m.get("source")
        if isinstance(src, str) and src not in source_ids:
            problems.append(doc.error(f"unknown source id {src!r}"
                                      f"{_suggest(src, source_ids)}", ("movements", i, "source")))
        count = m.get("count")
        if _pair(count) and count[0] > count[1]:
            problems.append(doc.error(f"count range {count!r} has min > max; write [min, max]",
                                      ("movements", i, "count")))
        dates.append(_date(m.get("date"), doc, ("movements", i, "date"), problems))
    move_ids = {m.get("id") or f"movement-{i + 1}" for i, m in _items(data, "movements")}
    for i, step in _items(data, "steps"):
        for j, mid in enumerate(step.get("movements") or ()):
            if isinstance(mid, str) and mid not in move_ids:
                problems.append(doc.error(f"unknown movement id {mid!r}"
                                          f"{_suggest(mid, move_ids)}", ("steps", i, "movements", j)))
        if isinstance(step.get("date"), str):
            _date(step["date"], doc, ("steps", i, "date"), problems)
    story_date = _date(data.get("date"), doc, ("date",), problems)[0]
    if problems:
        unique = {(p.line or 0, p.column or 0, str(p)): p for p in problems}
        raise StoryError.collect([unique[k] for k in sorted(unique)])
    for i, hint in sorted(_swapped(data["places"]).items()):
        warnings.append(str(doc.error(hint, ("places", i, "lonlat"))))
    for section in ("places", "movements", "areas"):
        for i, item in enumerate(data.get(section) or ()):
            if item.get("review"):
                warnings.append(str(doc.error(f"review: {' '.join(item['review'].split())}",
                                              (section, i))))
    for w in warnings:
        log.warning("%s", w)
    return _build(doc, data, dates, story_date, tuple(warnings))


def _items(data: dict, key: str) -> list[tuple[int, dict]]:
    """(index, item) for the mappings in the list ``data[key]`` (malformed ones skipped)."""
    value = data.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] \
        if isinstance(value, list) else []


def _pair(value) -> bool:
    """True for a list of two numbers."""
    return isinstance(value, list) and len(value) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)


#: Natural Earth's coasts and borders are drawn to about this many degrees: a position
#: this close to land, or to its hinted country, is taken as written.
_COAST_DEG = 0.25


def _swapped(places: list[dict]) -> dict[int, str]:
    """Warnings, by place index, for lonlat pairs that look written as [lat, lon]: swapped,
    the position lands in the country hint, on land where it was at sea, or near the place
    its name finds. Tested for all places at once (a story may have thousands)."""
    import numpy as np
    import shapely

    from .boundaries import countries
    from .gazetteer import candidates
    from .geometry import haversine_km

    todo = [(i, float(p["lonlat"][0]), float(p["lonlat"][1])) for i, p in enumerate(places)
            if p.get("lonlat") and -90 <= float(p["lonlat"][0]) <= 90]  # else surely a lon
    if not todo:
        return {}
    world = countries()
    codes = world["iso_a2"].to_numpy()
    shapes = world.geometry.to_numpy()  # shapely on an array: on a GeoSeries, a slow path
    index, lons, lats = (np.array(v) for v in zip(*todo))

    def country_at(xs, ys) -> list[str | None]:
        # The countries query a tree of the points: each polygon is prepared once, which is
        # many times faster than each point querying the polygons.
        hits, pts = shapely.STRtree(shapely.points(xs, ys)).query(shapes,
                                                                 predicate="intersects")
        out: list[str | None] = [None] * len(xs)
        for g, k in sorted(zip(hits, pts), reverse=True):  # the first country wins
            out[k] = codes[g]
        return out

    here, there = country_at(lons, lats), country_at(lats, lons)
    # Countries within _COAST_DEG of the positions that may be off their hint or at sea,
    # all in one query of a tree of the countries.
    doubt = [k for k, i in enumerate(index) if here[k] != there[k] and (
        here[k] is None or there[k] == (places[i].get("country") or "").upper())]
    near: dict[int, set] = {k: set() for k in doubt}
    if doubt:
        for a, b in zip(*shapely.STRtree(shapes).query(
                shapely.points(lons[doubt], lats[doubt]), predicate="dwithin",
                distance=_COAST_DEG)):
            near[doubt[a]].add(codes[b])
    out = {}
    for k, i in enumerate(index):
        p, lon, lat = places[i], float(lons[k]), float(lats[k])
        hint = (p.get("country") or "").upper()

        def named() -> tuple[float, float, str] | None:
            """Distances (km) from the position as written and swapped to the place its
            name finds, and that place's name."""
            hit = candidates(p.get("lookup") or p["name"], country=hint or None, fuzzy=False,
                             limit=1)
            return hit and (haversine_km(lon, lat, hit[0].lon, hit[0].lat),
                            haversine_km(lat, lon, hit[0].lon, hit[0].lat), hit[0].name)

        why = None
        if hint and here[k] != hint and there[k] == hint:
            if hint not in near[k]:
                why = f"outside the country hint {hint}"
        elif here[k] is None and there[k] is not None:
            # An island or an offshore platform is in the sea of these boundaries too.
            found = named()
            if not near[k] and not (found and found[0] < 50):
                why = "in the sea"
        elif not hint or here[k] != hint:
            found = named()
            if found and found[0] > 100 and found[1] < 50:
                why = f"{found[0]:,.0f} km from {found[2]}, which the name finds"
        if why is not None:
            out[int(i)] = (f"lonlat {[lon, lat]!r} is {why}; it looks like [lat, lon]: did you "
                           f"mean {[lat, lon]!r}? (lonlat is [lon, lat], longitude first)")
    return out


def _sources(data: dict) -> dict[str, dict]:
    out = {}
    for s in data.get("sources") or ():
        out[s["id"]] = {"id": s["id"], "name": s["name"], "url": s.get("url"),
                        "published": s.get("published")}
    return out


def _resolve_places(doc: _Doc, data: dict) -> tuple[list[dict], list[StoryError]]:
    from .gazetteer import geocode

    rows: list[dict | None] = [None] * len(data["places"])
    problems = []
    # Explicit positions and hinted lookups first; their centroid then ranks the rest.
    order = sorted(range(len(rows)), key=lambda i: (
        0 if data["places"][i].get("lonlat") else 1 if data["places"][i].get("country") else 2, i))
    known: list[tuple[float, float]] = []
    for i in order:
        p = data["places"][i]
        row = {"id": p["id"], "name": p["name"], "name_ar": p.get("name_ar"),
               "kind": p.get("kind") or "other", "note": p.get("note"), "source": p.get("source")}
        if p.get("lonlat"):
            lon, lat = (float(v) for v in p["lonlat"])
            unc = float(p.get("uncertainty_km") or 0.0)
            row.update(lon=lon, lat=lat, uncertainty_km=unc, approximate=unc >= UNCERTAIN_KM,
                       country=p.get("country"), geocoder="story:lonlat", gazetteer_name=None)
        else:
            query = p.get("lookup") or p["name"]
            near = None
            if known:
                near = (sum(k[0] for k in known) / len(known), sum(k[1] for k in known) / len(known))
            try:
                hit = geocode(query, country=p.get("country"), near=near)
            except GeoError as err:
                problems.append(doc.error(str(err), ("places", i, "lookup" if p.get("lookup") else "name")))
                continue
            unc = p.get("uncertainty_km")
            # A settlement's radius is its size, not doubt about where it is: a town
            # named in a story is at its centre. Other radii are doubt about the position.
            approximate = float(unc) >= UNCERTAIN_KM if unc is not None else (
                hit.uncertainty_km >= UNCERTAIN_KM and hit.dataset != "geonames")
            row.update(lon=hit.lon, lat=hit.lat, country=p.get("country") or hit.country,
                       uncertainty_km=float(unc if unc is not None else hit.uncertainty_km),
                       approximate=approximate,
                       geocoder=hit.source, gazetteer_name=hit.name,
                       name_ar=row["name_ar"] or hit.name_ar,
                       note=row["note"] or (hit.note or None))
            if not p.get("kind"):
                row["kind"] = "capital" if hit.capital else \
                    hit.kind if hit.kind in PLACE_KINDS else "other"
        known.append((row["lon"], row["lat"]))
        rows[i] = row
    return [r for r in rows if r is not None], problems


def _count(value) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, list):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _build(doc: _Doc, data: dict, dates: list, story_date: str | None,
           warnings: tuple[str, ...]) -> Story:
    import geopandas as gpd
    import shapely

    from .boundaries import find_area
    from .geometry import movement_lines

    place_rows, problems = _resolve_places(doc, data)
    areas = []
    for i, a in enumerate(data.get("areas") or ()):
        try:
            areas.append(find_area(a["lookup"], label=a.get("label"), country=a.get("country")))
        except GeoError as err:
            problems.append(doc.error(str(err), ("areas", i, "lookup")))
    if problems:
        raise StoryError.collect(problems)

    places = gpd.GeoDataFrame(
        place_rows, geometry=[shapely.Point(r["lon"], r["lat"]) for r in place_rows], crs=4326)
    by_id = {r["id"]: (r["lon"], r["lat"]) for r in place_rows}
    moves = data.get("movements") or ()
    # Every movement's geodesic at once (a story may have thousands).
    lines, lengths = movement_lines([[by_id[s] for s in (m["from"], *(m.get("via") or ()), m["to"])]
                                     for m in moves])
    move_rows = []
    for i, m in enumerate(moves):
        written, start, end = dates[i]
        cmin, cmax = _count(m.get("count"))
        move_rows.append({
            "id": m.get("id") or f"movement-{i + 1}", "from": m["from"], "to": m["to"],
            "via": ",".join(m.get("via") or ()), "date": written, "start": start, "end": end,
            "actor": m.get("actor"), "count_min": cmin, "count_max": cmax,
            "status": m.get("status") or "reported", "label": m.get("label"),
            "source": m.get("source"), "quote": m.get("quote"),
            "length_km": round(lengths[i], 3),
        })
    movements = gpd.GeoDataFrame(move_rows, geometry=lines, crs=4326) if move_rows else \
        gpd.GeoDataFrame({"id": [], "from": [], "to": [], "status": [], "length_km": []},
                         geometry=[], crs=4326)
    for col in ("count_min", "count_max"):
        if col in movements:
            movements[col] = movements[col].astype("Int64")
    area_df = gpd.GeoDataFrame(
        [{k: v for k, v in a.items() if k != "geometry"} for a in areas],
        geometry=[a["geometry"] for a in areas], crs=4326) if areas else \
        gpd.GeoDataFrame({"label": [], "code": [], "dataset": []}, geometry=[], crs=4326)
    return Story(
        title=data["title"], subtitle=data.get("subtitle"), date=story_date,
        credit=data.get("credit"), sources=_sources(data), places=places, movements=movements,
        steps=tuple(dict(step) for step in data.get("steps") or ()),
        areas=area_df, path=Path(doc.filename) if doc.filename != "story" else None,
        warnings=warnings,
    )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoryError("file not found; check the path", file=str(path)) from None
    except IsADirectoryError:
        raise StoryError("is a folder, not a story file", file=str(path)) from None
    if len(raw) > MAX_BYTES:
        raise StoryError(f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit for a "
                         f"story; split it or remove embedded data", file=str(path))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoryError("file is UTF-16 text; save it as UTF-8", file=str(path))
    if b"\x00" in raw:
        raise StoryError("file is binary, not a YAML or JSON story", file=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise StoryError("file is not UTF-8; save it as UTF-8", file=str(path), line=line) from None


def load_story(path: str | Path) -> Story:
    """Load a story file (YAML or JSON), geocode its places and build its lines.

    Parameters
    ----------
    path : str or Path
        The story file.

    Returns
    -------
    Story
        With ``places``, ``movements`` and ``areas`` as GeoDataFrames in EPSG:4326.

    Raises
    ------
    StoryError
        The file is missing, unreadable or invalid, or a place cannot be found.

    Examples
    --------
    >>> from geo.examples import example_path
    >>> story = load_story(example_path())
    >>> list(story.movements.geometry.geom_type.unique())
    ['LineString']
    """
    path = Path(path)
    return parse_story(_read_text(path), filename=str(path))

