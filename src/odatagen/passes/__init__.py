"""Small named transforms over the merged schema, run in this order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from ..ir import Schema
from ..lock import NameLock
from .example_drift import example_drift
from .inheritance import check_inheritance
from .inline_enums import inline_enums
from .naming import name_everything
from .operations import check_operations
from .order import sort_schema
from .replacements import check_replacements
from .resolve import resolve_types
from .select import select_types

Pass = Callable[[Schema], Schema]

PASSES: tuple[Pass, ...] = (
    inline_enums,
    resolve_types,
    check_inheritance,
    check_replacements,
    check_operations,
    example_drift,
    sort_schema,
    name_everything,
)


def run_passes(schema: Schema, include: Sequence[str] = (), names: NameLock = NameLock()) -> Schema:
    """The passes in order; `include` (a type selection) applies before names are given, and
    `names` (the output folder's lock) gives back the names a previous run gave."""
    steps = list(PASSES)
    steps.insert(steps.index(sort_schema), partial(select_types, include=include))
    steps[steps.index(name_everything)] = partial(name_everything, lock=names)
    for step in steps:
        schema = step(schema)
    return schema
