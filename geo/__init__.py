"""Maps of news stories: geocode places offline, draw movements, publish maps.

Importing ``geo`` is cheap: no data is parsed and neither matplotlib, folium nor
geopandas is imported until a function that needs them is called.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .draft import Draft, draft_story
from .errors import AmbiguousPlace, GeoError, PlaceNotFound, StoryError
from .examples import example_path
from .export import export, save, to_geojson
from .gazetteer import Place, build_index, candidates, geocode
from .geometry import movement_line
from .names import normalize_name
from .static import static_map
from .story import Story, load_story, parse_story
from .web import leaflet_map

try:
    __version__ = version("geo-storymaps")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "AmbiguousPlace",
    "Draft",
    "GeoError",
    "Place",
    "PlaceNotFound",
    "Story",
    "StoryError",
    "__version__",
    "build_index",
    "candidates",
    "draft_story",
    "example_path",
    "export",
    "geocode",
    "leaflet_map",
    "load_story",
    "movement_line",
    "normalize_name",
    "parse_story",
    "save",
    "static_map",
    "to_geojson",
]
