"""Import every module of a generated package and round-trip every model class through
`to_dict`/`from_dict` with an instance built from its own properties.

Usage: python -m tests.tools.roundtrip PACKAGE [PATH]   (PATH is put first on sys.path)
Prints `N modules, M models round-tripped` and exits 1 listing the failures.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import importlib
import pkgutil
import sys
import uuid
from typing import Any

SAMPLES: dict[str, Any] = {
    "str": "text",
    "bool": True,
    "float": 1.5,
    "decimal": decimal.Decimal("12.50"),
    "guid": uuid.UUID("f9882bcd-2bcd-f988-cd2b-88f9cd2b88f9"),
    "dto": datetime.datetime(2017, 1, 1, 0, 1, 48, 769766, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))),
    "date": datetime.date(2021, 7, 13),
    "time": datetime.time(13, 45, 30, 500000),
    "duration": datetime.timedelta(days=1, hours=2, minutes=3, seconds=4),
    "binary": b"\x00\x01binary\xff",
    "any": {"free": ["form", 1]},
}
INTS = {"Edm.Byte": 255, "Edm.SByte": -128, "Edm.Int16": -32768, "Edm.Int32": 2147483647, "Edm.Int64": 9007199254740993}


def sample(codec: Any, package: Any) -> Any:
    kind = codec.kind
    if kind == "int":
        return INTS[codec.edm]
    if kind == "enum":
        return next(iter(codec.enum))
    if kind == "model":
        return getattr(package, codec.model)()
    if kind == "list":
        return [sample(codec.item, package)]
    return SAMPLES[kind]


def round_trip(cls: type, package: Any) -> str | None:
    kwargs = {
        f.name: sample(f.metadata["odata"].codec, package)
        for f in dataclasses.fields(cls)
        if "odata" in f.metadata
    }
    model = cls(**kwargs)
    data = model.to_dict()  # type: ignore[attr-defined]
    back = cls.from_dict(data)  # type: ignore[attr-defined]
    if back != model or back.to_dict() != data or type(back) is not cls:
        return f"{cls.__name__}: {data!r:.300}"
    return None


def main(argv: list[str]) -> int:
    name = argv[0]
    if len(argv) > 1:
        sys.path.insert(0, argv[1])
    package = importlib.import_module(name)
    modules = [m.name for m in pkgutil.walk_packages(package.__path__, f"{name}.")]
    failures: list[str] = []
    models = 0
    for module_name in modules:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module_name and hasattr(value, "ODATA_TYPE"):
                models += 1
                failure = round_trip(value, package)
                if failure:
                    failures.append(failure)
    print(f"{len(modules)} modules imported, {models} models round-tripped, {len(failures)} failed")
    for failure in failures[:20]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
