"""Functional tests of graph_certificates, installed with pip into a new venv (fixture `gc`)."""

from __future__ import annotations

import datetime
import json
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCS, ROOT, SEED_000, SEED_003, TEST_DOCS, model_name, mypy_errors, project_schema, venv_python

from odatagen.readers import read_docs_page

CERTIFICATES = {"PfxUserCertificate", "UserPFXCertificate"}


def _example_bodies() -> list[Any]:
    """Every JSON object in every example of every entity's docs, with where it came from."""
    cases = []
    for path in DOCS + TEST_DOCS:
        page = read_docs_page(path, path.name)
        for example in page.operation.examples if page.operation else ():
            body = example.json_body()
            if body is None:
                continue
            value = body.get("value", body)  # list responses, and Intune's {"value": {...}} get responses
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                ident = f"{path.name}:{example.loc.line}:{example.role}:{i}"
                cases.append(pytest.param(model_name(page.entity), json.loads(json.dumps(item)), id=ident))
    return cases


EXAMPLES = _example_bodies()


def _request_body(path: Path) -> dict[str, Any]:
    page = read_docs_page(path, path.name)
    assert page.operation is not None
    request = next(e for e in page.operation.examples if e.role == "request")
    body = json.loads(request.body or "")
    assert isinstance(body, dict)
    return body


def test_the_public_names_import(gc: Any) -> None:
    from graph_certificates import (  # noqa: F401
        PfxUserCertificate,
        UserPFXCertificate,
        UserPfxIntendedPurpose,
        UserPfxPaddingScheme,
        ValidationError,
    )

    assert issubclass(ValidationError, ValueError)
    assert UserPfxPaddingScheme("oaepSha256") is UserPfxPaddingScheme.OAEP_SHA256
    assert isinstance(UserPfxIntendedPurpose.VPN, str) and UserPfxIntendedPurpose.VPN.number == 4


def test_there_are_examples_of_both_certificate_entities() -> None:
    certificates = [case for case in EXAMPLES if case.values[0] in CERTIFICATES]
    assert len(certificates) == 16  # create x2 forms, update: request + response; get, list: response
    assert {case.values[0] for case in certificates} == CERTIFICATES


@pytest.mark.parametrize(("model", "body"), EXAMPLES)
def test_docs_example_round_trips_exactly(gc: Any, model: str, body: dict[str, Any]) -> None:
    cls = getattr(gc, model)
    assert cls.from_dict(body).to_dict() == body
    assert json.dumps(cls.from_dict(body).to_dict(), sort_keys=True) == json.dumps(body, sort_keys=True)


def test_seed_003_request_has_exactly_two_problems(gc: Any) -> None:
    body = _request_body(SEED_003)
    for operation in (None, "create"):
        problems = gc.UserPFXCertificate.validate(body, operation=operation)
        assert [p.path for p in problems] == ["/intendedPurpose", "/paddingScheme"]
        assert all("'String'" in p.message for p in problems)


def test_seed_000_request_has_no_problems(gc: Any) -> None:
    assert gc.PfxUserCertificate.validate(_request_body(SEED_000), operation="create") == []


def test_required_on_create_follows_the_overlay(gc: Any) -> None:
    body = _request_body(SEED_003)
    del body["thumbprint"]
    problems = gc.UserPFXCertificate.validate(body, operation="create")
    assert "/thumbprint" in [p.path for p in problems]
    # id, createdDateTime and lastModifiedDateTime are server-managed: absent is fine.
    assert not {"/id", "/createdDateTime", "/lastModifiedDateTime"} & {p.path for p in problems}
    assert "/thumbprint" not in [p.path for p in gc.UserPFXCertificate.validate(body)]


def test_from_dict_lists_every_problem(gc: Any) -> None:
    bad = {
        "tenantId": "{f9882bcd-2bcd-f988-cd2b-88f9cd2b88f9}",
        "certStartDate": "2017-01-01T00:01:48",
        "isDeleted": "yes",
        "status": 1.5,
        "thumbprint": 42,
    }
    with pytest.raises(gc.ValidationError) as caught:
        gc.PfxUserCertificate.from_dict(bad)
    assert isinstance(caught.value, ValueError)
    assert [p.path for p in caught.value.errors] == ["/tenantId", "/thumbprint", "/certStartDate", "/status", "/isDeleted"]
    assert "expected a GUID" in caught.value.errors[0].message


def test_binary_is_decoded_strictly(gc: Any) -> None:
    cls = gc.UserPFXCertificate
    assert cls.from_dict({"encryptedPfxBlob": "ZW5jcnlwdGVkUGZ4QmxvYg=="}).encrypted_pfx_blob == b"encryptedPfxBlob"
    assert cls.from_dict({"encryptedPfxBlob": "-_8"}).encrypted_pfx_blob == b"\xfb\xff"  # base64url, unpadded
    assert cls.from_dict({"encryptedPfxBlob": "-_8"}).to_dict() == {"encryptedPfxBlob": "-_8"}  # the text received
    assert cls(encrypted_pfx_blob=b"\xfb\xff").to_dict() == {"encryptedPfxBlob": "+/8="}  # set here: standard base64
    for garbage in ("not base64!", "ZW5jcnlwdGVkUGZ4QmxvYg=", "A", "+_8=", "QR=="):
        with pytest.raises(gc.ValidationError):
            cls.from_dict({"encryptedPfxBlob": garbage})
        assert [p.path for p in cls.validate({"encryptedPfxBlob": garbage})] == ["/encryptedPfxBlob"]


def test_date_time_offset_keeps_its_text(gc: Any) -> None:
    cls = gc.UserPFXCertificate
    for text in ("2017-01-01T00:01:48.7697664-08:00", "2017-01-01T00:01:48Z", "2017-01-01T00:01:48.123456789012+05:30"):
        model = cls.from_dict({"startDateTime": text})
        assert model.to_dict() == {"startDateTime": text}
        assert model.start_date_time.tzinfo is not None
    model = cls.from_dict({"startDateTime": "2017-01-01T00:01:48.7697664-08:00"})
    assert model.start_date_time + datetime.timedelta(hours=8) == datetime.datetime(2017, 1, 1, 16, 1, 48, 769766, datetime.timezone.utc)
    model.start_date_time = datetime.datetime(2020, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    assert model.to_dict() == {"startDateTime": "2020-05-06T07:08:09Z"}
    for bad in ("2017-01-01T00:01:48", "2017-13-01T00:00:00Z", "2017-01-01 00:01:48Z", 20170101):
        assert [p.path for p in cls.validate({"startDateTime": bad})] == ["/startDateTime"]


def test_unknown_enum_value_is_kept_and_reported(gc: Any) -> None:
    model = gc.UserPFXCertificate.from_dict({"paddingScheme": "String", "intendedPurpose": "vpn"})
    assert model.padding_scheme == "String" and not isinstance(model.padding_scheme, gc.UserPfxPaddingScheme)
    assert model.intended_purpose is gc.UserPfxIntendedPurpose.VPN
    assert model.to_dict() == {"paddingScheme": "String", "intendedPurpose": "vpn"}


def test_absent_is_not_null_and_annotations_survive(gc: Any) -> None:
    model = gc.UserPFXCertificate(thumbprint="abc", key_name=None)
    assert model.to_dict() == {"thumbprint": "abc", "keyName": None}
    data = {"@odata.type": "#microsoft.graph.userPFXCertificate", "@odata.etag": "W/1", "newProperty": [1, 2]}
    assert gc.UserPFXCertificate.from_dict(data).to_dict() == data


def test_validate_never_raises(gc: Any) -> None:
    for junk in (None, [], "text", 5, {"id": {"nested": [1]}, "startDateTime": [], "paddingScheme": 3}):
        problems = gc.UserPFXCertificate.validate(junk, operation="create")
        assert problems and all(p.message for p in problems)


def test_secret_is_not_shown(gc: Any) -> None:
    model = gc.UserPFXCertificate(encrypted_pfx_password="hunter2")
    assert "hunter2" not in repr(model)
    problems = gc.UserPFXCertificate.validate({"encryptedPfxPassword": 12345})
    assert problems and "12345" not in problems[0].message


def test_create_builders_follow_the_docs(gc: Any) -> None:
    from graph_certificates import operations as ops

    body = _request_body(SEED_000)
    request = ops.create_pfx_user_certificate(body)
    assert (request.method, request.url) == ("POST", "https://graph.microsoft.com/beta/pfxUserCertificates")
    assert json.loads(request.body) == body
    assert request.header("content-type") == "application/json"
    assert request.header("accept") == "application/json"
    with pytest.raises(AttributeError):
        request.url = "changed"  # frozen

    model = gc.UserPFXCertificate.from_dict(_request_body(ROOT / "tests/data/docs/intune-raimportcerts-userpfxcertificate-create.md"))
    request = ops.create_user_pfx_certificate(model, cloud="china")
    assert request.url == "https://microsoftgraph.chinacloudapi.cn/beta/deviceManagement/userPfxCertificates"
    assert json.loads(request.body) == model.to_dict()
    clouds = {
        "global": "https://graph.microsoft.com",
        "us_gov_l4": "https://graph.microsoft.us",
        "us_gov_l5_dod": "https://dod-graph.microsoft.us",
        "china": "https://microsoftgraph.chinacloudapi.cn",
    }
    for cloud, host in clouds.items():
        assert ops.create_user_pfx_certificate(model, cloud=ops.Cloud(cloud)).url.startswith(host + "/beta/")
    assert ops.create_user_pfx_certificate(model, base_url="http://127.0.0.1:8080", version="v1.0").url == (
        "http://127.0.0.1:8080/v1.0/deviceManagement/userPfxCertificates"
    )
    with pytest.raises(ValueError, match="unknown cloud"):
        ops.create_user_pfx_certificate(model, cloud="mars")


def test_create_builder_refuses_a_bad_body(gc: Any) -> None:
    from graph_certificates import operations as ops

    with pytest.raises(gc.ValidationError) as caught:
        ops.create_user_pfx_certificate(_request_body(SEED_003))
    assert [p.path for p in caught.value.errors] == ["/intendedPurpose", "/paddingScheme"]


def test_permissions_as_documented(gc: Any) -> None:
    from graph_certificates.operations import PERMISSIONS

    assert PERMISSIONS["create_user_pfx_certificate"] == {"delegated_work": None, "delegated_personal": (), "application": None}
    assert PERMISSIONS["create_pfx_user_certificate"]["delegated_work"] == ("DeviceManagementConfiguration.ReadWrite.All",)
    assert PERMISSIONS["list_user_pfx_certificates"]["application"] == (
        "DeviceManagementConfiguration.Read.All",
        "DeviceManagementConfiguration.ReadWrite.All",
    )
    assert set(PERMISSIONS) == {op.python_name for op in project_schema().operations}  # one entry per documented operation


def run_installed(installed_venv: Path, script: str) -> str:
    """What `script` prints, run isolated (-I) by the new venv's Python."""
    command = [str(venv_python(installed_venv)), "-I", "-c", script]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_installed_package_needs_only_the_standard_library(installed_venv: Path) -> None:
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from graph_certificates import PfxUserCertificate, UserPFXCertificate, UserPfxIntendedPurpose, "
        "UserPfxPaddingScheme, ValidationError\n"
        "import graph_certificates.operations\n"
        "top = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(top - set(sys.stdlib_module_names) - {'graph_certificates'}))\n"
    )
    assert run_installed(installed_venv, script).strip() == "[]"
    listed = subprocess.run(
        [str(venv_python(installed_venv)), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True, text=True, check=True,
    )
    names = {line.split("==")[0].lower() for line in listed.stdout.split()}
    assert names - {"pip", "setuptools", "wheel"} == {"graph-certificates"}


def test_models_work_with_the_dataclasses_module(gc: Any) -> None:
    import dataclasses

    from graph_certificates import UserPFXCertificate

    cert = UserPFXCertificate(id="a", thumbprint="T", encrypted_pfx_password="secret")
    assert dataclasses.is_dataclass(cert) and dataclasses.is_dataclass(UserPFXCertificate)
    names = [f.name for f in dataclasses.fields(UserPFXCertificate)]
    assert names[:2] == ["additional_data", "id"] and "thumbprint" in names and len(names) == len(UserPFXCertificate.ODATA_FIELDS) + 1
    assert dataclasses.fields(cert)[1].metadata["odata"].wire == "id"
    copy = dataclasses.replace(cert, thumbprint="U")
    assert type(copy) is UserPFXCertificate and copy.thumbprint == "U" and copy.id == "a" and copy != cert
    assert dataclasses.replace(copy, thumbprint="T") == cert
    assert dataclasses.asdict(cert)["thumbprint"] == "T"
    assert "secret" not in repr(cert) and "encrypted_pfx_password" not in repr(cert)


def test_init_is_keyword_only_with_every_field_unset(gc: Any) -> None:
    from graph_certificates import UNSET, Entity, UserPFXCertificate

    cert = UserPFXCertificate()
    assert all(getattr(cert, name) is UNSET for name in UserPFXCertificate.ODATA_FIELDS)
    assert cert.additional_data == {} and cert.additional_data is not UserPFXCertificate().additional_data
    with pytest.raises(TypeError):
        UserPFXCertificate("a")  # type: ignore[misc]
    with pytest.raises(TypeError):
        UserPFXCertificate(no_such_field=1)  # type: ignore[call-arg]
    assert Entity(id="x").to_dict() == {"id": "x"}  # the base class compiles its own __init__
    assert not hasattr(cert, "__dict__")  # slots: a misspelt attribute is an error
    with pytest.raises(AttributeError):
        cert.thumbprnt = "x"  # type: ignore[attr-defined]


def test_a_field_declares_only_what_its_name_and_annotation_do_not_say(gc: Any) -> None:
    from graph_certificates._runtime import INT64, UNSET, Model, NonNull, Nullable, prop

    class Device(Model):
        display_name: Nullable[str] = UNSET
        os_version: Nullable[str] = prop("OSVersion")
        storage_bytes: NonNull[int] = prop(codec=INT64)
        owner_ids: Nullable[list[uuid.UUID]] = UNSET
        payload: Any = prop(nullable=False)

    fields = {a: (s.wire, s.codec.edm, s.nullable) for a, s in Device.ODATA_FIELDS.items()}
    assert fields == {
        "display_name": ("displayName", "Edm.String", True),
        "os_version": ("OSVersion", "Edm.String", True),
        "storage_bytes": ("storageBytes", "Edm.Int64", False),
        "owner_ids": ("ownerIds", "Collection(Edm.Guid)", True),
        "payload": ("payload", "Edm.Untyped", False),
    }
    wire = {"displayName": "d", "OSVersion": "17", "storageBytes": 2**40, "ownerIds": [str(uuid.UUID(int=7))], "payload": [1]}
    device = Device.from_dict(wire)
    assert device.owner_ids == [uuid.UUID(int=7)] and device.to_dict() == wire
    assert [p.path for p in Device.validate({"storageBytes": 2**70, "payload": None})] == ["/storageBytes", "/payload"]
    with pytest.raises(TypeError, match=r"Broken.count: 'NonNull\[int\]' names no OData type: give the field prop\(codec=...\)"):

        class Broken(Model):
            count: NonNull[int] = UNSET


def test_importing_a_model_does_not_import_dataclasses_or_inspect(installed_venv: Path) -> None:
    script = (
        "import sys\n"
        "from graph_certificates import UserPFXCertificate\n"
        "UserPFXCertificate.from_dict({'id': 'a'}).to_dict()\n"
        "print(sorted({'dataclasses', 'inspect'} & set(sys.modules)))\n"
    )
    assert run_installed(installed_venv, script).strip() == "[]"


def test_a_model_imports_its_enums_on_first_use(installed_venv: Path) -> None:
    script = (
        "import sys\n"
        "from graph_certificates.models.user_pfx_certificate import UserPFXCertificate as C\n"
        "enums = lambda: sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('graph_certificates.enums.'))\n"
        "print(enums())\n"
        "print(C.ODATA_FIELDS['padding_scheme'].codec.enum.__name__, enums())\n"
        "print(repr(C.from_dict({'intendedPurpose': 'vpn'}).intended_purpose), enums())\n"
    )
    lines = run_installed(installed_venv, script).strip().splitlines()
    assert lines == [
        "[]",
        "UserPfxPaddingScheme ['user_pfx_padding_scheme']",
        "<UserPfxIntendedPurpose.VPN: 'vpn'> ['user_pfx_intended_purpose', 'user_pfx_padding_scheme']",
    ]


CONSUMER = '''\
from graph_certificates import UserPFXCertificate, UserPfxIntendedPurpose

ok = UserPFXCertificate(id="a", intended_purpose=UserPfxIntendedPurpose.VPN)
name: str = ok.user_principal_name
bad = UserPFXCertificate(bogus=1)
positional = UserPFXCertificate("a")
'''


def test_type_checkers_see_keyword_only_dataclasses_exported_from_the_root(site_packages: Path, tmp_path: Path) -> None:
    """mypy --strict on a program that uses the package: what the models accept is checked, and
    the names the package root exports are found (re-exported explicitly)."""
    assert mypy_errors(CONSUMER, site_packages, tmp_path) == [
        '4: Incompatible types in assignment (expression has type "str | Unset | None", variable has type "str")  [assignment]',
        '5: Unexpected keyword argument "bogus" for "UserPFXCertificate"  [call-arg]',
        '6: Too many positional arguments for "UserPFXCertificate"  [call-arg]',
        '6: Argument 1 to "UserPFXCertificate" has incompatible type "str"; expected "dict[str, Any]"  [arg-type]',
    ]


def test_type_checkers_accept_every_name_in_the_roots_all(gc: Any, site_packages: Path, tmp_path: Path) -> None:
    """`from graph_certificates import X` for each X in `__all__` as the package reports it at run
    time: the runtime's names (UNSET, ValidationError, loads, ...) as well as every class."""
    names = gc.__all__
    assert {"UNSET", "Unset", "Model", "Problem", "ValidationError", "dumps", "loads", "operations", "UserPFXCertificate"} <= set(names)
    assert mypy_errors(f"from graph_certificates import {', '.join(names)}\n", site_packages, tmp_path) == []


SENDER = """\
from graph_certificates import PfxUserCertificate, UserPFXCertificate
from graph_certificates.operations import (
    HttpRequest,
    create_user_pfx_certificate,
    delete_user_pfx_certificate,
    get_user_pfx_certificate,
    list_user_pfx_certificates,
    send,
    update_user_pfx_certificate,
)

cert = UserPFXCertificate(id="a")
created: UserPFXCertificate = send(create_user_pfx_certificate(cert), token="t")
got: UserPFXCertificate = send(get_user_pfx_certificate("a"), token="t")
updated: UserPFXCertificate | None = send(update_user_pfx_certificate("a", cert), token="t")
listed: list[UserPFXCertificate] = send(list_user_pfx_certificates(), token="t", follow_next_link=True)
deleted: None = send(delete_user_pfx_certificate("a"), token="t")
request: HttpRequest[list[UserPFXCertificate]] = list_user_pfx_certificates(top=5)
other: PfxUserCertificate = send(get_user_pfx_certificate("a"), token="t")
one: UserPFXCertificate = send(list_user_pfx_certificates(), token="t")
many: list[UserPFXCertificate] = send(get_user_pfx_certificate("a"), token="t")
gone: UserPFXCertificate = send(delete_user_pfx_certificate("a"), token="t")
patched: UserPFXCertificate = send(update_user_pfx_certificate("a", cert), token="t")
"""


def test_send_returns_what_the_builder_promises(site_packages: Path, tmp_path: Path) -> None:
    """`HttpRequest[T]` carries what the response gives, and `send` returns a T: a model, a list
    of models or None (an update may be answered 204 No Content), checked by mypy --strict where
    the value is used."""
    assert mypy_errors(SENDER, site_packages, tmp_path) == [
        '19: Incompatible types in assignment (expression has type "UserPFXCertificate", variable has type "PfxUserCertificate")  [assignment]',
        '20: Incompatible types in assignment (expression has type "Page[UserPFXCertificate]", variable has type "UserPFXCertificate")  [assignment]',
        '21: Argument 1 to "send" has incompatible type "HttpRequest[UserPFXCertificate]"; expected "HttpRequest[list[UserPFXCertificate]]"  [arg-type]',
        '22: Incompatible types in assignment (expression has type "None", variable has type "UserPFXCertificate")  [assignment]',
        '23: Incompatible types in assignment (expression has type "UserPFXCertificate | None", variable has type "UserPFXCertificate")  [assignment]',
    ]


def test_models_and_enums_subpackages_are_lazy_too(installed_venv: Path) -> None:
    script = (
        "import sys\n"
        "from graph_certificates.models import Entity\n"
        "from graph_certificates.enums import UserPfxPaddingScheme\n"
        "import graph_certificates.models as models, graph_certificates as root\n"
        "loaded = sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('graph_certificates.') and m.count('.') == 2)\n"
        "print(loaded, 'UserPFXCertificate' in root.__all__, 'operations' in dir(root))\n"
        "print(models.__all__)\n"
        "try:\n"
        "    from graph_certificates import NoSuchModel\n"
        "except ImportError:\n"
        "    print('ImportError')\n"
    )
    every_model = sorted(e.python_name for e in project_schema().entities)
    assert run_installed(installed_venv, script).split("\n")[:3] == [
        "['entity', 'user_pfx_padding_scheme'] True True",
        str(every_model),
        "ImportError",
    ]


def test_a_comma_list_is_no_member_of_a_plain_enum(gc: Any) -> None:
    problems = gc.UserPFXCertificate.validate({"paddingScheme": "pkcs1,oaepSha256"})
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        ("/paddingScheme", "expected one of none, pkcs1, oaepSha1, oaepSha256, oaepSha384, oaepSha512")
    ]


def test_the_docs_facts_attach_to_the_builder_of_the_path_they_describe(gc: Any) -> None:
    certificates = gc.Service().device_management.user_pfx_certificates
    one = certificates.by_key("c1")
    assert one.get().url == "https://graph.microsoft.com/beta/deviceManagement/userPfxCertificates/c1"
    listed = certificates.docs("list")
    assert (listed.method, listed.path) == ("GET", "/deviceManagement/userPfxCertificates")
    assert listed.permissions == gc.operations.PERMISSIONS["list_user_pfx_certificates"]
    assert listed.page == "schemas/docs/intune-raimportcerts-userpfxcertificate-list.md:35"
    created = certificates.docs("create")
    assert created.permissions["application"] is None  # the page gives no scopes for create
    assert created.required == gc.UserPFXCertificate.REQUIRED_ON_CREATE and "thumbprint" in created.required
    assert one.docs("get").page == "schemas/docs/intune-raimportcerts-userpfxcertificate-get.md:35"
    assert [f.kind for f in type(one).DOCS] == ["create", "get", "list", "update", "delete"]
    assert one.docs("list") is None and certificates.docs("get") is None  # not this path's kinds
    by_predicate = gc.Service("http://h", keys_as_segments=False).device_management.user_pfx_certificates.by_key("x")
    assert by_predicate.url == "http://h/deviceManagement/userPfxCertificates('x')"
    assert by_predicate.docs("delete").method == "DELETE"
    assert gc.Service().device_management.docs("get") is None  # no page documents it
    elsewhere = gc._client.CollectionBuilder("https://h", "users/u1/userPfxCertificates", True, entity=type(one))
    assert elsewhere.docs("list") is None  # the docs describe another path


def test_the_operations_functions_are_calls_of_the_builders(gc: Any) -> None:
    """Each docs operation is its builder's request plus the page's headers."""
    ops, certificates = gc.operations, gc.Service().device_management.user_pfx_certificates
    body = {
        "thumbprint": "t", "intendedPurpose": "smimeSigning", "userPrincipalName": "u",
        "startDateTime": "2021-01-01T00:00:00Z", "expirationDateTime": "2022-01-01T00:00:00Z",
        "providerName": "p", "keyName": "k", "paddingScheme": "pkcs1", "encryptedPfxBlob": "AA==",
        "encryptedPfxPassword": "pw",
    }
    pairs = [
        (ops.get_user_pfx_certificate("c 1", select=["id"]), certificates.by_key("c 1").get(select=["id"])),
        (ops.list_user_pfx_certificates(top=2, filter="x eq 1"), certificates.list(top=2, filter="x eq 1")),
        (ops.create_user_pfx_certificate(body), certificates.create(body)),
        (ops.update_user_pfx_certificate("c", {"keyName": "n"}), certificates.by_key("c").update({"keyName": "n"})),
        (ops.delete_user_pfx_certificate("c"), certificates.by_key("c").delete()),
    ]
    for documented, built in pairs:
        assert (documented.method, documented.url, documented.body, documented.returns, documented.root) == (
            built.method, built.url, built.body, built.returns, built.root)
        assert set(built.headers) <= set(documented.headers)
    assert ("Accept", "application/json") in pairs[0][0].headers
    assert pairs[0][0].root == "https://graph.microsoft.com/beta"  # send_batch writes URLs relative to it
