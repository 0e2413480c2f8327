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
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GeoError, StoryError
from .layers import UNCERTAIN_KM

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["Story", "load_story", "parse_story"]

log = logging.getLogger(__name__)

#: Story files larger than this are refused: a story is a few kB of text.
MAX_BYTES = 2_000_000

#: Place kinds a story may use (the schema's enum); a gazetteer hit's kind outside them is "other".
_PLACE_KINDS = ("capital", "city", "town", "village", "crossing", "airfield", "base", "camp",
                "area", "other")


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
    return json.loads(resources.files("geo").joinpath("story.schema.json").read_text("utf-8"))


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _plain_dates(obj):
    """YAML reads 2024-12-07 as a date: turn dates back into ISO strings."""
    if isinstance(obj, dict):
        return {k: _plain_dates(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain_dates(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj


class _Doc:
    """Parsed data plus the position of every value, keyed by its path."""

    def __init__(self, text: str, filename: str):
        import yaml

        self.filename = filename
        self.marks: dict[tuple, tuple[int, int]] = {}
        try:
            loader = yaml.SafeLoader(text)
            try:
                node = loader.get_single_node()
                self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            problem = (err.problem or "invalid YAML").strip()
            raise StoryError(f"invalid YAML: {problem}; check the indentation and quoting",
                             file=filename, line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None) from err
        except yaml.YAMLError as err:
            raise StoryError(f"invalid YAML: {err}", file=filename) from err
        if node is not None:
            self._walk(node, ())
        self.data = _plain_dates(self.data)

    def _walk(self, node, path: tuple) -> None:
        import yaml

        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
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


def _schema_problems(doc: _Doc) -> list[StoryError]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            msg = f"missing required key {missing!r}"
        elif err.validator == "enum":
            msg = f"{err.instance!r} is not allowed; use one of: {', '.join(map(str, err.validator_value))}"
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
                msg = f"{err.instance!r} is not of type {err.validator_value}"
        problems.append(doc.error(msg, path))
    return problems


def _date(value: Any, doc: _Doc, path: tuple, problems: list) -> tuple[str | None, str | None, str | None]:
    """(as written, start, end) of a date or a 'start/end' range, ISO 8601."""
    if value is None:
        return None, None, None
    text = str(value).strip()
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


def _unknown_keys(doc: _Doc, obj: dict, allowed: set[str], path: tuple, warnings: list) -> None:
    for key in obj:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
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
    problems = _schema_problems(doc)
    if problems:
        raise StoryError.collect(problems)
    data = doc.data
    warnings: list[str] = []
    props = schema()["properties"]
    _unknown_keys(doc, data, set(props), (), warnings)
    place_keys = set(props["places"]["items"]["properties"])
    move_keys = set(props["movements"]["items"]["properties"])

    # Ids and references.
    source_ids = {s["id"] for s in data.get("sources") or ()}
    place_ids: dict[str, int] = {}
    for i, p in enumerate(data["places"]):
        _unknown_keys(doc, p, place_keys, ("places", i), warnings)
        if p["id"] in place_ids:
            problems.append(doc.error(f"duplicate place id {p['id']!r} (first at places"
                                      f"[{place_ids[p['id']]}]); ids must be unique",
                                      ("places", i, "id")))
        place_ids.setdefault(p["id"], i)
        if p.get("source") and p["source"] not in source_ids:
            problems.append(doc.error(f"unknown source id {p['source']!r}"
                                      f"{_suggest(p['source'], source_ids)}", ("places", i, "source")))
        ll = p.get("lonlat")
        if ll is not None and not (-180 <= ll[0] <= 180 and -90 <= ll[1] <= 90):
            problems.append(doc.error(f"lonlat {ll!r} is out of range; write [lon, lat] in degrees",
                                      ("places", i, "lonlat")))
    dates = []
    for i, m in enumerate(data.get("movements") or ()):
        _unknown_keys(doc, m, move_keys, ("movements", i), warnings)
        for key in ("from", "to"):
            if m[key] not in place_ids:
                problems.append(doc.error(f"unknown place id {m[key]!r}"
                                          f"{_suggest(m[key], place_ids)}", ("movements", i, key)))
        for j, v in enumerate(m.get("via") or ()):
            if v not in place_ids:
                problems.append(doc.error(f"unknown place id {v!r}{_suggest(v, place_ids)}",
                                          ("movements", i, "via", j)))
        stops = [m["from"], *(m.get("via") or ()), m["to"]]
        if any(a == b for a, b in zip(stops, stops[1:])):
            problems.append(doc.error("a movement goes from a place to the same place; check "
                                      "from, via and to", ("movements", i)))
        if m.get("source") and m["source"] not in source_ids:
            problems.append(doc.error(f"unknown source id {m['source']!r}"
                                      f"{_suggest(m['source'], source_ids)}", ("movements", i, "source")))
        count = m.get("count")
        if isinstance(count, list) and count[0] > count[1]:
            problems.append(doc.error(f"count range {count!r} has min > max; write [min, max]",
                                      ("movements", i, "count")))
        dates.append(_date(m.get("date"), doc, ("movements", i, "date"), problems))
    story_date = _date(data.get("date"), doc, ("date",), problems)[0]
    if problems:
        raise StoryError.collect(problems)
    for section in ("places", "movements", "areas"):
        for i, item in enumerate(data.get(section) or ()):
            if item.get("review"):
                warnings.append(str(doc.error(f"review: {' '.join(item['review'].split())}",
                                              (section, i))))
    for w in warnings:
        log.warning("%s", w)
    return _build(doc, data, dates, story_date, tuple(warnings))


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
                    hit.kind if hit.kind in _PLACE_KINDS else "other"
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
    from .geometry import geodesic_length_km, movement_line

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
    move_rows, lines = [], []
    for i, m in enumerate(data.get("movements") or ()):
        stops = [m["from"], *(m.get("via") or ()), m["to"]]
        points = [by_id[s] for s in stops]
        written, start, end = dates[i]
        cmin, cmax = _count(m.get("count"))
        move_rows.append({
            "id": m.get("id") or f"movement-{i + 1}", "from": m["from"], "to": m["to"],
            "via": ",".join(m.get("via") or ()), "date": written, "start": start, "end": end,
            "actor": m.get("actor"), "count_min": cmin, "count_max": cmax,
            "status": m.get("status") or "reported", "label": m.get("label"),
            "source": m.get("source"), "quote": m.get("quote"),
            "length_km": round(geodesic_length_km(points), 3),
        })
        lines.append(movement_line(points))
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

