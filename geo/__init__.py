"""Maps of news stories: geocode places offline, draw movements, publish maps.

Importing ``geo`` is cheap: it loads nothing but this table of contents. Each name
below is imported from its module on first use, and neither matplotlib, folium nor
geopandas is imported until a function that needs them is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

#: Public name -> the module that defines it.
_WHERE = {
    "AmbiguousPlace": "errors", "GeoError": "errors", "PlaceNotFound": "errors",
    "StoryError": "errors", "Draft": "draft", "draft_story": "draft",
    "example_path": "examples", "export": "outputs", "save": "outputs", "to_geojson": "outputs",
    "Place": "gazetteer", "build_index": "gazetteer", "candidates": "gazetteer",
    "geocode": "gazetteer", "movement_line": "geometry", "normalize_name": "names",
    "static_map": "static", "Story": "story", "load_story": "story", "parse_story": "story",
    "leaflet_map": "web", "GeoMention": "geoparser", "geoparse": "geoparser",
    "geoparse_many": "geoparser",
}

_MODULES = {"boundaries", "cli", "draft", "errors", "examples", "files", "fork", "gazetteer",
            "geometry", "geoparser", "layers", "names", "outputs", "resources", "scene",
            "static", "story", "style", "text", "vocab", "web"}

__all__ = sorted([*_WHERE, "__version__"])

if TYPE_CHECKING:
    from .draft import Draft, draft_story
    from .errors import AmbiguousPlace, GeoError, PlaceNotFound, StoryError
    from .examples import example_path
    from .outputs import export, save, to_geojson
    from .gazetteer import Place, build_index, candidates, geocode
    from .geometry import movement_line
    from .geoparser import GeoMention, geoparse, geoparse_many
    from .names import normalize_name
    from .static import static_map
    from .story import Story, load_story, parse_story
    from .web import leaflet_map


def __getattr__(name: str):
    if name == "__version__":
        from .resources import version

        value = version()
    elif name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    elif name in _MODULES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
