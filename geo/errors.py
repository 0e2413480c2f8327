"""The errors the library raises: one base class and narrow subclasses."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .gazetteer import Place

__all__ = ["AmbiguousPlace", "GeoError", "PlaceNotFound", "StoryError", "shown"]


def shown(value, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters: a value quoted in a message, however
    long the value (a 14 MB text, a list of thousands) is."""
    import reprlib

    r = reprlib.Repr()
    r.maxstring = r.maxother = r.maxlong = limit
    r.maxlist = r.maxtuple = r.maxdict = 6
    return r.repr(value)


class GeoError(Exception):
    """Base class of every error the library raises on bad input."""


class PlaceNotFound(GeoError, LookupError):
    """No gazetteer entry matches a query (or none that the library can stand behind).

    Attributes
    ----------
    query : str
        The name looked up.
    suggestions : tuple of str
        The closest names in the gazetteer, best first: worked out when first asked for
        (or when the message is shown), so that a lookup that finds nothing stays fast.
    country : str or None
        The country hint the lookup was held to.
    """

    def __init__(self, query: str, suggestions: tuple[str, ...] = (), *,
                 country: str | None = None, suggest=None, why: str = ""):
        self.query = query
        self.country = country
        self._suggestions = tuple(suggestions) if suggestions or suggest is None else None
        self._suggest = suggest
        self.why = why
        super().__init__(query)

    @property
    def suggestions(self) -> tuple[str, ...]:
        if self._suggestions is None:
            self._suggestions = tuple(self._suggest())
        return self._suggestions

    def __str__(self) -> str:
        where = f" in country {self.country!r}" if self.country else ""
        msg = f"no place named {self.query!r}{where} in the gazetteer{self.why}"
        if self.suggestions:
            msg += "; closest: " + ", ".join(repr(s) for s in self.suggestions)
        else:
            msg += "; give the position as lonlat: [lon, lat]"
        return msg


class AmbiguousPlace(GeoError, ValueError):
    """Several gazetteer entries match a query about equally well.

    Attributes
    ----------
    query : str
        The name looked up.
    candidates : tuple of Place
        The competing places, best first.
    """

    def __init__(self, query: str, candidates: tuple[Place, ...]):
        self.query = query
        self.candidates = tuple(candidates)
        listed = "; ".join(
            f"{c.name} ({c.country}, {c.kind}, {c.lon:.3f}, {c.lat:.3f})"
            for c in self.candidates[:4]
        )
        # Rivals in one country: a country hint cannot tell them apart.
        fix = "add a country hint (country: XX), " if len(
            {c.country for c in self.candidates}) > 1 else ""
        super().__init__(
            f"{query!r} is ambiguous: {listed}; {fix}write what it is in ('{query}, <state "
            f"or province>'), or give its position (lonlat: [lon, lat])"
        )


class StoryError(GeoError, ValueError):
    """A story file is invalid.

    Attributes
    ----------
    file : str or None
        The story file's path as given.
    line, column : int or None
        1-based position of the offending value in the file.
    field : str or None
        The field path, e.g. ``movements[2].to``.
    problems : tuple of StoryError
        Every problem found in the file (this error is the first of them).
    complete : bool
        False when the check stopped counting: a file with thousands of problems has more
        than ``problems`` holds.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, field: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.problems: tuple[StoryError, ...] = (self,)
        self.complete = True
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.file or "story"
        if self.line is not None:
            where += f" line {self.line}"
            if self.column is not None:
                where += f" column {self.column}"
        field = f", {self.field}" if self.field else ""
        return f"{where}{field}: {self.message}"

    @classmethod
    def collect(cls, problems: list[StoryError], *, complete: bool = True) -> StoryError:
        """One error that stands for all ``problems`` (the first, with a count); ``complete``
        False: the check stopped counting, there are more."""
        first = problems[0]
        err = cls(first.message, file=first.file, line=first.line, column=first.column,
                  field=first.field)
        err.problems = tuple(problems)
        err.complete = complete
        if len(problems) > 1:
            err.args = (f"{first._format()} (and {'' if complete else 'at least '}"
                        f"{len(problems) - 1:,} more problem"
                        f"{'s' if len(problems) > 2 or not complete else ''})",)
        return err
