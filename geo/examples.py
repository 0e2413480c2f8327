"""The example stories bundled with the package."""

from __future__ import annotations

from pathlib import Path

from .resources import example_file

__all__ = ["example_path"]

#: The first customer: Syrian soldiers who crossed into Iraq in December 2024.
EXAMPLE = "syria-iraq-soldiers.yaml"


def example_path(name: str = EXAMPLE) -> Path:
    """Path of a bundled example story (``examples/`` in the repository).

    Examples
    --------
    >>> example_path().name
    'syria-iraq-soldiers.yaml'
    """
    return Path(str(example_file(name)))
