"""The story in time: steps, small multiples, the GIF, and the timeline control in a browser."""

import io
from pathlib import Path

import pytest
from PIL import Image

import geo
from geo.outputs import render_all, save
from geo.layers import steps
from geo.static import static_steps

from conftest import REPO

TIMELINE = REPO / "examples" / "syria-iraq-timeline.yaml"


@pytest.fixture(scope="module")
def timeline_story():
    return geo.load_story(TIMELINE)


def test_automatic_steps_order_dates_ranges_undated_and_planned():
    story = geo.parse_story(
        "title: t\nplaces:\n  - {id: a, name: A, lonlat: [40, 33]}\n"
        "  - {id: b, name: B, lonlat: [41, 34]}\n  - {id: c, name: C, lonlat: [42, 34]}\n"
        "movements:\n  - {id: back, from: c, to: a, status: planned}\n"
        "  - {id: later, from: b, to: c, date: 2024-12-12}\n"
        "  - {id: range, from: a, to: b, date: 2024-12-10/2024-12-14}\n"
        "  - {id: same-day, from: c, to: b, date: 2024-12-10}\n"
        "  - {id: undated, from: b, to: a}\n")
    got = [(s.label, s.movements) for s in steps(story)]
    assert got == [("10–14 Dec 2024", ("range", "same-day")), ("12 Dec 2024", ("later",)),
                   ("Date not reported", ("undated",)), ("Planned", ("back",))]


def test_steps_from_the_story_file_override(timeline_story):
    got = steps(timeline_story)
    assert [s.label for s in got] == ["7 December", "10–14 December", "18 December",
                                      "19 December"]
    assert got[3].caption.startswith("19 Dec: 1,869 more")


def test_steps_must_name_movements_that_exist():
    with pytest.raises(geo.StoryError, match="unknown movement id 'entyr'; did you mean 'entry'"):
        geo.parse_story("title: t\nplaces:\n  - {id: a, name: A, lonlat: [40, 33]}\n"
                        "  - {id: b, name: B, lonlat: [41, 34]}\n"
                        "movements: [{id: entry, from: a, to: b}]\n"
                        "steps: [{label: One, movements: [entyr]}]\n")


def test_small_multiples_have_a_panel_per_step_with_its_date(timeline_story):
    fig = static_steps(timeline_story)
    panels = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("step-")]
    assert len(panels) == 4
    for ax, step in zip(panels, steps(timeline_story)):
        assert step.label in ax.get_title(loc="left")
        drawn = {a.get_gid() for a in ax.get_children() if a.get_gid()}
        for mid in step.movements:
            assert f"movement-{mid}" in drawn and f"movement-label-{mid}" in drawn
    last = {a.get_gid() for a in panels[0].get_children() if a.get_gid()}
    assert "movement-handover" not in last  # not yet happened in the first panel


def test_steps_png_and_gif_are_the_readme_pictures_with_a_frame_per_step(timeline_story):
    # The committed pictures were made by make-map in another process: equal bytes show
    # the outputs are identical across runs and that the README's pictures are current.
    made = render_all(timeline_story, ["png", "gif"], layout="steps")
    # The small multiples are syria-iraq-timeline.steps.png: they leave the map's PNG be.
    for fmt, name in (("png", "steps.png"), ("gif", "gif")):
        assert (REPO / "docs" / f"syria-iraq-timeline.{name}").read_bytes() == made[fmt], \
            f"docs/syria-iraq-timeline.{name} differs: run `make docs` and commit it"
    assert Image.open(io.BytesIO(made["gif"])).n_frames == len(steps(timeline_story)) == 4


@pytest.mark.browser
def test_stepping_with_the_keyboard(timeline_story, tmp_path):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    html = save(timeline_story, tmp_path, formats=["html"])[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        blocked, errors = [], []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else (blocked.append(r.request.url), r.abort()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri())
        page.wait_for_selector(".geo-timeline")

        def visible():
            return sorted(page.evaluate("""[...document.querySelectorAll('path.geo-movement')]
                .filter(e => getComputedStyle(e).display !== 'none')
                .map(e => [...e.classList].find(c => c.startsWith('geo-movement-'))
                          .slice(13) + (e.classList.contains('geo-past') ? ':past' : ''))"""))

        caption = page.locator(".geo-step")
        assert caption.inner_text().startswith("All steps") and len(visible()) == 4
        slider = page.locator(".geo-timeline input")
        slider.focus()
        page.keyboard.press("Home")
        assert visible() == ["entry"] and "1 of 4: 7 December" in caption.inner_text()
        page.keyboard.press("ArrowRight")
        assert visible() == ["entry:past", "transfer"] and "2,100 to 2,150" in caption.inner_text()
        page.locator(".geo-next").focus()
        page.keyboard.press("Enter")
        assert visible() == ["entry:past", "staff-return", "transfer:past"]
        page.keyboard.press("Enter")
        assert visible() == ["entry:past", "handover", "staff-return:past", "transfer:past"]
        assert "1,905 in all" in caption.inner_text()
        page.locator(".geo-prev").focus()
        page.keyboard.press("Space")
        assert "3 of 4: 18 December" in caption.inner_text()
        assert blocked == [] and errors == []
        browser.close()


def _label_sides(fig) -> dict[str, set]:
    """Place id -> the sides of its symbol its label sat on, over the panels."""
    renderer = fig.canvas.get_renderer()
    out: dict[str, set] = {}
    for ax in fig.axes:
        if not (ax.get_gid() or "").startswith("step-"):
            continue
        for t in ax.texts:
            gid = t.get_gid() or ""
            if not gid.startswith("label-"):
                continue
            box = t.get_window_extent(renderer)
            px, py = ax.transData.transform(t.xy)
            across = "right" if box.x0 >= px - 1 else "left" if box.x1 <= px + 1 else "middle"
            up = "above" if box.y0 >= py - 1 else "below" if box.y1 <= py + 1 else "level"
            out.setdefault(gid.removeprefix("label-"), set()).add((across, up))
    return out


@pytest.mark.parametrize("path", [TIMELINE, *sorted((REPO / "tests" / "data" / "stories")
                                                    .glob("*.yaml"))], ids=lambda p: p.stem)
def test_a_place_keeps_its_label_side_in_every_panel(path):
    # A label that jumps from one side of its town to the other between panels reads as a
    # different place; the panels keep room for the lines still to come instead.
    sides = _label_sides(static_steps(geo.load_story(path)))
    assert len(sides) >= 3
    assert {pid: s for pid, s in sides.items() if len(s) > 1} == {}


@pytest.mark.parametrize("path", [TIMELINE, *sorted((REPO / "tests" / "data" / "stories")
                                                    .glob("*.yaml"))], ids=lambda p: p.stem)
def test_small_multiples_labels_overlap_nothing_and_stay_in_their_panel(path):
    import itertools

    from matplotlib.text import Text

    fig = static_steps(geo.load_story(path))
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        if not (ax.get_gid() or "").startswith("step-"):
            continue
        frame = ax.get_window_extent(renderer)
        boxes = {t.get_gid(): Text.get_window_extent(t, renderer) for t in ax.texts
                 if (t.get_gid() or "").startswith(("label-", "movement-label-", "stub-label",
                                                    "country-label-", "area-label-"))}
        assert boxes, ax.get_gid()
        for gid, box in boxes.items():  # nothing cut at the panel's edge
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and \
                box.y1 <= frame.y1, (ax.get_gid(), gid)
        for (ga, a), (gb, b) in itertools.combinations(boxes.items(), 2):
            assert not a.overlaps(b), (ax.get_gid(), ga, gb)
