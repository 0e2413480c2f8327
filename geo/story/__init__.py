"""Story files: parse YAML or JSON, validate with positions, resolve places, build lines.

The format is documented in ``docs/story-format.md`` and ``geo/story.schema.json``.
``document`` reads the text with the position of every value, ``schema`` and ``checks``
find every problem at once, ``frames`` geocodes the places and builds the lines and areas
of the ``Story`` (``model``) as records (``records``), from which its GeoDataFrames are made
when first asked for, with the places' names in the story's languages (``languages``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import StoryError
from ..files import TooLarge, read_limited
from .checks import check, notes
from .document import MAX_VALUES, Document
from .frames import build
from .model import Story
from .schema import schema, schema_problems

__all__ = ["MAX_BYTES", "MAX_VALUES", "Story", "load_story", "parse_story", "schema"]

log = logging.getLogger(__name__)

#: Story files larger than this are refused: a story is a few kB of text.
MAX_BYTES = 16_000_000


def parse_story(text: str, *, filename: str = "story") -> Story:
    """Parse and validate a story from its text.

    Parameters
    ----------
    text : str
        YAML (or JSON) text of a story file.
    filename : str
        Used in error messages and to name outputs.

    Returns
    -------
    Story

    Raises
    ------
    StoryError
        The file is invalid; ``problems`` lists every problem found, each with
        its line and field.
    """
    if not text.strip():
        raise StoryError("the story file is empty; it needs at least a title and one place",
                         file=filename)
    doc = Document(text, filename)
    if not isinstance(doc.data, dict):
        raise doc.error("a story file must be a mapping with title, places and movements keys")
    # The schema's problems and the cross-checks are all reported at once; the cross-checks
    # skip what the schema already found malformed.
    checked = check(doc, schema()["properties"])
    found, complete = schema_problems(doc)
    problems = found + checked.problems
    if problems:
        unique = {(p.line or 0, p.column or 0, str(p)): p for p in problems}
        raise StoryError.collect([unique[k] for k in sorted(unique)], complete=complete)
    warnings = checked.warnings + notes(doc)
    for w in warnings:
        log.warning("%s", w)
    return build(doc, doc.data, checked.dates, checked.story_date, tuple(warnings))


def _read_text(path: Path) -> str:
    try:
        raw = read_limited(path, MAX_BYTES)
    except FileNotFoundError:
        raise StoryError("file not found; check the path", file=str(path)) from None
    except TooLarge as err:
        raise StoryError(f"file {err} for a story; split it or remove embedded data",
                         file=str(path)) from None
    except ValueError as err:  # a folder, a FIFO, a device
        raise StoryError(f"{err}, not a story file; give the path of a YAML or JSON file",
                         file=str(path)) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoryError("file is UTF-16 text; save it as UTF-8", file=str(path))
    if b"\x00" in raw:
        raise StoryError("file is binary, not a YAML or JSON story", file=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise StoryError("file is not UTF-8; save it as UTF-8", file=str(path), line=line) from None


def load_story(path: str | Path) -> Story:
    """Load a story file (YAML or JSON), geocode its places and build its lines.

    Parameters
    ----------
    path : str or Path
        The story file.

    Returns
    -------
    Story
        With ``places``, ``movements`` and ``areas`` as GeoDataFrames in EPSG:4326.

    Raises
    ------
    StoryError
        The file is missing, unreadable or invalid, or a place cannot be found.

    Examples
    --------
    >>> from geo.examples import example_path
    >>> story = load_story(example_path())
    >>> list(story.movements.geometry.geom_type.unique())
    ['LineString']
    """
    path = Path(path)
    return parse_story(_read_text(path), filename=str(path))


