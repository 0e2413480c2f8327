"""CSV: the story's places with lon/lat, for a spreadsheet.

A text cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading ``'``, as OWASP's guidance on
CSV injection recommends: ``=HYPERLINK(...)`` in a place name stays text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["csv_bytes"]


def csv_bytes(story: Story) -> bytes:
    # The names in other languages (``name_ar``, then each ``name_<lang>``) as the story has them.
    names_in = [c for c in story.places.columns if c.startswith("name_")]
    cols = ["id", "name", *names_in, "kind", "lon", "lat", "uncertainty_km", "approximate",
            "country", "geocoder", "source", "note"]
    places = story.places[cols].copy()
    names = {k: v["name"] for k, v in story.sources.items()}
    places["source_name"] = [names.get(s) if isinstance(s, str) else None
                             for s in places["source"]]
    from pandas.api.types import is_numeric_dtype

    for col in places.columns:
        if not is_numeric_dtype(places[col]):
            places[col] = [_literal(v) for v in places[col]]
    return places.to_csv(index=False, lineterminator="\n", float_format="%.6f").encode("utf-8")



#: What starts a formula in Excel, LibreOffice and Google Sheets.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _literal(value):
    """A text cell as text: a leading ``'`` before what a spreadsheet reads as a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value
