"""The CAP service in tests/cap does, over plain HTTP (urllib), each thing a generated client will
rely on: metadata, queries, paging, keys, $expand, writes with ETags, the singleton, actions and
functions, Binary, the media stream, JSON $batch and error bodies.

One server serves the whole session (tests/cap_server.py): a test that writes uses rows of its own
or rows no other test reads, so the tests pass in any order.
"""

from __future__ import annotations

import base64
import json
import os
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any

from cap_server import CapServer
from conftest import ROOT

CSDL_FILE = ROOT / "tests" / "data" / "csdl" / "cap-shop.xml"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
ORDER_1 = "7e2b1b0e-0c57-4b1a-9a5e-2f0c1d3e4a01"  # open, 2 lines, customer ALFKI
ORDER_2 = "7e2b1b0e-0c57-4b1a-9a5e-2f0c1d3e4a02"  # shipped: ordered 2024-05-02, closed 10 days later
SEED_PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4L8IAAAMpARTxNWWCAAAAAElFTkSuQmCC"
)


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)


def call(server: CapServer, method: str, path: str, body: object = None, headers: dict[str, str] | None = None) -> Reply:
    """One request to `root/path`; a 4xx or 5xx is a Reply too, not an exception."""
    all_headers = {"Accept": "application/json"}
    if isinstance(body, bytes) or body is None:
        data = body
    else:
        data, all_headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    all_headers.update(headers or {})
    request = urllib.request.Request(f"{server.root}/{path}", data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def ok(reply: Reply, status: int = 200) -> Any:
    assert reply.status == status, reply.body
    return reply.json() if reply.body else None


def new_order(server: CapServer, note: str) -> dict[str, Any]:
    order: dict[str, Any] = {"customer_ID": "CHOPS", "orderedAt": "2024-07-01T12:00:00Z", "note": note}
    order["lines"] = [{"line": 1, "product_ID": "P03", "quantity": 3, "price": "4.25"}]
    return dict(ok(call(server, "POST", "Orders", order), 201))


# $metadata


def schema(server: CapServer) -> ET.Element:
    (found,) = ET.fromstring(server.metadata).iter(f"{EDM}Schema")
    return found


def test_metadata_declares_sets_singleton_and_operations(cap_server: CapServer) -> None:
    container = schema(cap_server).find(f"{EDM}EntityContainer")
    assert container is not None
    assert {e.get("Name") for e in container.iter(f"{EDM}EntitySet")} == {"Customers", "Orders", "OrderLines", "Products"}
    assert [(s.get("Name"), s.get("Type")) for s in container.iter(f"{EDM}Singleton")] == [("Settings", "ShopService.Settings")]
    kinds = (f"{EDM}Action", f"{EDM}Function")
    operations = {(o.tag.removeprefix(EDM), o.get("Name"), o.get("IsBound")) for o in schema(cap_server) if o.tag in kinds}
    assert operations == {
        ("Action", "cancel", "true"),
        ("Function", "daysOpen", "true"),
        ("Function", "openBefore", "true"),
        ("Action", "noteOpen", "true"),
        ("Function", "findProducts", "false"),
        ("Action", "restock", "false"),
        ("Function", "productNames", "false"),
    }
    imports = {i.get("Name") for i in container if i.tag in (f"{EDM}ActionImport", f"{EDM}FunctionImport")}
    assert imports == {"findProducts", "restock", "productNames"}


def property_types(server: CapServer, entity: str) -> dict[str, dict[str, str]]:
    types = {t.get("Name"): t for t in schema(server).iter(f"{EDM}EntityType")}
    return {p.get("Name", ""): dict(p.attrib) for p in types[entity].iter(f"{EDM}Property")}


def test_metadata_types_keys_and_facets(cap_server: CapServer) -> None:
    products = property_types(cap_server, "Products")
    assert products["price"] == {"Name": "price", "Type": "Edm.Decimal", "Precision": "9", "Scale": "2"}
    assert [products[n]["Type"] for n in ("views", "releaseDate", "opensAt", "thumbnail", "photo")] == [
        "Edm.Int64", "Edm.Date", "Edm.TimeOfDay", "Edm.Binary", "Edm.Stream",
    ]  # fmt: skip
    assert products["name"].get("Nullable") == "false" and "DefaultValue" not in products["name"]
    orders = property_types(cap_server, "Orders")
    assert orders["ID"]["Type"] == "Edm.Guid" and orders["orderedAt"]["Type"] == "Edm.DateTimeOffset"
    types = {t.get("Name"): t for t in schema(cap_server).iter(f"{EDM}EntityType")}
    keys = {name: [r.get("Name") for r in t.iter(f"{EDM}PropertyRef")] for name, t in types.items()}
    assert keys.pop("OrderLines") == ["order_ID", "line"]  # composite: the order's key and a line number
    assert keys == {"Customers": ["ID"], "Orders": ["ID"], "Products": ["ID"], "Settings": ["ID"]}


def terms(server: CapServer, target: str) -> dict[str, ET.Element]:
    found = [a for a in schema(server).iter(f"{EDM}Annotations") if a.get("Target") == target]
    return {a.get("Term", ""): a for group in found for a in group.findall(f"{EDM}Annotation")}


def test_metadata_annotations(cap_server: CapServer) -> None:
    allowed = terms(cap_server, "ShopService.Orders/status")["Validation.AllowedValues"]
    assert [v.get("String") for v in allowed.iter(f"{EDM}PropertyValue")] == ["open", "shipped", "cancelled"]
    assert "Core.OptimisticConcurrency" in terms(cap_server, "ShopService.EntityContainer/Orders")
    assert "Core.Computed" in terms(cap_server, "ShopService.Orders/total")
    assert {"Core.Computed", "Core.Immutable"} <= set(terms(cap_server, "ShopService.Orders/createdAt"))
    assert terms(cap_server, "ShopService.Products/photo")["Core.MediaType"].get("Path") == "photoType"


def normalized(xml: bytes) -> str:
    text = re.sub(rb"<!--.*?-->", b"", xml, flags=re.S).decode()
    return re.sub(r">\s+<", "><", text).strip()


def test_metadata_file_is_current(cap_server: CapServer) -> None:
    """tests/data/csdl/cap-shop.xml is what the server serves (set CAP_CSDL_UPDATE=1 to rewrite it)."""
    if os.environ.get("CAP_CSDL_UPDATE"):
        head, _, rest = cap_server.metadata.decode().partition("\n")
        comment = (
            "<!-- GET /odata/v4/shop/$metadata of the CAP service in tests/cap, as served. "
            "tests/test_cap_server.py checks that it is current; CAP_CSDL_UPDATE=1 rewrites it. -->"
        )
        CSDL_FILE.write_text(f"{head}\n{comment}\n{rest.rstrip()}\n")
    assert normalized(CSDL_FILE.read_bytes()) == normalized(cap_server.metadata)


# Reads


def test_query_options_and_count(cap_server: CapServer) -> None:
    query = "$filter=price%20gt%205&$orderby=price%20desc&$select=ID,price&$top=3&$count=true"
    page = ok(call(cap_server, "GET", f"Products?{query}"))
    assert page["@odata.count"] == 9
    assert page["value"] == [{"ID": "P12", "price": 15.5}, {"ID": "P11", "price": 14.25}, {"ID": "P10", "price": 13}]


def test_server_driven_paging_with_relative_next_links(cap_server: CapServer) -> None:
    page = ok(call(cap_server, "GET", "Products?$select=ID&$count=true"))
    ids, links = [], []
    while True:
        ids += [row["ID"] for row in page["value"]]
        link = page.get("@odata.nextLink")
        if link is None:
            break
        links.append(link)
        page = ok(call(cap_server, "GET", link))  # relative to the service root
    assert ids == [f"P{i:02d}" for i in range(1, 13)]
    assert len(links) == 2 and all(link.startswith("Products?") and "$skiptoken=" in link.replace("%24", "$") for link in links)


def test_get_by_string_uuid_and_composite_key(cap_server: CapServer) -> None:
    assert ok(call(cap_server, "GET", "Customers('BONAP')"))["name"] == "Laurence Lebihan"
    order = ok(call(cap_server, "GET", f"Orders({ORDER_2})"))
    assert (order["customer_ID"], order["status"], order["total"]) == ("ALFKI", "shipped", 17)
    line = ok(call(cap_server, "GET", f"OrderLines(order_ID={ORDER_1},line=2)"))
    assert (line["product_ID"], line["quantity"], line["price"]) == ("P02", 1, 3.5)


def test_primitive_values_on_the_wire(cap_server: CapServer) -> None:
    """Decimal and Int64 come as JSON numbers (CAP ignores IEEE754Compatible=true); Binary is base64url."""
    accept = {"Accept": "application/json;IEEE754Compatible=true"}
    product = ok(call(cap_server, "GET", "Products('P01')?$select=price,views,releaseDate,opensAt,thumbnail", headers=accept))
    assert product["price"] == 1.75 and product["views"] == 4294967296001
    assert (product["releaseDate"], product["opensAt"]) == ("2024-01-15", "09:30:00")
    assert product["thumbnail"] == "-__-AQ==" and base64.urlsafe_b64decode(product["thumbnail"]) == b"\xfb\xff\xfe\x01"
    assert ok(call(cap_server, "GET", f"Orders({ORDER_2})"))["closedAt"] == "2024-05-12T09:30:00Z"


def test_binary_written_as_base64url(cap_server: CapServer) -> None:
    ok(call(cap_server, "PATCH", "Products('P11')", {"thumbnail": base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode()}))
    assert ok(call(cap_server, "GET", "Products('P11')/thumbnail"))["value"] == "__79"


def test_expand_association_and_composition(cap_server: CapServer) -> None:
    order = ok(call(cap_server, "GET", f"Orders({ORDER_1})?$expand=customer($select=name),lines($orderby=line)"))
    assert order["customer"] == {"ID": "ALFKI", "name": "Maria Anders"}
    assert [(line["line"], line["product_ID"]) for line in order["lines"]] == [(1, "P01"), (2, "P02")]
    line = ok(call(cap_server, "GET", f"OrderLines(order_ID={ORDER_1},line=1)?$expand=product($select=name)"))
    assert line["product"] == {"ID": "P01", "name": "Apple"}


def test_not_found_is_an_odata_error(cap_server: CapServer) -> None:
    reply = call(cap_server, "GET", "Customers('NOBODY')")
    assert reply.status == 404 and reply.headers["content-type"].startswith("application/json")
    assert reply.json()["error"]["code"] == "404" and reply.json()["error"]["message"]


# Writes


def test_create_put_and_delete(cap_server: CapServer) -> None:
    created = call(cap_server, "POST", "Customers", {"ID": "DELME", "name": "Temp", "birthday": "2000-02-29"})
    assert ok(created, 201)["birthday"] == "2000-02-29" and created.headers["location"] == "Customers('DELME')"
    replaced = ok(call(cap_server, "PUT", "Customers('DELME')", {"name": "Replaced"}))
    assert (replaced["name"], replaced["birthday"]) == ("Replaced", None)  # PUT resets what it does not send
    assert call(cap_server, "DELETE", "Customers('DELME')").status == 204
    assert call(cap_server, "GET", "Customers('DELME')").status == 404


def test_create_without_a_mandatory_value_is_400(cap_server: CapServer) -> None:
    error = ok(call(cap_server, "POST", "Customers", {"ID": "NONAME"}), 400)["error"]
    assert (error["code"], error["target"]) == ("ASSERT_MANDATORY", "name")


def test_deep_create_computes_the_readonly_total(cap_server: CapServer) -> None:
    order = new_order(cap_server, "deep")
    assert (order["total"], order["status"], len(order["lines"])) == (12.75, "open", 1)
    assert re.fullmatch(r"[0-9a-f-]{36}", order["ID"])


def test_etag_preconditions(cap_server: CapServer) -> None:
    order = new_order(cap_server, "etag")
    path = f"Orders({order['ID']})"
    fetched = call(cap_server, "GET", path)
    etag = fetched.headers["etag"]
    assert etag.startswith('W/"') and fetched.json()["@odata.etag"] == etag
    assert call(cap_server, "PATCH", path, {"note": "no if-match"}).status == 428
    updated = call(cap_server, "PATCH", path, {"note": "fresh"}, {"If-Match": etag})
    assert ok(updated)["note"] == "fresh" and updated.headers["etag"] != etag
    assert call(cap_server, "PATCH", path, {"note": "stale"}, {"If-Match": etag}).status == 412
    assert call(cap_server, "DELETE", path).status == 428
    assert call(cap_server, "DELETE", path, headers={"If-Match": updated.headers["etag"]}).status == 204


def test_singleton_get_and_patch(cap_server: CapServer) -> None:
    assert ok(call(cap_server, "GET", "Settings")) == {
        "@odata.context": "$metadata#Settings", "ID": 1, "currency": "EUR", "openingTime": "08:30:00", "maxLines": 20,
    }  # fmt: skip
    assert ok(call(cap_server, "PATCH", "Settings", {"maxLines": 25}))["maxLines"] == 25
    assert ok(call(cap_server, "GET", "Settings"))["maxLines"] == 25


# Actions and functions


def test_bound_action_with_a_string_parameter(cap_server: CapServer) -> None:
    """CAP checks the ETag for a bound action too: 428 without If-Match."""
    order = new_order(cap_server, "to cancel")
    path = f"Orders({order['ID']})/ShopService.cancel"
    assert call(cap_server, "POST", path, {"reason": "changed my mind"}).status == 428
    cancelled = ok(call(cap_server, "POST", path, {"reason": "changed my mind"}, {"If-Match": "*"}))
    assert (cancelled["ID"], cancelled["status"], cancelled["note"]) == (order["ID"], "cancelled", "changed my mind")
    assert cancelled["closedAt"] is not None
    again = call(cap_server, "POST", path, {"reason": "twice"}, {"If-Match": "*"})
    assert again.status == 409 and "already cancelled" in again.json()["error"]["message"]


def test_bound_function_returning_a_primitive(cap_server: CapServer) -> None:
    assert ok(call(cap_server, "GET", f"Orders({ORDER_2})/ShopService.daysOpen()"))["value"] == 10
    opened = datetime(2024, 5, 1, 10, tzinfo=timezone.utc)
    days = ok(call(cap_server, "GET", f"Orders({ORDER_1})/daysOpen()"))["value"]  # unqualified works as well
    assert abs(days - (datetime.now(timezone.utc) - opened).days) <= 1


def test_function_and_action_bound_to_the_collection(cap_server: CapServer) -> None:
    found = ok(call(cap_server, "GET", "Orders/ShopService.openBefore(before=2024-06-01)"))["value"]
    assert [o["ID"] for o in found] == [ORDER_1]
    path = "Orders/ShopService.noteOpen"
    assert call(cap_server, "POST", path, {"customer": "NOBODY", "note": "x"}).status == 428  # Orders has an ETag
    assert ok(call(cap_server, "POST", path, {"customer": "NOBODY", "note": "x"}, {"If-Match": "*"}))["value"] == 0


def test_unbound_function_returning_entities(cap_server: CapServer) -> None:
    found = ok(call(cap_server, "GET", "findProducts(name='tea',releasedAfter=2024-09-01)"))
    assert found["@odata.context"] == "$metadata#Products"
    assert [p["name"] for p in found["value"]] == ["Ice Tea", "Jasmine Tea"]
    aliased = ok(call(cap_server, "GET", "findProducts(name=@n,releasedAfter=@d)?@n='TEA'&@d=2024-09-30"))
    assert [p["ID"] for p in aliased["value"]] == ["P10"]
    assert call(cap_server, "GET", "findProducts(releasedAfter=2024-09-01)").status == 400  # name is Nullable=false


def test_unbound_action_returning_a_complex_value(cap_server: CapServer) -> None:
    before = ok(call(cap_server, "GET", "Products('P07')?$select=stock"))["stock"]
    info = ok(call(cap_server, "POST", "restock", {"product": "P07", "quantity": 5}))
    assert info["@odata.context"] == "$metadata#ShopService.StockInfo"
    assert (info["product"], info["stock"]) == ("P07", before + 5)
    assert datetime.fromisoformat(info["restockedAt"]).tzinfo is not None
    assert call(cap_server, "POST", "restock", {"product": "NOPE", "quantity": 1}).status == 404


def test_function_returning_a_collection_of_primitives(cap_server: CapServer) -> None:
    names = ok(call(cap_server, "GET", "productNames(maxPrice=5)"))
    assert names == {"@odata.context": "$metadata#Collection(Edm.String)", "value": ["Apple", "Banana", "Cherry"]}


# Media stream


def test_media_stream_get_and_put(cap_server: CapServer) -> None:
    photo = call(cap_server, "GET", "Products('P01')/photo", headers={"Accept": "*/*"})
    assert (photo.status, photo.headers["content-type"], photo.body) == (200, "image/png", SEED_PHOTO)
    assert call(cap_server, "GET", "Products('P01')/photo/$value", headers={"Accept": "*/*"}).body == SEED_PHOTO
    gif = b"GIF89a\x01\x00\x01\x00\x00\xff\x00,"
    assert call(cap_server, "PUT", "Products('P04')/photo", gif, {"Content-Type": "image/gif"}).status == 204
    replaced = call(cap_server, "GET", "Products('P04')/photo", headers={"Accept": "*/*"})
    assert (replaced.headers["content-type"], replaced.body) == ("image/gif", gif)
    assert ok(call(cap_server, "GET", "Products('P04')?$select=photoType"))["photoType"] == "image/gif"


# $batch


def test_json_batch_answers_each_part(cap_server: CapServer) -> None:
    requests = [
        {"id": "1", "method": "GET", "url": "Customers('ALFKI')"},
        {"id": "2", "method": "GET", "url": "Customers('NOBODY')"},
        {"id": "3", "method": "POST", "url": "Customers", "headers": {"content-type": "application/json"},
         "body": {"ID": "BATCH", "name": "B"}},
        {"id": "4", "method": "GET", "url": f"{cap_server.root}/Customers('ALFKI')"},
    ]
    responses = {r["id"]: r for r in ok(call(cap_server, "POST", "$batch", {"requests": requests}))["responses"]}
    assert {i: r["status"] for i, r in responses.items()} == {"1": 200, "2": 404, "3": 201, "4": 404}
    assert responses["1"]["body"]["name"] == "Maria Anders"
    assert responses["2"]["body"]["error"]["code"] == "404"
    assert "Invalid resource path" in responses["4"]["body"]["error"]["message"]  # absolute URLs are refused
    assert ok(call(cap_server, "GET", "Customers('BATCH')"))["name"] == "B"
