"""Drafting a story from an article: places, traps, movements, dates, counts, the CLI."""

import datetime as dt
import re
import subprocess

import pytest
from conftest import DATA, REPO, SHARED, load_script

import geo
from geo.draft import draft
from geo.draft.events import count_in as _count, date_in as _date

ARTICLE = SHARED / "story" / "article.txt"


@pytest.fixture(scope="module")
def example_draft():
    if not ARTICLE.exists():
        pytest.skip(f"{ARTICLE} is absent (a user's clone has no ../shared)")
    return ARTICLE.read_text(encoding="utf-8"), draft(ARTICLE.read_text(encoding="utf-8"),
                                                      published="2024-12-12")


def test_example_article_places_and_traps(example_draft):
    text, result = example_draft
    names = {m.place.source: m for m in result.mentions}
    found = set(names) | set(result.sources.values())
    for source in ("curated:qaim-border-crossing", "geonames:92138", "geonames:98677",
                   "curated:marsana-airfield", "natural-earth-admin1:IQ-AN",
                   "natural-earth-admin0:IQ", "natural-earth-admin0:SY", "geonames:170654"):
        assert source in found, source
    for trap in ("Maher al-Assad", "Bashar al-Assad", "Red Cross", "Security and Defence Committee",
                 "Fourth Division", "Al-Araby Al-Jadeed", "The New Arab", "Sagvan Sindi"):
        for at in [m.start() for m in re.finditer(re.escape(trap), text)]:
            assert not any(at <= m.start < at + len(trap) for m in result.mentions), trap
    marsana = [p for p in result.document["places"] if result.sources[p["id"]] ==
               "curated:marsana-airfield"][0]
    assert "review" in marsana and "15 km" in marsana["review"]


def test_example_article_movements_with_quotes(example_draft):
    text, result = example_draft
    flat = " ".join(text.split())
    moves = result.document["movements"]
    by_to = {(result.sources[m["to"]], m["status"]): m for m in moves}
    entry = by_to[("curated:qaim-border-crossing", "reported")]
    assert entry["date"] == "2024-12-07" and "review" in entry  # inferred entry point
    assert result.sources[entry["from"]] == "natural-earth-admin0:SY" and "implicit" in entry["note"]
    rutba = by_to[("geonames:98677", "reported")]
    airfield = by_to[("curated:marsana-airfield", "reported")]
    assert result.sources[airfield["from"]] == "geonames:98677"
    back = by_to[("natural-earth-admin0:SY", "planned")]
    assert result.sources[back["via"][0]] == "curated:qaim-border-crossing"
    for move in (entry, rutba, airfield, back):
        assert move["quote"] in flat and move["source"] == "article"
    assert not any("Maher" in m["quote"] for m in moves)


def test_example_draft_renders(example_draft, tmp_path):
    _, result = example_draft
    path = tmp_path / "draft.yaml"
    path.write_text(result.yaml, encoding="utf-8")
    story = geo.load_story(path)
    assert any("review:" in w for w in story.warnings)
    files = geo.save(story, tmp_path, formats=["html", "png"])
    assert all(f.stat().st_size > 1000 for f in files)


draft_keys = load_script(REPO / "bench" / "draft_keys.py")
KEYS = draft_keys.keys()


@pytest.mark.parametrize("name", [n for n in KEYS if n != "example"])
def test_answer_keys(name):
    got = draft_keys.score(KEYS[name])
    assert got["missed_places"] == [] and got["extra_places"] == []
    assert got["unmatched_moves"] == []
    assert got["move_recall"] == 1.0
    # And the draft is a valid story that make-map renders as it stands.
    story = geo.parse_story(got["draft"].yaml, filename=name)
    assert len(story.movements) == len(got["draft"].document["movements"])


@pytest.mark.parametrize("sentence,published,expected", [
    ("Iraq announced last Saturday that it had received them.", "2024-12-12", "2024-12-07"),
    ("They arrived on Tuesday.", "2024-12-12", "2024-12-10"),
    ("They arrived on Thursday.", "2024-12-12", "2024-12-12"),
    ("They left yesterday.", "2024-12-12", "2024-12-11"),
    ("They crossed on 7 December.", "2024-12-12", "2024-12-07"),
    ("They crossed on December 30.", "2025-01-02", "2024-12-30"),
    ("They crossed on 14 February 2023.", None, "2023-02-14"),
    ("They crossed the border, officials said on Monday.", "2024-12-12", None),
])
def test_dates(sentence, published, expected):
    pub = dt.date.fromisoformat(published) if published else None
    assert _date(sentence, pub)[0] == expected


def test_relative_date_without_publication_date_is_flagged():
    date, note = _date("They arrived last Saturday.", None)
    assert date is None and "publication date" in note


@pytest.mark.parametrize("sentence,expected", [
    ("around 3,000 soldiers crossed", ((3000, 3000), "around 3,000")),
    ("nearly 2,000 people arrived", ((1800, 2000), "nearly 2,000")),
    ("more than 4,000 refugees fled", ((4000, 4000), "more than 4,000")),
    ("hundreds of troops crossed", ((200, 999), "hundreds")),
    ("between 1,500 and 2,000 Syrians returned", ((1500, 2000), "between 1,500 and 2,000")),
    ("the 2024 elections", (None, None)),
])
def test_counts(sentence, expected):
    assert _count(sentence) == expected


def test_capital_for_its_government_is_no_movement_end():
    result = draft("Damascus said on Monday that 200 Syrian soldiers had crossed into Lebanon.\n"
                   "The soldiers were moved to Zahle.", published="2024-12-12")
    damascus = [m for m in result.mentions if m.place.source == "geonames:170654"]
    assert damascus and damascus[0].as_government
    ends = {result.sources[m[k]] for m in result.document["movements"] for k in ("from", "to")}
    assert "geonames:170654" not in ends


def test_demonyms_people_and_outlets_are_not_places():
    result = draft("Syrian soldiers and Iraqi officials met in Ramadi. Bashar al-Assad fled. "
                   "The Red Cross and Baghdad Today reported it.", published="2024-12-12")
    assert [m.text for m in result.mentions] == ["Ramadi"]


def test_nothing_to_map_is_a_clear_error():
    with pytest.raises(geo.GeoError, match="no place in the gazetteer"):
        draft("Nothing happened here today.")


def test_cli_writes_the_draft_and_lists_what_to_review(tmp_path):
    import os
    import sys

    article = DATA / "articles" / "jordan.txt"
    make_map = os.path.join(os.path.dirname(sys.executable), "make-map")
    out = tmp_path / "jordan.yaml"
    res = subprocess.run([make_map, "--draft", str(article), "--published", "2018-07-08",
                          "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "make-map: review: movement enter-1: 'last Friday' read as 2018-07-06" in res.stderr
    story = geo.load_story(out)
    assert "Mafraq" in set(story.places["name"])
    res = subprocess.run([make_map, "--draft", str(article), "--published", "8 July"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "--published '8 July' is not a date" in res.stderr


def test_arabic_labels_only_for_a_story_in_the_arab_world_or_written_in_arabic():
    # The gazetteer has an Arabic name for Charleston, West Virginia; its map needs none.
    us = draft("About 500 people fled from Clay County to Sutton and Charleston, W.Va., "
               "after the Elk River flooded.").document["places"]
    assert us and not any("name_ar" in p for p in us), us
    syria = draft("Thousands fled from Daraa to Amman.").document["places"]
    assert {p["name"]: p.get("name_ar") for p in syria}["Daraa"] == "درعا"
