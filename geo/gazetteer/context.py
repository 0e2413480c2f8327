"""A story's own geography as context: the point each of its places is looked up near."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import GeoError
from ..geometry import medoid
from .lookup import geocode

__all__ = ["ROUNDS", "near_points"]

#: Rounds of ranking each place near the others' middle, until no answer changes: in a
#: story of Alexandria, Lafayette and Shreveport, Alexandria is Egypt's alone, Louisiana's
#: near Shreveport, and then Lafayette, refused at first, is Louisiana's too.
ROUNDS = 3


def near_points(places: Sequence[Mapping], *, gazetteer=None) -> list[tuple[float, float] | None]:
    """The point each place is best looked up ``near`` (``geocode``'s argument): the middle
    (``geo.geometry.medoid``) of the other places' positions, so that the story's own
    geography decides between namesakes (London, Ontario among Canadian towns; Paris among
    Texan ones is refused, not France) whatever the order of its places.

    Parameters
    ----------
    places : sequence of mappings
        As a story writes them: ``lonlat``, or ``name`` (or ``lookup``) and, optionally,
        ``country``. A position is its lonlat or its lookup's answer, first alone, then
        near the others' middle, for at most ``ROUNDS`` rounds.
    gazetteer : path or UserGazetteer, optional
        As for ``geocode``.

    Returns
    -------
    list
        A (lon, lat) for each place, None for a place with a lonlat or with no other place
        found.

    Examples
    --------
    >>> near = near_points([{"name": "London"}, {"name": "Kitchener"}, {"name": "Guelph"}])
    >>> geocode("London", near=near[0]).country
    'CA'
    """
    if all(p.get("lonlat") for p in places):
        return [None] * len(places)

    def at(p: Mapping, near: tuple[float, float] | None) -> tuple[float, float] | None:
        if p.get("lonlat"):
            return float(p["lonlat"][0]), float(p["lonlat"][1])
        try:
            hit = geocode(p.get("lookup") or p["name"], country=p.get("country"), near=near,
                          gazetteer=gazetteer)
        except GeoError:
            return None
        return hit.lon, hit.lat

    def middles(points: list) -> list[tuple[float, float] | None]:
        known = [i for i, xy in enumerate(points) if xy is not None]

        def middle(of: list[int]) -> tuple[float, float] | None:
            m = medoid([points[k] for k in of])
            return None if m is None else points[of[m]]

        everyone = middle(known)
        return [None if p.get("lonlat") else everyone if everyone not in (None, points[i])
                else middle([k for k in known if k != i]) for i, p in enumerate(places)]

    points = [at(p, None) for p in places]
    near = middles(points)
    for _ in range(ROUNDS - 1):
        again = [at(p, xy) for p, xy in zip(places, near)]
        if again == points:
            break
        points, near = again, middles(again)
    return near
