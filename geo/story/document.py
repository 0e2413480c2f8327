"""A story file's text parsed, with the line and column of every value.

YAML through PyYAML's safe loader (libyaml's where there is one) that keeps dates as
written and refuses duplicate keys, aliases that expand too far and nesting too deep; JSON
through the json module, its positions found only when an error needs one.
"""

from __future__ import annotations

import gc
import json
import re
from contextlib import contextmanager
from functools import lru_cache

from ..errors import StoryError

__all__ = ["MAX_DIGITS", "MAX_VALUES", "Document", "field_path"]


def field_path(path) -> str:
    """``('movements', 2, 'to')`` as ``movements[2].to``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


#: Aliases may add at most this many YAML values to a story: a "billion laughs" file

#: of a few lines is refused instead of filling the memory.
MAX_VALUES = 100_000

#: A whole number in a story has at most this many digits (counts stop at ten billion):
#: one of 5,000 digits is refused with its position, before Python's int() does.
MAX_DIGITS = 30

@contextmanager
def _no_gc():
    """The cyclic garbage collector off: the node tree of a large story is millions of
    objects without cycles, and the collector walked them over and over (two thirds of
    the time for 100,000 places)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@lru_cache(maxsize=1)
def _loader_class():
    """SafeLoader that keeps dates as the strings they are written as and refuses duplicate
    keys; on libyaml's parser where PyYAML has it (ten times faster on a large story)."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:
                    continue  # unhashable: the base class reports it
                if first is not key_node:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first on line "
                        f"{first.start_mark.line + 1}); keep one", key_node.start_mark)
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node):
            text = self.construct_scalar(node)
            if len(text) > MAX_DIGITS:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a number of {len(text):,} digits; a story's numbers have at "
                    f"most {MAX_DIGITS} (put text in quotes)", node.start_mark)
            return super().construct_yaml_int(node)

    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


@lru_cache(maxsize=1)
def _marks_loader_class():
    """The loader for positions only: no value is resolved to a type (for a story of 100,000
    places, resolving took ten seconds of an error's positions)."""
    import yaml

    class Marks(_loader_class()):
        def resolve(self, kind, value, implicit):
            return {yaml.ScalarNode: "tag:yaml.org,2002:str",
                    yaml.SequenceNode: "tag:yaml.org,2002:seq"}.get(kind, "tag:yaml.org,2002:map")

    return Marks


def _alias_values(node, filename: str) -> int:
    """How many values aliases add to ``node`` once expanded (0 without aliases), counted
    up to MAX_VALUES + 1; refuses cycles."""
    import yaml

    distinct: set[int] = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if id(n) not in distinct:
            distinct.add(id(n))
            if isinstance(n, yaml.MappingNode):
                todo.extend(x for kv in n.value for x in kv)
            elif isinstance(n, yaml.SequenceNode):
                todo.extend(n.value)
    cap = len(distinct) + MAX_VALUES + 1
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(n) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        if id(n) in active:
            raise StoryError("an alias refers to the value that contains it (a cycle); "
                             "remove the alias", file=filename, line=n.start_mark.line + 1)
        active.add(id(n))
        total = 1
        if isinstance(n, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total += sum(size(v) for v in n.value)
        active.discard(id(n))
        sizes[id(n)] = min(total, cap)
        return sizes[id(n)]

    return size(node) - len(distinct)


def _unique_keys(pairs: list[tuple]) -> dict:
    """json.loads hook: refuses a duplicate key (the YAML path then reports its line)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


class Document:
    """Parsed data plus the position of every value, keyed by its path.

    A ``.json`` file is read with the json module, many times faster than YAML on a
    large story; its positions are then found (with a YAML parse) only if an error
    needs one. A JSON file with a duplicate key, or that is not valid JSON, takes the
    YAML path, which reports the problem with its line.
    """

    def __init__(self, text: str, filename: str):
        self.filename = filename
        self.text = text
        self._marks: dict[tuple, tuple[int, int]] | None = None
        if filename.lower().endswith(".json"):
            try:
                self.data = json.loads(text, object_pairs_hook=_unique_keys)
                return
            except (ValueError, RecursionError):
                pass
        node = self._compose()
        self._marks = {}
        if node is not None:
            self._walk(node, ())

    @property
    def marks(self) -> dict[tuple, tuple[int, int]]:
        if self._marks is None:
            self._marks = {}
            try:
                node = self._compose(data=False)
            except StoryError:
                node = None  # no positions to give
            if node is not None:
                self._walk(node, ())
        return self._marks

    def _compose(self, *, data: bool = True):
        """The YAML node tree of the text; sets ``data`` too unless ``data`` is False."""
        with _no_gc():
            return self._compose_now(data)

    def _compose_now(self, data: bool):
        import yaml

        filename = self.filename
        kind = "JSON" if filename.lower().endswith(".json") else "YAML"
        # Positions only: JSON's escapes of UTF-16 halves ("\ud800"), which libyaml refuses,
        # read as another escape of the same length.
        text = self.text if data else re.sub(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", r"\\ufffd",
                                             self.text)
        try:
            loader = (_loader_class() if data else _marks_loader_class())(text)
            try:
                node = loader.get_single_node()
                if data:
                    # (No "*" in the text: no alias, nothing to count.)
                    if node is not None and "*" in text and \
                            _alias_values(node, filename) > MAX_VALUES:
                        raise StoryError(f"the file's aliases expand to more than "
                                         f"{MAX_VALUES:,} values; a story needs far fewer "
                                         f"(remove the aliases)", file=filename)
                    self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            problem = (err.problem or "invalid YAML").strip()
            if "nesting depth" in problem:  # libyaml's limit
                raise StoryError("the file nests values too deeply; a story is a flat list of "
                                 "places and movements", file=filename,
                                 line=mark.line + 1 if mark else None) from None
            if not isinstance(err, yaml.constructor.ConstructorError):
                problem += "; check the indentation and quoting"
            raise StoryError(f"invalid {kind}: {problem}",
                             file=filename, line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None) from err
        except yaml.YAMLError as err:
            raise StoryError(f"invalid {kind}: {err}", file=filename) from err
        except RecursionError:
            raise StoryError("the file nests values too deeply; a story is a flat list of "
                             "places and movements", file=filename) from None
        return node

    def _walk(self, node, path: tuple) -> None:
        with _no_gc():
            self._walk_now(node, path)

    def _walk_now(self, node, path: tuple) -> None:
        import yaml

        self._marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk_now(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self._walk_now(value, path + (i,))

    def error(self, message: str, path: tuple = ()) -> StoryError:
        # The closest enclosing value that has a position.
        probe = tuple(path)
        while probe not in self.marks and probe:
            probe = probe[:-1]
        line, col = self.marks.get(probe, (None, None))
        return StoryError(message, file=self.filename, line=line, column=col,
                          field=field_path(path) or None)

