"""Large generated stories for the tests: real structure, made up names and places."""

from __future__ import annotations

import json
import math

import geo

STATUSES = ["reported", "confirmed", "planned", "claimed"]


def grid_story(n_places: int, n_moves: int, *, names=None, spread: float = 1.0) -> geo.Story:
    """``n_places`` places (an even number) on a grid over Iraq, ``n_moves`` movements
    between them, one place in ten with an uncertainty radius; ``names`` cycle if given."""
    side = math.ceil(math.sqrt(n_places))
    places = [{"id": f"p{i}", "name": names[i % len(names)] if names else f"Place {i}",
               "lonlat": [round(40 + 7 * spread * (i % side) / side, 5),
                          round(31 + 5 * spread * (i // side) / side, 5)],
               "country": "IQ", "source": "s", **({"uncertainty_km": 20} if i % 10 == 0 else {})}
              for i in range(n_places)]
    # Half the movements leave from ten hubs: some places are much busier than others.
    moves = [{"from": f"p{i % 20 if i % 2 == 0 else i % n_places}",
              "to": f"p{(i * 7 + 1) % n_places}",
              "date": f"2024-12-{1 + i % 28:02d}", "count": 10 + i, "status": STATUSES[i % 4],
              "source": "s"} for i in range(n_moves)]
    doc = {"title": "A large story", "sources": [{"id": "s", "name": "Test source"}],
           "places": places, "movements": moves}
    return geo.parse_story(json.dumps(doc), filename="large.json")
