"""One list of each kind of word: the story schema and the style table agree with geo.vocab."""

from geo import style, vocab
from geo.story import schema


def test_schema_enums_are_the_vocabulary():
    props = schema()["properties"]
    assert props["places"]["items"]["properties"]["kind"]["enum"] == list(vocab.PLACE_KINDS)
    assert props["movements"]["items"]["properties"]["status"]["enum"] == list(vocab.STATUSES)


def test_style_table_has_every_kind_and_status():
    assert tuple(style.KINDS) == vocab.PLACE_KINDS
    assert tuple(style.STATUS) == vocab.STATUSES


def test_schema_languages_are_the_vocabulary():
    props = schema()["properties"]
    assert props["languages"]["items"]["enum"] == list(vocab.LANGUAGES)
