"""The generated client against a real OData V4 service (SAP CAP, tests/cap, on 127.0.0.1): the
package is generated from the server's live `$metadata`, then used as a user would: list, page,
get by every key kind, expand, create, update with an ETag (and a stale one), replace, delete,
navigation both ways, the singleton, every action and function (bound to an entity, to the
collection, unbound), a media stream, a batch, errors;
and every payload read goes back out exactly as it came."""

from __future__ import annotations

import datetime
import decimal
import json
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cap_server import CapServer, start_cap_server
from conftest import imported, mypy_errors

from odatagen.cli import main

FIRST_ORDER = "7e2b1b0e-0c57-4b1a-9a5e-2f0c1d3e4a01"


@pytest.fixture(scope="module")
def cap_server() -> Iterator[CapServer]:
    """A server of this module's own: its writes (the singleton, the photo) must not reach the
    tests that read the seed rows."""
    with start_cap_server() as server:
        yield server


@pytest.fixture(scope="module")
def package_dir(cap_server: CapServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cap-client")
    metadata = base / "metadata.xml"
    metadata.write_bytes(cap_server.metadata)  # the live $metadata, as a user saves it
    assert main(["generate", str(metadata), "--package", "shop", "--out", str(base / "out")]) == 0
    return base / "out"


@pytest.fixture(scope="module")
def shop(package_dir: Path) -> Iterator[Any]:
    with imported("shop", package_dir) as package:
        yield package


@pytest.fixture
def svc(shop: Any, cap_server: CapServer) -> Any:
    return shop.Service(cap_server.root)


def raw(cap_server: CapServer, path: str) -> Any:
    with urllib.request.urlopen(f"{cap_server.root}/{path}") as answer:
        return json.loads(answer.read(), parse_float=decimal.Decimal)


def test_list_with_options_and_paging(shop: Any, svc: Any) -> None:
    page = shop.send(svc.products.list(filter="price gt 2", orderby=["price desc"], select=["ID", "price"], top=3, count=True))
    assert isinstance(page, shop.Page) and len(page) == 3 and page.count >= 3
    assert [p.price for p in page] == sorted((p.price for p in page), reverse=True) and page[0].name is shop.UNSET
    first = shop.send(svc.products.list())
    assert len(first) == 5 and first.next_link is not None  # the server pages at 5, with a relative link
    everything = shop.send(svc.products.list(), follow_next_link=True)
    assert len(everything) == 12 and everything.next_link is None
    assert shop.send(svc.products.count(filter="stock gt 0")) <= 12


def test_get_by_each_key_kind_and_expand(shop: Any, svc: Any) -> None:
    alfki = shop.send(svc.customers.by_key("ALFKI").get(expand=["orders"]))
    assert isinstance(alfki, shop.Customers) and alfki.id == "ALFKI"
    assert FIRST_ORDER in {str(o.id) for o in alfki.orders}
    order = shop.send(svc.orders.by_key(uuid.UUID(FIRST_ORDER)).get())
    assert order.status == "open" and isinstance(order.ordered_at, datetime.datetime)
    line = shop.send(svc.order_lines.by_key(order_id=FIRST_ORDER, line=1).get())
    assert (line.line, line.quantity, line.price) == (1, 2, decimal.Decimal("1.75"))
    with pytest.raises(shop.ODataError) as caught:
        shop.send(svc.customers.by_key("NOBODY").get())
    assert caught.value.status == 404 and caught.value.message


def test_navigation_both_ways(shop: Any, svc: Any) -> None:
    orders = shop.send(svc.customers.by_key("ALFKI").orders.list(orderby=["orderedAt"]))
    assert str(orders[0].id) == FIRST_ORDER
    back = shop.send(svc.orders.by_key(FIRST_ORDER).customer.get())
    assert back.id == "ALFKI"
    lines = shop.send(svc.orders.by_key(FIRST_ORDER).lines.list())
    assert {line.line for line in lines} >= {1, 2}


def test_create_update_with_etag_replace_delete(shop: Any, svc: Any) -> None:
    created = shop.send(svc.customers.create(shop.Customers(id="NEW01", name="Newcomer", birthday=datetime.date(1990, 2, 3))))
    assert created.id == "NEW01" and created.birthday == datetime.date(1990, 2, 3)
    with pytest.raises(shop.ValidationError):  # name is required on create: checked before sending
        svc.customers.create({"ID": "NEW02"})
    shop.send(svc.customers.by_key("NEW01").replace({"ID": "NEW01", "name": "Replaced"}))
    assert shop.send(svc.customers.by_key("NEW01").get()).email is None  # PUT replaced everything
    assert shop.send(svc.customers.by_key("NEW01").delete()) is None

    placed = shop.send(svc.orders.create({"orderedAt": "2026-01-02T03:04:05Z", "customer_ID": "ALFKI", "note": "new"}))
    fetched = shop.send(svc.orders.by_key(placed.id).get())
    assert fetched.additional_data["@odata.etag"]
    with pytest.raises(shop.ODataError) as caught:
        shop.send(svc.orders.by_key(placed.id).update({"note": "no etag"}))
    assert caught.value.status == 428
    shop.send(svc.orders.by_key(placed.id).update(shop.Orders(note="changed"), if_match=fetched))
    assert shop.send(svc.orders.by_key(placed.id).get()).note == "changed"
    with pytest.raises(shop.ODataError) as caught:
        shop.send(svc.orders.by_key(placed.id).update({"note": "stale"}, if_match=fetched))
    assert caught.value.status == 412
    current = shop.send(svc.orders.by_key(placed.id).get())
    assert shop.send(svc.orders.by_key(placed.id).delete(if_match=current)) is None


def test_singleton_actions_functions_and_stream(shop: Any, svc: Any) -> None:
    settings = shop.send(svc.settings.get())
    assert settings.currency and isinstance(settings.opening_time, datetime.time)
    shop.send(svc.settings.update({"maxLines": 7}))
    assert shop.send(svc.settings.get()).max_lines == 7

    placed = shop.send(svc.orders.create({"orderedAt": "2026-01-02T03:04:05Z", "customer_ID": "ALFKI"}))
    fetched = shop.send(svc.orders.by_key(placed.id).get())
    cancelled = shop.send(svc.orders.by_key(placed.id).cancel(reason="it's late", if_match=fetched))
    assert isinstance(cancelled, shop.Orders) and cancelled.status == "cancelled" and cancelled.note == "it's late"
    assert isinstance(shop.send(svc.orders.by_key(FIRST_ORDER).days_open()), int)
    found = shop.send(svc.find_products(name="e", released_after=datetime.date(2000, 1, 1)))
    assert found and all(isinstance(p, shop.Products) for p in found)
    info = shop.send(svc.restock(product="P01", quantity=3))
    assert info.product == "P01" and isinstance(info.stock, int)
    names = shop.send(svc.product_names(max_price=decimal.Decimal("2.50")))
    assert names == sorted(names) and all(isinstance(n, str) for n in names)

    photo = svc.products.by_key("P01").photo
    image = shop.send(photo.get())
    assert image.startswith(b"\x89PNG")
    assert shop.send(photo.put(b"GIF89a", content_type="image/gif")) is None
    assert shop.send(photo.get()) == b"GIF89a"


def test_actions_and_functions_bound_to_the_collection(shop: Any, svc: Any) -> None:
    """CAP binds them to the collection with `in : many $self`: methods of the entity set."""
    old = shop.send(svc.orders.open_before(before=datetime.date(2024, 6, 1)))
    assert [str(o.id) for o in old] == [FIRST_ORDER] and isinstance(old[0], shop.Orders)
    with pytest.raises(shop.ODataError) as caught:  # Orders has an ETag: CAP wants If-Match here too
        shop.send(svc.orders.note_open(customer="BONAP", note="ring twice"))
    assert caught.value.status == 428
    assert shop.send(svc.orders.note_open(customer="BONAP", note="ring twice", if_match="*")) == 1
    notes = shop.send(svc.customers.by_key("BONAP").orders.list(filter="status eq 'open'", select=["note"]))
    assert [o.note for o in notes] == ["ring twice"]
    with pytest.raises(shop.ValidationError):  # a required parameter left out: nothing sent
        svc.orders.open_before()


def test_a_batch_with_one_failing_part(shop: Any, svc: Any) -> None:
    results = shop.send_batch([svc.customers.by_key("ALFKI").get(), svc.customers.by_key("NOBODY").get(), svc.settings.get()])
    assert results[0].id == "ALFKI" and isinstance(results[2], shop.Settings)
    assert isinstance(results[1], shop.ODataError) and results[1].status == 404


def test_every_payload_round_trips_exactly(shop: Any, cap_server: CapServer) -> None:
    for path, cls in (("Customers", shop.Customers), ("Products?$top=12", shop.Products), ("Orders", shop.Orders),
                      ("OrderLines", shop.OrderLines), ("Settings", shop.Settings)):
        data = raw(cap_server, path)
        items = data["value"] if "value" in data else [data]
        for item in items:
            model, problems = cls.parse(item)
            assert problems == [] and model.to_dict() == item, (path, item)


CONSUMER = """\
from shop import Customers, Orders, Page, Service, send

svc = Service("http://127.0.0.1/odata/v4/shop")
alfki: Customers = send(svc.customers.by_key("ALFKI").get())
orders: Page[Orders] = send(svc.customers.by_key("ALFKI").orders.list(top=5))
days: int = send(svc.orders.by_key("x").days_open())
names: list[str] = send(svc.product_names())
photo: bytes = send(svc.products.by_key("P01").photo.get())
wrong: Orders = send(svc.customers.by_key("ALFKI").get())
old: list[Orders] = send(svc.customers.by_key("ALFKI").orders.open_before(before="2024-06-01"))
"""


def test_a_client_program_type_checks(package_dir: Path, tmp_path: Path) -> None:
    assert mypy_errors(CONSUMER, package_dir, tmp_path) == [
        '9: Incompatible types in assignment (expression has type "Customers", variable has type "Orders")  [assignment]',
        '10: Argument "before" to "open_before" of "OrdersCollectionRequests" has incompatible type "str"; expected "date"  [arg-type]',
    ]


def readme_client_example() -> str:
    import re

    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The client: any OData V4 service") :]
    match = re.search(r"```python\n(.*?)```\n", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_the_readme_client_example_runs_as_written(package_dir: Path, cap_server: CapServer, tmp_path: Path) -> None:
    script = tmp_path / "client.py"
    script.write_text(readme_client_example())
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package_dir), "SHOP_URL": cap_server.root}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "1 ['Laurence Lebihan']"  # the one customer whose name starts with L
    status, days = lines[2].split()
    assert status == "cancelled" and int(days) >= 0 and lines[3].startswith("404 ")
    assert lines[4] == "True True"
    assert mypy_errors(readme_client_example(), package_dir, tmp_path) == []
