"""The story JSON Schema (``geo/story.schema.json``): a fast gate, and jsonschema to explain."""

from __future__ import annotations

import difflib
import itertools
import json
from functools import lru_cache

from ..errors import StoryError, shown
from ..resources import package_file
from .document import Document

__all__ = ["MAX_PROBLEMS", "schema", "schema_problems"]


@lru_cache(maxsize=1)
def schema() -> dict:
    """The story JSON Schema (``geo/story.schema.json``)."""
    return json.loads(package_file("story.schema.json").read_text("utf-8"))



@lru_cache(maxsize=1)
def _validator():
    """A validator of the story schema with its ``$defs`` references written out in place:
    resolving a reference per value took a third of the time on a large story."""
    import jsonschema

    full = schema()

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/") and set(node) <= {"$ref", "description"}:
                return inline(full["$defs"][ref.split("/")[-1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return jsonschema.Draft202012Validator(inline(full))



_TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number",
               "array": "a list", "object": "a mapping of keys to values", "boolean": "true or false"}


def _fast_check():
    """The schema compiled to Python by fastjsonschema (``fastcheck``, made by
    scripts/build_fastcheck.py): a valid story passes it in a sixth of jsonschema's time, and
    jsonschema runs only to explain a story that fails it."""
    from .fastcheck import validate

    return validate


#: The schema's problems are explained up to this many: a story of 100,000 broken places
#: is refused in a second, not listed in a minute.
MAX_PROBLEMS = 1000


def _negates(word: str, allowed: str) -> bool:
    """True if ``word`` is ``allowed`` negated ("unconfirmed", "not confirmed", "non-planned"):
    the closest spelling of such a word means the opposite, not a typo's fix."""
    import re

    folded = re.sub(r"[\s_-]+", "", word.lower())
    return any(folded == prefix + allowed for prefix in ("un", "not", "non", "in", "dis"))


#: What people write for a language's ISO 639-1 code: its country's code, an old code.
_LANGUAGE_ALIASES = {"ua": "uk", "iw": "he", "il": "he", "ir": "fa", "gr": "el", "ge": "ka",
                     "rs": "sr", "cz": "cs", "dk": "da", "al": "sq", "by": "be", "kz": "kk",
                     "tj": "tg", "mx": "es", "at": "de"}


def _language_problem(value, validator: str) -> str:
    """A ``languages`` entry no label can be written in ('ua' for Ukrainian, 'Hebrew'), or
    more than two of them, with what to write."""
    from ..vocab import LANGUAGE_NAMES, UNDRAWN_LANGUAGES

    if validator == "maxItems":
        return ("at most two languages: English, the first line of the labels, and one other, "
                "the second line; write for example [en, uk]")
    word = str(value).strip().lower()
    if word in UNDRAWN_LANGUAGES:
        return (f"labels in {UNDRAWN_LANGUAGES[word]} ({shown(value)}) cannot be drawn: the "
                f"maps' font lacks its script; write one of: {', '.join(LANGUAGE_NAMES)}")
    by_name = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
    code = _LANGUAGE_ALIASES.get(word) or by_name.get(word) or next(
        iter(difflib.get_close_matches(word, list(by_name), n=1, cutoff=0.75)), None)
    code = by_name.get(code, code)
    hint = f"did you mean {code!r} ({LANGUAGE_NAMES[code]})? " if code else ""
    return (f"language {shown(value)} is not one the labels can be written in; {hint}write an "
            f"ISO 639-1 code: {', '.join(LANGUAGE_NAMES)}")


def schema_problems(doc: Document) -> tuple[list[StoryError], bool]:
    """Every way the document departs from the schema, each with its position and what to do,
    up to MAX_PROBLEMS of them; and whether that is all of them."""
    try:
        _fast_check()(doc.data)
        return [], True
    except Exception:  # noqa: BLE001 - any doubt: jsonschema decides and explains
        pass
    validator = _validator()
    problems = []
    found = list(itertools.islice(validator.iter_errors(doc.data), MAX_PROBLEMS + 1))
    complete = len(found) <= MAX_PROBLEMS
    for err in sorted(found[:MAX_PROBLEMS], key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            msg = f"missing required key {missing!r}"
        elif path[:1] == ("languages",) and err.validator in ("enum", "maxItems"):
            msg = _language_problem(err.instance, err.validator)
        elif err.validator == "enum":
            allowed = [str(v) for v in err.validator_value]
            close = difflib.get_close_matches(str(err.instance), allowed, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close and not _negates(
                str(err.instance), close[0]) else ""
            msg = f"{shown(err.instance)} is not allowed; {hint}use one of: {', '.join(allowed)}"
            if path and path[-1] == "status" and _negates(str(err.instance), "confirmed"):
                msg += " (a movement not confirmed is 'reported', or 'claimed' if one side says so)"
        elif err.validator == "oneOf" and path and path[-1] == "count":
            most = err.validator_value[0]["maximum"]
            msg = (f"count {shown(err.instance)} must be a whole number of people (0 to "
                   f"{most:,}) or a range [min, max]")
        elif err.validator == "oneOf" and path == ("frame",):
            close = difflib.get_close_matches(str(err.instance), ["focus", "all"], n=1)
            msg = (f"frame {shown(err.instance)} is not allowed; "
                   + (f"did you mean {close[0]!r}? " if close else "")
                   + "write focus, all, a list of place ids or a box [west, south, east, north]")
        elif err.validator == "maxLength":
            msg = (f"text of {len(err.instance):,} characters is longer than the "
                   f"{err.validator_value:,} this field may have; shorten it")
        elif err.validator == "maximum":
            msg = (f"{shown(err.instance)} is over the limit of {err.validator_value:,}"
                   + (" km (half the Earth's circumference)" if path[-1:] == ("uncertainty_km",)
                      else ""))
        elif err.validator == "pattern" and path and path[-1] in ("date", "published"):
            msg = f"date {shown(err.instance)} is not ISO 8601; write 2024-12-07 or 2024-12-07/2024-12-10"
        elif err.validator == "pattern" and path and path[-1] in ("country",):
            msg = f"country {shown(err.instance)} is not an ISO 3166-1 alpha-2 code such as 'IQ'"
        elif err.validator == "pattern" and path and path[-1] == "url":
            msg = f"url {shown(err.instance)} must start with http:// or https://"
        elif err.validator == "pattern":
            msg = (f"{shown(err.instance)} is not a valid id; use lower-case letters, digits and "
                   f"hyphens, e.g. 'al-qaim'")
        elif err.validator == "minItems" and path == ("places",):
            msg = "a story needs at least one place"
        else:
            msg = err.message if len(err.message) <= 200 else err.message[:200] + "…"
            if err.validator == "type":
                want = err.validator_value
                msg = f"{shown(err.instance)} is not {_TYPE_WORDS.get(str(want), want)}"
                if want == "string" and isinstance(err.instance, (int, float, bool)):
                    msg += "; put it in quotes"
        problems.append(doc.error(msg, path))
    return problems, complete

