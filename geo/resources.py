"""Package data and metadata: the same files whether ``geo`` is installed or imported from its
source tree.

An installed ``geo`` carries ``data/boundaries`` and ``examples/`` inside itself, as the
packages ``geo._boundaries`` and ``geo._examples`` (pyproject's ``package-dir``). Python
started in the repository imports the source tree's ``geo/`` instead, which has neither
package: the folders are then found beside it, where the repository keeps them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["boundary_file", "example_file", "package_file", "package_yaml", "version"]

#: Data packages of an installed ``geo`` -> their folders in the repository.
_SOURCE = {"geo._boundaries": ("data", "boundaries"), "geo._examples": ("examples",)}


@lru_cache(maxsize=None)
def _folder(package: str) -> Traversable:
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        if package not in _SOURCE:
            raise
        return Path(__file__).resolve().parent.parent.joinpath(*_SOURCE[package])


def boundary_file(name: str) -> Traversable:
    """A shipped boundary file (``data/boundaries/`` in the repository)."""
    return _folder("geo._boundaries").joinpath(name)


def example_file(name: str) -> Traversable:
    """A bundled example story (``examples/`` in the repository)."""
    return _folder("geo._examples").joinpath(name)


def package_file(name: str) -> Traversable:
    """A file of the package itself, e.g. ``story.schema.json`` or ``data/curated.yaml``."""
    return _folder("geo").joinpath(name)


def package_yaml(name: str):
    """A YAML file of the package parsed (``data/curated.yaml``), by libyaml where PyYAML has
    it: ten times faster than its Python parser, which took 0.7 s of the index's build."""
    import yaml

    return yaml.load(package_file(name).read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def version() -> str:
    """The installed package's version ("0+unknown" for a source tree that is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("geo-storymaps")
    except PackageNotFoundError:
        return "0+unknown"
