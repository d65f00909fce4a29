"""The IR as plain data, for `odatagen inspect` and the snapshot tests."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import yaml

from .ir import HttpExample, Location


def to_data(value: Any) -> Any:
    if isinstance(value, Location):
        return str(value)
    if isinstance(value, HttpExample):
        data = {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data["body"] = json.loads(value.body) if value.body is not None else None
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def dump(value: Any, fmt: str) -> str:
    data = to_data(value)
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
