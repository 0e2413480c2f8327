"""Figure sizes by use: web, square social card, A4 and US letter for print."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import GeoError

__all__ = ["PRESETS", "Preset", "preset_named"]


@dataclass(frozen=True)
class Preset:
    """A figure size for one use.

    Attributes
    ----------
    size_in : (float, float)
        Width and height in inches; text sizes are in points, so they read the
        same at every preset.
    dpi : int
        Pixels per inch of the PNG.
    """

    size_in: tuple[float, float]
    dpi: int


#: Sizes by use: ``web`` is 1200 x 800 CSS pixels at 2x for retina screens,
#: ``square`` a 1080 x 1080 social card, ``print`` A4 landscape at 300 dpi,
#: ``letter`` US letter landscape at 300 dpi.
PRESETS = {
    "web": Preset((12.0, 8.0), 200),
    "square": Preset((7.2, 7.2), 150),
    "print": Preset((11.69, 8.27), 300),
    "letter": Preset((11.0, 8.5), 300),
}


def preset_named(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise GeoError(f"unknown size preset {name!r}; use one of: {', '.join(PRESETS)}") \
            from None

