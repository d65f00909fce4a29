"""`validate` applies what the metadata states (issue 10, item 5): `Validation.AllowedValues`,
what create requires (Nullable="false", no default, not computed), `Core.Computed` and
`Core.Immutable` properties a body must not set, and unknown properties of a type that is not
open. The package is generated from tests/data/csdl/rules.xml, shaped as a CAP service
publishes its metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, imported

from odatagen.cli import main

ORDER_ID = "f9882bcd-2bcd-f988-cd2b-88f9cd2b88f9"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("shop")
    assert main(["generate", str(ROOT / "tests/data/csdl/rules.xml"), "--package", "shop", "--out", str(out)]) == 0
    with imported("shop", out) as package:
        yield package


def paths(problems: list[Any]) -> list[str]:
    return [p.path for p in problems]


def test_allowed_values_of_a_string_and_an_int(shop: Any) -> None:
    orders = shop.Orders
    assert orders.validate({"status": "S", "priority": 3}) == []
    problems = orders.validate({"status": "X", "priority": 4})
    assert [(p.path, p.message) for p in problems] == [
        ("/status", "expected one of 'O', 'S', 'C' (Validation.AllowedValues), found the string 'X'"),
        ("/priority", "expected one of 1, 2, 3 (Validation.AllowedValues), found the number 4"),
    ]
    assert orders.from_dict({"status": "X"}).status == "X"  # representable: from_dict keeps it
    assert paths(orders.validate({"priority": "2"})) == ["/priority"]


def test_create_requires_non_nullable_properties_without_a_default(shop: Any) -> None:
    # ID and createdAt are computed, status has a default, tags is a collection, total is read-only
    assert shop.Orders.REQUIRED_ON_CREATE == ("customer", "region")
    assert paths(shop.Orders.validate({}, operation="create")) == ["/customer", "/region"]
    assert shop.Orders.validate({}) == [] and shop.Orders.validate({}, operation="update") == []
    assert shop.RushOrders.REQUIRED_ON_CREATE == ("customer", "region", "deadline")
    assert paths(shop.Notes.validate({"text": "x"}, operation="create")) == ["/code"]
    body = {"customer": "alice", "region": "eu", "address": {"city": "Lyon"}}
    assert paths(shop.Orders.validate(body, operation="create")) == ["/address/street"]  # deep
    assert shop.Orders.validate({"address": {"city": "Lyon"}}, operation="update") == []
    message = shop.Orders.validate({}, operation="create")[0].message
    assert message == "required on create, but missing"


def test_computed_and_immutable_properties_must_not_be_sent(shop: Any) -> None:
    body = {"customer": "alice", "region": "eu", "ID": ORDER_ID, "createdAt": "2026-01-01T00:00:00Z", "total": 5}
    problems = shop.Orders.validate(body, operation="create")
    assert [(p.path, p.message) for p in problems] == [
        ("/ID", "computed by the service (Core.Computed): leave it out of create and update"),
        ("/createdAt", "computed by the service (Core.Computed): leave it out of create and update"),
        ("/total", "computed by the service (Core.Computed): leave it out of create and update"),
    ]
    assert paths(shop.Orders.validate({"ID": ORDER_ID}, operation="update")) == ["/ID"]
    assert [(p.path, p.message) for p in shop.Orders.validate({"region": "us"}, operation="update")] == [
        ("/region", "cannot change after create (Core.Immutable)")
    ]
    assert shop.Orders.validate(body) == []  # a response carries them


def test_unknown_properties_on_create_and_update_of_a_closed_type(shop: Any) -> None:
    body = {"customer": "alice", "region": "eu", "colour": "red"}
    problems = shop.Orders.validate(body, operation="create")
    assert [(p.path, p.message) for p in problems] == [
        ("/colour", "Orders has no property 'colour' and is not an open type"),
    ]
    assert paths(shop.Orders.validate({"colour": "red", "address": {"zip": 1}}, operation="update")) == [
        "/address/zip", "/colour",
    ]
    assert shop.Orders.validate(body) == []  # responses: services add properties
    annotated = {
        "@odata.type": "#shop.Orders",
        "customer": "alice",
        "region": "eu",
        "notes@odata.bind": ["Notes('a')"],
        "customer@Core.Description": "x",
    }
    assert shop.Orders.validate(annotated, operation="create") == []
    assert shop.Notes.validate({"code": "a", "mood": "calm"}, operation="create") == []  # OpenType
    assert shop.Notes.OPEN_TYPE and not shop.Orders.OPEN_TYPE
