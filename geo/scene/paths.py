"""Each movement's line as drawn: legs that two movements share are bowed apart."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Scene

__all__ = ["bent_paths"]


def bent_paths(scene: Scene, *, fraction: float) -> dict[str, list[tuple[float, float]]]:
    """Movement id -> its line as drawn (``geo.scene.display_paths``): its geodesic in the
    maps' longitudes, or where it shares a leg with another movement, each such leg bowed
    by ``fraction`` of its length to the left of the direction of travel."""
    from ..geometry import bend, movement_lines

    legs: dict[frozenset, int] = {}
    positions = scene.positions
    for move in scene.moves:
        for a, b in zip(move.stops, move.stops[1:]):
            legs[frozenset((a, b))] = legs.get(frozenset((a, b)), 0) + 1
    out: dict[str, list] = {move.id: [] for move in scene.moves}
    bent = []
    for move in scene.moves:
        stops = move.stops
        if all(legs[frozenset((a, b))] == 1 for a, b in zip(stops, stops[1:])):
            # The story's own geodesic: nothing to bend.
            out[move.id] = list(map(tuple, scene.geodesics[move.id].tolist()))
        else:
            bent.append((move.id, list(zip(stops, stops[1:]))))
    # The legs of those that share a leg, each on its own, all at once.
    lines = iter(movement_lines([[positions[a], positions[b]] for _, pairs in bent
                                 for a, b in pairs])[0])
    for mid, pairs in bent:
        for a, b in pairs:
            seg = list(next(lines).coords)
            if legs[frozenset((a, b))] > 1:
                seg = bend(seg, fraction=fraction)
            if out[mid]:  # the next leg from where the last one ended, on the same turn
                shift = 360.0 * round((out[mid][-1][0] - seg[0][0]) / 360.0)
                seg = [(x + shift, y) for x, y in seg[1:]]
            out[mid].extend(seg)
    return out
