"""The Leaflet page as HTML: deterministic, self-contained, options, embed snippet, colours."""

import re

import folium
import pytest

import geo
from geo import style, web
from geo.cli import main


def test_two_renders_are_byte_identical(example_story):
    assert web.render_html(example_story) == web.render_html(example_story)


def test_folium_is_unchanged_for_other_maps(example_story):
    web.leaflet_map(example_story)
    plain = folium.Map(location=[0, 0]).get_root().render()
    assert re.search(r'<script src="https://[^"]+/leaflet[^"]*\.js"', plain)
    again = folium.Map(location=[0, 0]).get_root().render()
    assert plain != again  # folium's random ids are left alone outside render_html


def test_page_requests_nothing_and_cdn_links_leaflet(example_story):
    page = web.render_html(example_story)
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=["\']?https?:', page)
    assert page.count("<script>") >= 2 and 'lang="en"' in page
    cdn = web.render_html(example_story, cdn=True)
    # Linked with Subresource Integrity: a CDN that served other bytes would not run them.
    assert ('<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" '
            'integrity="sha384-okbbMvvx/qfQkmiQKfd5VifbKZ/W8p1qIsWvE1ROPUfHWsDcC8/BnHohF7vPg2T6" '
            'crossorigin="anonymous"></script>') in cdn
    assert 'leaflet.css" integrity="sha384-o/2yZuJZWGJ4s/adjxVW71R+EO/LyCwdQfP5UWSgX/w87iiTXuvDZae' \
        'jd3TsN7mf" crossorigin="anonymous">' in cdn
    assert len(cdn) < len(page) - 140_000


def test_tiles_by_xyzservices_name(example_story):
    page = web.render_html(example_story, tiles="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in page and "OpenStreetMap" in page
    assert "tile.openstreetmap.org" not in web.render_html(example_story)
    with pytest.raises(geo.GeoError, match="unknown tile provider 'Nope.Tiles'"):
        web.render_html(example_story, tiles="Nope.Tiles")


def test_cli_writes_the_page_and_its_embed_snippet(tmp_path, capsys):
    assert main(["-o", str(tmp_path), "-f", "html", "-q"]) == 0
    embed = (tmp_path / "syria-iraq-soldiers.embed.html").read_text(encoding="utf-8")
    assert '<iframe src="syria-iraq-soldiers.html" title="Map: Syrian soldiers who fled to Iraq"' \
        in embed
    assert "Al-Qa&#x27;im border crossing" in embed and "2,100–2,150" in embed
    assert main(["-o", str(tmp_path), "-f", "html", "--tiles", "Nope"]) == 2
    assert "unknown tile provider 'Nope'" in capsys.readouterr().err


def test_embed_escapes_story_text():
    story = geo.parse_story("title: '\"><script>alert(1)</script>'\n"
                            "places: [{id: a, name: '<b>x</b>', lonlat: [40, 33]}]\n")
    snippet = web.render_embed(story, src="a.html")
    assert "<script>" not in snippet and "<b>" not in snippet
    assert 'title="Map: &quot;&gt;&lt;script&gt;' in snippet


def test_map_to_customise_carries_the_pages_parts(example_story):
    m = folium.Map(location=[33, 40], zoom_start=6, tiles=None)
    assert web.leaflet_map(example_story, m=m) is m
    page = m.get_root().render()
    # The data block names the folium map it draws on; the scripts mount it.
    assert f'class="geo-data" data-geo-map="{m.get_name()}"' in page
    assert "GeoStory.mountAll();" in page and '"Al-Marsana airfield' in page


def test_notebook_display_is_the_page_in_an_iframe(example_story):
    shown = example_story._repr_html_()
    assert shown.startswith("<div") and "<iframe srcdoc=" in shown and "geo-place" in shown
    assert "&lt;script&gt;" in shown and "<script>" not in shown  # the page, as an attribute


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("text,background", [
    (style.TEXT, "#ffffff"), (style.MUTED, "#ffffff"), ("#5f5a50", style.FOCUS_LAND),
    ("#5f5a50", style.LAND), ("#5f5a50", style.AREA), ("#0b5394", "#ffffff"),
    (style.STATUS["reported"].color, "#ffffff"), (style.STATUS["claimed"].color, "#ffffff"),
])
def test_text_colours_pass_wcag_aa(text, background):
    assert _contrast(text, background) >= 4.5


def test_statuses_differ_by_more_than_colour():
    # Readers with colour-blindness tell statuses apart by the dash pattern.
    dashes = {s.dash for s in style.STATUS.values() if s.label != "Confirmed movement"}
    assert len(dashes) == 3
    assert len({k.shape for k in style.KINDS.values()}) == len(style.KINDS)
