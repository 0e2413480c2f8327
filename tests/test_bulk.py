"""Large stories (more than geo.layers.BULK places or movements): drawn in bulk, labels
thinned where they would collide, the text alternative a summary."""

from __future__ import annotations

import itertools

import numpy as np
import pyproj
import pytest

import geo
from bulk_stories import grid_story
from geo.layers import BULK, is_bulk, movements

@pytest.fixture(scope="module")
def large():
    return grid_story(400, 400)


def test_bulk_is_for_large_stories_only(large, example_story):
    assert is_bulk(large) and len(large.places) > BULK
    assert not is_bulk(example_story)


# ------------------------------------------------------------------ static


def _display_points(fig, story) -> np.ndarray:
    ax = fig.axes[0]
    tr = pyproj.Transformer.from_crs(4326, ax.crs, always_xy=True)
    xs, ys = tr.transform(story.places["lon"].to_numpy(), story.places["lat"].to_numpy())
    return ax.transData.transform(np.column_stack([xs, ys]))


def _label_boxes(fig, prefix: str = "label-") -> dict:
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    return {t.get_gid(): Text.get_window_extent(t, renderer) for t in fig.axes[0].texts
            if (t.get_gid() or "").startswith(prefix)}


@pytest.fixture(scope="module")
def large_figure(large):
    fig = geo.static_map(large)
    fig.canvas.draw()
    return fig


def test_static_draws_each_layer_as_one_collection(large, large_figure):
    ax = large_figure.axes[0]
    gids = {a.get_gid() for a in ax.get_children()}
    per_feature = {f"{kind}-{fid}" for kind, ids in (
        ("place", large.places["id"]), ("uncertainty", large.places["id"]),
        ("movement", large.movements["id"]), ("arrowhead", large.movements["id"])) for fid in ids}
    assert not gids & per_feature
    dots = [a for a in ax.lines if (a.get_gid() or "").startswith("places-")]
    assert sum(len(a.get_xdata()) for a in dots) == len(large.places)
    lines = [c for c in ax.collections if (c.get_gid() or "").startswith("movements-")]
    heads = [c for c in ax.collections if (c.get_gid() or "").startswith("arrowheads-")]
    assert sum(len(c.get_paths()) for c in lines) == len(large.movements)
    assert sum(len(c.get_paths()) for c in heads) == len(large.movements)
    rings = [c for c in ax.collections if c.get_gid() == "uncertainty"]
    assert len(rings[0].get_paths()) == int(large.places["approximate"].sum()) > 0


def test_static_labels_are_thinned_never_overlapping(large, large_figure):
    boxes = _label_boxes(large_figure)
    assert 10 < len(boxes) < len(large.places)  # thinned, not dropped
    for (ga, a), (gb, b) in itertools.combinations(boxes.items(), 2):
        assert not a.overlaps(b), f"{ga} overlaps {gb}"
    pt = large_figure.dpi / 72
    for x, y in _display_points(large_figure, large):
        for g, box in boxes.items():
            # A symbol is at most 7 pt across: no label covers its centre's surroundings.
            assert not (box.x0 < x + 2 * pt and x - 2 * pt < box.x1 and box.y0 < y + 2 * pt
                        and y - 2 * pt < box.y1), f"{g} covers a place"


def test_static_labels_the_busiest_places_first(large, large_figure):
    degree = {}
    for m in movements(large):
        for pid in (m.from_, m.to):
            degree[pid] = degree.get(pid, 0) + 1
    labelled = {g.removeprefix("label-") for g in _label_boxes(large_figure)}
    busy = [pid for pid, n in degree.items() if n == max(degree.values())]
    quiet = [pid for pid in large.places["id"] if degree.get(pid, 0) <= 2]
    share = lambda ids: sum(i in labelled for i in ids) / len(ids)  # noqa: E731
    assert busy and quiet and share(busy) > share(quiet)


def test_a_crowded_small_story_thins_instead_of_overlapping():
    story = grid_story(40, 2, spread=0.02)  # 40 places within a few km: not bulk
    assert not is_bulk(story)
    fig = geo.static_map(story)
    fig.canvas.draw()
    boxes = _label_boxes(fig)
    assert 0 < len(boxes) < 40
    for (ga, a), (gb, b) in itertools.combinations(boxes.items(), 2):
        assert not a.overlaps(b), f"{ga} overlaps {gb}"


# ------------------------------------------------------------------ web


def test_page_carries_one_data_block_and_a_summary(large):
    from geo.web import render_html

    import json
    import re

    page = render_html(large)
    assert page.count('type="application/json"') == 1
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page,
                                re.S).group(1))
    # The features are arrays for the canvas, not a marker and a line each.
    assert "places" not in data and "movements" not in data
    assert len(data["bulk"]["places"]) == len(data["bulk"]["moves"]) == 400
    assert "400 places and 400 movements." in page
    assert "The places most movements touch:" in page
    assert len(page.encode()) < 700_000


def test_alt_text_summarises(large):
    alt = geo.layers.alt_text(large)
    assert alt.startswith("Map: A large story. 400 places and 400 movements.")
    assert "Movements by status: reported 100, confirmed 100, planned 100, claimed 100." in alt
    assert len(alt) < 1000


def test_steps_are_counted_not_told(large):
    from geo.layers import steps

    timeline = steps(large)
    assert len(timeline) == 28 and sum(len(s.movements) for s in timeline) == len(large.movements)
    for step in timeline:
        moves = large.movements[large.movements["id"].isin(step.movements)]
        counts = moves["status"].value_counts()
        assert step.caption == f"{len(moves)} movements: " + ", ".join(
            f"{counts[s]} {s}" for s in ("reported", "confirmed", "planned", "claimed")
            if s in counts) + "."
