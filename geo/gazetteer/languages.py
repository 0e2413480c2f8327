"""Place names by language, for the labels' second line: GeoNames' names in each language of
``geo.vocab.LANGUAGES`` but English and Arabic, of the places the gazetteer and the context
cities have, by GeoNames id.

The names are Debian's ``libgeonames-common`` 0.3.0-1 (GeoNames data, CC-BY 4.0), extracted
by ``scripts/build_local_names.py`` into ``data/boundaries/local-names.tsv.gz``. A place the
data has no name for in a language has none: no name is made up from the gazetteer's
alternate names, which are not tagged by language.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..resources import boundary_file

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NAMES_FILE", "geonames_id", "local_name", "local_name_columns", "local_names",
           "with_local_names"]

#: The shipped file of names (``data/boundaries/``).
NAMES_FILE = "local-names.tsv.gz"


@lru_cache(maxsize=1)
def _table() -> tuple[list[str], dict[str, str]]:
    """The file's languages, and each GeoNames id's row of names (tab-separated, unsplit)."""
    import gzip

    text = gzip.decompress(boundary_file(NAMES_FILE).read_bytes()).decode("utf-8")
    header, *lines = text.splitlines()
    rows = {}
    for line in lines:
        gid, _, names = line.partition("\t")
        rows[gid] = names
    return header.split("\t")[1:], rows


@cache
def local_names(lang: str) -> dict[str, str]:
    """GeoNames id -> the place's name in ``lang`` (an ISO 639-1 code), for the places the
    data names in it; empty for a language it does not have (English, Arabic).

    Examples
    --------
    >>> local_names("uk")["703448"]
    'Київ'
    >>> "703448" in local_names("xx")
    False
    """
    languages, rows = _table()
    if lang not in languages:
        return {}
    i = languages.index(lang)
    out = {}
    for gid, names in rows.items():
        name = names.split("\t")[i]
        if name:
            out[gid] = name
    return out


def geonames_id(geocoder) -> str | None:
    """The GeoNames id of a place's ``geocoder`` ("geonames:703448" -> "703448"), else None."""
    if isinstance(geocoder, str) and geocoder.startswith("geonames:"):
        return geocoder.partition(":")[2]
    return None


def local_name(geocoder, lang: str) -> str | None:
    """The name in ``lang`` of the place a ``geocoder`` names, if the data has one.

    Examples
    --------
    >>> local_name("geonames:706483", "he")
    'חרקוב'
    >>> local_name("curated:rafah-crossing", "he") is None
    True
    """
    gid = geonames_id(geocoder)
    return local_names(lang).get(gid) if gid else None


def local_name_columns(geonameids, languages) -> dict[str, list[str]]:
    """The name columns of context cities (by GeoNames id) in a story's ``languages``: an
    empty ``name_ar`` unless Arabic is one of them, and a ``name_<lang>`` for each of the
    others but English, from the data (empty where it has none)."""
    gids = list(geonameids)
    out = {} if "ar" in languages else {"name_ar": [""] * len(gids)}
    for lang in languages:
        if lang not in ("en", "ar"):
            names = local_names(lang)
            out[f"name_{lang}"] = [names.get(g, "") for g in gids]
    return out


def with_local_names(cities: pd.DataFrame, languages) -> pd.DataFrame:
    """Context cities (rows of ``geo.boundaries.cities()``) with ``local_name_columns``."""
    return cities.assign(**local_name_columns(cities["geonameid"], languages))
