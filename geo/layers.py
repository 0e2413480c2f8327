"""What both renderers draw (kept as an import path): the style table, the scene, the words.

The names below live in ``geo.style`` (colours, symbols, dashes, legend words),
``geo.vocab`` (kinds, statuses, thresholds), ``geo.scene`` (movement records, steps, the
lines as drawn) and ``geo.text`` (dates, counts, sentences); the library imports them
from there.
"""

from __future__ import annotations

from .scene import (BULK, Step, alt_text, display_paths, is_bulk, movements, status_counts, steps,
                    summary_sentences, touches)
from .style import (ADMIN1, AREA, AREA_EDGE, BORDER, CLAIMED, CONTEXT, FOCUS_LAND, KINDS, LAND,
                    MOVE, PAST, RIVER, SEA, STATUS)
from .text import (count_text, credit_line, date_text, movement_sentence, movement_text,
                   place_names, place_sentence, present)
from .vocab import STATUSES as STATUS_ORDER
from .vocab import UNCERTAIN_KM

__all__ = ["ADMIN1", "AREA", "AREA_EDGE", "BORDER", "BULK", "CLAIMED", "CONTEXT", "FOCUS_LAND",
           "KIND_LABEL", "KIND_MARKER", "LAND", "MOVE", "PAST", "RIVER", "SEA", "STATUS_ORDER",
           "STATUS_STYLE", "Step", "UNCERTAIN_KM", "alt_text", "count_text", "credit_line",
           "date_text", "display_paths", "is_bulk", "movement_sentence", "movement_text",
           "movements", "place_names", "place_sentence", "present", "status_counts", "steps",
           "summary_sentences", "touches"]

#: matplotlib marker and size (points) per place kind (``geo.style.KINDS``).
KIND_MARKER = {kind: (s.marker, s.size) for kind, s in KINDS.items()}
#: Legend wording per place kind (``geo.style.KINDS``).
KIND_LABEL = {kind: s.label for kind, s in KINDS.items()}
#: matplotlib line style, colour and legend label per status (``geo.style.STATUS``).
STATUS_STYLE = {status: {"linestyle": (0, s.dash) if s.dash else "-", "color": s.color,
                         "label": s.label} for status, s in STATUS.items()}
