"""Print, as JSON, what the runtime made of every model class's own field declarations: the
attribute, its wire name, its codec (as the EDM type it stands for), whether it takes null, its
MaxLength, its allowed values, and whether it is computed or immutable.

Usage: python -m tests.tools.fields PACKAGE [PATH]   (PATH is put first on sys.path)
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any


def describe(codec: Any) -> str:
    """`Edm.String`, `Collection(Edm.Int32)`, or the model or enum class name."""
    if codec.kind == "list":
        return f"Collection({describe(codec.item)})"
    if codec.kind == "enum":
        return str(codec.edm)  # the class name (the class itself is imported on first use)
    return str(codec.model or codec.edm)


def main(argv: list[str]) -> int:
    package = argv[0]
    if len(argv) > 1:
        sys.path.insert(0, argv[1])
    registry = importlib.import_module(f"{package}._registry")
    runtime = importlib.import_module(f"{package}._runtime")
    out: dict[str, dict[str, list[Any]]] = {}
    for qualified in sorted(registry.TYPES):
        cls = runtime.load(qualified)
        own = cls.__dict__.get("__slots__", ())
        out[qualified] = {
            attr: [
                spec.wire,
                describe(spec.codec),
                spec.nullable,
                spec.max_length,
                None if spec.allowed is None else list(spec.allowed),
                spec.computed,
                spec.immutable,
            ]
            for attr, spec in cls.ODATA_FIELDS.items()
            if attr in own
        }
    print(json.dumps(out, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
