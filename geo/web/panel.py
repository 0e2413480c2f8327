"""The page's panels as HTML: title, legend, source line, the map as text, the timeline's
controls and a large story's "Find a place" box. Every story string is escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scene import summary_sentences
from ..style import (AREA, AREA_EDGE, CONTEXT, KINDS, STATUS, TEXT, UNCERTAIN,
                     status_legend)
from ..text import credit_line, movement_sentence, place_sentence, present
from .escape import escape_html
from .features import dash, shape_svg

if TYPE_CHECKING:
    from ..scene import Scene

__all__ = ["FIND_INPUT", "FIND_LIST", "find_box", "panels", "timeline"]

#: The ids of the finder's input and list (``assets/bulk.js`` looks them up).
FIND_INPUT, FIND_LIST = "geo-find-input", "geo-find-list"


def _legend(scene: Scene, statuses: list[str], approx: bool, context: bool) -> list[str]:
    kinds = list(dict.fromkeys(p["kind"] if p["kind"] in KINDS else "other"
                               for p in scene.places))
    if scene.bulk:  # the canvas draws every kind as a disc, its size by kind
        rows = [f'<li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" '
                f'r="{KINDS[k].disc}" fill="{TEXT}" stroke="#fff" stroke-width="1.2"/></svg> '
                f'{escape_html(KINDS[k].label)}</li>' for k in kinds]
    else:
        rows = [f'<li>{shape_svg(k, 14)} {escape_html(KINDS[k].label)}</li>' for k in kinds]
    for status, label in status_legend(statuses):  # statuses drawn alike share a row
        style = STATUS[status]
        pattern = dash(style.dash, 3)
        pattern = f' stroke-dasharray="{pattern}"' if pattern else ""
        rows.append(f'<li><svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" '
                    f'x2="27" y2="5" stroke="{style.color}" stroke-width="3"{pattern}/></svg> '
                    f'{escape_html(label)}</li>')
    if approx:
        rows.append('<li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" '
                    f'r="6" fill="{UNCERTAIN.color}" fill-opacity="{UNCERTAIN.fill_opacity}" '
                    f'stroke="{UNCERTAIN.color}" stroke-dasharray="{dash(UNCERTAIN.dash, 1)}"/>'
                    f'</svg> Approximate location</li>')
    for label in (a["label"] for a in scene.areas):
        rows.append(f'<li><svg width="28" height="14" aria-hidden="true"><rect x="4" y="1" '
                    f'width="20" height="12" fill="{AREA}" stroke="{AREA_EDGE}"/></svg> '
                    f'{escape_html(label)}</li>')
    if context:
        rows.append(f'<li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" '
                    f'r="3.5" fill="#fff" stroke="{CONTEXT}" stroke-width="1.5"/></svg> '
                    'Capital or city of 100,000+</li>')
    return rows


def panels(scene: Scene, *, statuses: list[str], approx: bool, context: bool) -> str:
    """Title, legend, source line and the map as text.

    Landmarks: the title is the banner, the legend complementary, the source line the
    content info, the map a named region and its text alternative the main content.
    """
    story = scene.story
    subtitle = f'<p class="geo-subtitle">{escape_html(story.subtitle)}</p>' \
        if present(story.subtitle) else ""
    if scene.bulk:  # a summary: one sentence per feature would be megabytes
        text = "".join(f"<li>{escape_html(t)}</li>" for t in summary_sentences(story))
        moves = ""
    else:
        text = "".join(f"<li>{escape_html(place_sentence(story, r))}</li>"
                       for r in scene.places)
        moves = "".join(f"<li>{escape_html(movement_sentence(story, mv, scene.names))}</li>"
                        for mv in scene.moves)
    rows = _legend(scene, statuses, approx, context)
    return (f'<header class="geo-panel geo-title"><h1>{escape_html(story.title)}</h1>{subtitle}'
            f'</header><aside class="geo-panel geo-legend" aria-label="Legend">'
            f'<details open><summary>Legend</summary><ul>{"".join(rows)}</ul></details></aside>'
            f'<footer class="geo-panel geo-credit">{escape_html(credit_line(story))}</footer>'
            f'<main class="geo-sr" aria-label="The map as text"><h2>The map as text</h2>'
            f'<h3>{"Summary" if scene.bulk else "Places"}</h3><ul>{text}</ul>'
            + (f'<h3>Movements</h3><ul>{moves}</ul>' if moves else "") + '</main>')


def timeline(count: int) -> str:
    """The timeline's controls over ``count`` steps (``assets/timeline.js`` drives them)."""
    return (f'<div class="geo-panel geo-timeline" role="group" aria-label="Timeline">'
            f'<div class="geo-timeline-row"><button type="button" class="geo-prev" '
            f'aria-label="Previous step">&#8249;</button><input type="range" min="0" '
            f'max="{count}" step="1" value="{count}" aria-label="Timeline step">'
            f'<button type="button" class="geo-next" aria-label="Next step">&#8250;</button>'
            f'</div><p class="geo-step" aria-live="polite"><b></b> <span></span></p></div>')


def find_box() -> str:
    """A large story's keyboard path to any of its places: a combobox and its list."""
    return (f'<div class="geo-panel geo-find" role="search" aria-label="Find a place">'
            f'<label><span>Find a place </span><input id="{FIND_INPUT}" type="text" '
            f'role="combobox" aria-autocomplete="list" aria-expanded="false" '
            f'aria-controls="{FIND_LIST}" autocomplete="off" spellcheck="false"></label>'
            f'<ul id="{FIND_LIST}" role="listbox" aria-label="Places found" hidden></ul></div>')
