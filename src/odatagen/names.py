"""The one sanitizer for identifiers that come from documents.

Everything that becomes a Python name goes through here: Unicode is folded (NFKC) and reduced
to ASCII word characters, keywords and soft keywords get a trailing underscore, and so do
builtins and the names a generated module uses itself. Collisions are resolved by the caller,
which knows the namespace the name lives in (`unique`).
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata
from collections.abc import Iterable

# `id` and `type` are too common as property names to rename; nothing generated shadows them.
_BUILTINS = frozenset(dir(builtins)) - {"id", "type"}
# Names a generated model module binds or a model class defines.
MODULE_NAMES = frozenset(
    {"annotations", "dataclass", "field", "datetime", "decimal", "uuid", "Any", "ClassVar", "Mapping",
     "UNSET", "Unset", "Problem", "ValidationError", "to_dict", "from_dict", "validate", "self", "cls",
     "additional_data", "prop", "model", "collection", "enum_of", "Nullable", "NonNull", "Model", "TYPE_CHECKING",
     "ODATA_TYPE", "ODATA_FIELDS", "REQUIRED_ON_CREATE", "ODataEnum", "enum", "dataclasses", "number",
     # the client's names, beside the models in the package root and the builder modules
     "Service", "Page", "HttpRequest", "ODataError", "GraphError", "ETag", "M", "EntityBuilder",
     "CollectionBuilder", "StreamBuilder", "ServiceBuilder", "PathBuilder", "ODataFlags", "OPEN_TYPE", "E",
     "Documented",
     # a model whose type replaces another (`from_replaced`)
     "Replaces", "REPLACES", "from_replaced", "Self"}
)
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | _BUILTINS | MODULE_NAMES


@functools.lru_cache(maxsize=None)  # Graph repeats its property names thousands of times
def _words(name: str) -> str:
    text = name if name.isascii() else unicodedata.normalize("NFKC", name)
    text = _NOT_WORD.sub("_", text)
    text = _ACRONYM_END.sub(r"\1_\2", text)
    return _LOWER_UPPER.sub(r"\1_\2", text).strip("_")


_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")
_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """`userPFXCertificate` -> `user_pfx_certificate`, `request-id` -> `request_id`."""
    return _words(name).lower()


def pascal(name: str) -> str:
    """`userPFXCertificate` -> `UserPFXCertificate`: the first letter raised, the rest kept."""
    text = re.sub(r"[^0-9A-Za-z_]+", "_", unicodedata.normalize("NFKC", name)).strip("_")
    return text[:1].upper() + text[1:]


def upper(name: str) -> str:
    """`oaepSha256` -> `OAEP_SHA256`: enum member names."""
    return _words(name).upper()


def safe(name: str, fallback: str = "value") -> str:
    """A valid, unreserved identifier: empty becomes `fallback`, a leading digit gets `n_`."""
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"n_{name}"
    if name in _RESERVED:
        name = f"{name}_"
    return name


def unique(names: Iterable[str]) -> list[str]:
    """Make names distinct in order of appearance: the second `foo` becomes `foo_2`."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def wire_name(attribute: str) -> str:
    """The wire name the generated runtime gives a field declared without one (its `wire_name`,
    which must agree): `sign_in_activity` -> `signInActivity`."""
    first, *rest = attribute.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)
