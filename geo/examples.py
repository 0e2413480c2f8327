"""The example stories bundled with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

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
    return Path(str(resources.files("geo._examples").joinpath(name)))
