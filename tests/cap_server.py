"""A real OData V4 server for the tests: the SAP CAP service in tests/cap, on 127.0.0.1.

Import `cap_server` (session scope: one server for the whole run) from a test module. The database
is SQLite in memory, filled from tests/cap/db/data at start, so every session begins from the seed
rows. Tests share the session's server: none may depend on another's writes, and a test that
writes creates its own rows or changes a row no other test reads. A test that needs the seed rows
untouched starts its own server with `start_cap_server()` (about a second).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CAP = Path(__file__).resolve().parent / "cap"
SERVE = CAP / "node_modules" / "@sap" / "cds" / "bin" / "serve.js"
SERVICE_PATH = "/odata/v4/shop"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class CapServer:
    root: str  # service root, e.g. http://127.0.0.1:PORT/odata/v4/shop (no trailing slash)
    metadata: bytes  # the $metadata document as served
    pid: int


def _missing_prerequisite() -> str | None:
    """What a developer has to install or run before the server can start, or None."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "the CAP server tests need Node.js 20 or newer and npm on PATH (e.g. `apt-get install nodejs npm`)"
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    major = re.match(r"v(\d+)\.", version)
    if major is None or int(major.group(1)) < 20:
        return f"the CAP server tests need Node.js 20 or newer; `node --version` says {version!r}"
    if not SERVE.is_file():
        install = "npm ci --prefix tests/cap --ignore-scripts --no-audit --no-fund"
        return f"{CAP / 'node_modules'} is missing: run `make test` or `{install}`"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ends the process group this module started (the server and anything it spawned)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for_metadata(url: str, process: subprocess.Popen[bytes], log: Path) -> bytes:
    """The $metadata document once the server answers; fails the test with the server's output."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bytes(response.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    status = "exited with status %s" % process.returncode if process.poll() is not None else "did not answer"
    output = log.read_text(errors="replace")
    pytest.fail(f"the CAP server {status} within {START_TIMEOUT:.0f} s at {url}; its output:\n{output}", pytrace=False)


@contextlib.contextmanager
def start_cap_server() -> Iterator[CapServer]:
    """Starts a fresh server (seed rows only) on a free port of 127.0.0.1; stops it on exit."""
    problem = _missing_prerequisite()
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    port = _free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "NODE_ENV": "development"}
    with tempfile.TemporaryDirectory(prefix="cap-server-") as folder:
        log = Path(folder) / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["node", str(SERVE), "all", "--in-memory", "--port", str(port)],
                cwd=CAP,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped by our pid, nothing else
            )
        try:
            root = f"http://127.0.0.1:{port}{SERVICE_PATH}"
            metadata = _wait_for_metadata(f"{root}/$metadata", process, log)
            yield CapServer(root=root, metadata=metadata, pid=process.pid)
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def cap_server() -> Iterator[CapServer]:
    with start_cap_server() as server:
        yield server
