"""CSV: the story's places with lon/lat, for a spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["csv_bytes"]


def csv_bytes(story: Story) -> bytes:
    cols = ["id", "name", "name_ar", "kind", "lon", "lat", "uncertainty_km", "approximate",
            "country", "geocoder", "source", "note"]
    places = story.places[cols].copy()
    names = {k: v["name"] for k, v in story.sources.items()}
    places["source_name"] = [names.get(s) if isinstance(s, str) else None
                             for s in places["source"]]
    return places.to_csv(index=False, lineterminator="\n", float_format="%.6f").encode("utf-8")

