"""The loaded story: its metadata and its features as GeoDataFrames, made when first asked
for from the records it carries (``records``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .records import FRAMES, Records, make_frame, read_back

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["Story", "from_records"]


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
        One Point per place, with ``id``, ``name``, ``name_ar``, a ``name_<lang>`` for
        each other language of the story and each the story gives names in, ``kind``, ``lon``,
        ``lat``, ``uncertainty_km``, ``approximate`` (the position is uncertain and
        drawn as a circle of ``uncertainty_km``; a town found in the gazetteer is not:
        its radius is its size), ``country``, ``note``, ``source`` (story source id)
        and ``geocoder`` (the gazetteer entry, e.g. ``geonames:92138``, or
        ``story:lonlat`` for a position given in the file).
    movements : geopandas.GeoDataFrame
        One geodesic LineString per movement (a MultiLineString cut at 180 degrees for
        one that crosses the antimeridian, as RFC 7946 has it), with ``id``, ``from``,
        ``to``, ``via``,
        ``date``, ``start``, ``end``, ``actor``, ``count_min``, ``count_max``,
        ``status``, ``label``, ``source``, ``quote`` and ``length_km``.
    areas : geopandas.GeoDataFrame
        Highlighted regions, with ``label``, ``code`` and ``dataset``.
    steps : tuple of dict
        The story's own ``steps`` (label, date, movements, caption), if it names them;
        ``geo.scene.steps`` gives the timeline either way.
    path : pathlib.Path or None
        The file the story was read from.
    warnings : tuple of str
        Problems that did not stop the story from loading.
    languages : tuple of str
        The labels' languages (``geo.vocab.LANGUAGES``), English first: the story's
        ``languages``, else English and the local language where every place with a country
        is in a country of that one language (``geo.vocab.LOCAL_LANGUAGE``), else English.
        A place's ``name_ar`` is empty unless Arabic is one of them or the story gives it;
        its ``name_<lang>`` is the story's, else GeoNames' name in that language, else empty
        (``geo.story.languages``). The second line of its label is the one in the language
        after English (``geo.text.second_name``).
    frame : str or tuple
        What the maps' frame holds: ``"focus"`` (the story's focus; a place far from it is a
        stub at the frame's edge, ``geo.scene.Scene.far``), ``"all"``, a tuple of place ids,
        or a box (west, south, east, north) in degrees.
    records : geo.story.records.Records
        The features as plain records (dicts keyed by the frames' columns, and shapely
        geometries), as the maps draw them: a story loaded from a file makes its frames
        from its records only when they are first asked for, and once a frame is made its
        records are read back from it, edits included.
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
    languages: tuple[str, ...] = ("en",)
    frame: str | tuple = "focus"

    if TYPE_CHECKING:  # served by __getattr__: not a field
        @property
        def records(self) -> Records: ...

    def __getattr__(self, name: str):
        # Only what the instance does not hold: a frame not made yet, or the records.
        own = self.__dict__.get("_own")
        if name == "records":
            return read_back(own, {k: v for k, v in self.__dict__.items() if k in FRAMES})
        if name in FRAMES and own is not None:
            frame = make_frame(name, own)
            object.__setattr__(self, name, frame)
            return frame
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def stem(self) -> str:
        """The base name of output files: the story file's stem, or ``story``."""
        return self.path.stem if self.path else "story"

    def _repr_html_(self) -> str:
        """The story's Leaflet map, inline in Jupyter."""
        from ..web import notebook_html  # the one hook up to a renderer, as geopandas' explore

        return notebook_html(self)


def from_records(records: Records, **fields) -> Story:
    """A story of ``records``, its frames made when first asked for; ``fields`` are the
    other arguments of ``Story``."""
    story = Story(places=None, movements=None, areas=None, **fields)
    for name in FRAMES:  # not made yet: ``Story.__getattr__`` makes each when asked for
        object.__delattr__(story, name)
    object.__setattr__(story, "_own", records)
    return story
