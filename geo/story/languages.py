"""A story's languages, and its places' names in them: the ``name_<lang>`` columns."""

from __future__ import annotations

from ..vocab import LANGUAGES, LOCAL_LANGUAGE

__all__ = ["name_languages", "story_languages", "with_names"]


def story_languages(data: dict, rows: list[dict]) -> tuple[str, ...]:
    """The labels' languages, English first: the story's ``languages``; else English and the
    local language where every place with a country is in a country of that one language
    (``geo.vocab.LOCAL_LANGUAGE``: Arabic for the Arab world, Ukrainian for Ukraine, Spanish
    for Colombia and Panama); else English only (Medellín with Miami, Sumy with Kursk,
    Auckland)."""
    if data.get("languages"):
        return ("en", *(lang for lang in data["languages"] if lang != "en"))
    countries = {(r.get("country") or "").upper() for r in rows} - {""}
    local = {LOCAL_LANGUAGE.get(c) for c in countries}
    return ("en", local.pop()) if len(local) == 1 and None not in local else ("en",)


def name_languages(places: list[dict], languages: tuple[str, ...]) -> list[str]:
    """The languages but English and Arabic that get a ``name_<lang>`` column: the story's,
    and those the story itself gives names in, in ``LANGUAGES`` order."""
    given = {key[5:] for p in places for key in p if key.startswith("name_") and p[key]}
    return [lang for lang in LANGUAGES if lang not in ("en", "ar") and
            (lang in languages or lang in given)]


def with_names(places: list[dict], rows: list[dict], languages: tuple[str, ...]) -> list[dict]:
    """The place rows with their names in the story's languages.

    ``name_ar`` as it always was: the story's, else the gazetteer's where Arabic is one of
    the languages, else the story's only. After it a ``name_<lang>`` for each of
    ``name_languages``: the story's (``name_uk:``), else, for a language of the story, the
    data's name of the place's GeoNames id (``geo.gazetteer.languages``); empty where
    neither has one, never guessed from an alternate name of no known language.
    """
    from ..gazetteer.languages import local_name

    own = {p["id"]: p for p in places}
    extra = name_languages(places, languages)
    out = []
    for row in rows:
        given = own[row["id"]]
        if "ar" not in languages:  # the story's own Arabic names only, never the gazetteer's
            row["name_ar"] = given.get("name_ar")
        names = {}
        for lang in extra:
            names[f"name_{lang}"] = given.get(f"name_{lang}") or (
                local_name(row.get("geocoder"), lang) if lang in languages else None)
        if names:
            at = list(row).index("name_ar") + 1
            items = list(row.items())
            row = dict(items[:at] + list(names.items()) + items[at:])
        out.append(row)
    return out
