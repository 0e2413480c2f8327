import json
import re

import pytest

import geo
from geo.export import render
from geo.layers import UNCERTAIN_KM


def gids(fig):
    return {a.get_gid() for ax in fig.axes for a in ax.get_children() if a.get_gid()}


@pytest.mark.parametrize("story_name", ["example", "second"])
def test_static_map_draws_every_feature(story_name, example_story):
    from conftest import DATA

    story = example_story if story_name == "example" else geo.load_story(DATA / "second-story.yaml")
    fig = geo.static_map(story)
    drawn = gids(fig)
    for pid in story.places["id"]:
        assert f"place-{pid}" in drawn and f"label-{pid}" in drawn
    for mid in story.movements["id"]:
        assert f"movement-{mid}" in drawn
    approx = story.places[story.places.uncertainty_km >= UNCERTAIN_KM]
    assert len(approx) >= 1
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Approximate location" in legend


def test_static_labels_do_not_overlap(example_story):
    fig = geo.static_map(example_story)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if (t.get_gid() or "").startswith("label-")]
    assert len(boxes) == len(example_story.places)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_svg_keeps_text_and_pdf_is_a_pdf(example_story):
    svg = render(example_story, "svg").decode()
    assert "<text" in svg and "Al-Rutba" in svg
    assert render(example_story, "pdf").startswith(b"%PDF")


def test_geojson_has_every_feature(example_story):
    doc = json.loads(render(example_story, "geojson"))
    layers = [f["properties"]["layer"] for f in doc["features"]]
    assert layers.count("place") == 5 and layers.count("movement") == 3 and layers.count("area") == 1
    assert "crs" not in doc


def test_html_is_self_contained_and_escaped():
    story = geo.parse_story(
        "title: '<script>alert(1)</script>'\n"
        "sources: [{id: s, name: 'x`${1}`</script>', url: 'https://e.org/\"><script>alert(3)</script>'}]\n"
        "places:\n  - {id: a, name: '<img src=x onerror=alert(1)>', lonlat: [40, 33], source: s}\n"
        "  - {id: b, name: Rutba, lookup: Ar Rutbah}\n"
        "movements:\n  - {from: a, to: b, quote: '</script><script>alert(2)</script>', source: s}\n")
    page = render(story, "html").decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<script>alert(3)" not in page
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', page)


def test_only_http_urls_are_accepted():
    with pytest.raises(geo.StoryError, match="must start with http"):
        geo.parse_story("title: t\nsources: [{id: s, name: n, url: 'javascript:alert(1)'}]\n"
                        "places: [{id: a, name: a, lonlat: [1, 2]}]")
