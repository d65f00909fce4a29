"""OData URL literals (`_url`): every EDM type, keys, function calls, percent-encoding; the OASIS
ABNF cases; hypothesis round trips through the runtime's own parsers and the ABNF's shapes.

The module under test is generated/graph_certificates/_url.py, imported under a package name of
its own, so the installed graph_certificates other tests use is left alone.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import importlib
import importlib.util
import json
import math
import re
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

CASES = yaml.safe_load((ROOT / "tests/data/abnf-url-cases.yaml").read_text(encoding="utf-8"))
KEY_SEGMENTS = yaml.safe_load((ROOT / "tests/data/abnf-key-query-cases.yaml").read_text(encoding="utf-8"))["keys"]
PACKAGE = "url_literals_under_test"


@pytest.fixture(scope="module")
def url() -> Iterator[Any]:
    folder = ROOT / "generated" / "graph_certificates"
    spec = importlib.util.spec_from_file_location(PACKAGE, folder / "__init__.py", submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    sys.modules[PACKAGE] = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(sys.modules[PACKAGE])
        yield importlib.import_module(f"{PACKAGE}._url")
    finally:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def values(url: Any) -> Any:
    return sys.modules[f"{PACKAGE}._values"]


UTC = datetime.timezone.utc


def offset(hours: int, minutes: int = 0) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))


# -- the ABNF's shapes, as regular expressions over what goes into a URL --------------------------

SIGN, COLON, SQ, COMMA = r"(?:\+|%2[Bb]|-)", r"(?::|%3[Aa])", r"(?:'|%27)", r"(?:,|%2[Cc])"
YEAR = r"-?(?:0\d{3}|[1-9]\d{3,})"
DATE = YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
HOUR, MINUTE = r"(?:[01]\d|2[0-3])", r"[0-5]\d"
TIME = rf"{HOUR}{COLON}{MINUTE}(?:{COLON}(?:[0-5]\d|60)(?:\.\d{{1,12}})?)?"
DECIMAL = rf"(?:{SIGN}?\d+(?:\.\d+)?(?:[eE]{SIGN}?\d+)?|NaN|-INF|INF)"
B64 = "[A-Za-z0-9_-]"
PCHAR_NO_SQUOTE = r"(?:[A-Za-z0-9\-._~!$&=:@()*+,;]|%(?!27)[0-9A-Fa-f]{2})"
MEMBER = rf"(?:[A-Za-z_]\w*|{SIGN}?\d{{1,19}})"
SHAPES = {  # primitiveLiteral's alternatives, by EDM type
    "Edm.String": rf"{SQ}(?:{SQ}{SQ}|{PCHAR_NO_SQUOTE})*{SQ}",
    "Edm.Boolean": r"(?i:true|false)",
    "Edm.Byte": r"\d{1,3}",
    "Edm.SByte": rf"{SIGN}?\d{{1,3}}",
    "Edm.Int16": rf"{SIGN}?\d{{1,5}}",
    "Edm.Int32": rf"{SIGN}?\d{{1,10}}",
    "Edm.Int64": rf"{SIGN}?\d{{1,19}}",
    "Edm.Decimal": DECIMAL,
    "Edm.Double": DECIMAL,
    "Edm.Single": DECIMAL,
    "Edm.Guid": r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
    "Edm.Date": DATE,
    "Edm.TimeOfDay": TIME,
    "Edm.DateTimeOffset": rf"{DATE}T{TIME}(?:Z|{SIGN}{HOUR}{COLON}{MINUTE})",
    "Edm.Duration": rf"(?i:duration)?{SQ}-?P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?{SQ}",
    "Edm.Binary": rf"(?i:binary){SQ}(?:{B64}{{4}})*(?:{B64}{{2}}[AEIMQUYcgkosw048]=?|{B64}[AQgw](?:==)?)?{SQ}",
    "Sales.Pattern": rf"(?:Sales\.Pattern)?{SQ}{MEMBER}(?:{COMMA}{MEMBER})*{SQ}",
}


def shaped(text: str, edm: str) -> bool:
    return re.fullmatch(SHAPES[edm], text) is not None


def read(values: Any, text: str, edm: str) -> Any:
    """The value a literal (or a payload's text) stands for, through the runtime's own parsers."""
    text = urllib.parse.unquote(text)
    if edm == "Edm.String":
        assert text[0] == text[-1] == "'"
        return text[1:-1].replace("''", "'")
    if text.endswith("'"):  # duration'...', binary'...', Sales.Pattern'...'
        text = text.partition("'")[2][:-1]
    if edm == "Edm.Boolean":
        return {"true": True, "false": False}[text.lower()]
    if edm in ("Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64"):
        return int(text)
    if edm in ("Edm.Single", "Edm.Double"):
        return float(text.replace("INF", "inf"))
    parse = {
        "Edm.Decimal": values.parse_decimal, "Edm.Guid": values.parse_guid, "Edm.Date": values.parse_date,
        "Edm.TimeOfDay": values.parse_time, "Edm.DateTimeOffset": values.parse_dto,
        "Edm.Duration": values.parse_duration, "Edm.Binary": values.parse_binary,
    }.get(edm, str)
    return parse(text)


def same(a: Any, b: Any) -> bool:
    """Equal, and as written: NaN is NaN, -0.0 is not 0.0, 1.10 keeps its digits, offsets stay."""
    if isinstance(a, decimal.Decimal):
        return type(b) is decimal.Decimal and (str(a) == str(b) or (a.is_nan() and b.is_nan()))
    if isinstance(a, float):
        return type(b) is float and (repr(a) == repr(b) or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, datetime.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return type(a) is type(b) and a == b


# -- every EDM type ---------------------------------------------------------------------------------


class Pattern(str, enum.Enum):
    SOLID = "Solid"
    YELLOW = "Yellow"


LITERALS = [
    ("Edm.String", "O'Neil", "'O''Neil'"),
    ("Edm.String", "", "''"),
    ("Edm.String", "''", "''''''"),
    ("Edm.String", "a b/c?d", "'a b/c?d'"),  # not yet percent-encoded
    ("Edm.Boolean", True, "true"),
    ("Edm.Boolean", False, "false"),
    ("Edm.Byte", 255, "255"),
    ("Edm.SByte", -128, "-128"),
    ("Edm.Int16", 32767, "32767"),
    ("Edm.Int32", -2147483648, "-2147483648"),
    ("Edm.Int64", 9223372036854775807, "9223372036854775807"),
    ("Edm.Decimal", decimal.Decimal("1.10"), "1.10"),
    ("Edm.Decimal", decimal.Decimal("123456789012345678901234567890.123456789"), "123456789012345678901234567890.123456789"),
    ("Edm.Decimal", decimal.Decimal("-1.234567E+3"), "-1234.567"),
    ("Edm.Decimal", decimal.Decimal("1e-101"), "1E-101"),
    ("Edm.Decimal", 42, "42"),
    ("Edm.Decimal", decimal.Decimal("Infinity"), "INF"),
    ("Edm.Decimal", decimal.Decimal("-Infinity"), "-INF"),
    ("Edm.Decimal", decimal.Decimal("NaN"), "NaN"),
    ("Edm.Double", 3.14, "3.14"),
    ("Edm.Double", 0.1 + 0.2, "0.30000000000000004"),
    ("Edm.Double", 1e300, "1e+300"),
    ("Edm.Double", -0.0, "-0.0"),
    ("Edm.Double", 2, "2"),
    ("Edm.Double", math.inf, "INF"),
    ("Edm.Double", -math.inf, "-INF"),
    ("Edm.Double", math.nan, "NaN"),
    ("Edm.Single", 0.5, "0.5"),
    ("Edm.Single", -math.inf, "-INF"),
    ("Edm.Guid", uuid.UUID("01234567-89AB-CDEF-0123-456789ABCDEF"), "01234567-89ab-cdef-0123-456789abcdef"),
    ("Edm.Date", datetime.date(2021, 7, 13), "2021-07-13"),
    ("Edm.Date", datetime.date(1, 1, 1), "0001-01-01"),
    ("Edm.TimeOfDay", datetime.time(13, 45), "13:45:00"),
    ("Edm.TimeOfDay", datetime.time(13, 45, 30, 123400), "13:45:30.123400"),
    ("Edm.DateTimeOffset", datetime.datetime(2021, 7, 13, 8, 30, tzinfo=UTC), "2021-07-13T08:30:00Z"),
    ("Edm.DateTimeOffset", datetime.datetime(2021, 7, 13, 8, 30, tzinfo=offset(0)), "2021-07-13T08:30:00Z"),
    ("Edm.DateTimeOffset", datetime.datetime(2021, 7, 13, 8, 30, 1, 500000, tzinfo=offset(-8)), "2021-07-13T08:30:01.500000-08:00"),
    ("Edm.DateTimeOffset", datetime.datetime(2021, 7, 13, tzinfo=offset(5, 30)), "2021-07-13T00:00:00+05:30"),
    ("Edm.Duration", datetime.timedelta(days=1, hours=2), "duration'P1DT2H'"),
    ("Edm.Duration", datetime.timedelta(0), "duration'PT0S'"),
    ("Edm.Duration", -datetime.timedelta(days=6, hours=23, minutes=59, seconds=59.9999), "duration'-P6DT23H59M59.9999S'"),
    ("Edm.Binary", b"foobar", "binary'Zm9vYmFy'"),
    ("Edm.Binary", b"\xfb\xff", "binary'-_8'"),  # base64url: "-" and "_", never "+" and "/"
    ("Edm.Binary", bytearray(b"f"), "binary'Zg'"),  # no padding: "=" would have to be escaped
    ("Edm.Binary", b"", "binary''"),
    ("Sales.Pattern", Pattern.YELLOW, "Sales.Pattern'Yellow'"),
    ("Sales.Pattern", "Solid,Yellow", "Sales.Pattern'Solid,Yellow'"),  # a flags value
    ("Sales.Pattern", "42", "Sales.Pattern'42'"),
    ("Edm.Int32", None, "null"),
    ("Sales.Pattern", None, "null"),
]


@pytest.mark.parametrize(("edm", "value", "text"), LITERALS, ids=[f"{e}:{t}" for e, _, t in LITERALS])
def test_literal_of_every_type(url: Any, values: Any, edm: str, value: Any, text: str) -> None:
    assert url.literal(value, edm) == text
    if value is not None:
        assert shaped(url.quote_segment(text), edm)
        assert same(read(values, text, edm), as_read(value, edm))


def as_read(value: Any, edm: str) -> Any:
    """What `read` gives back for `value`: an enum's wire name, an int as the type's number."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, int) and edm in ("Edm.Single", "Edm.Double", "Edm.Decimal"):
        return float(value) if edm != "Edm.Decimal" else decimal.Decimal(value)
    return bytes(value) if isinstance(value, bytearray) else value


WRONG_TYPES = [
    ("Edm.String", 1, "Edm.String expects str, not int"),
    ("Edm.String", b"x", "Edm.String expects str, not bytes"),
    ("Edm.Boolean", 1, "Edm.Boolean expects bool, not int"),
    ("Edm.Int32", True, "Edm.Int32 expects int, not bool"),
    ("Edm.Int32", 1.0, "Edm.Int32 expects int, not float"),
    ("Edm.Int64", "1", "Edm.Int64 expects int, not str"),
    ("Edm.Double", "1.5", "Edm.Double expects float, not str"),
    ("Edm.Double", decimal.Decimal(1), "Edm.Double expects float, not Decimal"),
    ("Edm.Decimal", 1.5, "Edm.Decimal expects decimal.Decimal or int (a float has lost digits), not float"),
    ("Edm.Guid", "01234567-89ab-cdef-0123-456789abcdef", "Edm.Guid expects uuid.UUID, not str"),
    ("Edm.Date", datetime.datetime(2021, 7, 13, tzinfo=UTC), "Edm.Date expects datetime.date, not datetime"),
    ("Edm.Date", "2021-07-13", "Edm.Date expects datetime.date, not str"),
    ("Edm.TimeOfDay", datetime.timedelta(hours=1), "Edm.TimeOfDay expects datetime.time, not timedelta"),
    ("Edm.DateTimeOffset", datetime.date(2021, 7, 13), "Edm.DateTimeOffset expects datetime.datetime (aware), not date"),
    ("Edm.Duration", 3600, "Edm.Duration expects datetime.timedelta, not int"),
    ("Edm.Binary", "Zm9v", "Edm.Binary expects bytes, not str"),
    ("Sales.Pattern", 1, "Sales.Pattern expects a member or member names (str), not int"),
]


@pytest.mark.parametrize(("edm", "value", "message"), WRONG_TYPES, ids=[f"{e}:{type(v).__name__}" for e, v, _ in WRONG_TYPES])
def test_a_value_of_the_wrong_python_type_is_a_type_error(url: Any, edm: str, value: Any, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        url.literal(value, edm)


BAD_VALUES = [
    ("Edm.Byte", 256, "256 is out of range for Edm.Byte (0 to 255)"),
    ("Edm.SByte", -129, "out of range for Edm.SByte"),
    ("Edm.Int32", 2**31, "out of range for Edm.Int32"),
    ("Edm.Int64", -(2**63) - 1, "out of range for Edm.Int64"),
    ("Edm.DateTimeOffset", datetime.datetime(2021, 7, 13), "a DateTimeOffset needs an aware datetime, got naive"),
    ("Edm.DateTimeOffset", datetime.datetime(2021, 7, 13, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))), "whole minutes"),
    ("Edm.TimeOfDay", datetime.time(1, tzinfo=UTC), "a TimeOfDay has no offset"),
    ("Sales.Pattern", "Solid, Yellow", "is not Sales.Pattern member names"),
    ("Sales.Pattern", "x'", "is not Sales.Pattern member names"),  # no way out of the quotes
    ("Sales.Pattern", "", "is not Sales.Pattern member names"),
    ("Edm.GeographyPoint", {"type": "Point", "coordinates": [1, 2]}, "Edm.GeographyPoint has no literal in a URL path"),
    ("Edm.Untyped", "x", "Edm.Untyped has no literal in a URL path"),
    ("Collection(Edm.String)", ["x"], "has no literal in a URL path; pass it as a parameter alias"),
    ("Pattern", "Solid", "Pattern has no literal"),  # an enum type is qualified
]


@pytest.mark.parametrize(("edm", "value", "message"), BAD_VALUES, ids=[f"{e}:{v!r}" for e, v, _ in BAD_VALUES])
def test_a_value_the_type_cannot_hold_is_a_value_error(url: Any, edm: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        url.literal(value, edm)


# -- percent-encoding -------------------------------------------------------------------------------


def test_percent_encoding_escapes_what_a_url_would_misread(url: Any) -> None:
    text = "a b/c?d#e%f&g=h+i;j\"k<l>m\\n[o]p{q}r|s`t^u\x00v\u00e9w\u20acx"
    escaped = "a%20b%2Fc%3Fd%23e%25f%26g%3Dh%2Bi%3Bj%22k%3Cl%3Em%5Cn%5Bo%5Dp%7Bq%7Dr%7Cs%60t%5Eu%00v%C3%A9w%E2%82%ACx"
    assert url.quote_segment(text) == escaped
    assert url.quote_query(text) == escaped.replace("%2F", "/").replace("%3F", "?")
    readable = "AZaz09-._~!$'()*,:@"
    assert url.quote_segment(readable) == url.quote_query(readable) == readable
    assert urllib.parse.unquote(url.quote_segment(text)) == text


def test_http_uses_the_same_encoding(url: Any) -> None:
    http = importlib.import_module(f"{PACKAGE}._http")
    assert http.key_path("users/{id}/x", "a b/c+d;e") == "users/a%20b%2Fc%2Bd%3Be/x"
    assert http.query(sys.modules[PACKAGE].Model, filter="a eq 'b+c;d'") == "?$filter=a%20eq%20'b%2Bc%3Bd'"


# -- keys -------------------------------------------------------------------------------------------


def test_key_predicates(url: Any) -> None:
    assert url.key_predicate([("id", "Edm.String", "alice")]) == "('alice')"
    assert url.key_predicate([("order", "Edm.Int32", 1), ("line", "Edm.Int32", 2)]) == "(order=1,line=2)"
    assert url.key_predicate([("line", "Edm.Int32", 2), ("order", "Edm.Int32", 1)]) == "(line=2,order=1)"  # as given
    assert url.key_predicate([("id", "Edm.String", "O'Neil & co/x")]) == "('O''Neil%20%26%20co%2Fx')"
    when = datetime.datetime(2021, 7, 13, 8, 30, tzinfo=offset(2))
    assert url.key_predicate([("at", "Edm.DateTimeOffset", when), ("p", "Sales.Pattern", Pattern.SOLID)]) == (
        "(at=2021-07-13T08:30:00%2B02:00,p=Sales.Pattern'Solid')"
    )
    assert url.key_predicate([("id", "Edm.Guid", uuid.UUID(int=1))]) == "(00000000-0000-0000-0000-000000000001)"
    for parts, message in [
        ([], "a key has at least one property"),
        ([("id", "Edm.String", None)], "a key property cannot be null"),
        ([("id", "Edm.Binary", b"x")], "Edm.Binary cannot be a key property's type"),
        ([("id", "Edm.Double", 1.5)], "Edm.Double cannot be a key property's type"),
    ]:
        with pytest.raises(ValueError, match=re.escape(message)):
            url.key_predicate(parts)
    with pytest.raises(TypeError, match="Edm.Int32 expects int, not str"):
        url.key_predicate([("id", "Edm.Int32", "1")])


def test_key_as_segment(url: Any) -> None:
    assert url.key_segment([("id", "Edm.String", "alice")]) == "/alice"
    assert url.key_segment([("id", "Edm.String", "O'Neil")]) == "/O'Neil"  # no quotes, none doubled
    assert url.key_segment([("id", "Edm.String", "a/b c?")]) == "/a%2Fb%20c%3F"
    assert url.key_segment([("id", "Edm.Int64", 42)]) == "/42"
    assert url.key_segment([("id", "Edm.Guid", uuid.UUID(int=1))]) == "/00000000-0000-0000-0000-000000000001"
    assert url.key_segment([("id", "Edm.Duration", datetime.timedelta(days=1))]) == "/P1D"
    assert url.key_segment([("id", "Sales.Pattern", Pattern.SOLID)]) == "/Solid"
    assert url.key_segment([("id", "Edm.DateTimeOffset", datetime.datetime(2021, 7, 13, tzinfo=offset(1)))]) == (
        "/2021-07-13T00:00:00%2B01:00"
    )
    with pytest.raises(ValueError, match="a key of 2 properties cannot be one path segment; use key_predicate"):
        url.key_segment([("order", "Edm.Int32", 1), ("line", "Edm.Int32", 2)])
    for key in ("", ".", ".."):
        with pytest.raises(ValueError, match="cannot be a key segment"):
            url.key_segment([("id", "Edm.String", key)])


@pytest.mark.parametrize("case", KEY_SEGMENTS, ids=lambda c: c["input"])
def test_abnf_key_as_segment(case: dict[str, Any], url: Any) -> None:
    entity_set, _, _ = case["input"].partition("/")
    assert entity_set + url.key_segment([("id", "Edm.String", case["key"])]) == case["input"]


def python_value(raw: Any, edm: str) -> Any:
    """A case's value: YAML's own, or the text of a type YAML has no scalar for."""
    if edm == "Edm.DateTimeOffset":
        return datetime.datetime.fromisoformat(raw)
    return datetime.time.fromisoformat(raw) if edm == "Edm.TimeOfDay" else raw


# The ABNF accepts more than one spelling of these; ours is the first case of each pair.
OTHER_SPELLINGS = {
    "Customers(%27O%27%27Neil%27)": "Customers('O''Neil')",
    "Categories('Tablet%20%28small%29')": "Categories('Tablet%20(small)')",
    "Categories(2018-02-13T23%3A59%3A59Z)": "Categories(2018-02-13T23:59:59Z)",
    "Categories(23%3A59%3A59)": "Categories(23:59:59)",
}


@pytest.mark.parametrize("case", CASES["keys"], ids=lambda c: c["input"])
def test_abnf_key_predicates(case: dict[str, Any], url: Any) -> None:
    entity_set = case["input"].partition("(")[0]
    parts = [(name, edm, python_value(value, edm)) for name, edm, value in case["parts"]]
    ours = entity_set + url.key_predicate(parts)
    if case["valid"]:
        assert ours == OTHER_SPELLINGS.get(case["input"], case["input"])
    else:
        assert ours != case["input"]  # the spelling the grammar refuses is not ours


def resolved(text: str) -> tuple[str, dict[str, Any]]:
    """A function call's path and its parameters, aliases replaced by their (JSON) values."""
    path, _, query = text.partition("?")
    aliases = dict(pair.split("=", 1) for pair in query.split("&")) if query else {}
    name, _, params = path.partition("(")
    out: dict[str, Any] = {}
    for param in filter(None, params.removesuffix(")").split(",")):
        key, _, value = param.partition("=")
        out[key] = json.loads(urllib.parse.unquote(aliases.pop(value))) if value.startswith("@") else value
    assert not aliases
    return name, out


@pytest.mark.parametrize("case", CASES["functions"], ids=lambda c: c["input"])
def test_abnf_function_calls(case: dict[str, Any], url: Any) -> None:
    prefix, _, call = case["input"].partition("?")[0].rpartition("/")
    segment, aliases = url.function_call(call.partition("(")[0], case["params"])
    ours = (prefix and prefix + "/") + segment + ("?" + "&".join(f"{k}={v}" for k, v in aliases) if aliases else "")
    assert resolved(ours) == resolved(case["input"])
    if "@" not in case["input"]:
        assert ours == case["input"]
    assert case["valid"]


def test_function_calls(url: Any) -> None:
    assert url.function_call("ns.fn", []) == ("ns.fn()", [])
    day = datetime.date(2021, 7, 13)
    segment, aliases = url.function_call(
        "ns.fn",
        [
            ("a", "Edm.Int32", 1),
            ("b", "Edm.String", "x y/'z'"),
            ("c", "Collection(Edm.Date)", [day]),
            ("d", "ns.Address", {"street": "a&b=c"}),
            ("e", "ns.Color", "red"),
            ("f", "Edm.Decimal", None),
            ("g", "Edm.GeographyPoint", {"type": "Point", "coordinates": [1, 2]}),
            ("h", "Collection(ns.Color)", (Pattern.SOLID,)),
            ("i", "ns.Address", Address()),
        ],
    )
    assert segment == "ns.fn(a=1,b='x%20y%2F''z''',c=@c,d=@d,e=ns.Color'red',f=null,g=@g,h=@h,i=@i)"
    assert aliases == [
        ("@c", "%5B%222021-07-13%22%5D"),
        ("@d", "%7B%22street%22:%22a%26b%3Dc%22%7D"),
        ("@g", "%7B%22type%22:%22Point%22,%22coordinates%22:%5B1,2%5D%7D"),
        ("@h", "%5B%22Solid%22%5D"),
        ("@i", "%7B%22city%22:%22K%C3%B6ln%22%7D"),
    ]
    assert json.loads(urllib.parse.unquote(aliases[1][1])) == {"street": "a&b=c"}
    with pytest.raises(TypeError, match=re.escape("Collection(Edm.Int32) expects a list or a tuple, not str")):
        url.function_call("fn", [("a", "Collection(Edm.Int32)", "1,2")])
    with pytest.raises(TypeError, match="Edm.Int32 expects int, not str"):
        url.function_call("fn", [("a", "Collection(Edm.Int32)", [1, "2"])])
    with pytest.raises(TypeError, match="Edm.Int32 expects int, not dict"):
        url.function_call("fn", [("a", "Edm.Int32", {"x": 1})])


class Address:
    """Stands for a generated model: what goes into an alias is its `to_dict()`."""

    def to_dict(self) -> dict[str, Any]:
        return {"city": "K\u00f6ln"}


# -- the OASIS ABNF cases of the literal rules ------------------------------------------------------

# Valid OData that Python cannot hold (year 0, years before 1, a leap second): nothing to format.
NOT_REPRESENTABLE = {"0000-01-01", "-10000-04-01", "1972-06-30T23:59:60Z", "0000-01-01T00:00Z", "-10000-04-01T00:00Z"}
OUT_OF_RANGE = {"%2B128"}  # the grammar reads up to three digits for an SByte; 128 is not one
# Valid input that is not what we write, raw or percent-encoded: another sign, percent-encoding,
# prefix, case or padding, or digits the value does not keep. Ours is a valid literal all the same.
NOT_CANONICAL = {
    "binary'Zg=='", "binary'Zm8='", "binary'Zm9vYg=='", "binary'Zm9vYmE='", "tRUe", "2012-09-03T13:52Z", "2012-08-31T18:19:22.1Z", "2012-09-03T14:53+02:00", "2012-09-03T12:53Z",
    "-1.234567e3", "1e-101", "%2B42", "+42", "-0.314e1", "%2B0.314e%2B1", "+0.314e+1", "%2B32000", "+32000",
    "%2B2000000000", "%2B1234567890123456789", "'P6DT23H59M59.9999S'", "11%3A22%3a33", "11:22", "11:22:33.4444444",
    "%27O'%27Neil'", "'%26%28'", "'Yellow'", "Sales.Pattern'Solid%2CYellow,%2B42'", "'Solid,Yellow,-42'",
}
URL_RULES = {"binaryLiteral", "boolean", "date", "guid", "stringLiteral", "enumLiteral", "primitiveLiteral"}


@pytest.mark.parametrize("case", CASES["literals"], ids=[f"{c['rule']}: {c['name']}: {c['input']}" for c in CASES["literals"]])
def test_abnf_literal_case(case: dict[str, Any], url: Any, values: Any) -> None:
    edm, text = case["edm"], case["input"]
    if case["rule"] in URL_RULES or case["rule"].endswith("Literal"):
        assert shaped(text, edm) == case["valid"]  # the test's own shapes agree with the grammar
    if not case["valid"] or text in NOT_REPRESENTABLE:
        return
    value = read(values, text, edm)
    assert value is not None
    if text in OUT_OF_RANGE:
        with pytest.raises(ValueError, match="out of range"):
            url.literal(value, edm)
        return
    ours = url.literal(value, edm)
    assert shaped(url.quote_segment(ours), edm) and same(read(values, ours, edm), value)
    canonical = f"duration'{text}'" if case["rule"] == "durationValue" else text
    assert (canonical in (ours, url.quote_segment(ours))) == (text not in NOT_CANONICAL)


def test_abnf_cases_cover_every_literal_rule() -> None:
    rules = {c["rule"] for c in CASES["literals"]}
    assert {"binaryLiteral", "boolean", "date", "dateTimeOffsetValue", "decimalValue", "doubleValue", "durationLiteral"} <= rules
    assert {"guid", "stringLiteral", "timeOfDayLiteral", "enumLiteral", "primitiveLiteral", "int64Literal"} <= rules
    assert {c["edm"] for c in CASES["literals"]} == set(SHAPES)


# -- hypothesis: random values of every type come back from their literal -------------------------

OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: datetime.timezone(datetime.timedelta(minutes=m)))
VALUES = {
    "Edm.String": st.text(st.characters(blacklist_categories=("Cs",))),
    "Edm.Boolean": st.booleans(),
    "Edm.Byte": st.integers(0, 255),
    "Edm.SByte": st.integers(-128, 127),
    "Edm.Int16": st.integers(-(2**15), 2**15 - 1),
    "Edm.Int32": st.integers(-(2**31), 2**31 - 1),
    "Edm.Int64": st.integers(-(2**63), 2**63 - 1),
    "Edm.Decimal": st.decimals(),
    "Edm.Double": st.floats(),
    "Edm.Single": st.floats(width=32),
    "Edm.Guid": st.uuids(),
    "Edm.Date": st.dates(),
    "Edm.TimeOfDay": st.times(),
    "Edm.DateTimeOffset": st.datetimes(timezones=OFFSETS),
    "Edm.Duration": st.timedeltas(),
    "Edm.Binary": st.binary(),
    "Sales.Pattern": st.lists(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}|[+-]?[0-9]{1,19}", fullmatch=True), min_size=1).map(",".join),
}
TYPED_VALUES = st.sampled_from(sorted(VALUES)).flatmap(lambda edm: st.tuples(st.just(edm), VALUES[edm]))


@given(TYPED_VALUES)
def test_every_literal_reads_back_as_its_value(url: Any, values: Any, typed: tuple[str, Any]) -> None:
    edm, value = typed
    text = url.literal(value, edm)
    assert shaped(url.quote_segment(text), edm), text
    assert same(read(values, url.quote_segment(text), edm), value), text


@given(TYPED_VALUES.filter(lambda t: t[0] not in ("Edm.Binary", "Edm.Single", "Edm.Double")))
def test_every_key_reads_back_from_its_predicate_and_its_segment(url: Any, values: Any, typed: tuple[str, Any]) -> None:
    edm, value = typed
    predicate = url.key_predicate([("id", edm, value)])
    assert predicate[0] == "(" and predicate[-1] == ")" and not set("/?#& ") & set(predicate)
    assert same(read(values, predicate[1:-1], edm), value)
    composite = url.key_predicate([("a", edm, value), ("b", "Edm.Int32", 1)])
    assert composite == f"(a={predicate[1:-1]},b=1)"
    if url.literal(value, edm) in ("''", "'.'", "'..'"):
        return
    segment = url.key_segment([("id", edm, value)])
    assert segment.count("/") == 1 and not set("?#& ") & set(segment)
    text = urllib.parse.unquote(segment[1:])
    assert text == value if edm in ("Edm.String", "Sales.Pattern") else same(read(values, text, edm), value)


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)))), st.dictionaries(st.text(), st.integers() | st.text()))
def test_alias_values_are_their_json(url: Any, items: list[str], data: dict[str, Any]) -> None:
    segment, aliases = url.function_call("ns.fn", [("a", "Collection(Edm.String)", items), ("b", "ns.Complex", data)])
    assert segment == "ns.fn(a=@a,b=@b)" and [name for name, _ in aliases] == ["@a", "@b"]
    assert not set("&=+# ") & set("".join(value for _, value in aliases))
    assert [json.loads(urllib.parse.unquote(v)) for _, v in aliases] == [items, data]
