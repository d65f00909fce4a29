"""YAML with line numbers: the safe loader's node tree, so every key can be blamed on its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import OdatagenError
from .readers import read_text


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def key_lines(node: yaml.Node) -> dict[str, int]:
    """The line of each key of a mapping that `YamlFile.mapping` has checked: where a diagnostic
    about an entry belongs (its value may start on the next line)."""
    return {key.value: line_of(key) for key, _ in node.value}


class YamlFile:
    def __init__(self, path: Path, display: str) -> None:
        self.display = display
        text = read_text(path, display)
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise OdatagenError.at(display, mark.line + 1 if mark else 1, f"invalid YAML: {problem}") from None
        self.root: yaml.Node = root if root is not None else yaml.MappingNode("tag:yaml.org,2002:map", [])

    def fail(self, node: yaml.Node, message: str) -> OdatagenError:
        return OdatagenError.at(self.display, line_of(node), message)

    def mapping(self, node: yaml.Node, what: str, allowed: set[str] | None = None) -> dict[str, yaml.Node]:
        """A mapping's entries by key; an unknown or repeated key is an error on its line."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        entries: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or not key:
                raise self.fail(key_node, f"{what}: keys must be strings")
            if key in entries:
                raise self.fail(key_node, f"{what}: {key!r} is given twice")
            if allowed is not None and key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(key_node, f"unknown key {key!r} in {what}; known keys: {known}")
            entries[key] = value_node
        return entries

    def value(self, node: yaml.Node) -> Any:
        loader = yaml.SafeLoader("")
        try:
            return loader.construct_object(node, deep=True)
        finally:
            loader.dispose()

    def string(self, node: yaml.Node, what: str) -> str:
        value = self.value(node)
        if not isinstance(value, str) or not value:
            raise self.fail(node, f"{what} must be a non-empty string")
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.value(node)
        if not isinstance(value, bool):
            raise self.fail(node, f"{what} must be true or false")
        return value

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, int]]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return [(self.string(item, what), line_of(item)) for item in node.value]
