"""Action and function pages: a POST or GET whose path ends in an operation, not in an entity
set, a navigation or a key (`/items/{id}/restore`, `/microsoft.graph.delta()`, `/getSchedule`).

The page never says "action" in a machine-readable way, so the path's last segment is taken for
an operation when the page agrees by one of: a call (`name(...)`), a title `type: name` or
`name action`, a file name ending in `-name` (not `-list-name`, `-post-name`), a parameters
section, or a title verb that begins the camel-case name (`Reset ...` for `resetDecisions`). Its parameter
tables and return type ("returns ... a X collection in the response body") become an
`ir.ServiceOperation`, bound to the type the title (`driveItem: restore`) or the file name
(`driveitem-restore.md`) names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..ir import Parameter, ServiceOperation, TypeRef
from .context import PageContext
from .page import CodeBlock
from .tables import MISSPELLED, PRIMITIVES, TableReader

CRUD_WORDS = {"get", "list", "post", "create", "update", "delete", "add", "remove", "put", "patch"}
_CALL = re.compile(r"^([A-Za-z_][\w.]*)\((.*)\)$")
_SEGMENT = re.compile(r"^[A-Za-z_][\w.]*$")
_TYPE_TITLE = re.compile(r"^([A-Za-z_][\w.]*)(?:\s[^:]*)?\s*:\s*(\w+)$")  # "teamsAppInstallation in personal scope: upgrade"
_VERB_TITLE = re.compile(r"^(\w+)\s+(?:action|function)$", re.IGNORECASE)
_PARAMETER_SECTIONS = ("function parameters", "parameters", "action parameters")
_BODY = re.compile(r"\band\s+(.+?)\s+in the (?:response )?body", re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:(?:a|an|the|new|single)\s+)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """What the last segment of a request path names, if it can name an operation."""

    name: str
    namespace: str
    call: bool


def last_segment(path: str) -> Target | None:
    last = path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    call = _CALL.match(last)
    base = last
    if call:
        if call.group(2) and "=" not in call.group(2):
            return None  # a key in parentheses: items('x')
        base = call.group(1)
    if not _SEGMENT.match(base):
        return None  # {id}, $ref, $value, $count
    namespace, _, name = base.rpartition(".")
    return Target(name, namespace, call is not None)


def operation_target(ctx: PageContext, method: str, path: str) -> Target | None:
    """The operation a GET or POST page documents, or None for a create, get or list page."""
    if method not in ("GET", "POST"):
        return None
    target = last_segment(path)
    if target is None or target.call:
        return target
    name = target.name.lower()
    title = ctx.page.title.strip()
    words = title.lower().split()
    by_title = _TYPE_TITLE.match(title) or _VERB_TITLE.match(title)
    if by_title and by_title.group(by_title.lastindex or 1).lower() == name:
        return target
    pieces = PurePosixPath(ctx.page.source).stem.lower().split("-")
    crud_title = len(words) == 2 and words[0] in CRUD_WORDS and words[1] == name  # "List childTags"
    if pieces[-1] == name and (len(pieces) < 2 or pieces[-2] not in CRUD_WORDS) and not crud_title:
        return target
    if any(heading.lower().strip() in _PARAMETER_SECTIONS for heading, _ in ctx.page.headings):
        return target
    verb = words[0] if words else ""
    if verb not in CRUD_WORDS and len(name) > len(verb) >= 3 and name.startswith(verb) and target.name[len(verb)].isupper():
        return target  # "Reset accessReview": resetDecisions, not "Install app": installedApps
    return None


class OperationReader:
    def __init__(self, ctx: PageContext, tables: TableReader) -> None:
        self.ctx = ctx
        self.tables = tables

    def binding_type(self, target: Target) -> str:
        """The type the operation binds to, as the title (`driveItem: restore`, `Reset
        accessReview`) or the file name (`driveitem-restore.md`) names it ('' when neither does)."""
        by_title = _TYPE_TITLE.match(self.ctx.page.title.strip())
        if by_title and by_title.group(2).lower() == target.name.lower():
            return self.ctx.qualify(by_title.group(1))
        pieces = PurePosixPath(self.ctx.page.source).stem.split("-")
        if len(pieces) >= 2 and pieces[-1].lower() == target.name.lower():
            return self.ctx.qualify(pieces[-2])
        words = self.ctx.page.title.split()
        if len(words) == 2 and target.name.lower().startswith(words[0].lower()) and _SEGMENT.match(words[1]):
            return self.ctx.qualify(words[1])  # "Reset accessReview" for resetDecisions
        return ""

    def operation(self, method: str, path: str, line: int, target: Target) -> ServiceOperation:
        segments = path.split("?")[0].strip("/").split("/")
        params: list[Parameter] = []
        bound = len(segments) > 1
        binding = self.binding_type(target) if bound else ""
        if bound and not binding:
            self.ctx.warn(line, f"the page does not say which type {target.name} binds to; it binds to no builder")
        if binding:
            collection = _plural_of(segments[-2], binding.rpartition(".")[2])
            params.append(Parameter("bindingParameter", TypeRef(binding, collection), self.ctx.loc(line), False))
        sections = _PARAMETER_SECTIONS + (("request body",) if method == "POST" else ("path parameters", "request body"))
        props, _ = self.tables.read(self.tables.tables_in(sections))
        params += [Parameter(p.name, p.type, p.loc) for p in props]
        return ServiceOperation(
            "action" if method == "POST" else "function",
            target.name,
            target.namespace or self.ctx.namespace,
            self.ctx.loc(line),
            bound=bound and bool(binding),
            parameters=tuple(params),
            return_type=self.return_type(),
            documented_at=self.ctx.loc(line),
        )

    def return_type(self) -> TypeRef | None:
        """From the Response section's "returns ... and a X object in the response body", else
        from the response example's `@odata.type` annotation; None for no content."""
        for para in self.ctx.page.paragraphs:
            if para.section != "response" or "return" not in para.text.lower():
                continue
            match = _BODY.search(para.text)
            if match:
                found = self._named(match.group(1), para.links)
                if found is not None:
                    return found
        for block in self.ctx.page.code_blocks:
            found = _annotated(block, self.ctx)
            if found is not None:
                return found
        return None

    def _named(self, phrase: str, links: tuple[str, ...]) -> TypeRef | None:
        phrase = _ARTICLES.sub("", phrase.strip())
        collection = bool(re.search(r"\bcollection\b|\barray\b", phrase, re.IGNORECASE))
        phrase = re.sub(r"^(?:collection|array) of\s+", "", phrase, flags=re.IGNORECASE)
        linked = (link for link in links if re.search(rf"(?<!\w){re.escape(link)}(?!\w)", phrase))
        name = next(linked, phrase.split(" ")[0])  # "the restored [driveItem] object", "String collection"
        lowered = name.lower().removeprefix("edm.")
        if lowered in PRIMITIVES:
            return TypeRef(PRIMITIVES[lowered], collection)
        if lowered in MISSPELLED:
            return TypeRef(MISSPELLED[lowered], collection)
        if name in links and _SEGMENT.match(name):
            return TypeRef(self.ctx.qualify(name), collection)
        return None


def _plural_of(segment: str, type_name: str) -> bool:
    """Whether a path segment is the collection of a type (`deviceCompliancePolicies`)."""
    word, name = segment.lower(), type_name.lower()
    return word in (name + "s", name + "es", name[:-1] + "ies")


def _annotated(block: CodeBlock, ctx: PageContext) -> TypeRef | None:
    ann = block.annotation or {}
    odata_type = ann.get("@odata.type")
    if ann.get("blockType") != "response" or not isinstance(odata_type, str):
        return None
    match = re.fullmatch(r"Collection\((.+)\)", odata_type)
    name = match.group(1) if match else odata_type
    if not _SEGMENT.match(name):
        return None
    collection = bool(match) or ann.get("isCollection") is True
    lowered = name.lower().removeprefix("edm.")
    return TypeRef(PRIMITIVES[lowered] if lowered in PRIMITIVES else ctx.qualify(name), collection)
