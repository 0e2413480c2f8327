"""The static map, checked through its drawn artists and its files."""

import html
import io
import itertools
import re
import shutil
import subprocess
import unicodedata

import numpy as np
import pyproj
import pytest
from PIL import Image

import geo
from geo.outputs import render_all
from geo.layers import movement_text, movements
from geo.static import PRESETS

LABEL_PREFIXES = ("label-", "movement-label-", "country-label-", "area-label-",
                  "context-label-")


@pytest.fixture(scope="module")
def second_story():
    from conftest import DATA

    return geo.load_story(DATA / "second-story.yaml")


@pytest.fixture(scope="module", params=[("example", "web"), ("example", "square"),
                                        ("second", "web"), ("second", "print")],
                ids=lambda p: "-".join(p))
def drawn(request, example_story, second_story):
    story = example_story if request.param[0] == "example" else second_story
    fig = geo.static_map(story, preset=request.param[1])
    fig.canvas.draw()
    return story, fig


def _artists(fig):
    ax = fig.axes[0]
    return ax, {a.get_gid(): a for a in ax.get_children() if a.get_gid()}


def _labels(ax):
    return [t for t in ax.texts if (t.get_gid() or "").startswith(LABEL_PREFIXES)]


def _text_box(text, renderer):
    from matplotlib.text import Text

    return Text.get_window_extent(text, renderer)  # the text alone, not a leader line


def _geod_km(lon1, lat1, lon2, lat2):
    return pyproj.Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000


def test_every_place_and_movement_is_drawn(drawn):
    story, fig = drawn
    _, gids = _artists(fig)
    for pid in story.places["id"]:
        assert f"place-{pid}" in gids and f"label-{pid}" in gids
    for row in movements(story):
        assert f"movement-{row.id}" in gids and f"arrowhead-{row.id}" in gids
        if movement_text(row):
            assert gids[f"movement-label-{row.id}"].get_text() == movement_text(row)
    for row in story.places[story.places.approximate].itertuples():
        assert f"uncertainty-{row.id}" in gids


def test_labels_overlap_nothing(drawn):
    _, fig = drawn
    ax, gids = _artists(fig)
    renderer = fig.canvas.get_renderer()
    labels = _labels(ax)
    boxes = {t.get_gid(): _text_box(t, renderer) for t in labels}
    frame = ax.get_window_extent(renderer)
    symbols = {g: a.get_window_extent(renderer) for g, a in gids.items()
               if g.startswith(("place-", "context-")) and not g.startswith("context-label")}
    heads = {g: a.get_window_extent(renderer) for g, a in gids.items()
             if g.startswith("arrowhead-")}
    assert len(boxes) >= len(symbols) // 2
    for (ga, a), (gb, b) in itertools.combinations(boxes.items(), 2):
        assert not a.overlaps(b), f"{ga} overlaps {gb}"
    for g, box in boxes.items():
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 \
            and box.y1 <= frame.y1, f"{g} leaves the frame"
        for s, sym in {**symbols, **heads}.items():
            assert not box.overlaps(sym), f"{g} covers {s}"


def test_scale_bar_agrees_with_geod(drawn):
    _, fig = drawn
    ax, gids = _artists(fig)
    (x0, x1), (y0, y1) = gids["scale-bar"].get_data()
    km = float(gids["scale-label"].get_text().split()[0])
    assert x1 - x0 == pytest.approx(km * 1000)
    inverse = pyproj.Transformer.from_crs(ax.crs, 4326, always_xy=True)
    (lon0, lon1), (lat0, lat1) = inverse.transform([x0, x1], [y0, y1])
    assert _geod_km(lon0, lat0, lon1, lat1) == pytest.approx(km, rel=0.01)


def test_uncertainty_circles_are_true_to_scale(drawn):
    story, fig = drawn
    ax, gids = _artists(fig)
    inverse = pyproj.Transformer.from_crs(ax.crs, 4326, always_xy=True)
    approx = story.places[story.places.approximate]
    assert len(approx) >= 1
    for row in approx.itertuples():
        xs, ys = gids[f"uncertainty-edge-{row.id}"].get_data()
        lons, lats = inverse.transform(np.asarray(xs), np.asarray(ys))
        radii = [_geod_km(row.lon, row.lat, lon, lat) for lon, lat in zip(lons, lats)]
        assert np.mean(radii) == pytest.approx(row.uncertainty_km, rel=0.02)
        assert max(radii) == pytest.approx(row.uncertainty_km, rel=0.02)


def test_legend_is_made_from_what_is_drawn(drawn):
    story, fig = drawn
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Approximate location" in legend
    drawn = set(story.movements["status"])
    statuses = {"reported": "Reported movement", "planned": "Planned movement",
                "claimed": "Claimed, unverified", "confirmed": "Confirmed movement"}
    both = {"reported", "confirmed"} <= drawn  # one line, so one entry for both
    assert ("Reported or confirmed movement" in legend) == both
    for status, text in statuses.items():
        assert (text in legend) == (status in drawn and not (both and status in
                                                            ("reported", "confirmed")))
    assert "Capital" not in legend or any(t.get_gid().startswith("context-label") for t in
                                          fig.axes[0].texts if t.get_gid())


def test_furniture(drawn):
    story, fig = drawn
    ax, gids = _artists(fig)
    texts = {t.get_gid(): t.get_text() for t in fig.texts}
    assert texts["title"] == story.title
    credit = " ".join(texts["credit"].split())
    assert "Boundaries: Natural Earth" in credit and "Places: GeoNames" in credit
    for src in story.sources.values():
        assert " ".join(src["name"].split()) in credit
    # The credit names the gazetteer's datasets the story's places come from, and only those.
    datasets = {str(g).split(":")[0] for g in story.places["geocoder"]}
    assert ("OurAirports" in credit) == ("ourairports" in datasets)
    assert ("curated" in credit) == ("curated" in datasets)
    inset = [a for a in ax.child_axes if a.get_gid() == "inset"]
    assert len(inset) == 1
    outline = [p for p in inset[0].patches if p.get_gid() == "inset-extent"][0]
    x0, x1 = ax.get_xlim()
    assert outline.get_width() == pytest.approx(x1 - x0)


def test_north_arrow_points_north_when_north_turns(example_story):
    fig = geo.static_map(example_story)
    ax, gids = _artists(fig)
    assert "north-arrow" in gids
    arrow = gids["north-arrow"]
    (tx, ty), (x, y) = arrow.xy, arrow.xyann
    inverse = pyproj.Transformer.from_crs(ax.crs, 4326, always_xy=True)
    (lon0, lon1), (lat0, lat1) = inverse.transform([x, tx], [y, ty])
    assert abs(lon1 - lon0) < 1e-3 and lat1 > lat0
    small = geo.parse_story("title: t\nplaces:\n  - {id: a, name: A, lonlat: [40, 33]}\n"
                            "  - {id: b, name: B, lonlat: [40.1, 33.05]}\n")
    assert "north-arrow" not in _artists(geo.static_map(small))[1]


def test_country_names_sit_inside_their_countries(example_story):
    import shapely

    fig = geo.static_map(example_story)
    ax, _ = _artists(fig)
    names = {t.get_text(): t for t in ax.texts if (t.get_gid() or "").startswith("country-label")}
    assert {"SYRIA", "IRAQ"} <= set(names)
    inverse = pyproj.Transformer.from_crs(ax.crs, 4326, always_xy=True)
    countries = geo.boundaries.countries().set_index("name")
    for name, text in names.items():
        lon, lat = inverse.transform(*text.xy)
        assert countries.loc[name.title() if name != "SAUDI ARABIA" else "Saudi Arabia"] \
            .geometry.contains(shapely.Point(lon, lat))


def test_draws_into_a_given_axes(example_story):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 5))
    ax = fig.add_subplot()
    assert geo.static_map(example_story, ax=ax) is fig
    assert ax.get_title(loc="left") == example_story.title
    assert isinstance(ax.crs, pyproj.CRS)
    assert any((t.get_gid() or "").startswith("label-") for t in ax.texts)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_presets_set_the_pixel_size(example_story, preset):
    png = render_all(example_story, ["png"], size=preset)["png"]
    w_in, h_in = PRESETS[preset].size_in
    dpi = PRESETS[preset].dpi
    assert Image.open(io.BytesIO(png)).size == (round(w_in * dpi), round(h_in * dpi))


def test_unknown_preset_is_a_clear_error(example_story):
    with pytest.raises(geo.GeoError, match="unknown size preset 'huge'; use one of: web"):
        geo.static_map(example_story, preset="huge")


@pytest.mark.parametrize("story_name", ["example", "second"])
def test_files_keep_text_and_are_byte_identical(story_name, example_story, second_story, tmp_path):
    story = example_story if story_name == "example" else second_story
    first = render_all(story, ["png", "svg", "pdf"])
    assert first == render_all(story, ["png", "svg", "pdf"])
    svg = html.unescape(first["svg"].decode())
    labels = list(story.places["name"]) + [n for n in story.places["name_ar"] if isinstance(n, str)]
    for label in labels:
        assert f">{label}</text>" in svg or f">{label}\n" in svg, label
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is absent (make test installs poppler-utils)")
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(first["pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    # Without bidi embedding marks; NFKC turns Arabic ligature glyphs (lam-alef) back to letters.
    text = " ".join(unicodedata.normalize("NFKC", re.sub("[\u202a-\u202e]", "", text)).split())
    fig = geo.static_map(story)
    drawn = [t.get_text() for t in _labels(fig.axes[0])]
    assert len(drawn) >= len(story.places) + len(story.movements) - 1
    for label in drawn + [story.title]:
        for line in label.split("\n"):
            # matplotlib maps the lam-alef ligature to its letters in visual order.
            assert line in text or line.replace("لا", "ال") in text, line


def test_readme_picture_is_what_make_map_makes_now(example_story):
    from conftest import REPO

    committed = (REPO / "docs" / "syria-iraq-soldiers.png").read_bytes()
    assert committed == render_all(example_story, ["png"])["png"], \
        "docs/syria-iraq-soldiers.png is stale: run `make docs` and commit it"


@pytest.mark.parametrize("statuses, rows", [
    (["confirmed", "reported", "claimed"], ["Reported or confirmed movement", "Claimed, unverified"]),
    (["confirmed"], ["Confirmed movement"]),
    (["planned", "reported"], ["Reported movement", "Planned movement"]),
])
def test_statuses_drawn_alike_share_a_legend_row_in_every_renderer(tmp_path, statuses, rows):
    places = "".join(f"  - {{id: p{i}, name: {n}, country: UA}}\n"
                     for i, n in enumerate(["Kherson", "Mykolaiv", "Odesa", "Kryvyi Rih"]))
    moves = "".join(f"  - {{id: m{i}, from: p0, to: p{i + 1}, date: 2026-03-0{i + 1}, count: 100, "
                    f"status: {s}, source: s}}\n" for i, s in enumerate(statuses))
    story = geo.parse_story("title: Evacuations from Kherson\nsources:\n  - {id: s, name: Desk}\n"
                            f"places:\n{places}movements:\n{moves}")
    fig = geo.static_map(story)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert [t for t in legend if "movement" in t or "Claimed" in t] == rows
    geo.save(story, tmp_path, formats=("html",))
    page = next(p for p in tmp_path.glob("*.html") if ".embed." not in p.name).read_text(
        encoding="utf-8")
    for row in rows:
        assert page.count(f"</svg> {row}</li>") == 1
