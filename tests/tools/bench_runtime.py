"""The runtime section of `make bench`: 10,000 userPFXCertificate payloads, side by side.

- odatagen: `UserPFXCertificate.parse` (decode and validate in one pass, lossless) and `to_dict`
  (graph_certificates from the committed generated/ folder); `from_dict` alone for reference;
- pydantic v2: `TypeAdapter(...).validate_python` over an equivalent dataclass (Base64Bytes for
  Binary, aliases for wire names), and `dump_python(mode="json", by_alias=True)`;
- Kiota (msgraph-beta-sdk): `JsonParseNode.get_object_value`, and `JsonSerializationWriter`.

Kiota and pydantic are installed only in the benchmark's own venv (`make bench` makes it);
neither is a dependency of odatagen or of the generated package. All run in this one process,
in turns (odatagen, pydantic, Kiota, then again) for `ROUNDS` rounds, each pass over every
payload after a warm-up, with the cyclic garbage collector off during a pass (as `timeit` has
it); the figure is the median round, wall-clock microseconds per object.
"""

from __future__ import annotations

import gc
import json
import statistics
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


ROUNDS = 5
Pass = Callable[[list[Any]], Any]


def per_object(run: Pass, items: list[Any]) -> float:
    """One pass over `items`, with the cyclic collector off as `timeit` has it: the objects the
    contenders keep make the heap large, and a collection would charge whichever pass it hits."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run(items)
        return (time.perf_counter() - start) / len(items) * 1e6
    finally:
        gc.enable()


def odatagen() -> tuple[list[Any], dict[str, Pass]]:
    sys.path.insert(0, str(ROOT / "generated"))
    from graph_certificates import UserPFXCertificate

    items = payloads()
    model, problems = UserPFXCertificate.parse(items[0])
    assert problems == [] and model.to_dict() == items[0]
    models = [UserPFXCertificate.from_dict(p) for p in items]
    return items, {
        "load": lambda batch: [UserPFXCertificate.parse(p) for p in batch],
        "dump": lambda batch: [m.to_dict() for m in models[: len(batch)]],
        "from_dict": lambda batch: [UserPFXCertificate.from_dict(p) for p in batch],
    }


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
    return items, {
        "load": lambda batch: [adapter.validate_python(p) for p in batch],
        "dump": lambda batch: [adapter.dump_python(m, mode="json", by_alias=True) for m in models[: len(batch)]],
    }


def kiota() -> tuple[float, float]:
    from kiota_serialization_json.json_parse_node import JsonParseNode
    from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter
    from msgraph_beta.generated.models.user_p_f_x_certificate import UserPFXCertificate

    items = payloads()[: COUNT // 10]  # Kiota: 1,000 (it is slow)

    def load(batch: list[Any]) -> list[Any]:
        return [JsonParseNode(p).get_object_value(UserPFXCertificate) for p in batch]

    models = load(items)

    def dump(batch: list[Any]) -> list[Any]:
        out = []
        for m in models[: len(batch)]:
            writer = JsonSerializationWriter()
            writer.write_object_value(None, m)
            out.append(writer.get_serialized_content())
        return out

    return items, {"load": load, "dump": dump}


def main() -> int:
    print(f"\nruntime: {COUNT:,} userPFXCertificate payloads, microseconds per object, median of {ROUNDS} rounds in turn")
    contenders: dict[str, tuple[list[Any], dict[str, Pass]]] = {}
    missing: dict[str, str] = {}
    for name, setup in (("odatagen", odatagen), ("pydantic v2", pydantic_v2), ("Kiota msgraph-beta-sdk", kiota)):
        try:
            contenders[name] = setup()
        except ImportError as exc:
            missing[name] = f"not installed ({exc.name}); `make bench` installs it in .bench-venv"
    for items, passes in contenders.values():  # warm-up: compiled functions, caches, imports
        for run in passes.values():
            run(items[:200])
    figures: dict[str, dict[str, list[float]]] = {name: {} for name in contenders}
    for _ in range(ROUNDS):
        for name, (items, passes) in contenders.items():
            for what, run in passes.items():
                figures[name].setdefault(what, []).append(per_object(run, items))
    median = {name: {what: statistics.median(values) for what, values in rows.items()} for name, rows in figures.items()}
    print(f"  {'':<24} {'load (parse / validate)':>24} {'dump':>8}")
    for name, row in median.items():
        print(f"  {name:<24} {row['load']:>24.2f} {row['dump']:>8.2f}")
    for name, why in missing.items():
        print(f"  {name:<24} {why}")
    ours = median["odatagen"]
    print(f"  odatagen from_dict alone (decodes, validates nothing): {ours['from_dict']:.2f}")
    if "pydantic v2" in median:
        theirs = median["pydantic v2"]
        print(
            f"  odatagen / pydantic v2: {ours['load'] / theirs['load']:.2f}x loading (target: at most 1.5x), "
            f"{ours['dump'] / theirs['dump']:.2f}x dumping"
        )
    if "Kiota msgraph-beta-sdk" in median:
        theirs = median["Kiota msgraph-beta-sdk"]
        print(
            f"  Kiota / odatagen: {theirs['load'] / ours['load']:.0f}x loading (target: at least 500x), "
            f"{theirs['dump'] / ours['dump']:.1f}x dumping"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
