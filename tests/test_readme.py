"""The README's example of the generated package is a complete program: mypy --strict accepts it,
and it runs as written in a venv where the package is installed, against a stand-in for Graph on
127.0.0.1 (GRAPH_URL) that checks what it is sent and answers as Graph does."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from conftest import ROOT, mypy_errors, venv_python
from test_http import Seen, Server, server  # noqa: F401 - `server` is the fixture

COLLECTION = "/beta/deviceManagement/userPfxCertificates"


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The generated package") :]
    match = re.search(r"```python\n(.*?)```\n", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def graph(base: str, seen: Seen) -> tuple[int, dict[str, str], bytes]:
    """What Graph answers to the example's requests (the shapes of the docs' own examples)."""
    assert seen.headers["authorization"] == "Bearer t0ken"
    if seen.method == "POST" and seen.path == COLLECTION:
        created = {**json.loads(seen.body), "id": "cert-1", "createdDateTime": "2026-01-01T00:00:00.1234567Z"}
        return 201, {"Content-Type": "application/json"}, json.dumps(created).encode()
    if seen.method == "GET" and seen.path == COLLECTION:
        page = {
            "value": [{"id": "cert-1", "userPrincipalName": "alex@contoso.com", "expirationDateTime": "2027-01-01T00:00:00Z"}],
            "@odata.nextLink": f"{base}{COLLECTION}?$skiptoken=2",
        }
        if "skiptoken" in seen.query:
            page = {"value": [{"id": "cert-2", "userPrincipalName": "alex2@contoso.com", "expirationDateTime": "2028-01-01T00:00:00Z"}]}
        return 200, {"Content-Type": "application/json"}, json.dumps(page).encode()
    error = {"error": {"code": "ResourceNotFound", "message": "no such certificate"}}
    return 404, {"Content-Type": "application/json", "request-id": "req-42"}, json.dumps(error).encode()


def test_the_readme_example_type_checks(site_packages: Path, tmp_path: Path) -> None:
    assert mypy_errors(readme_example(), site_packages, tmp_path) == []


def test_the_readme_example_runs_as_written(installed_venv: Path, server: Server, tmp_path: Path) -> None:  # noqa: F811
    server.respond = lambda seen: graph(server.base, seen)
    script = tmp_path / "example.py"
    script.write_text(readme_example())
    env = {**os.environ, "GRAPH_URL": server.base, "GRAPH_TOKEN": "t0ken"}
    out = subprocess.run([str(venv_python(installed_venv)), "-I", str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "created cert-1 2026-01-01 00:00:00.123456+00:00",
        "listed alex@contoso.com 2027-01-01 00:00:00+00:00",
        "listed alex2@contoso.com 2028-01-01 00:00:00+00:00",
        "error 404 ResourceNotFound req-42",
        "True 2017-01-01 00:01:48.769766-08:00",
        '"2017-01-01T00:01:48.7697664-08:00"',
        "/keyName expected a string, found the number 7",
        "/paddingScheme expected one of none, pkcs1, oaepSha1, oaepSha256, oaepSha384, oaepSha512 "
        "(UserPfxPaddingScheme), found the string 'pkcs1,oaepSha256'",
        "['/keyName']",
        "['/intendedPurpose', '/userPrincipalName']",
        "('DeviceManagementConfiguration.ReadWrite.All',)",
    ]
    sent = json.loads(server.seen[0].body)
    assert sent["encryptedPfxBlob"] == "MIIKPA==" and sent["startDateTime"] == "2026-01-01T00:00:00Z"
    assert [s.query for s in server.seen[1:3]] == [
        "$select=id,userPrincipalName,expirationDateTime&$filter=startsWith(userPrincipalName,'alex')&$top=50",
        "$skiptoken=2",
    ]


def readme_block(marker: str) -> str:
    """The README's one Python example that contains `marker`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = [b for b in re.findall(r"```python\n(.*?)```\n", text, re.DOTALL) if marker in b]
    assert len(found) == 1
    return found[0]


def run_as_written(example: str, installed_venv: Path, site_packages: Path, tmp_path: Path) -> list[str]:
    """The example checked by mypy --strict, then run in the venv where the package is
    installed: the lines it prints."""
    assert mypy_errors(example, site_packages, tmp_path) == []
    script = tmp_path / "example.py"
    script.write_text(example)
    out = subprocess.run([str(venv_python(installed_venv)), "-I", str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def readme_docs_example() -> str:
    return readme_block(".docs(")


def test_the_readme_docs_facts_example_runs_as_written(installed_venv: Path, site_packages: Path, tmp_path: Path) -> None:
    assert run_as_written(readme_docs_example(), installed_venv, site_packages, tmp_path) == [
        "GET /deviceManagement/userPfxCertificates "
        "('DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All')",
        "create schemas/docs/003_7373349e0371a15a.txt:31",
        "get schemas/docs/intune-raimportcerts-userpfxcertificate-get.md:35",
        "list schemas/docs/intune-raimportcerts-userpfxcertificate-list.md:35",
        "update schemas/docs/intune-raimportcerts-userpfxcertificate-update.md:35",
        "delete schemas/docs/intune-raimportcerts-userpfxcertificate-delete.md:35",
    ]


def readme_replaces_example() -> str:
    return readme_block(".from_replaced(")


def test_the_readme_from_replaced_example_runs_as_written(installed_venv: Path, site_packages: Path, tmp_path: Path) -> None:
    assert run_as_written(readme_replaces_example(), installed_venv, site_packages, tmp_path) == [
        "alex@contoso.com vpn oaepSha256 []",
        "2017-01-01T00:01:48.7697664-08:00",
        "/intendedPurpose expected a value of UserPfxIntendedPurpose "
        "(0=unassigned, 1=smimeEncryption, 2=smimeSigning, 4=vpn, 8=wifi), found the number 15",
    ]
    # what the README says of the overlay is what odatagen says
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    overlay = (ROOT / "schemas/overlay.yaml").read_text()
    line = overlay.splitlines().index("        certStartDate: startDateTime") + 1
    assert f"`schemas/overlay.yaml:{line}: replaces maps 'certStartDate' to 'startDatetime'" in readme
