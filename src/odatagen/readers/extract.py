"""Facts from a segmented docs `Page`: the part shared by the markdown and rendered readers."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from ..ir import (
    Diagnostic,
    EnumMember,
    EnumType,
    Header,
    HttpExample,
    Location,
    Operation,
    OperationKind,
    PageFragment,
    Permissions,
    Property,
    TypeRef,
)
from .context import PageContext
from .operations import OperationReader, operation_target
from .page import CodeBlock, Page, Table
from .tables import TableReader, column, table_kind

_TITLE_VERBS: dict[str, OperationKind] = {
    "create": "create",
    "add": "create",
    "new": "create",
    "post": "create",
    "get": "get",
    "list": "list",
    "update": "update",
    "delete": "delete",
    "remove": "delete",
}
PageKind = Literal["resource", "enum", "api", "other"]
_PAGE_KINDS: dict[str, PageKind] = {"resourcePageType": "resource", "enumPageType": "enum", "apiPageType": "api"}
_TYPE_WORDS = r"(?:the |a |an )?(?:new |updated )?([A-Za-z_][\w.]*)(\s+(?:object|resource|entity))?"
_REPRESENTATION = re.compile(r"JSON representation (?:of|for) " + _TYPE_WORDS, re.IGNORECASE)
_SUPPLIED = re.compile(r"(?:supply|provide) " + _TYPE_WORDS, re.IGNORECASE)
_RELEVANT_FIELDS = re.compile(r"values for (?:the )?(?:relevant fields|properties that should be updated)", re.IGNORECASE)
_NO_PROPERTIES = re.compile(r"^(?:none|not applicable|n/a)\b|\bno properties\b", re.IGNORECASE)
_REQUEST = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)")
_REQUEST_PATH = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+((?:\{[^}\n]*\}|\S)+)")
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:\s*\S")
_STATUS = re.compile(r"^HTTP/\d(?:\.\d)?\s+(\d{3})")
_CLOUDS = (
    ("Global service", "global"),
    ("US Government L4", "us_gov_l4"),
    ("US Government L5 (DOD)", "us_gov_l5_dod"),
    ("China operated by 21Vianet", "china"),
)
_PERMISSION_ROWS = (
    ("work or school", "delegated_work"),
    ("personal", "delegated_personal"),
    ("application", "application"),
)


class _Extractor:
    def __init__(self, page: Page, diagnostics: list[Diagnostic]) -> None:
        self.page = page
        self.ctx = PageContext(page, diagnostics)
        self.ctx.namespace = self.namespace = self._namespace()
        self.tables = TableReader(self.ctx)

    def loc(self, line: int) -> Location:
        return self.ctx.loc(line)

    def error(self, line: int, message: str) -> None:
        self.ctx.error(line, message)

    def warn(self, line: int, message: str, kind: str = "", strict: bool = False) -> None:
        self.ctx.warn(line, message, kind, strict)

    def fragment(self) -> PageFragment:
        page = self.page
        page_kind = self._page_kind()
        examples = self._examples()
        fragment = PageFragment(
            source=page.source,
            form="markdown" if page.form == "markdown" else "rendered",
            title=page.title,
            loc=self.loc(page.title_line),
            page_kind=page_kind,
            namespace=self.namespace,
            description=self._description(),
        )
        if page_kind == "api":
            fragment = self._api_page(fragment, examples)
        else:
            fragment = self._type_page(fragment, examples)
        return replace(fragment, diagnostics=tuple(self.ctx.diagnostics))

    def _type_page(self, fragment: PageFragment, examples: tuple[HttpExample, ...]) -> PageFragment:
        """A resource, enum or other page: the type, its properties and relationships."""
        entity = self._entity(fragment.page_kind, examples)
        structural, navigation = self.tables.resource_tables()
        properties, annotations = self.tables.read(structural)
        navigation_properties, more = self.tables.read(navigation)
        if fragment.page_kind == "resource" and not structural and not navigation:
            self._no_property_table()
        return replace(
            fragment,
            entity=entity,
            properties=properties,
            navigation_properties=navigation_properties,
            annotations=annotations + more,
            enum=self._enum(fragment.page_kind, entity),
        )

    def _api_page(self, fragment: PageFragment, examples: tuple[HttpExample, ...]) -> PageFragment:
        """An API page: an action or function, or a create, get, list, update or delete."""
        method, path, line = self._endpoint(examples)
        target = operation_target(self.ctx, method, path)
        if target is not None:
            op = OperationReader(self.ctx, self.tables).operation(method, path, line, target)
            op = replace(
                op,
                description=fragment.description,
                paths=self._paths(),
                permissions=self._permissions(),
                examples=examples,
            )
            binding = op.parameters[0].type.name if op.bound else ""
            return replace(fragment, entity=binding, service_operation=op)
        kind = self._operation_kind()
        entity = self._entity("api", examples)
        properties: tuple[Property, ...] = ()
        annotations: tuple[Property, ...] = ()
        required = False
        body = self._body(kind, entity)
        if kind in ("create", "update"):
            properties, annotations = self.tables.read(self.tables.body_tables(entity))
            required = kind == "create" and any(
                "required when you create" in p.text for p in self.page.paragraphs if p.section == "request body"
            )
            if not properties and body is None and not path.endswith("/$ref"):
                self.error(self.ctx.section_line("request body"), f"{kind} page has no request-body property table")
        operation = None
        if kind is not None:
            operation = self._operation(kind, entity, examples, (method, path, line), body)
        return replace(
            fragment,
            entity=entity,
            operation=operation,
            properties=properties,
            properties_required_on_create=required,
            annotations=annotations,
        )

    # -- page-level facts -------------------------------------------------------------------

    def _namespace(self) -> str:
        for para in self.page.paragraphs:
            if para.text.startswith("Namespace:"):
                words = para.text.split(":", 1)[1].split()  # todotask-update.md: "microsoft.graph [!INCLUDE ...]"
                return words[0].rstrip(".") if words else ""  # message-reply.md: "microsoft.graph."
        return ""

    def _page_kind(self) -> PageKind:
        doc_type = self.page.front_matter.get("doc_type")
        title = self.page.title.lower()
        if isinstance(doc_type, str) and doc_type in _PAGE_KINDS:
            declared, typelike, requests = _PAGE_KINDS[doc_type], self._typelike(), bool(self._endpoint_blocks())
            if declared == "api" and typelike and not requests:
                return "resource"  # activateservice.md: a resource page marked apiPageType
            if declared == "resource" and requests and not typelike:
                return "api"  # ediscovery-case-list-operations.md: an API page marked resourcePageType
            return declared
        if title.endswith("resource type"):
            return "resource"
        if title.endswith("enum type"):
            return "enum"
        if self._title_verb() is not None or self._endpoint_blocks():
            return "api"
        return "other"

    def _typelike(self) -> bool:
        """A title "X resource type" (or "X resource"), or a Properties section."""
        title = self.page.title.lower().strip()
        return title.endswith(("resource type", " resource")) or self.tables.has_section("properties")

    def _title_verb(self) -> OperationKind | None:
        words = self.page.title.split()
        return _TITLE_VERBS.get(words[0].lower()) if words else None

    def _title_noun(self) -> str:
        words = self.page.title.split()
        if len(words) >= 2 and words[-1].lower() == "type":
            words = words[:-2]  # "X resource type", "X enum type"
        return words[-1] if words else ""

    def _description(self) -> str:
        fm = self.page.front_matter.get("description")
        if isinstance(fm, str):
            return fm.strip()
        for para in self.page.paragraphs:
            if para.section == "" and not para.text.startswith(("Namespace:", "Important:", "Note:")):
                return para.text
        return ""

    def _entity(self, page_kind: str, examples: tuple[HttpExample, ...]) -> str:
        for block in self.page.code_blocks:
            ann = block.annotation or {}
            if ann.get("blockType") == "resource" and isinstance(ann.get("@odata.type"), str):
                return str(ann["@odata.type"])
        if page_kind in ("resource", "enum"):
            return self.ctx.qualify(self._title_noun())
        for example in examples:
            odata_type = _odata_type(example)
            if odata_type:
                return odata_type
        returned = OperationReader(self.ctx, self.tables).return_type()
        if returned is not None and returned.name and not returned.is_primitive:
            return returned.name  # "returns a collection of [X] objects", the response's @odata.type
        for para in self.page.paragraphs:
            if para.section == "request body" and para.links:
                return self.ctx.qualify(para.links[0])
        pieces = PurePosixPath(self.page.source).stem.split("-")
        if len(pieces) >= 2 and pieces[-1] == "delete" and self._title_verb() == "delete":
            named = pieces[-2]  # tiindicator-delete.md, titled "Delete threat intelligence indicator"
            spelled = next((w for w in self.page.title.split() if w.lower() == named.lower()), named)
            return self.ctx.qualify(spelled)  # as the title spells it, where it does
        return self.ctx.qualify(self._title_noun())

    # -- tables -------------------------------------------------------------------------------

    def _tables(self, kind: str) -> list[Table]:
        return [t for t in self.page.tables if table_kind(t.header) == kind]

    def _no_property_table(self) -> None:
        """A resource page with no property table: "None" (or "no properties") under Properties
        says so; anything else is read as no properties of its own, with a warning."""
        if self.tables.has_section("properties"):
            said = [p.text for p in self.page.paragraphs if p.section == "properties"]
            if said and _NO_PROPERTIES.search(said[0]):
                return
            self.warn(
                self.ctx.section_line("properties"),
                "the Properties section has no property table; the type is read with no properties of its own",
            )
        elif not self.tables.has_section("relationships"):
            self.warn(
                self.page.title_line,
                "resource page has no Properties section; the type is read with no properties of its own",
            )

    def _body(self, kind: OperationKind | None, entity: str) -> TypeRef | None:
        """What the request body is, as the page says it: "supply a JSON representation of X" (X a
        link or followed by "object"), "supply (provide) the [X] object", or for an update "the
        values for relevant fields" (the page's entity)."""
        for para in self.page.paragraphs:
            if para.section != "request body":
                continue
            said = _REPRESENTATION.search(para.text)
            if said and (said.group(1) in para.links or said.group(2)):
                return TypeRef(self.ctx.qualify(said.group(1)))
            said = _SUPPLIED.search(para.text)
            if said and said.group(1) in para.links and said.group(2):
                return TypeRef(self.ctx.qualify(said.group(1)))
            if kind == "update" and entity and _RELEVANT_FIELDS.search(para.text):
                return TypeRef(entity)
        return None

    def _enum(self, page_kind: str, entity: str) -> EnumType | None:
        if page_kind != "enum":
            return None  # member tables on other pages describe some property's values
        tables = self._tables("member")
        if not tables:
            self.error(self.page.title_line, "enum page has no member table")
            return None
        members = []
        header = tables[0].header
        value_at = column(header, "value", -1) if header[0].strip().lower() == "member" else -1
        described_at = column(header, "description", -1)
        for row, _ in self.tables.checked_rows(tables[0]):
            value_text = row.cells[value_at].text.strip() if value_at >= 0 else ""
            value = int(value_text) if re.fullmatch(r"-?\d+", value_text) else None
            if value_text and value is None:
                self.error(row.line, f"enum member value {value_text!r} is not an integer")
            description = row.cells[described_at].text if described_at >= 0 else ""
            members.append(EnumMember(row.cells[0].text, self.loc(row.line), value, description))
        namespace, _, name = entity.rpartition(".")
        return EnumType(name, namespace or self.namespace, tuple(members), self.loc(tables[0].line), self._description())

    def _permissions(self) -> Permissions:
        tables = self._tables("permission type")
        if not tables:
            return Permissions()
        found: dict[str, tuple[str, ...] | None] = {}
        for row in tables[0].rows:
            label, value = row.cells[0].text.lower(), row.cells[1].text.strip() if len(row.cells) > 1 else ""
            kind = next((k for key, k in _PERMISSION_ROWS if key in label), None)
            if kind is None:
                self.warn(row.line, f"unknown permission type {row.cells[0].text!r}")
                continue
            found[kind] = self._scopes(value, row.line)
        return Permissions(loc=self.loc(tables[0].line), **found)

    def _scopes(self, value: str, line: int) -> tuple[str, ...] | None:
        if not value:
            return None
        if "todo" in value.lower():
            self.warn(line, f"permission scopes are a placeholder, not scopes: {value!r}")
            return None
        if value.lower().rstrip(".") in ("not supported", "not available", "none"):
            return ()
        return tuple(s.strip() for s in value.split(",") if s.strip())

    def _headers(self) -> tuple[Header, ...]:
        headers = []
        for table in self._tables("header"):
            if table.section == "request headers":
                for row in table.rows:
                    if len(row.cells) >= 2 and row.cells[0].text:
                        headers.append(Header(row.cells[0].text, row.cells[1].text, self.loc(row.line)))
        return tuple(headers)

    # -- HTTP blocks --------------------------------------------------------------------------

    def _endpoint_blocks(self) -> list[CodeBlock]:
        return [b for b in self.page.code_blocks if b.section == "http request"]

    def _examples(self) -> tuple[HttpExample, ...]:
        examples = []
        for block in self.page.code_blocks:
            ann = block.annotation or {}
            if ann.get("blockType") in ("resource", "ignored") and not block.section.startswith("example"):
                continue
            if not (block.section.startswith("example") or ann.get("blockType") in ("request", "response")):
                continue
            example = self._http_example(block)
            if example is not None:
                examples.append(example)
        return tuple(examples)

    def _http_example(self, block: CodeBlock) -> HttpExample | None:
        lines = block.text.split("\n")
        first = lines[0].strip() if lines else ""
        request, status = _REQUEST.match(first), _STATUS.match(first)
        if not (request or status):
            return None
        headers = []
        i = 1
        while i + 1 < len(lines) and not lines[i].strip() and _HEADER.match(lines[i + 1].strip()):
            i += 1  # a blank line between the request line and its headers (Intune's pages)
        while i < len(lines) and lines[i].strip():
            name, sep, value = lines[i].partition(":")
            if sep:
                headers.append(Header(name.strip(), value.strip(), self.loc(block.line + i)))
            i += 1
        body_lines = lines[i:]
        while body_lines and not body_lines[0].strip():
            body_lines, i = body_lines[1:], i + 1
        body = "\n".join(body_lines).strip() or None
        if body is not None and body[0] not in "{[":
            body = None  # bytes, MIME or text (driveitem-get-content.md's "<first 1024 bytes of file>")
        body_loc = self.loc(block.line + i) if body else None
        if body is not None and body_loc is not None:
            try:
                json.loads(body)
            except json.JSONDecodeError as exc:  # drift, not a page to leave out (`{ ... }` placeholders)
                message = f"example body is not valid JSON ({exc.msg}); the example is not checked"
                self.warn(body_loc.line + exc.lineno - 1, message, "example-json", strict=True)
                body = None
        loc = self.loc(block.line)
        if request:
            return HttpExample("request", loc, request.group(1), request.group(2), None, tuple(headers), body, body_loc)
        assert status is not None
        declared = _declared_type(block.annotation or {})
        return HttpExample("response", loc, "", "", int(status.group(1)), tuple(headers), body, body_loc, declared)

    def _operation_kind(self) -> OperationKind | None:
        by_title = self._title_verb()
        by_http = None
        for block in self._endpoint_blocks():
            request = _request_line(block.text.strip().split("\n")[0])
            if request:
                by_http = _kind_of(*request)
                break
        if by_title and by_http and by_title != by_http:
            self.warn(self.page.title_line, f"title says {by_title} but the HTTP request is a {by_http}")
        return by_title or by_http

    def _operation(
        self,
        kind: OperationKind,
        entity: str,
        examples: tuple[HttpExample, ...],
        request: tuple[str, str, int],
        body: TypeRef | None,
    ) -> Operation:
        method, path, line = request
        responses = [e for e in examples if e.role == "response" and e.status is not None]
        return Operation(
            kind=kind,
            entity=entity,
            method=method,
            path=path,
            loc=self.loc(line),
            title=self.page.title,
            permissions=self._permissions(),
            headers=self._headers(),
            examples=examples,
            clouds=self._clouds(),
            success_status=responses[0].status if responses else None,
            body=body,
        )

    def _paths(self) -> tuple[str, ...]:
        """Every request path of the HTTP request section, in order."""
        found = []
        for block in self._endpoint_blocks():
            for text in block.text.split("\n"):
                request = _request_line(text)
                if request:
                    found.append(request[1])
        return tuple(dict.fromkeys(found))

    def _endpoint(self, examples: tuple[HttpExample, ...]) -> tuple[str, str, int]:
        request = next((e for e in examples if e.role == "request"), None)
        example_path = _url_path(request.url) if request else ""
        for block in self._endpoint_blocks():
            for offset, text in enumerate(block.text.split("\n")):
                said = _request_line(text)
                if said is None:
                    continue
                method, path = said
                if path.endswith("/$ref"):
                    if example_path and not example_path.endswith("/$ref"):
                        self.warn(
                            block.line + offset,
                            f"HTTP request path {path} is a $ref (reference) path, but the example "
                            f"posts to the collection; using {example_path}",
                        )
                        path = example_path
                    else:
                        self.warn(block.line + offset, f"HTTP request path {path} is a $ref (reference) path")
                return method, path, block.line + offset
        if request is not None:
            return request.method, example_path, request.loc.line
        self.error(self.page.title_line, "API page gives no HTTP request path")
        return "GET", "/", self.page.title_line

    def _clouds(self) -> tuple[str, ...]:
        for para in self.page.paragraphs:
            if "national cloud" in para.text.lower():
                following = [p for p in self.page.paragraphs if p.line > para.line][:1]
                text = " ".join(p.text for p in following)
                return tuple(key for label, key in _CLOUDS if label in text)
        return ()


def _request_line(text: str) -> tuple[str, str] | None:
    """Method and path of a request line; a key placeholder may hold spaces, which are dropped
    (`/users/{user-id | user-principal-name}/teamwork` is `/users/{user-id|user-principal-name}/teamwork`)."""
    match = _REQUEST_PATH.match(text.strip())
    if match is None:
        return None
    return match.group(1), re.sub(r"\{[^}]*\}", lambda key: re.sub(r"\s+", "", key.group(0)), match.group(2))


def _kind_of(method: str, path: str) -> OperationKind | None:
    method = method.upper()
    if method == "POST":
        return "create"
    if method == "GET":
        return "get" if path.rstrip("/").endswith("}") else "list"
    if method in ("PATCH", "PUT"):
        return "update"
    if method == "DELETE":
        return "delete"
    return None


def _url_path(url: str) -> str:
    """The resource path of an example URL: scheme, host and version segment removed."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    if parts.netloc and len(segments) > 2:
        return "/" + "/".join(segments[2:])
    return parts.path


def _odata_type(example: HttpExample) -> str:
    if example.body is None:
        return ""
    data = json.loads(example.body)
    if isinstance(data, dict) and "value" in data:  # a list, or Intune's {"value": {...}} get response
        data = data["value"][0] if isinstance(data["value"], list) and data["value"] else data["value"]
    value = data.get("@odata.type") if isinstance(data, dict) else None
    return value.lstrip("#") if isinstance(value, str) else ""


def _declared_type(annotation: dict[str, object]) -> str:
    """The type a response annotation gives its body: `@odata.type`, a collection of it when
    `isCollection` is true."""
    named = annotation.get("@odata.type")
    if not isinstance(named, str) or not re.fullmatch(r"[A-Za-z_][\w.]*", named.strip().removeprefix("Collection(").removesuffix(")")):
        return ""
    named = named.strip()
    if annotation.get("isCollection") is True and not named.startswith("Collection("):
        return f"Collection({named})"
    return named


def extract(page: Page, diagnostics: list[Diagnostic]) -> PageFragment:
    return _Extractor(page, list(diagnostics)).fragment()
