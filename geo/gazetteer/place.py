"""A gazetteer entry."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Place"]


@dataclass(frozen=True)
class Place:
    """A gazetteer entry.

    Attributes
    ----------
    name : str
        The entry's own name.
    lon, lat : float
        Position in degrees, WGS84.
    kind : str
        One of ``geo.vocab.GAZETTEER_KINDS``.
    country : str
        ISO 3166-1 alpha-2 code ("" if none).
    uncertainty_km : float
        Radius in km within which the feature lies: the settlement's extent for a
        town (from its population), a division's equal-area radius, or the
        curated sources' own figure.
    source : str
        Dataset and id, e.g. ``"geonames:92138"``.
    name_ar : str or None
        An Arabic-script name, when the source has one.
    population : int
        GeoNames population (0 when unknown or not a settlement).
    capital : bool
        True for a national capital.
    note : str
        What the source says about the position (curated rows).
    sources : tuple of str
        Where a curated row's position comes from.
    matched : str
        The name of the entry that matched the query.
    match : str
        How it matched: "exact" (the entry's own name), "alternate" (another of its names,
        an alias or a code), "kind word" (the name without words such as "province"),
        "fuzzy" (a close spelling: a guess), or "" for an entry not looked up by name.
    confidence : float
        0 to 1: how sure the lookup is that this is the place meant (1: one exact name, no
        rival; lower for alternate names, kind words, close rivals and guesses).
    """

    name: str
    lon: float
    lat: float
    kind: str
    country: str
    uncertainty_km: float
    source: str
    name_ar: str | None = None
    population: int = 0
    capital: bool = False
    note: str = ""
    sources: tuple[str, ...] = ()
    matched: str = field(default="", compare=False)
    match: str = field(default="", compare=False)
    confidence: float = field(default=1.0, compare=False)

    @property
    def __geo_interface__(self) -> dict:
        return {"type": "Point", "coordinates": (self.lon, self.lat)}

    @property
    def dataset(self) -> str:
        """The dataset part of ``source``: geonames, ourairports, natural-earth, curated, user."""
        return self.source.split(":", 1)[0]

