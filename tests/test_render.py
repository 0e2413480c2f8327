import json
import re

import pytest

import geo
from geo.outputs import render


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
