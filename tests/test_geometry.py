import pytest

import geo
from geo.geometry import geodesic_length_km, movement_line, movement_lines

PATHS = [
    [(40.977, 34.3975), (40.2844, 33.0381)],                      # Al-Qa'im to Al-Rutba
    [(40.9269, 34.4536), (40.977, 34.3975), (39.60, 33.07), (40.977, 34.3975)],  # via, and back
    [(179.5, -16.0), (-178.0, -18.0)],                              # across the antimeridian
    [(-74.0, 40.7), (2.35, 48.85), (116.4, 39.9)],                  # thousands of km a leg
    [(10.0, 10.0), (10.0, 10.0)],                                   # no distance at all
]


def test_many_lines_at_once_are_each_line_on_its_own():
    lines, lengths = movement_lines(PATHS)
    assert len(lines) == len(lengths) == len(PATHS)
    for path, line, length in zip(PATHS, lines, lengths):
        assert list(line.coords) == list(movement_line(path).coords)
        assert length == pytest.approx(geodesic_length_km(path), abs=1e-9)
        # Every given point is a vertex (its longitude give or take a whole turn: across
        # the antimeridian the line goes on past 180), in order, no two vertices over 10 km
        # apart, and no step of longitude over 180 degrees.
        coords = list(line.coords)
        turned = [((x + 180.0) % 360.0 - 180.0, y) for x, y in coords]
        assert coords[0] == path[0] and turned[-1] == pytest.approx(path[-1], abs=1e-9)
        assert all(any(q == pytest.approx(p, abs=1e-9) for q in turned) for p in path)
        assert all(abs(b[0] - a[0]) < 180 for a, b in zip(coords, coords[1:]))
        steps = [geodesic_length_km([a, b]) for a, b in zip(coords, coords[1:])]
        assert max(steps) <= 10.0 + 1e-6


def test_a_path_of_one_point_is_refused():
    with pytest.raises(ValueError, match="at least two points"):
        movement_lines([[(40.0, 33.0)]])
    assert movement_lines([]) == ([], [])


def test_context_cities_are_no_districts_of_a_city_shown():
    # GeoNames lists Kharkiv's districts (Saltivka...) as cities of 100,000+: beside Kharkiv
    # they were context cities of their own, a cluster of names on one city.
    from geo.geometry import haversine_km
    from geo.scene import Scene

    story = geo.parse_story("title: Kharkiv\nplaces:\n  - {id: v, name: Vovchansk, country: UA}\n",
                            filename="x.yaml")
    rows = list(Scene(story).context_cities((35.0, 49.0, 38.0, 51.0)).itertuples())
    assert any(r.name == "Kharkiv" for r in rows)
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            assert haversine_km(a.lon, a.lat, b.lon, b.lat) >= 15.0, (a.name, b.name)
