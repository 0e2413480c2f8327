"""Figures: one map with its title, subtitle and source line, or the timeline as small
multiples; saved as PNG, SVG and PDF (identical across runs) or animated as a GIF."""

from __future__ import annotations

import io
import logging
import math
import textwrap
from typing import TYPE_CHECKING

from ..scene import Scene
from ..style import MUTED, TEXT
from ..text import credit_line, present
from .mapview import MapView
from .presets import preset_named
from .symbols import legend_handles

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..story import Story

__all__ = ["render_gif", "render_static", "static_map", "static_steps"]

log = logging.getLogger("geo.static")


def static_map(story: Story, *, preset: str = "web", ax: Axes | None = None,
               step: int | None = None) -> Figure:
    """Draw ``story`` as a static map.

    Parameters
    ----------
    story : Story
        A loaded story.
    preset : {"web", "square", "print", "letter"}
        The figure size when ``ax`` is not given (see ``PRESETS``).
    ax : matplotlib.axes.Axes, optional
        Draw the map into this axes; the title goes to the axes title and the
        source line under the axes. Default: a new Figure with title, subtitle
        and source line.
    step : int, optional
        Draw the story as it stands at this step of its timeline (0-based, see
        ``geo.scene.steps``): that step's movements in full, earlier ones faded,
        later ones not yet; the subtitle becomes the step's caption.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the map (``ax.figure`` when ``ax`` is given). The map
        axes carries the projection as ``crs`` (a ``pyproj.CRS``, metres), so more
        data can be drawn on it: ``gdf.to_crs(ax.crs).plot(ax=ax)``.

    Raises
    ------
    GeoError
        An unknown ``preset``.

    Examples
    --------
    >>> import geo
    >>> fig = geo.static_map(geo.load_story(geo.example_path()), preset="square")
    >>> [float(v) for v in fig.get_size_inches()]
    [7.2, 7.2]
    """
    with _literal_text():
        return _static_map(story, preset=preset, ax=ax, step=step)


def _literal_text():
    """Every text the library draws is literal: a "$5" in a story is five dollars, not the
    start of mathtext (matplotlib reads text between two dollar signs as math)."""
    import matplotlib

    return matplotlib.rc_context({"text.parse_math": False})


def _static_map(story: Story, *, preset: str, ax, step: int | None) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    spec = preset_named(preset)
    scene = Scene.of(story)
    title, subtitle, shown = story.title, story.subtitle, None
    if step is not None:
        title = f"{story.title}: {scene.steps[step].label}"
        subtitle, shown = scene.steps[step].caption, scene.shown(step)
    if ax is None:
        fig = Figure(figsize=spec.size_in, dpi=spec.dpi)
        FigureCanvasAgg(fig)
        ax = _frame(fig, title, subtitle, credit_line(story))
    else:
        fig = ax.figure
        ax.set_title(title, loc="left", fontsize=13, fontweight="bold", color=TEXT)
        ax.annotate(credit_line(story), xy=(0, 0), xycoords="axes fraction", xytext=(0, -4),
                    textcoords="offset points", va="top", fontsize=7, color=MUTED,
                    wrap=True, gid="credit")
    MapView(scene, ax, shown=shown).draw()
    return fig


def static_steps(story: Story, *, preset: str = "web") -> Figure:
    """The story's timeline as small multiples: one panel per step, one extent, one legend.

    Each panel shows the movements of its step in full colour and those of earlier steps
    faded; later ones are not drawn yet. See ``geo.scene.steps`` for how steps are made.

    Returns
    -------
    matplotlib.figure.Figure
        Panels carry the gid ``step-N`` and a title with the step's label.
    """
    with _literal_text():
        return _static_steps(story, preset=preset)


def _static_steps(story: Story, *, preset: str) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scene = Scene.of(story)
    timeline = scene.steps
    spec = preset_named(preset)
    cols = min(len(timeline), 2 if len(timeline) == 4 else 3)
    rows = math.ceil(len(timeline) / cols)
    width = spec.size_in[0]
    panel_h = (width - 0.6) / cols * 0.7
    fig = Figure(figsize=(width, 1.9 + rows * (panel_h + 0.35)), dpi=spec.dpi)
    FigureCanvasAgg(fig)
    grid = _frame(fig, story.title, story.subtitle, credit_line(story))
    box = grid.get_position()
    fig.delaxes(grid)
    legend_h = 0.5 / fig.get_size_inches()[1]
    cell_w, cell_h = box.width / cols, (box.height - legend_h) / rows
    handles: dict[str, object] = {}
    for i, step in enumerate(timeline):
        r, c = divmod(i, cols)
        ax = fig.add_axes((box.x0 + c * cell_w + 0.004, box.y0 + legend_h + (rows - 1 - r) * cell_h
                           + 0.004, cell_w - 0.008, cell_h - 0.035))
        ax.set_gid(f"step-{i + 1}")
        m = MapView(scene, ax, shown=scene.shown(i), panel=True, step=step.label)
        m.draw()
        handles.update(m.legend)
        ax.set_title(f"{i + 1}. {step.label}", loc="left", fontsize=10, fontweight="bold",
                     color=TEXT, pad=3)
    fig.legend(handles=legend_handles(handles), loc="lower center",
               bbox_to_anchor=(0.5, box.y0 - 0.005), ncols=min(6, len(handles)), fontsize=8,
               frameon=False)
    return fig


def _wrap(text: str, fontsize: float, width_in: float, lines: int) -> str:
    """``text`` in lines that fit ``width_in``, at most ``lines`` of them (the last cut with
    an ellipsis): a long subtitle or source line never pushes the map off the page."""
    # Average glyph width of DejaVu Sans is about 0.55 em.
    chars = max(20, int(width_in * 72 / (fontsize * 0.55)))
    return textwrap.fill(" ".join(text.split()), chars, max_lines=lines, placeholder=" …")


def _frame(fig, title: str, subtitle: str | None, credit: str):
    """Title, subtitle and source line placed from their measured heights; returns the map axes."""
    renderer = fig.canvas.get_renderer()
    fw, fh = fig.get_size_inches()
    margin = 0.28
    width = fw - 2 * margin
    top = fh - margin
    title_text = fig.text(margin / fw, top / fh, _wrap(title, 16, width, 3), fontsize=16,
                          fontweight="bold", color=TEXT, va="top", gid="title")
    top -= title_text.get_window_extent(renderer).height / fig.dpi + 0.08
    if present(subtitle):
        sub = fig.text(margin / fw, top / fh, _wrap(subtitle, 10.5, width, 4),
                       fontsize=10.5, color=MUTED, va="top", linespacing=1.35, gid="subtitle")
        top -= sub.get_window_extent(renderer).height / fig.dpi + 0.05
    credit_text = fig.text(margin / fw, margin * 0.8 / fh, _wrap(credit, 7.5, width, 4),
                           fontsize=7.5, color=MUTED, va="bottom", linespacing=1.3,
                           gid="credit")
    bottom = margin * 0.8 + credit_text.get_window_extent(renderer).height / fig.dpi + 0.12
    top -= 0.12
    return fig.add_axes((margin / fw, bottom / fh, width / fw, (top - bottom) / fh))


#: savefig options that make output byte-identical across runs.
_DETERMINISTIC = {
    "png": {"metadata": {"Software": None}},
    "svg": {"metadata": {"Date": None, "Creator": None}},
    "pdf": {"metadata": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}},
}


def render_gif(story: Story, *, preset: str = "web", seconds: float = 2.0) -> bytes:
    """The story's timeline as an animated GIF: one frame per step, each a whole map
    titled with the step's label, at half the preset's resolution (identical across runs)."""
    from PIL import Image

    frames = []
    steps = Scene.of(story).steps
    for i, _ in enumerate(steps):
        log.info("drawing frame %d of %d of the animation", i + 1, len(steps))
        fig = static_map(story, preset=preset, step=i)
        # The frame's pixels as they are: a PNG made only to be read back cost a tenth.
        buf = io.BytesIO()
        fig.savefig(buf, format="rgba", dpi=fig.dpi / 2)
        # Agg's canvas is the figure's size in pixels cut down to whole pixels, not rounded
        # (A4 at half 300 dpi is 1753.5 px wide).
        size = (int(fig.get_figwidth() * fig.dpi / 2), int(fig.get_figheight() * fig.dpi / 2))
        frames.append(Image.frombuffer("RGBA", size, buf.getvalue(), "raw", "RGBA", 0, 1)
                      .convert("RGB").quantize(colors=255, method=Image.Quantize.MEDIANCUT,
                                               dither=Image.Dither.NONE))
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                   duration=int(seconds * 1000), loop=0, optimize=False)
    return out.getvalue()


def render_static(story: Story, formats, *, preset: str = "web",
                  layout: str = "map") -> dict[str, bytes]:
    """The story's static map in each of ``formats`` (png, svg, pdf), identical across runs.

    The figure is drawn once and saved in every format; ``layout="steps"`` draws the
    timeline as small multiples instead of one map.
    """
    import matplotlib

    from .. import fork

    formats = [formats] if isinstance(formats, str) else list(formats)
    fig = static_steps(story, preset=preset) if layout == "steps" else \
        static_map(story, preset=preset)

    def save(fmt: str) -> bytes:
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "geo-storymaps", "svg.fonttype": "none",
                                    "pdf.fonttype": 42}):
            fig.savefig(buf, format=fmt, dpi=fig.dpi, **_DETERMINISTIC[fmt])
        return buf.getvalue()

    # The PDF takes longest (its fonts are subset): with a second core, a copy of this
    # process writes it while this one writes the others.
    pdf = fork.forked(lambda: save("pdf")) if "pdf" in formats and len(formats) > 1 else None
    try:
        out = {fmt: save(fmt) for fmt in formats if not (pdf and fmt == "pdf")}
        if pdf:
            out["pdf"], pdf = pdf(), None
    finally:
        if pdf:
            pdf(cancel=True)
    return {fmt: out[fmt] for fmt in formats}

