"""Hostile and broken CSDL: one line each (file, line, what), exit 2, no traceback, no file read,
no network request, and the output folder untouched.

"No file read" is tested with a FIFO as the entity target: opening it would block the parser,
and the run would time out. "No network request" with a real HTTP server on 127.0.0.1 that
records every request it gets.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

EDMX = 'xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"'
EDM = 'xmlns="http://docs.oasis-open.org/odata/ns/edm"'


def document(schema: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<edmx:Edmx Version="4.0" {EDMX}>\n'
        f'  <edmx:DataServices>\n    <Schema Namespace="t" {EDM}>\n{schema}\n    </Schema>\n'
        "  </edmx:DataServices>\n</edmx:Edmx>\n"
    )


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY x "pwned">')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "secret.fifo"
    os.mkfifo(path)
    return path


def cases(url: str, fifo: Path) -> dict[str, tuple[bytes, int, str]]:
    """name: (document bytes, line of the error, words the message must contain)"""
    prop = '      <EntityType Name="a"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/></EntityType>'
    laughs = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10 if i else "lol"}">' for i in range(10))
    return {
        "external entity (file)": (
            document("&xxe;", f'<!DOCTYPE edmx:Edmx [<!ENTITY xxe SYSTEM "file://{fifo}">]>\n').encode(), 2, "DOCTYPE"
        ),
        "external entity (http)": (
            document("&xxe;", f'<!DOCTYPE edmx:Edmx [<!ENTITY xxe SYSTEM "{url}/xxe">]>\n').encode(), 2, "DOCTYPE"
        ),
        "parameter entity": (
            document(prop, f'<!DOCTYPE edmx:Edmx [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>\n').encode(), 2, "DOCTYPE"
        ),
        "billion laughs": (document("&l9;", f"<!DOCTYPE edmx:Edmx [{laughs}]>\n").encode(), 2, "DOCTYPE"),
        "external DTD": (document(prop, f'<!DOCTYPE edmx:Edmx SYSTEM "{url}/edmx.dtd">\n').encode(), 2, "DOCTYPE"),
        "entity declaration, UTF-16": (
            document(prop, '<!DOCTYPE x [<!ENTITY e "v">]>\n').replace("utf-8", "utf-16").encode("utf-16"), 2, "DOCTYPE"
        ),
        "XInclude": (
            document(f'      <xi:include href="file://{fifo}" xmlns:xi="http://www.w3.org/2001/XInclude"/>').encode(),
            5, "XInclude is not processed",
        ),
        "truncated": (document(prop).encode()[:-40], 6, "not well-formed XML"),
        "JSON given as XML": (b'{\n  "$Version": "4.01",\n  "t": {}\n}\n', 1, "looks like JSON"),
        "OData V2": (
            b'<?xml version="1.0"?>\n<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx"/>\n',
            2, "OData V2 (EDMX 1.0) is not supported",
        ),
        "lying encoding": (
            document(prop).replace('encoding="utf-8"', 'encoding="UTF-16"').encode(), 1, "is not UTF-16"
        ),
        "nesting thousands deep": (
            document("<a>" * 5000 + "</a>" * 5000).encode(), 5, "Excessive depth"
        ),
        "unresolved type": (
            document('      <ComplexType Name="a">\n        <Property Name="p" Type="t.nothing"/>\n      </ComplexType>').encode(),
            6, "has type 't.nothing', which no source defines",
        ),
        "BaseType cycle": (
            document('      <ComplexType Name="a" BaseType="t.b"/>\n      <ComplexType Name="b" BaseType="t.a"/>').encode(),
            5, "BaseType cycle",
        ),
        "Key naming a missing property": (
            document('      <EntityType Name="a">\n        <Key><PropertyRef Name="nope"/></Key>\n'
                     '        <Property Name="id" Type="Edm.String"/>\n      </EntityType>').encode(),
            5, "the Key of t.a names 'nope'",
        ),
        "duplicate property": (
            document('      <ComplexType Name="a">\n        <Property Name="p" Type="Edm.String"/>\n'
                     '        <Property Name="p" Type="Edm.Int32"/>\n      </ComplexType>').encode(),
            7, "property 'p' of t.a is declared twice (first at line 6)",
        ),
        "type name that is no identifier": (
            document('      <ComplexType Name="a"/>\n      <EnumType Name="e &quot;x&quot;"/>').encode(),
            6, """the type name 't.e "x"' is no OData identifier""",
        ),
        "duplicate member": (
            document('      <EnumType Name="e">\n        <Member Name="x" Value="0"/>\n'
                     '        <Member Name="x" Value="1"/>\n      </EnumType>').encode(),
            7, "enum member 'x' of t.e is declared twice",
        ),
    }


CASE_NAMES = list(cases("http://x", Path("/x")))


@pytest.mark.parametrize("case", CASE_NAMES)
def test_bad_csdl_is_one_clear_line(case: str, tmp_path: Path, server: str, fifo: Path) -> None:
    data, line, words = cases(server, fifo)[case]
    source = tmp_path / "bad.xml"
    source.write_bytes(data)
    out_dir = tmp_path / "out"
    ok = subprocess.run(
        [sys.executable, "-m", "odatagen", "generate", str(ROOT / "schemas/csdl/userpfxcertificate.xml"), "--package", "p", "--out", str(out_dir)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stderr
    before = {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()}
    Recorder.requests.clear()
    result = subprocess.run(
        [sys.executable, "-m", "odatagen", "generate", str(source), "--package", "p", "--out", str(out_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"{source}:{line}: "), lines[0]
    assert words in lines[0]
    assert Recorder.requests == []
    assert {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()} == before
