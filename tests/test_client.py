"""The request builders generated from a CSDL alone (tests/data/csdl/client.xml): URLs for every
kind of thing the metadata addresses, keys checked against their types, names that collide, and
`send`/`send_batch` over HTTP against a server on 127.0.0.1 (typed results, relative next links,
`@odata.count`, streams, errors). The CAP scenario (tests/test_cap_client.py) does the same
against a real OData service."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, imported, mypy_errors
from test_http import Seen, Server, server  # noqa: F401 - `server` is the fixture

from odatagen.cli import main

ROOT_URL = "http://host/odata/v4/shop"
ORDER = "f9882bcd-2bcd-f988-cd2b-88f9cd2b88f9"


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("client")
    assert main(["generate", str(ROOT / "tests/data/csdl/client.xml"), "--package", "cl", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def cl(package_dir: Path) -> Iterator[Any]:
    with imported("cl", package_dir) as package:
        yield package


def test_urls_follow_the_type_graph(cl: Any) -> None:
    svc = cl.Service(ROOT_URL + "/")
    assert svc.customers.url == f"{ROOT_URL}/Customers"
    assert svc.customers.by_key("O'Neil /?#%").url == f"{ROOT_URL}/Customers('O''Neil%20%2F%3F%23%25')"
    order = svc.customers.by_key("alice").orders.by_key(ORDER)
    assert order.url == f"{ROOT_URL}/Customers('alice')/orders({ORDER})"
    line = order.lines.by_key(order_id=uuid.UUID(ORDER), line=2)
    assert line.url == f"{ROOT_URL}/Customers('alice')/orders({ORDER})/lines(orderID={ORDER},line=2)"
    assert line.delete_.customer.best.get().url == f"{line.url}/delete/customer/best"
    assert svc.settings.get(select=["currency"]).url == f"{ROOT_URL}/settings?$select=currency"
    assert svc.orders.count(filter="total gt 5").url == f"{ROOT_URL}/Orders/$count?$filter=total%20gt%205"
    listed = svc.orders.list(filter="total gt 5.00", orderby=["total desc"], top=2, count=True)
    assert listed.url == f"{ROOT_URL}/Orders?$orderby=total%20desc&$filter=total%20gt%205.00&$top=2&$count=true"
    assert order.invoice.get().url == f"{order.url}/invoice" and order.invoice.get().returns == "bytes"
    recent = svc.customers.by_key("a").recent(days=3)  # composable: a collection to go on from
    assert recent.list(top=1).url == f"{ROOT_URL}/Customers('a')/Shop.recent(days=3)?$top=1"
    assert recent.by_key(ORDER).customer.get().url == f"{ROOT_URL}/Customers('a')/Shop.recent(days=3)({ORDER})/customer"
    segments = cl.Service(ROOT_URL, keys_as_segments=True)
    assert segments.customers.by_key("a/b c").orders.url == f"{ROOT_URL}/Customers/a%2Fb%20c/orders"


def test_requests_carry_what_the_operation_needs(cl: Any) -> None:
    svc = cl.Service(ROOT_URL)
    order = svc.orders.by_key(ORDER)
    cancel = order.cancel(reason="late", if_match='W/"1"')
    assert (cancel.method, cancel.url, json.loads(cancel.body)) == ("POST", f"{order.url}/Shop.cancel", {"reason": "late"})
    assert cancel.header("If-Match") == 'W/"1"' and cancel.header("Content-Type") == "application/json"
    assert order.days_open().url == f"{order.url}/Shop.daysOpen()"
    since = svc.customers.by_key("a").since(from_=datetime.date(2026, 1, 2), mood=cl.Mood.BUSY)
    assert since.url == f"{ROOT_URL}/Customers('a')/Shop.since(from=2026-01-02,mood=Shop.Mood'busy')"
    assert svc.top_customers(count=3, city="O'Hare").url == f"{ROOT_URL}/topCustomers(count=3,city='O''Hare')"
    reset = svc.reset_prices(factor=decimal.Decimal("1.10"))
    assert (reset.url, reset.body) == (f"{ROOT_URL}/resetPrices", b'{"factor":1.10}')
    update = order.update(cl.Order(total=decimal.Decimal("9.99")), if_match='W/"2"')
    assert (update.method, update.body, update.header("If-Match")) == ("PATCH", b'{"total":9.99}', 'W/"2"')
    assert order.replace({"ID": ORDER, "total": 1}).method == "PUT" and order.delete().method == "DELETE"
    assert svc.customers.create({"ID": "c", "name": "Carol"}).method == "POST"
    fetched = cl.Order.from_dict({"@odata.etag": 'W/"7"', "ID": ORDER})
    assert order.delete(if_match=fetched).header("If-Match") == 'W/"7"'


def test_operations_bound_to_a_collection_are_methods_of_its_builder(cl: Any) -> None:
    """Entity sets, collection-valued navigation and composable functions give the collection
    class of their type: its own collection-bound operations and those of its base types."""
    svc = cl.Service(ROOT_URL)
    assert svc.orders.overdue(days=3).url == f"{ROOT_URL}/Orders/Shop.overdue(days=3)"
    archive = svc.orders.archive(before=datetime.date(2026, 1, 2), if_match="*")
    assert (archive.method, archive.url, archive.body) == ("POST", f"{ROOT_URL}/Orders/Shop.archive", b'{"before":"2026-01-02"}')
    assert archive.header("If-Match") == "*" and archive.returns == "value:Edm.Int32"
    assert svc.orders.count_(mood=cl.Mood.CALM).url == f"{ROOT_URL}/Orders/Shop.count(mood=Shop.Mood'calm')"
    assert svc.orders.count().url == f"{ROOT_URL}/Orders/$count"  # the builder's own count stays
    opened = svc.orders.open_()  # composable: a collection of the same class, to go on from
    assert opened.overdue(days=1).url == f"{ROOT_URL}/Orders/Shop.open()/Shop.overdue(days=1)"
    assert opened.list(top=1).url == f"{ROOT_URL}/Orders/Shop.open()?$top=1"
    customer = svc.customers.by_key("a")
    assert customer.orders.archive(before=datetime.date(2026, 1, 2)).url == f"{ROOT_URL}/Customers('a')/orders/Shop.archive"
    rush = customer.rush_orders  # a derived type: its own and its base type's
    assert rush.late().url == f"{ROOT_URL}/Customers('a')/rushOrders/Shop.late()"
    assert rush.overdue(days=2).url == f"{ROOT_URL}/Customers('a')/rushOrders/Shop.overdue(days=2)"
    assert rush.by_key(ORDER).get().returns == "model:rush_order:RushOrder"
    gifts = customer.gifts  # a derived type without any of its own: its base type's class
    assert type(gifts).__name__ == "OrderCollectionRequests" and gifts.entity.__name__ == "GiftOrderRequests"
    assert gifts.overdue(days=1).url == f"{ROOT_URL}/Customers('a')/gifts/Shop.overdue(days=1)"
    assert not hasattr(gifts, "late") and not hasattr(svc.customers, "overdue")
    recent = customer.recent(days=3)  # a composable function's collection result
    assert recent.overdue(days=1).url == f"{ROOT_URL}/Customers('a')/Shop.recent(days=3)/Shop.overdue(days=1)"
    with pytest.raises(cl.ValidationError) as caught:
        svc.orders.overdue(day=1)
    assert [p.path for p in caught.value.errors] == ["/day"]


def test_overloads_are_one_method_told_apart_by_the_parameters_given(cl: Any) -> None:
    """`label()`, `label(width)`, `label(width, height)` on an entity (the last of another return
    type); `overdue()` and `overdue(days)` on a collection; `recent(days)`, composable, and
    `recent(since)`, not; the function import `stats()` and `stats(mood, from)`."""
    svc = cl.Service(ROOT_URL)
    order = svc.orders.by_key(ORDER)
    assert order.label().url == f"{order.url}/Shop.label()"
    assert order.label(width=3).url == f"{order.url}/Shop.label(width=3)"  # exactly these first
    assert order.label(width=3).returns == "value:Edm.String"
    both = order.label(width=3, height=None)
    assert (both.url, both.returns) == (f"{order.url}/Shop.label(width=3,height=null)", "value:Edm.Binary")
    assert order.label(height=4).url == f"{order.url}/Shop.label(width=null,height=4)"  # the first that takes it
    assert svc.orders.overdue().url == f"{ROOT_URL}/Orders/Shop.overdue()"
    assert svc.orders.overdue(days=2).url == f"{ROOT_URL}/Orders/Shop.overdue(days=2)"
    customer = svc.customers.by_key("a")
    assert customer.recent(days=2).list().url == f"{ROOT_URL}/Customers('a')/Shop.recent(days=2)"
    assert customer.recent(since=datetime.date(2026, 1, 2)).url == f"{ROOT_URL}/Customers('a')/Shop.recent(since=2026-01-02)"
    assert svc.stats().url == f"{ROOT_URL}/stats()" and svc.stats().returns == "value:Edm.Int32"
    mood = svc.stats(mood=cl.Mood.BUSY, from_=datetime.date(2026, 1, 2))
    assert (mood.url, mood.returns) == (f"{ROOT_URL}/stats(mood=Shop.Mood'busy',from=2026-01-02)", "values:Edm.String")
    for call, problems in (
        (lambda: order.label(colour=1, width=2), [("/colour", "label: no such parameter")]),
        (lambda: customer.recent(), [("/", "recent: no overload takes (); they take (days), (since)")]),
        (
            lambda: customer.recent(days=1, since=datetime.date(2026, 1, 2)),
            [("/", "recent: no overload takes (days, since); they take (days), (since)")],
        ),
        (
            lambda: svc.stats(from_=datetime.date(2026, 1, 2)),
            [("/", "stats: no overload takes (from_); they take (), (mood, from_=None)")],
        ),
    ):
        with pytest.raises(cl.ValidationError) as caught:
            call()
        assert [(p.path, p.message) for p in caught.value.errors] == problems
    with pytest.raises(cl.ValidationError, match="positional"):
        order.label(3)


def test_keys_and_arguments_are_checked(cl: Any) -> None:
    svc = cl.Service(ROOT_URL)
    for bad, message in (("nope", "expected a GUID"), (5, "expected a GUID")):
        with pytest.raises(cl.ValidationError) as caught:
            svc.orders.by_key(bad)
        assert [p.path for p in caught.value.errors] == ["/ID"] and message in str(caught.value)
    lines = svc.orders.by_key(ORDER).lines
    with pytest.raises(cl.ValidationError) as caught:
        lines.by_key(line="2", colour=1)
    assert [p.path for p in caught.value.errors] == ["/orderID", "/colour"]
    with pytest.raises(cl.ValidationError, match="composite key"):
        lines.by_key(ORDER)
    with pytest.raises(cl.ValidationError, match="line"):
        lines.by_key(order_id=ORDER, line="two")
    for call, problem in (
        (lambda: svc.top_customers(city="x"), ("/count", "top_customers: a required parameter, missing")),
        (lambda: svc.top_customers(count=1, colour=2), ("/colour", "top_customers: no such parameter")),
        (lambda: svc.orders.by_key(ORDER).cancel(reasn="typo"), ("/reasn", "cancel: no such parameter")),
    ):
        with pytest.raises(cl.ValidationError) as caught:
            call()
        assert [(p.path, p.message) for p in caught.value.errors] == [problem]


def respond(seen: Seen) -> tuple[int, dict[str, str], bytes]:
    json_type = {"Content-Type": "application/json"}
    if seen.path.endswith("/Orders") and "skiptoken" not in seen.query:
        page = {"@odata.count": 3, "value": [{"ID": ORDER, "total": 1.5}], "@odata.nextLink": "Orders?$skiptoken=1"}
        return 200, json_type, json.dumps(page).encode()
    if seen.path.endswith("/Orders"):
        return 200, json_type, json.dumps({"value": [{"ID": ORDER, "total": 2}, {"ID": ORDER}]}).encode()
    if seen.path.endswith("/invoice"):
        return 200, {"Content-Type": "application/pdf"}, b"%PDF\xff\x00"
    if seen.path.endswith("Shop.daysOpen()"):
        return 200, json_type, b'{"@odata.context": "$metadata#Edm.Int32", "value": 12}'
    if seen.path.endswith("/$count"):
        return 200, {"Content-Type": "text/plain"}, b"3"
    if seen.path.endswith("/$batch"):
        parts = json.loads(seen.body)["requests"]
        assert [p["url"] for p in parts] == ["Customers('a')", "Customers('nobody')", "settings"]
        assert [p.get("atomicityGroup") for p in parts] == [None, "g2", "g2"]
        return 200, json_type, json.dumps({"responses": [
            {"id": "1", "status": 200, "body": {"ID": "a", "name": "Alice"}},
            {"id": "2", "status": 404, "body": {"error": {"code": "404", "message": "Not Found", "target": "Customers"}}},
            {"id": "3", "status": 200, "body": {"ID": 1, "currency": "EUR"}},
        ]}).encode()
    if seen.method == "DELETE":
        return 204, {}, b""
    error = {"error": {"code": "NotFound", "message": "no such thing", "target": "ID", "details": [{"code": "x", "message": "y"}]}}
    return 404, json_type, json.dumps(error).encode()


def test_send_gives_typed_results(cl: Any, server: Server) -> None:  # noqa: F811
    server.respond = respond
    svc = cl.Service(server.base + "/odata")
    page = cl.send(svc.orders.list(count=True), follow_next_link=True)
    assert isinstance(page, cl.Page) and page.count == 3 and page.next_link is None
    assert [o.total for o in page] == [decimal.Decimal("1.5"), 2, cl.UNSET]
    assert server.seen[1].path == "/odata/Orders" and server.seen[1].query == "$skiptoken=1"  # relative link followed
    first = cl.send(svc.orders.list())
    assert first.next_link == f"{server.base}/odata/Orders?$skiptoken=1" and len(first) == 1
    order = svc.orders.by_key(ORDER)
    assert cl.send(order.invoice.get()) == b"%PDF\xff\x00"
    assert cl.send(order.days_open()) == 12 and cl.send(svc.orders.count()) == 3
    assert cl.send(order.delete()) is None
    assert "authorization" not in server.seen[-1].headers  # no token, no Authorization header
    with pytest.raises(cl.ODataError) as caught:
        cl.send(svc.customers.by_key("nobody").get())
    error = caught.value
    assert (error.status, error.code, error.target, error.details) == (404, "NotFound", "ID", [{"code": "x", "message": "y"}])


def test_send_batch_puts_each_result_in_its_place(cl: Any, server: Server) -> None:  # noqa: F811
    server.respond = respond
    svc = cl.Service(server.base + "/odata")
    results = cl.send_batch([svc.customers.by_key("a").get(), (svc.customers.by_key("nobody").get(), svc.settings.get())])
    assert results[0].name == "Alice" and isinstance(results[0], cl.Customer)
    assert isinstance(results[1], cl.ODataError) and results[1].status == 404 and results[1].target == "Customers"
    assert results[2].currency == "EUR"
    with pytest.raises(ValueError, match="one service root"):
        cl.send_batch([svc.settings.get(), cl.Service("http://elsewhere").settings.get()])


CONSUMER = """\
import datetime
from cl import Customer, Order, Page, RushOrder, Service, send

svc = Service("http://host/odata")
customer: Customer = send(svc.customers.by_key("a").get())
orders: Page[Order] = send(svc.customers.by_key("a").orders.list(top=5))
days: int = send(svc.orders.by_key("x").days_open())
since: list[Order] = send(svc.customers.by_key("a").since(from_=datetime.date(2026, 1, 1)))
invoice: bytes = send(svc.orders.by_key("x").invoice.get())
count: int = send(svc.orders.count())
recent: Page[Order] = send(svc.customers.by_key("a").recent(days=1).list(top=2))
wrong: Order = send(svc.customers.by_key("a").get())
svc.customers.by_key("a").orders.by_key("x").lines.by_key(line=1).delete_.cancel(reason=5)
overdue: list[Order] = send(svc.orders.overdue(days=3))
archived: int = send(svc.customers.by_key("a").orders.archive(before=datetime.date(2026, 1, 1)))
late: list[RushOrder] = send(svc.customers.by_key("a").rush_orders.late())
gifts: list[Order] = send(svc.customers.by_key("a").gifts.open_().overdue(days=1))
svc.customers.by_key("a").gifts.late()
label: str = send(svc.orders.by_key("x").label(width=1))
image: bytes = send(svc.orders.by_key("x").label(width=1, height=2))
by_date: list[Order] = send(svc.customers.by_key("a").recent(since=datetime.date(2026, 1, 1)))
stats: int = send(svc.stats())
moods: list[str] = send(svc.stats(mood="busy"))
overdue_all: list[Order] = send(svc.orders.overdue())
svc.customers.by_key("a").recent(days=1, since=datetime.date(2026, 1, 1))
svc.stats(from_=datetime.date(2026, 1, 1))
"""


def test_type_checkers_see_what_each_request_gives(package_dir: Path, tmp_path: Path) -> None:
    assert mypy_errors(CONSUMER, package_dir, tmp_path) == [
        '12: Incompatible types in assignment (expression has type "Customer", variable has type "Order")  [assignment]',
        '13: Argument "reason" to "cancel" of "OrderRequests" has incompatible type "int"; expected "str | None"  [arg-type]',
        '18: "OrderCollectionRequests[GiftOrder, GiftOrderRequests[GiftOrder]]" has no attribute "late"  [attr-defined]',
        '25: No overload variant of "recent" of "CustomerRequests" matches argument types "int", "date"  [call-overload]',
        '26: No overload variant of "stats" of "Service" matches argument type "date"  [call-overload]',
    ]


UNSUPPORTED = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Base" Abstract="true"><Key><PropertyRef Name="ID" /></Key><Property Name="ID" Type="Edm.Int32" Nullable="false" /></EntityType>
      <EntityType Name="Thing" BaseType="S.Base" />
      <ComplexType Name="Summary"><Property Name="n" Type="Edm.Int32" /></ComplexType>
      <Action Name="poke" IsBound="true"><Parameter Name="in" Type="S.Base" /></Action>
      <Function Name="twin" IsBound="true"><Parameter Name="in" Type="S.Thing" /><Parameter Name="n" Type="Edm.Int32" /><ReturnType Type="Edm.Int32" /></Function>
      <Function Name="twin" IsBound="true"><Parameter Name="in" Type="S.Thing" /><Parameter Name="n" Type="Edm.Int64" /><ReturnType Type="Edm.Int64" /></Function>
      <Function Name="twin" IsBound="true"><Parameter Name="in" Type="Collection(S.Thing)" /><Parameter Name="N" Type="Edm.Int32" /><ReturnType Type="Edm.Int32" /></Function>
      <Function Name="twin" IsBound="true"><Parameter Name="in" Type="Collection(S.Thing)" /><Parameter Name="n" Type="Edm.Int32" /><ReturnType Type="Edm.Int32" /></Function>
      <Function Name="lone"><Parameter Name="n" Type="Edm.Int32" /><ReturnType Type="Edm.Int32" /></Function>
      <Function Name="lone"><Parameter Name="n" Type="Edm.Int64" /><ReturnType Type="Edm.Int64" /></Function>
      <Function Name="near" IsBound="true" EntitySetPath="other/Things"><Parameter Name="in" Type="S.Thing" /><ReturnType Type="Collection(S.Thing)" /></Function>
      <Function Name="sum" IsBound="true" IsComposable="true"><Parameter Name="in" Type="S.Thing" /><ReturnType Type="S.Summary" /></Function>
      <Function Name="add" IsBound="true"><Parameter Name="in" Type="S.Summary" /><ReturnType Type="S.Summary" /></Function>
      <EntityContainer Name="C"><EntitySet Name="Things" EntityType="S.Thing" /><FunctionImport Name="lone" Function="S.lone" /></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def test_metadata_the_builders_cannot_fully_express_gives_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "unsupported.xml"
    source.write_text(UNSUPPORTED)
    out = tmp_path / "out"
    assert main(["generate", str(source), "--package", "unsupported", "--out", str(out), "--warnings"]) == 0
    err = capsys.readouterr().err
    assert "unsupported.xml:8: warning: action poke is bound to the abstract type Base" in err
    assert "unsupported.xml:10: warning: function twin bound to S.Thing is declared again with the same parameters" in err
    assert "unsupported.xml:12: warning: function twin bound to Collection(S.Thing) is declared again with the same parameters" in err
    assert "unsupported.xml:14: warning: function lone is declared again with the same parameters; the first is used" in err
    assert "unsupported.xml:15: warning: EntitySetPath 'other/Things' of near does not start at the binding parameter 'in'" in err
    assert "unsupported.xml:17: warning: function add is bound to S.Summary, which no source defines as an entity type" in err
    with imported("unsupported", out) as package:
        thing = package.Service("http://h").things.by_key(1)
        assert thing.poke().url == "http://h/Things(1)/S.poke" and thing.twin(n=2).url == "http://h/Things(1)/S.twin(n=2)"
        assert thing.near().url == "http://h/Things(1)/S.near()"
        svc = package.Service("http://h")  # the first of each: N, and n of Edm.Int32
        assert svc.things.twin(n=2).url == "http://h/Things/S.twin(N=2)" and svc.lone(n=2).url == "http://h/lone(n=2)"
        with pytest.raises(ValueError, match="out of range for Edm.Int32"):
            svc.lone(n=2**40)
        # composable, but of a complex type: no builder to go on from, a request
        assert (thing.sum_().url, thing.sum_().returns) == ("http://h/Things(1)/S.sum()", "model:summary:Summary")
    assert mypy_errors("import unsupported\n", out, tmp_path) == []


COLLIDING = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="E"><Key><PropertyRef Name="ID" /></Key><Property Name="ID" Type="Edm.Int32" Nullable="false" /></EntityType>
      <EntityType Name="documented" BaseType="S.E" />
      <EntityType Name="E_Collection" BaseType="S.E" />
      <Function Name="list" IsBound="true"><Parameter Name="in" Type="Collection(S.E)" /><ReturnType Type="Collection(S.E)" /></Function>
      <Function Name="docs" IsBound="true"><Parameter Name="in" Type="S.E" /><ReturnType Type="Edm.String" /></Function>
      <Function Name="entity" IsBound="true"><Parameter Name="in" Type="Collection(S.documented)" /><ReturnType Type="S.E_Collection" /></Function>
      <EntityContainer Name="C">
        <EntitySet Name="Es" EntityType="S.E" /><EntitySet Name="Docs" EntityType="S.documented" />
        <EntitySet Name="Collections" EntityType="S.E_Collection" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def test_names_the_builders_use_are_left_to_them(tmp_path: Path) -> None:
    """Types named as the builder modules' own imports (`E`, `Documented`), a type whose builder
    has the name another type's collection class would have, operations named as the builders'
    methods: renamed, and the package still type-checks."""
    (tmp_path / "colliding.xml").write_text(COLLIDING)
    out = tmp_path / "out"
    assert main(["generate", str(tmp_path / "colliding.xml"), "--package", "colliding", "--out", str(out)]) == 0
    with imported("colliding", out) as package:
        svc = package.Service("http://h")
        assert (package.E_.__name__, package.Documented_.__name__) == ("E_", "Documented_")
        assert svc.es.list_().url == "http://h/Es/S.list()" and svc.es.list().url == "http://h/Es"
        assert svc.es.by_key(1).docs_().url == "http://h/Es(1)/S.docs()" and svc.es.by_key(1).docs("get") is None
        docs = svc.docs_  # a name of the builders, as every member of Service
        assert docs.entity_().url == "http://h/Docs/S.entity()" and docs.list_().url == "http://h/Docs/S.list()"
        assert type(svc.es).__name__ == "E_CollectionRequests_" == type(svc.collections).__name__
    assert mypy_errors("import colliding\n", out, tmp_path) == []


def test_a_service_that_says_it_takes_keys_as_segments_gets_them(tmp_path: Path) -> None:
    source = tmp_path / "segments.xml"
    source.write_text(UNSUPPORTED.replace(
        '<EntityContainer Name="C">',
        '<EntityContainer Name="C"><Annotation Term="Org.OData.Capabilities.V1.KeyAsSegmentSupported" Bool="true" />',
    ))
    assert main(["generate", str(source), "--package", "segments", "--out", str(tmp_path / "out")]) == 0
    with imported("segments", tmp_path / "out") as package:
        assert package.Service("http://h").things.by_key(1).url == "http://h/Things/1"
        assert package.Service("http://h", keys_as_segments=False).things.by_key(1).url == "http://h/Things(1)"


def test_docs_operations_nested_under_a_parent_take_every_key_in_path_order(tmp_path: Path) -> None:
    """Real pages of an entity that lives under another (its create, get and update paths name
    the parent's key and its own): every placeholder becomes a parameter, none survives."""
    sources = sorted(str(p) for p in (ROOT / "tests/data/docs-nested").iterdir())
    assert main(["generate", *sources, "--package", "nested", "--out", str(tmp_path / "out")]) == 0
    with imported("nested", tmp_path / "out") as package:
        ops = package.operations
        base = "https://graph.microsoft.com/beta/deviceAppManagement/iosLobAppProvisioningConfigurations"
        got = ops.get_ios_lob_app_provisioning_configuration_assignment("conf/1", "assign 2")
        assert got.url == f"{base}/conf%2F1/assignments/assign%202"
        created = ops.create_ios_lob_app_provisioning_configuration_assignment(
            "conf-1", {"id": "a", "target": {"deviceAndAppManagementAssignmentFilterType": "none"}}
        )
        assert created.url == f"{base}/conf-1/assignments"
        updated = ops.update_ios_lob_app_provisioning_configuration_assignment("c", "a", {})
        assert updated.url == f"{base}/c/assignments/a" and "{" not in updated.url
        with pytest.raises(TypeError):
            ops.get_ios_lob_app_provisioning_configuration_assignment("only-one")  # type: ignore[call-arg]
        at = package._client.documented_entity(
            "https://h", "/deviceAppManagement/iosLobAppProvisioningConfigurations/{a}/assignments/{b}",
            "ios_lob_app_provisioning_configuration_assignment:IosLobAppProvisioningConfigurationAssignment", "c", "a",
        )
        assert at.docs("get").path == "/deviceAppManagement/iosLobAppProvisioningConfigurations/{iosLobAppProvisioningConfigurationId}/assignments/{iosLobAppProvisioningConfigurationAssignmentId}"
        assert at.docs("update").page.endswith("assignment-update.md:35")


def test_a_graph_package_serves_the_version_it_is_generated_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = [str(p) for p in sorted((ROOT / "schemas").rglob("*")) if p.suffix in (".md", ".xml", ".txt")]
    args = [*sources, "--package", "graph_v1", "--out", str(tmp_path / "out")]
    assert main(["generate", *args, "--graph-version", "v1.0"]) == 0
    with imported("graph_v1", tmp_path / "out") as package:
        svc = package.Service()
        assert svc.device_management.user_pfx_certificates.by_key("c 1").url == (
            "https://graph.microsoft.com/v1.0/deviceManagement/userPfxCertificates/c%201"
        )
        assert package.Service(version="beta", cloud="china").device_management.url == (
            "https://microsoftgraph.chinacloudapi.cn/beta/deviceManagement"
        )
        assert package.operations.get_user_pfx_certificate("x").url.startswith("https://graph.microsoft.com/v1.0/")
    config = tmp_path / "odatagen.yaml"
    config.write_text("package: p\nsources: [x.xml]\ngraph_version: v2\n")
    (tmp_path / "x.xml").write_text("")
    assert main(["generate", "--config", str(config)]) == 2
    assert "odatagen.yaml:3: graph_version must be one of beta, v1.0, not 'v2'" in capsys.readouterr().err
