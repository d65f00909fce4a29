"""The runtime section of `make bench`: 10,000 userPFXCertificate payloads, side by side.

- odatagen: `UserPFXCertificate.from_dict` + `validate`, and `to_dict` (graph_certificates from
  the committed generated/ folder);
- Kiota (msgraph-beta-sdk): `JsonParseNode.get_object_value`, and `JsonSerializationWriter`;
- pydantic v2: `TypeAdapter(...).validate_python` over an equivalent dataclass, and
  `dump_python(mode="json", by_alias=True)`.

Kiota and pydantic are installed only in the benchmark's own venv (`make bench` makes it);
neither is a dependency of odatagen or of the generated package. Run one at a time, one pass
each after a warm-up, wall-clock: microseconds per object and the ratios.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
COUNT = 10_000
PAYLOAD: dict[str, Any] = {
    "@odata.type": "#microsoft.graph.userPFXCertificate",
    "id": "045c159b-159b-045c-9b15-5c049b155c04",
    "thumbprint": "Thumbprint value",
    "intendedPurpose": "smimeEncryption",
    "userPrincipalName": "User Principal Name value",
    "startDateTime": "2016-12-31T23:58:46.7156189-08:00",
    "expirationDateTime": "2016-12-31T23:57:57.2481234-08:00",
    "providerName": "Provider Name value",
    "keyName": "Key Name value",
    "paddingScheme": "pkcs1",
    "encryptedPfxBlob": "ZW5jcnlwdGVkUGZ4QmxvYg==",
    "encryptedPfxPassword": "Encrypted Pfx Password value",
    "createdDateTime": "2017-01-01T00:02:43.5775965-08:00",
    "lastModifiedDateTime": "2017-01-01T00:00:35.1329464-08:00",
}


def payloads() -> list[dict[str, Any]]:
    """10,000 distinct payloads (a different thumbprint and id each), as json.loads gives them."""
    return [json.loads(json.dumps({**PAYLOAD, "thumbprint": f"T{i:05d}", "id": f"{i:08x}-159b-045c-9b15-5c049b155c04"})) for i in range(COUNT)]


def per_object(run: Callable[[list[Any]], Any], items: list[Any]) -> float:
    run(items[:200])  # warm-up: compiled functions, caches, imports
    start = time.perf_counter()
    run(items)
    return (time.perf_counter() - start) / len(items) * 1e6


def odatagen() -> tuple[float, float]:
    sys.path.insert(0, str(ROOT / "generated"))
    from graph_certificates import UserPFXCertificate

    items = payloads()

    def load(batch: list[Any]) -> list[Any]:
        out = []
        for p in batch:
            out.append(UserPFXCertificate.from_dict(p))
            UserPFXCertificate.validate(p)
        return out

    models = load(items)
    assert models[0].to_dict() == items[0]
    return per_object(load, items), per_object(lambda batch: [m.to_dict() for m in batch], models)


def pydantic_v2() -> tuple[float, float]:
    import dataclasses
    import datetime
    import enum
    from typing import Annotated

    from pydantic import Base64Bytes, Field, TypeAdapter
    from pydantic.dataclasses import dataclass

    class Purpose(str, enum.Enum):
        unassigned, smimeEncryption, smimeSigning, vpn, wifi = "unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi"

    class Padding(str, enum.Enum):
        none, pkcs1, oaepSha1, oaepSha256, oaepSha384, oaepSha512 = (
            "none", "pkcs1", "oaepSha1", "oaepSha256", "oaepSha384", "oaepSha512",
        )

    @dataclass(config={"populate_by_name": True, "extra": "allow"})
    class Cert:
        id: Annotated[str | None, Field(alias="id")] = None
        thumbprint: Annotated[str | None, Field(alias="thumbprint")] = None
        intended_purpose: Annotated[Purpose | None, Field(alias="intendedPurpose")] = None
        user_principal_name: Annotated[str | None, Field(alias="userPrincipalName")] = None
        start_date_time: Annotated[datetime.datetime | None, Field(alias="startDateTime")] = None
        expiration_date_time: Annotated[datetime.datetime | None, Field(alias="expirationDateTime")] = None
        provider_name: Annotated[str | None, Field(alias="providerName")] = None
        key_name: Annotated[str | None, Field(alias="keyName")] = None
        padding_scheme: Annotated[Padding | None, Field(alias="paddingScheme")] = None
        encrypted_pfx_blob: Annotated[Base64Bytes | None, Field(alias="encryptedPfxBlob")] = None
        encrypted_pfx_password: Annotated[str | None, Field(alias="encryptedPfxPassword")] = None
        created_date_time: Annotated[datetime.datetime | None, Field(alias="createdDateTime")] = None
        last_modified_date_time: Annotated[datetime.datetime | None, Field(alias="lastModifiedDateTime")] = None

    adapter = TypeAdapter(Cert)
    items = payloads()
    models = [adapter.validate_python(p) for p in items]
    assert dataclasses.is_dataclass(models[0])
    return (
        per_object(lambda batch: [adapter.validate_python(p) for p in batch], items),
        per_object(lambda batch: [adapter.dump_python(m, mode="json", by_alias=True) for m in batch], models),
    )


def kiota() -> tuple[float, float]:
    from kiota_serialization_json.json_parse_node import JsonParseNode
    from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter
    from msgraph_beta.generated.models.user_p_f_x_certificate import UserPFXCertificate

    items = payloads()

    def load(batch: list[Any]) -> list[Any]:
        return [JsonParseNode(p).get_object_value(UserPFXCertificate) for p in batch]

    def dump(batch: list[Any]) -> list[Any]:
        out = []
        for m in batch:
            writer = JsonSerializationWriter()
            writer.write_object_value(None, m)
            out.append(writer.get_serialized_content())
        return out

    models = load(items[:COUNT // 10])
    return per_object(load, items[: COUNT // 10]), per_object(dump, models)  # Kiota: 1,000 (it is slow)


def main() -> int:
    print(f"\nruntime: {COUNT:,} userPFXCertificate payloads, microseconds per object (one pass after a warm-up)")
    rows: dict[str, tuple[float, float] | str] = {}
    for name, run in (("odatagen", odatagen), ("pydantic v2", pydantic_v2), ("Kiota msgraph-beta-sdk", kiota)):
        try:
            rows[name] = run()
        except ImportError as exc:
            rows[name] = f"not installed ({exc.name}); `make bench` installs it in .bench-venv"
    print(f"  {'':<24} {'from_dict + validate':>22} {'to_dict':>10}")
    for name, row in rows.items():
        print(f"  {name:<24} " + (f"{row[0]:>22.1f} {row[1]:>10.1f}" if isinstance(row, tuple) else row))
    ours = rows["odatagen"]
    assert isinstance(ours, tuple)
    for name, target in (("Kiota msgraph-beta-sdk", "target: odatagen at least 500x faster"), ("pydantic v2", "target: odatagen at most 3x pydantic's time")):
        other = rows[name]
        if isinstance(other, tuple):
            print(f"  {name} / odatagen: {other[0] / ours[0]:.2f}x loading, {other[1] / ours[1]:.2f}x dumping   ({target})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
