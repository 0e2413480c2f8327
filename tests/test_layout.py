"""How the code is laid out, held: floors that import only from below, public seams, sizes.

Every module of geo/ is on a floor (the README's "How the code is laid out"). A module
imports only modules on lower floors, or of its own package; so the renderers and the format
writers, all on one floor, never import each other. Imports inside functions count; those
only for type annotations (``if TYPE_CHECKING:``) do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

GEO = REPO / "geo"

#: Module (or package) -> floor. The longest matching prefix decides.
FLOORS = {
    "geo.errors": 0, "geo.vocab": 0, "geo.resources": 0, "geo.files": 0, "geo.fork": 0,
    "geo.names": 0, "geo.geometry": 0,
    "geo.examples": 1, "geo.style": 1, "geo.cache": 1,
    "geo.text": 2,
    "geo.boundaries": 3,
    "geo.gazetteer": 4,
    "geo.story": 5, "geo.geoparser": 5,
    "geo.scene": 6, "geo.draft": 6,
    "geo.static": 7, "geo.web": 7, "geo.outputs.geojson": 7, "geo.outputs.gpkg": 7,
    "geo.outputs.kml": 7, "geo.outputs.csv": 7, "geo.outputs.tables": 7,
    "geo.outputs": 8, "geo.layers": 8,
    "geo.cli": 9,
    "geo": 10,
}

#: Imports allowed upwards. It may only shrink: a story displays itself in a notebook as
#: its page, as a GeoDataFrame's explore() does, through one lazy import.
ALLOWED = {("geo.story.model", "geo.web")}


def _floor(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in FLOORS:
            return FLOORS[".".join(parts[:n])]
    raise KeyError(f"{module} has no floor: add it to FLOORS and to the README's layout")


def _package(module: str) -> str:
    """The package a module belongs to: geo.static.labels -> geo.static."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(GEO.rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(module: str, path: Path):
    """(imported geo module, names imported, line) of every import that runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _type_checking(node)
            for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "geo":
                    yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "geo":
                continue
            names = [a.name for a in node.names]
            if node.module is None or target in _modules() and \
                    all(f"{target}.{n}" in _modules() for n in names):
                # "from . import fork": modules, each imported as itself.
                for n in names:
                    yield (f"{target}.{n}" if f"{target}.{n}" in _modules() else target), [], \
                        node.lineno
            else:
                yield target, names, node.lineno


def test_every_module_imports_only_from_below_or_its_own_package():
    wrong = []
    for module, path in _modules().items():
        for target, _, line in _imports(module, path):
            if _package(target) == _package(module) and target != "geo":
                continue
            if _floor(target) < _floor(module) or (module, target) in ALLOWED:
                continue
            wrong.append(f"{path.relative_to(REPO)}:{line}: {module} (floor {_floor(module)}) "
                         f"imports {target} (floor {_floor(target)})")
    assert wrong == []


def test_the_allowed_upward_import_is_still_needed():
    found = {(m, _package(t)) for m, p in _modules().items() for t, _, _ in _imports(m, p)}
    assert ALLOWED <= found


def test_no_module_takes_another_modules_private_names():
    wrong = [f"{path.relative_to(REPO)}:{line}: from {target} import {name}"
             for module, path in _modules().items() for target, names, line in
             _imports(module, path) for name in names
             if name.startswith("_") and not name.startswith("__")]
    assert wrong == []


#: Generated modules (``scripts/build_*.py`` writes them): not read or edited by hand.
GENERATED = {"geo/story/fastcheck.py"}


@pytest.mark.parametrize("path", sorted({p.relative_to(REPO).as_posix()
                                         for p in GEO.rglob("*.py")} - GENERATED))
def test_modules_and_functions_stay_small(path):
    text = (REPO / path).read_text(encoding="utf-8")
    assert text.count("\n") <= 500, f"{path} has {text.count(chr(10))} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > 80]
    assert long == []


def test_no_script_or_style_in_python_strings():
    # The page's JavaScript and CSS are files in geo/web/assets/; a Python string that
    # holds either is one that nothing lints or tests as what it is.
    import re

    js = re.compile(r"\bfunction\s*\(|\bvar\s+\w+\s*=|addEventListener\(|querySelector")
    css = re.compile(r"[.#][\w-]+\s*\{[^}]*:[^}]*\}")
    wrong = []
    for module, path in _modules().items():
        if path.relative_to(REPO).as_posix() in GENERATED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    (js.search(node.value) or css.search(node.value)):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert wrong == []


def test_the_readme_lays_out_every_module_on_its_floor():
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## How the code is laid out"):]
    section = section[:section.index("\n## ", 4)]
    rows = dict(re.findall(r"^\| (\d+) \| ([^|]+) \|", section, re.M))
    for module in sorted(FLOORS):
        if module == "geo":
            continue
        name = module.split(".", 1)[1]
        top, _, sub = name.partition(".")
        floor = str(FLOORS[module])
        assert floor in rows, f"floor {floor} is not in the README"
        cell = rows[floor]
        assert f"`{top}" in cell or sub and sub in cell, f"{module} is not on floor {floor}"
