"""The style table in matplotlib's terms: line styles, markers and legend entries."""

from __future__ import annotations

from ..style import (AREA, AREA_EDGE, CONTEXT, CONTEXT_LABELS, KINDS, PAST, STATUS, TEXT,
                     UNCERTAIN, status_legend)
from ..vocab import PLACE_KINDS, STATUSES

__all__ = ["LINES", "approx_handle", "area_handle", "context_handle", "context_marker",
           "kind_handle", "legend_handles", "marker", "past_handle", "status_handle"]

#: matplotlib line style, colour and legend label per movement status: the table's dash
#: pattern, which matplotlib scales with the line's width.
LINES = {status: {"linestyle": (0, s.dash) if s.dash else "-", "color": s.color,
                  "label": s.label} for status, s in STATUS.items()}


def marker(kind: str, scale: float = 1.0) -> tuple[str, float]:
    """The matplotlib marker of a place of ``kind`` and its size in points."""
    s = KINDS.get(kind, KINDS["other"])
    return s.marker, s.size * scale


def context_marker(capital: bool) -> tuple[str, float]:
    """The marker and size of a context capital (a square) or city (a disc)."""
    return ("s", 5.5) if capital else ("o", 4.5)


def kind_handle(kind: str, scale: float = 1.0):
    from matplotlib.lines import Line2D

    symbol, size = marker(kind, scale)
    return Line2D([], [], marker=symbol, markersize=size, color=TEXT, markeredgecolor="white",
                  linestyle="none", label=KINDS[kind].label)


def status_handle(status: str, linewidth: float):
    from matplotlib.lines import Line2D

    style = LINES[status]
    return Line2D([], [], color=style["color"], linestyle=style["linestyle"],
                  linewidth=linewidth, label=style["label"])


def past_handle(linewidth: float):
    from matplotlib.lines import Line2D

    return Line2D([], [], color=PAST, linewidth=linewidth, label="Earlier movement")


def approx_handle():
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch

    return Patch(facecolor=to_rgba(UNCERTAIN.color, UNCERTAIN.fill_opacity),
                 edgecolor=UNCERTAIN.color, linestyle=(0, UNCERTAIN.dash),
                 label="Approximate location")


def area_handle(label: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=AREA, edgecolor=AREA_EDGE, label=label)


def context_handle(key: str):
    """The legend entry of context capitals (``key`` "capital") or other cities."""
    from matplotlib.lines import Line2D

    symbol, size = context_marker(key == "capital")
    return Line2D([], [], marker=symbol, markersize=size, color="white", markeredgecolor=CONTEXT,
                  markeredgewidth=1.2, linestyle="none", label=CONTEXT_LABELS[key])


def legend_handles(entries: dict) -> list:
    """Legend entries in reading order: place kinds, statuses, earlier steps, approximate
    locations, areas, then the context cities."""
    # Statuses drawn alike are one entry ("Reported or confirmed movement").
    lines = {status: _relabelled(entries[status], label)
             for status, label in status_legend(k for k in STATUSES if k in entries)}
    order = ([f"kind:{k}" for k in PLACE_KINDS] + list(STATUSES) + ["past", "approx"]
             + sorted(k for k in entries if k.startswith("area:")) + ["capital", "city"])
    out = [lines.get(k, entries[k]) for k in order
           if k in entries and (k not in STATUSES or k in lines)]
    if "kind:capital" in entries and "capital" in entries:
        # The story's own capital is "Capital": the context ones are the others, so that
        # the word is not in the legend twice for two symbols.
        out[out.index(entries["capital"])] = _relabelled(entries["capital"],
                                                          CONTEXT_LABELS["other capital"])
    return out


def _relabelled(handle, label: str):
    from copy import copy

    handle = copy(handle)
    handle.set_label(label)
    return handle
