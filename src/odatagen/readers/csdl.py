"""OData CSDL XML (EDMX 4.0 / 4.01) into the IR, with a parser that cannot be turned against us.

The parser loads no DTD, expands no entity, opens no network connection and processes no
XInclude; a document with a DOCTYPE or an entity declaration is refused before lxml sees it.
`edmx:Reference` URIs are recorded, never fetched: referenced namespaces resolve only from the
other files the user names. Every type name is stored namespace-qualified (aliases replaced).
"""

from __future__ import annotations

import re
from collections import defaultdict
from io import BytesIO
from lxml import etree

from ..errors import OdatagenError
from ..ir import (
    EDM_PRIMITIVES,
    Container,
    ContainerMember,
    CsdlDocument,
    Diagnostic,
    EntityType,
    EnumMember,
    EnumType,
    Location,
    Parameter,
    Property,
    ServiceOperation,
    TypeDefinition,
    TypeRef,
)

EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"
XINCLUDE = "http://www.w3.org/2001/XInclude"
_V2_EDMX = ("http://schemas.microsoft.com/ado/2007/06/edmx", "http://schemas.microsoft.com/ado/2009/11/edmx")
CORE = "Org.OData.Core.V1"
_ANNOTATION = f"{{{EDM}}}Annotation"
VALIDATION = "Org.OData.Validation.V1"
_DTD_MARKS = ("<!DOCTYPE", "<!ENTITY")
_SPATIAL = ("", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "Collection")
_EDM_NAMES = frozenset(
    [*EDM_PRIMITIVES, "Edm.Untyped", "Edm.PrimitiveType", "Edm.ComplexType", "Edm.EntityType", "Edm.AnnotationPath",
     "Edm.PropertyPath", "Edm.NavigationPropertyPath", *(f"Edm.{k}{s}" for k in ("Geography", "Geometry") for s in _SPATIAL)]
)
_EDM_BY_LOWER = {name.lower(): name for name in _EDM_NAMES}
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def _fail(source: str, line: int, message: str) -> OdatagenError:
    return OdatagenError.at(source, line, message)


def _refuse_dtd(data: bytes, source: str) -> None:
    """No DOCTYPE, no entity declaration, in any encoding a document may use: refused unread."""
    for encoding in _ENCODINGS:
        for mark in _DTD_MARKS:
            at = data.find(mark.encode(encoding))
            if at >= 0:
                line = data[:at].count("\n".encode(encoding)) + 1
                what = "a DOCTYPE" if mark == "<!DOCTYPE" else "an entity declaration"
                raise _fail(source, line, f"{what} is not allowed in CSDL (DTDs and entities are refused)")


def parse_xml(data: bytes, source: str) -> etree._Element:
    _refuse_dtd(data, source)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        tree = etree.parse(BytesIO(data), parser)
    except etree.XMLSyntaxError as exc:
        raise _fail(source, exc.lineno or 1, f"not well-formed XML: {exc.msg}{_hint(data)}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _fail(source, 1, "a DOCTYPE is not allowed in CSDL")
    root = tree.getroot()
    for node in root.iter(f"{{{XINCLUDE}}}*"):
        raise _fail(source, node.sourceline or 1, "XInclude is not processed; name the included file as a source")
    return root


_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


def _hint(data: bytes) -> str:
    """Why a document might not parse, where the bytes say more than libxml2 does."""
    if data.lstrip()[:1] in (b"{", b"["):
        return " (this looks like JSON; give the XML $metadata)"
    declared = _DECLARED.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            data.decode(name)
        except (LookupError, UnicodeDecodeError):
            return f" (the XML declaration says encoding={name!r}, but the file is not {name})"
        if name.lower().replace("-", "").startswith("utf16") and b"\x00" not in data[:100]:
            return f" (the XML declaration says encoding={name!r}, but the file is not {name})"
    return ""


class _Reader:
    def __init__(self, root: etree._Element, source: str) -> None:
        self.root = root
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.aliases: dict[str, str] = {}
        self.annotations: dict[str, list[etree._Element]] = defaultdict(list)

    def loc(self, node: etree._Element) -> Location:
        return Location(self.source, node.sourceline or 0)

    def fail(self, node: etree._Element, message: str) -> OdatagenError:
        return _fail(self.source, node.sourceline or 0, message)

    def attr(self, node: etree._Element, name: str) -> str:
        value = node.get(name)
        if not value:
            raise self.fail(node, f"<{etree.QName(node).localname}> needs a {name} attribute")
        return value

    # -- names ----------------------------------------------------------------------------------

    def qualify(self, name: str) -> str:
        """`graph.entity` -> `microsoft.graph.entity`; `Edm.*` and full names stay."""
        namespace, dot, short = name.rpartition(".")
        if dot and namespace in self.aliases:
            return f"{self.aliases[namespace]}.{short}"
        return name

    def type_ref(self, text: str, node: etree._Element) -> TypeRef:
        text = text.strip()
        collection = text.startswith("Collection(") and text.endswith(")") and len(text) > 12
        name = text[11:-1].strip() if collection else text
        return TypeRef(self.primitive(self.qualify(name), node), collection=collection)

    def primitive(self, name: str, node: etree._Element) -> str:
        """A primitive type name in the wrong case (`string`, `edm.int32`: a quirk of real Graph
        metadata) is that Edm type, with a warning; any other name stays as written."""
        if name in _EDM_NAMES:
            return name
        found = _EDM_BY_LOWER.get(name.lower()) or ("." not in name and _EDM_BY_LOWER.get("edm." + name.lower()))
        if not found:
            return name
        self.diagnostics.append(
            Diagnostic(self.loc(node), f"type {name!r} is read as {found}: primitive type names are case-sensitive", "warning", quirk=True)
        )
        return found

    # -- document -------------------------------------------------------------------------------

    def read(self) -> CsdlDocument:
        root = self.root
        if root.tag in {f"{{{ns}}}Edmx" for ns in _V2_EDMX} or (
            etree.QName(root).localname == "Edmx" and root.get("Version") == "1.0"
        ):
            raise self.fail(root, "OData V2 (EDMX 1.0) is not supported; odatagen reads CSDL 4.0 and 4.01")
        if root.tag != f"{{{EDMX}}}Edmx":
            raise self.fail(root, f"not an OData CSDL document: the root element is <{etree.QName(root).localname}>, not edmx:Edmx")
        version = root.get("Version", "")
        if version not in ("4.0", "4.01"):
            raise self.fail(root, f"unsupported EDMX Version {version!r}; expected 4.0 or 4.01")
        references = self._references()
        schemas = list(root.iter(f"{{{EDM}}}Schema"))
        for schema in schemas:
            alias = schema.get("Alias")
            if alias:
                self.aliases[alias] = self.attr(schema, "Namespace")
        for schema in schemas:
            self._collect_annotations(schema)
        entities: list[EntityType] = []
        enums: list[EnumType] = []
        definitions: list[TypeDefinition] = []
        containers: list[Container] = []
        operations: list[ServiceOperation] = []
        for schema in schemas:
            namespace = self.attr(schema, "Namespace")
            for node in schema:  # a type defined twice is kept twice: merge decides which wins
                if not isinstance(node.tag, str):
                    continue
                kind = etree.QName(node).localname
                if kind in ("EntityType", "ComplexType"):
                    entities.append(self._structured(node, namespace, kind))
                elif kind == "EnumType":
                    enums.append(self._enum(node, namespace))
                elif kind == "TypeDefinition":
                    definitions.append(self._type_definition(node, namespace))
                elif kind == "EntityContainer":
                    containers.append(self._container(node, namespace))
                elif kind in ("Action", "Function"):
                    operations.append(self._service_operation(node, namespace, kind))
        return CsdlDocument(
            source=self.source,
            version=version,
            namespaces=tuple(self.attr(s, "Namespace") for s in schemas),
            aliases=tuple(sorted(self.aliases.items())),
            entities=tuple(entities),
            enums=tuple(enums),
            type_definitions=tuple(definitions),
            containers=tuple(containers),
            service_operations=tuple(operations),
            references=references,
            diagnostics=tuple(self.diagnostics),
        )

    def _references(self) -> tuple[str, ...]:
        included: list[str] = []
        for ref in self.root.iter(f"{{{EDMX}}}Reference"):
            for include in ref.iter(f"{{{EDMX}}}Include"):
                namespace = self.attr(include, "Namespace")
                included.append(namespace)
                if include.get("Alias"):
                    self.aliases[include.get("Alias", "")] = namespace
        return tuple(included)

    # -- annotations ----------------------------------------------------------------------------

    def _collect_annotations(self, schema: etree._Element) -> None:
        for block in schema.iterchildren(f"{{{EDM}}}Annotations"):
            target = self.attr(block, "Target")
            path, slash, member = target.partition("/")
            key = self.qualify(path) + (slash + member if slash else "")
            self.annotations[key].extend(block.iterchildren(f"{{{EDM}}}Annotation"))

    def _terms(self, node: etree._Element, target: str) -> list[tuple[str, etree._Element]]:
        """The annotations of `node`: its own, then those an `Annotations` block gives `target`;
        each with its term's full name. Read once per node: the helpers below take the list."""
        own = node.findall(_ANNOTATION)
        other = self.annotations.get(target)
        if not own and not other:
            return []
        return [(self.qualify(a.get("Term", "")), a) for a in (*own, *(other or ()))]

    def _description(self, terms: list[tuple[str, etree._Element]]) -> str:
        found = [a.get("String", "") for term, a in terms if term == f"{CORE}.Description"]
        return found[0] if found else ""

    def _read_only(self, terms: list[tuple[str, etree._Element]]) -> bool:
        for term, annotation in terms:
            if term == f"{CORE}.Computed" and annotation.get("Bool", "true") == "true":
                return True
            if term == f"{CORE}.Permissions":
                value = annotation.get("EnumMember") or "".join(annotation.itertext())
                if value.strip().endswith("Permission/Read"):
                    return True
        return False

    def _flag(self, terms: list[tuple[str, etree._Element]], term: str) -> bool:
        """A Boolean term (`Core.Immutable`) that the node or an `Annotations` block applies."""
        return any(t == term and annotation.get("Bool", "true") == "true" for t, annotation in terms)

    def _allowed_values(self, terms: list[tuple[str, etree._Element]]) -> tuple[str | int, ...] | None:
        """`Validation.AllowedValues`: each record's `Value`, a string or an integer."""
        for term, annotation in terms:
            if term != f"{VALIDATION}.AllowedValues":
                continue
            values: list[str | int] = []
            for record in annotation.iter(f"{{{EDM}}}Record"):
                for value in record.iterchildren(f"{{{EDM}}}PropertyValue"):
                    if value.get("Property") == "Value":
                        values.append(self._constant(value))
            return tuple(values)
        return None

    def _constant(self, node: etree._Element) -> str | int:
        """A constant expression, as an attribute (`String="O"`, `Int="1"`) or a child element."""
        for kind in ("String", "Int"):
            text = node.get(kind)
            if text is None:
                child = node.find(f"{{{EDM}}}{kind}")
                text = None if child is None else "".join(child.itertext())
            if text is not None:
                if kind == "String":
                    return text
                number = _int(text)
                if number is None:
                    raise self.fail(node, f"an Int value must be an integer, not {text!r}")
                return number
        raise self.fail(node, "an allowed value must be a String or an Int constant")

    # -- types ----------------------------------------------------------------------------------

    def _structured(self, node: etree._Element, namespace: str, kind: str) -> EntityType:
        name = self.attr(node, "Name")
        qualified = f"{namespace}.{name}"
        props: list[Property] = []
        names: dict[str, int] = {}
        for child in node:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag not in ("Property", "NavigationProperty"):
                continue
            prop = self._property(child, qualified, navigation=tag == "NavigationProperty")
            if prop.name in names:
                raise self.fail(child, f"property {prop.name!r} of {qualified} is declared twice (first at line {names[prop.name]})")
            names[prop.name] = prop.loc.line
            props.append(prop)
        key = tuple(self.attr(ref, "Name") for k in node.iterchildren(f"{{{EDM}}}Key") for ref in k.iterchildren(f"{{{EDM}}}PropertyRef"))
        return EntityType(
            name=name,
            namespace=namespace,
            properties=tuple(props),
            loc=self.loc(node),
            description=self._description(self._terms(node, qualified)),
            key=key,
            kind="entity" if kind == "EntityType" else "complex",
            base_type=self.qualify(node.get("BaseType", "")),
            abstract=node.get("Abstract") == "true",
            open_type=node.get("OpenType") == "true",
            has_stream=node.get("HasStream") == "true",
        )

    def _property(self, node: etree._Element, owner: str, navigation: bool) -> Property:
        name = self.attr(node, "Name")
        terms = self._terms(node, f"{owner}/{name}")
        return Property(
            name=name,
            type=self.type_ref(self.attr(node, "Type"), node),
            loc=self.loc(node),
            description=self._description(terms),
            nullable=node.get("Nullable", "true") != "false",
            max_length=_int(node.get("MaxLength")),
            precision=_int(node.get("Precision")),
            scale=_int(node.get("Scale")),
            default_value=node.get("DefaultValue"),
            read_only=self._read_only(terms),
            immutable=self._flag(terms, f"{CORE}.Immutable"),
            computed_default=self._flag(terms, f"{CORE}.ComputedDefaultValue"),
            allowed_values=self._allowed_values(terms),
            navigation=navigation,
            contains_target=node.get("ContainsTarget") == "true",
        )

    def _enum(self, node: etree._Element, namespace: str) -> EnumType:
        name = self.attr(node, "Name")
        qualified = f"{namespace}.{name}"
        members: list[EnumMember] = []
        seen: dict[str, int] = {}
        for i, child in enumerate(node.iterchildren(f"{{{EDM}}}Member")):
            member = self.attr(child, "Name")
            if member in seen:
                raise self.fail(child, f"enum member {member!r} of {qualified} is declared twice (first at line {seen[member]})")
            seen[member] = child.sourceline or 0
            value_text = child.get("Value")
            value = _int(value_text) if value_text is not None else i
            if value is None:
                raise self.fail(child, f"enum member value {value_text!r} is not an integer")
            description = self._description(self._terms(child, f"{qualified}/{member}"))
            members.append(EnumMember(member, self.loc(child), value, description))
        return EnumType(
            name,
            namespace,
            tuple(members),
            self.loc(node),
            self._description(self._terms(node, qualified)),
            flags=node.get("IsFlags") == "true",
            underlying=node.get("UnderlyingType", "Edm.Int32"),
        )

    def _type_definition(self, node: etree._Element, namespace: str) -> TypeDefinition:
        return TypeDefinition(
            self.attr(node, "Name"),
            namespace,
            self.primitive(self.qualify(self.attr(node, "UnderlyingType")), node),
            self.loc(node),
            _int(node.get("MaxLength")),
            _int(node.get("Precision")),
            _int(node.get("Scale")),
        )

    def _container(self, node: etree._Element, namespace: str) -> Container:
        members = []
        for child in node:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag == "EntitySet":
                members.append(ContainerMember("entity_set", self.attr(child, "Name"), self.qualify(self.attr(child, "EntityType")), self.loc(child)))
            elif tag == "Singleton":
                members.append(ContainerMember("singleton", self.attr(child, "Name"), self.qualify(self.attr(child, "Type")), self.loc(child)))
            elif tag == "ActionImport":
                members.append(ContainerMember("action_import", self.attr(child, "Name"), self.qualify(self.attr(child, "Action")), self.loc(child)))
            elif tag == "FunctionImport":
                members.append(ContainerMember("function_import", self.attr(child, "Name"), self.qualify(self.attr(child, "Function")), self.loc(child)))
        name = self.attr(node, "Name")
        segments = self._flag(self._terms(node, f"{namespace}.{name}"), "Org.OData.Capabilities.V1.KeyAsSegmentSupported")
        return Container(name, namespace, tuple(members), self.loc(node), segments)

    def _service_operation(self, node: etree._Element, namespace: str, kind: str) -> ServiceOperation:
        params = tuple(
            Parameter(self.attr(p, "Name"), self.type_ref(self.attr(p, "Type"), p), self.loc(p), p.get("Nullable", "true") != "false")
            for p in node.iterchildren(f"{{{EDM}}}Parameter")
        )
        returns = [self.type_ref(self.attr(r, "Type"), r) for r in node.iterchildren(f"{{{EDM}}}ReturnType")]
        return ServiceOperation(
            "action" if kind == "Action" else "function",
            self.attr(node, "Name"),
            namespace,
            self.loc(node),
            bound=node.get("IsBound") == "true",
            parameters=params,
            return_type=returns[0] if returns else None,
            composable=node.get("IsComposable") == "true",
            entity_set_path=node.get("EntitySetPath", ""),
        )


def _int(text: str | None) -> int | None:
    if text is None or not re.fullmatch(r"-?\d+", text.strip()):
        return None
    return int(text)


def read_csdl(data: bytes, source: str) -> CsdlDocument:
    return _Reader(parse_xml(data, source), source).read()



