"""Every documented operation of both entities over real HTTP, against a server on 127.0.0.1
that checks method, path, query, headers and body and answers with the docs' own examples."""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from conftest import DOCS, ROOT, TEST_DOCS, model_name, operation_name

from odatagen.readers import read_docs_page

TOKEN = "s3cr3t-token-value"
KEY = "a/b c?#'%"  # reserved characters in a key


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    base: str
    seen: list[Seen] = field(default_factory=list)
    respond: Callable[[Seen], tuple[int, dict[str, str], bytes]] = lambda s: (204, {}, b"")
    stop: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server("")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_one(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw_path, _, query = self.path.partition("?")
            seen = Seen(self.command, raw_path, query, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
            state.seen.append(seen)
            status, headers, body = state.respond(seen)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = do_DELETE = handle_one  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.stop.set()
    httpd.shutdown()
    httpd.server_close()


def pages() -> list[Any]:
    """Every page of a documented operation, of every entity."""
    found = []
    for path in DOCS + TEST_DOCS:
        page = read_docs_page(path, path.name)
        if page.operation is not None and path.name != "003_7373349e0371a15a.txt":  # its example is invalid on purpose
            found.append(pytest.param(page, id=path.relative_to(ROOT).as_posix()))
    return found


def example(page: Any, role: str) -> Any:
    return next((e for e in page.operation.examples if e.role == role), None)


@pytest.mark.parametrize("page", pages())
def test_every_operation_over_the_wire(page: Any, server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    op = page.operation
    cls = getattr(gc, model_name(page.entity))
    builder = getattr(ops, operation_name(page.entity, op.kind))
    request_example, response_example = example(page, "request"), example(page, "response")
    body = request_example.json_body() if request_example and request_example.body else None
    body = json.loads(json.dumps(body, default=str)) if body is not None else None
    kwargs: dict[str, Any] = {"base_url": server.base}
    args: list[Any] = [KEY] if op.kind in ("get", "update", "delete") else []
    if op.kind in ("create", "update"):
        args.append(cls.from_dict(body))
    request = builder(*args, **kwargs)
    answer_status = response_example.status
    answer = response_example.body.encode() if response_example.body else b""
    server.respond = lambda seen: (answer_status, {"Content-Type": "application/json"} if answer else {}, answer)
    result = ops.send(request, token=lambda: TOKEN)
    (seen,) = server.seen
    expected_path = "/beta" + op.path.split("{")[0] + ("a%2Fb%20c%3F%23'%25" if "{" in op.path else "")
    assert (seen.method, seen.path, seen.query) == (op.method, expected_path, "")
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers.get("accept") == "application/json" or op.kind == "create"
    if body is not None:
        assert seen.headers["content-type"] == "application/json"
        assert json.loads(seen.body) == body
    else:
        assert seen.body == b""
    if answer_status == 204:
        assert result is None
    elif op.kind == "list":
        expected = json.loads(answer)["value"]
        assert [m.to_dict() for m in result] == expected and all(isinstance(m, cls) for m in result)
    else:
        data = json.loads(answer)
        data = data["value"] if isinstance(data.get("value"), dict) else data
        assert isinstance(result, cls) and result.to_dict() == data


def test_query_options_are_encoded_and_checked(server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    request = ops.list_user_pfx_certificates(
        select=["thumbprint", "userPrincipalName"],
        filter="startsWith(userPrincipalName,'a b+c&d=e')",
        orderby=["expirationDateTime desc"],
        top=5, skip=10, count=True, search='"pfx cert"',
        base_url=server.base,
    )
    query = request.url.partition("?")[2]
    assert query == (
        "$select=thumbprint,userPrincipalName&$orderby=expirationDateTime%20desc"
        "&$filter=startsWith(userPrincipalName,'a%20b%2Bc%26d%3De')&$top=5&$skip=10&$count=true&$search=%22pfx%20cert%22"
    )
    assert "+" not in query and "%24" not in query
    server.respond = lambda seen: (200, {}, b'{"value": []}')
    assert ops.send(request, token=TOKEN) == []
    assert urllib.parse.unquote(server.seen[0].query).startswith("$select=thumbprint,userPrincipalName&")
    with pytest.raises(gc.ValidationError) as caught:
        ops.list_user_pfx_certificates(select=["thumbprint", "colour"], orderby=["nope asc"])
    messages = [p.message for p in caught.value.errors]
    assert [p.path for p in caught.value.errors] == ["/select/1", "/orderby/0"]
    assert "has no property 'colour'; valid names: createdDateTime, encryptedPfxBlob" in messages[0]
    assert ops.get_user_pfx_certificate("x", select=["id"]).url.endswith("/userPfxCertificates/x?$select=id")


CASES = yaml.safe_load((ROOT / "tests/data/abnf-key-query-cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["keys"], ids=lambda c: c["input"])
def test_abnf_key_as_segment(case: dict[str, Any], gc: Any) -> None:
    from graph_certificates._http import key_path

    entity_set = case["input"].split("/")[0]
    assert key_path(f"{entity_set}/{{id}}", case["key"]) == case["input"]


@pytest.mark.parametrize("case", CASES["queries"], ids=lambda c: c["input"])
def test_abnf_query_options(case: dict[str, Any], gc: Any) -> None:
    from graph_certificates._http import query

    options = dict(case["options"])
    built = query(gc.Model, **options) if "orderby" not in options else None
    if built is None:  # orderby names a property: check it against a type that has one
        built = query(gc.UserPFXCertificate, **{**options, "orderby": ["thumbprint"]}).replace("thumbprint", options["orderby"][0])
    expected = case["input"].partition("?")[2]
    ours = built.lstrip("?")
    assert sorted(urllib.parse.unquote(ours).split("&")) == sorted(expected.split("&"))
    assert " " not in ours and "+" not in ours and "%24" not in ours


def test_error_responses(server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    error = {"error": {"code": "ResourceNotFound", "message": "No such certificate.",
                       "innerError": {"date": "2021-07-16T00:00:00", "request-id": "inner-id"}}}
    server.respond = lambda seen: (404, {"Content-Type": "application/json", "request-id": "req-123",
                                         "client-request-id": seen.headers["client-request-id"]}, json.dumps(error).encode())
    with pytest.raises(ops.GraphError) as caught:
        ops.send(ops.get_user_pfx_certificate("missing", base_url=server.base), token=TOKEN)
    e = caught.value
    assert (e.status, e.code, e.message, e.request_id) == (404, "ResourceNotFound", "No such certificate.", "req-123")
    assert e.client_request_id == server.seen[0].headers["client-request-id"] and len(e.client_request_id) == 36
    assert e.inner_error["date"] == "2021-07-16T00:00:00"
    assert TOKEN not in str(e) and TOKEN not in repr(e)
    server.respond = lambda seen: (502, {"Content-Type": "text/html"}, b"<html>Bad gateway</html>")
    with pytest.raises(ops.GraphError) as caught:
        ops.send(ops.delete_user_pfx_certificate("x", base_url=server.base), token=TOKEN)
    assert (caught.value.status, caught.value.code, caught.value.text) == (502, "", "<html>Bad gateway</html>")


def test_retry_after_is_honoured_a_bounded_number_of_times(server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    answers = iter([(429, {"Retry-After": "1"}, b""), (503, {"Retry-After": "0"}, b""), (204, {}, b"")])
    server.respond = lambda seen: next(answers)
    start = time.monotonic()
    assert ops.send(ops.delete_user_pfx_certificate("x", base_url=server.base), token=TOKEN) is None
    assert len(server.seen) == 3 and time.monotonic() - start >= 1.0
    assert len({s.headers["client-request-id"] for s in server.seen}) == 1  # one logical request
    server.seen.clear()
    server.respond = lambda seen: (429, {"Retry-After": "0"}, b'{"error": {"code": "TooManyRequests", "message": "Slow down"}}')
    with pytest.raises(ops.GraphError) as caught:
        ops.send(ops.delete_user_pfx_certificate("x", base_url=server.base), token=TOKEN, max_retries=2)
    assert caught.value.status == 429 and len(server.seen) == 3


def test_paging_follows_next_link_up_to_a_bound(server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    def respond(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        page = int(urllib.parse.parse_qs(seen.query).get("$skiptoken", ["0"])[0])
        body = {"value": [{"id": f"{page}-{i}"} for i in range(2)]}
        if page < 4:
            body["@odata.nextLink"] = f"{server.base}/beta/deviceManagement/userPfxCertificates?$skiptoken={page + 1}"
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    server.respond = respond
    request = ops.list_user_pfx_certificates(base_url=server.base)
    assert [m.id for m in ops.send(request, token=TOKEN)] == ["0-0", "0-1"]
    everything = ops.send(request, token=TOKEN, follow_next_link=True)
    assert len(everything) == 10 and everything[-1].id == "4-1"
    assert len(ops.send(request, token=TOKEN, follow_next_link=True, max_pages=3)) == 6


def test_a_server_that_never_answers_times_out(server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    def hang(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        server.stop.wait(10)
        return 204, {}, b""

    server.respond = hang
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        ops.send(ops.delete_user_pfx_certificate("x", base_url=server.base), token=TOKEN, timeout=0.5)
    assert time.monotonic() - start < 5


def test_token_stays_out_of_reprs(gc: Any) -> None:
    from graph_certificates import operations as ops
    from graph_certificates._http import _Secret

    request = ops.get_user_pfx_certificate("x")
    assert "Authorization" not in repr(request) and "Bearer" not in repr(request)
    assert repr(_Secret(TOKEN)) == "<token>"


def test_an_httpx_transport_is_used_when_given(server: Server, gc: Any) -> None:
    httpx = pytest.importorskip("httpx")
    from graph_certificates import operations as ops

    server.respond = lambda seen: (200, {"Content-Type": "application/json"}, b'{"id": "x", "thumbprint": "t"}')
    with httpx.Client() as client:
        model = ops.send(ops.get_user_pfx_certificate("x", base_url=server.base), token=TOKEN, transport=client)
    assert model.thumbprint == "t" and server.seen[0].headers["user-agent"].startswith("python-httpx")


def test_update_sends_only_what_was_set(server: Server, gc: Any) -> None:
    from graph_certificates import operations as ops

    patch = gc.UserPFXCertificate(key_name="new key", provider_name=None)
    server.respond = lambda seen: (204, {}, b"")
    assert ops.send(ops.update_user_pfx_certificate("abc", patch, base_url=server.base), token=TOKEN) is None
    (seen,) = server.seen
    assert (seen.method, seen.path) == ("PATCH", "/beta/deviceManagement/userPfxCertificates/abc")
    assert json.loads(seen.body) == {"keyName": "new key", "providerName": None}
