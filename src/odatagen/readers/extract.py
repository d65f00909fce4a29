"""Facts from a segmented docs `Page`: the part shared by the markdown and rendered readers."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from ..ir import (
    EDM_PRIMITIVES,
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
from .page import Cell, CodeBlock, Page, Row, Table

PRIMITIVES = {name.removeprefix("Edm.").lower(): name for name in EDM_PRIMITIVES}
_ENUM_WORDS = {"enumeration", "enum"}
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
_PAGE_KINDS = {"resourcePageType": "resource", "enumPageType": "enum", "apiPageType": "api"}
_POSSIBLE = re.compile(r"possible values (?:are|include)\s*:?\s*(.*)", re.IGNORECASE)
_REQUEST = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)")
_STATUS = re.compile(r"^HTTP/\d(?:\.\d)?\s+(\d{3})")
_NAME = re.compile(r"^[A-Za-z_@][A-Za-z0-9_.@-]*$")
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
        self.diagnostics = diagnostics
        self.namespace = self._namespace()

    def loc(self, line: int) -> Location:
        return Location(self.page.source, line)

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.loc(line), message))

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.loc(line), message, "warning"))

    def fragment(self) -> PageFragment:
        page = self.page
        page_kind = self._page_kind()
        examples = self._examples()
        operation_kind = self._operation_kind() if page_kind == "api" else None
        entity = self._entity(page_kind, examples, operation_kind)
        properties, required = self._properties(operation_kind)
        navigation = self._navigation()
        enum = self._enum(page_kind, entity)
        operation = None
        if operation_kind is not None:
            operation = self._operation(operation_kind, entity, examples)
        if page_kind == "resource" and not properties and not navigation:
            self.error(page.title_line, "resource page has no property table")
        if operation_kind in ("create", "update") and not properties:
            self.error(
                self._section_line("request body"),
                f"{operation_kind} page has no request-body property table",
            )
        return PageFragment(
            source=page.source,
            form="markdown" if page.form == "markdown" else "rendered",
            title=page.title,
            loc=self.loc(page.title_line),
            page_kind=page_kind,
            namespace=self.namespace,
            entity=entity,
            description=self._description(),
            operation=operation,
            properties=properties,
            properties_required_on_create=required,
            navigation_properties=navigation,
            enum=enum,
            diagnostics=tuple(self.diagnostics),
        )

    # -- page-level facts -------------------------------------------------------------------

    def _namespace(self) -> str:
        for para in self.page.paragraphs:
            if para.text.startswith("Namespace:"):
                return para.text.split(":", 1)[1].strip()
        return ""

    def _page_kind(self) -> str:
        doc_type = self.page.front_matter.get("doc_type")
        if isinstance(doc_type, str) and doc_type in _PAGE_KINDS:
            return _PAGE_KINDS[doc_type]
        title = self.page.title.lower()
        if title.endswith("resource type"):
            return "resource"
        if title.endswith("enum type"):
            return "enum"
        if self._title_verb() is not None or self._endpoint_blocks():
            return "api"
        return "other"

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

    def _section_line(self, section: str) -> int:
        for title, line in self.page.headings:
            if title.lower() == section:
                return line
        return self.page.title_line

    def _qualify(self, name: str) -> str:
        if "." in name or not self.namespace:
            return name
        return f"{self.namespace}.{name}"

    def _entity(self, page_kind: str, examples: tuple[HttpExample, ...], kind: OperationKind | None) -> str:
        for block in self.page.code_blocks:
            ann = block.annotation or {}
            if ann.get("blockType") == "resource" and isinstance(ann.get("@odata.type"), str):
                return str(ann["@odata.type"])
        if page_kind in ("resource", "enum"):
            return self._qualify(self._title_noun())
        for example in examples:
            odata_type = _odata_type(example)
            if odata_type:
                return odata_type
        for para in self.page.paragraphs:
            if para.section == "request body" and para.links:
                return self._qualify(para.links[0])
        return self._qualify(self._title_noun())

    # -- tables -------------------------------------------------------------------------------

    def _tables(self, kind: str) -> list[Table]:
        return [t for t in self.page.tables if _table_kind(t.header) == kind]

    def _checked_rows(self, table: Table) -> list[Row]:
        good = []
        for row in table.rows:
            if row.width == 0:
                continue  # a group label such as |**Mobile app management (MAM)**|
            if row.width != len(table.header):
                self.error(
                    row.line,
                    f"table row has {row.width} cells but its header has {len(table.header)}",
                )
            elif not _NAME.match(row.cells[0].text):
                self.error(row.line, f"table row names no valid property: {row.cells[0].text!r}")
            else:
                good.append(row)
        return good

    def _properties(self, kind: OperationKind | None) -> tuple[tuple[Property, ...], bool]:
        tables = self._tables("property")
        preferred = [t for t in tables if t.section in ("properties", "request body")]
        if not (preferred or tables):
            return (), False
        table = (preferred or tables)[0]
        props = tuple(self._property(row, table.header) for row in self._checked_rows(table))
        required = kind == "create" and any(
            "required when you create" in p.text for p in self.page.paragraphs if p.section == table.section
        )
        return props, required

    def _navigation(self) -> tuple[Property, ...]:
        tables = self._tables("relationship")
        if not tables:
            return ()
        return tuple(self._property(row, tables[0].header) for row in self._checked_rows(tables[0]))

    def _property(self, row: Row, header: tuple[str, ...]) -> Property:
        type_at = _column(header, "type", 1)
        described_at = _column(header, "description", 2)
        name, type_cell = row.cells[0].text, row.cells[type_at]
        description = row.cells[described_at].text if len(row.cells) > described_at else ""
        members = self._possible_values(row.cells[described_at], description, row.line) if description else ()
        ref = self._type_ref(type_cell.links[0] if type_cell.links else type_cell.text, row.line)
        if members and not ref.is_enum and not ref.is_primitive:
            ref = TypeRef(ref.name, ref.collection, is_enum=True)
        return Property(name, ref, self.loc(row.line), description, members)

    def _type_ref(self, text: str, line: int) -> TypeRef:
        text = text.strip()
        collection = False
        match = re.fullmatch(r"(?i)collection\((.+)\)", text)
        if match:
            text, collection = match.group(1).strip(), True
        elif text.lower().endswith(" collection"):
            text, collection = text[: -len(" collection")].strip(), True
        lowered = text.lower().removeprefix("edm.")
        if lowered in PRIMITIVES:
            return TypeRef(PRIMITIVES[lowered], collection)
        if lowered in _ENUM_WORDS:
            return TypeRef("", collection, is_enum=True)
        broken_link = re.match(r"^\[([A-Za-z_][\w.]*)\]\(", text)
        if broken_link:
            self.warn(line, f"type cell holds a malformed link {text!r}; reading it as {broken_link.group(1)}")
            text = broken_link.group(1)
        if not _NAME.match(text):
            self.error(line, f"property type {text!r} is not a type name")
            return TypeRef("Edm.String", collection)
        return TypeRef(self._qualify(text), collection)

    def _possible_values(self, cell: Cell, description: str, line: int) -> tuple[EnumMember, ...]:
        match = _POSSIBLE.search(description)
        if not match:
            return ()
        after = match.group(1)
        names = [c for c in cell.codes if c in after] if cell.codes else _split_list(after)
        loc = self.loc(line)
        return tuple(EnumMember(n, loc) for n in dict.fromkeys(names) if _NAME.match(n))

    def _enum(self, page_kind: str, entity: str) -> EnumType | None:
        if page_kind != "enum":
            return None  # member tables on other pages describe some property's values
        tables = self._tables("member")
        if not tables:
            self.error(self.page.title_line, "enum page has no member table")
            return None
        members = []
        header = tables[0].header
        value_at = _column(header, "value", -1) if header[0].strip().lower() == "member" else -1
        described_at = _column(header, "description", -1)
        for row in self._checked_rows(tables[0]):
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
        while i < len(lines) and lines[i].strip():
            name, sep, value = lines[i].partition(":")
            if sep:
                headers.append(Header(name.strip(), value.strip(), self.loc(block.line + i)))
            i += 1
        body_lines = lines[i:]
        while body_lines and not body_lines[0].strip():
            body_lines, i = body_lines[1:], i + 1
        body = "\n".join(body_lines).strip() or None
        body_loc = self.loc(block.line + i) if body else None
        if body is not None and body_loc is not None:
            try:
                json.loads(body)
            except json.JSONDecodeError as exc:
                self.error(body_loc.line + exc.lineno - 1, f"example body is not valid JSON: {exc.msg}")
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
            match = _REQUEST.match(block.text.strip())
            if match:
                by_http = _kind_of(match.group(1), match.group(2))
                break
        if by_title and by_http and by_title != by_http:
            self.warn(self.page.title_line, f"title says {by_title} but the HTTP request is a {by_http}")
        return by_title or by_http

    def _operation(self, kind: OperationKind, entity: str, examples: tuple[HttpExample, ...]) -> Operation:
        method, path, line = self._endpoint(examples)
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
        )

    def _endpoint(self, examples: tuple[HttpExample, ...]) -> tuple[str, str, int]:
        request = next((e for e in examples if e.role == "request"), None)
        example_path = _url_path(request.url) if request else ""
        for block in self._endpoint_blocks():
            for offset, text in enumerate(block.text.split("\n")):
                match = _REQUEST.match(text.strip())
                if not match:
                    continue
                method, path = match.groups()
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


_PROPERTY_HEADS = {"property", "property name", "parameter", "name"}


def _table_kind(header: tuple[str, ...]) -> str:
    """What a table holds, from its header: property, relationship, member, permission type, header."""
    names = [h.strip().lower() for h in header]
    if not names:
        return ""
    if names[0] in _PROPERTY_HEADS and "type" in names:
        return "property"
    if names[0] == "relationship" and "type" in names:
        return "relationship"
    if names[0] == "member" or (names[0] == "value" and names[1:] == ["description"]):
        return "member"
    return names[0]


def _column(header: tuple[str, ...], name: str, default: int) -> int:
    names = [h.strip().lower() for h in header]
    return names.index(name) if name in names else default


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
    if not isinstance(named, str) or not _NAME.match(named.strip().removeprefix("Collection(").removesuffix(")")):
        return ""
    named = named.strip()
    if annotation.get("isCollection") is True and not named.startswith("Collection("):
        return f"Collection({named})"
    return named


def _split_list(text: str) -> list[str]:
    text = text.split(". ")[0].rstrip(".")
    items = re.split(r",\s*|\s+or\s+|\s+and\s+", text)
    return [i.strip().strip("`'\"").removeprefix("and ").removeprefix("or ") for i in items if i.strip()]


def extract(page: Page, diagnostics: list[Diagnostic]) -> PageFragment:
    return _Extractor(page, list(diagnostics)).fragment()
