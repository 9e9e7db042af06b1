"""Record pages with lazily parsed attribute values (``lazy_values=True``, the `speed` extra)."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import httpx
import pytest

from particle_orm.client import (
    AsyncAttioClient,
    AttioClient,
    InvalidArgumentError,
    LazyValues,
    _lazy,
)
from particle_orm.client._shapes import item_problem
from tests.client.conftest import RECORD_ID, TOKEN, MockAttio

pytest.importorskip("msgspec", reason="lazy values need the `speed` extra (msgspec)")

NAME = [{"active_from": "2024-01-01T00:00:00.000000000Z", "active_until": None, "value": "Acme"}]
DOMAINS = [{"active_until": None, "domain": "acme.com", "root_domain": "acme.com"}]
RECORD: dict[str, Any] = {
    "id": {"workspace_id": "w", "object_id": "o", "record_id": RECORD_ID},
    "created_at": "2024-01-01T00:00:00.123456789Z",
    "web_url": "https://app.attio.com/w/company/x",
    "values": {"name": NAME, "domains": DOMAINS, "tags": []},
    "added_by_attio_later": {"x": [1, 2]},
}
ENTRY: dict[str, Any] = {
    "id": {"workspace_id": "w", "list_id": "l", "entry_id": RECORD_ID},
    "parent_record_id": RECORD_ID,
    "parent_object": "companies",
    "created_at": "2024-01-01T00:00:00.000000000Z",
    "entry_values": {"stage": [{"active_until": None, "status": {"title": "Lead"}}]},
}


def page(*items: Any) -> bytes:
    return json.dumps({"data": list(items)}).encode()


def lazy(values: dict[str, Any]) -> LazyValues:
    return LazyValues.from_json(json.dumps(values).encode())


# ------------------------------------------------------------------ LazyValues


def test_parses_only_what_is_read_and_caches_it() -> None:
    values = lazy(RECORD["values"])
    assert values.parsed_keys == frozenset()
    first = values["name"]
    assert first == NAME and values.parsed_keys == {"name"}
    assert values["name"] is first  # parsed once
    assert values.get("domains") == DOMAINS and values.parsed_keys == {"name", "domains"}


def test_behaves_like_the_dict_it_stands_for() -> None:
    values = lazy(RECORD["values"])
    assert values == RECORD["values"] and RECORD["values"] == values
    assert list(values) == ["name", "domains", "tags"]  # Attio's order kept
    assert len(values) == 3 and "tags" in values and "nope" not in values
    assert values.get("nope") is None and values.get("nope", 5) == 5
    with pytest.raises(KeyError, match="nope"):
        values["nope"]
    assert dict(values.items()) == RECORD["values"]
    assert values.to_dict() == RECORD["values"] and type(values.to_dict()) is dict
    assert "3 attributes, 0 parsed" in repr(lazy(RECORD["values"]))


def test_assignment_and_deletion() -> None:
    values = lazy(RECORD["values"])
    values["a1"] = DOMAINS  # the schema cache re-keys id-bound fields like this
    assert values["a1"] is DOMAINS and list(values)[-1] == "a1" and len(values) == 4
    values["name"] = []  # overriding an unparsed attribute
    assert values["name"] == [] and len(values) == 4
    del values["name"]
    del values["a1"]
    assert list(values) == ["domains", "tags"]
    with pytest.raises(KeyError):
        del values["name"]


@pytest.mark.parametrize("clone", [pickle.loads, copy.deepcopy], ids=["pickle", "deepcopy"])
def test_pickles_and_copies_as_a_plain_dict(clone: Any) -> None:
    values = lazy(RECORD["values"])
    data = pickle.dumps(values) if clone is pickle.loads else values
    got = clone(data)
    assert type(got) is dict and got == RECORD["values"]


# ------------------------------------------------------------------ decode_page


def test_decode_page_keeps_every_key_and_wraps_only_values() -> None:
    rows = _lazy.decode_page(page(RECORD, RECORD), "values")
    assert rows is not None and len(rows) == 2
    row = rows[0]
    assert set(row) == set(RECORD)
    assert isinstance(row["values"], LazyValues)
    assert row["added_by_attio_later"] == {"x": [1, 2]}  # unknown keys parsed as usual
    assert {k: v for k, v in row.items() if k != "values"} == {
        k: v for k, v in RECORD.items() if k != "values"
    }
    assert row["values"] == RECORD["values"]
    entries = _lazy.decode_page(page(ENTRY), "entry_values")
    assert entries is not None and isinstance(entries[0]["entry_values"], LazyValues)
    assert entries[0] == ENTRY


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"data": null}', b'{"data": {"a": 1}}', b'{"data": [1]}', b"[]", b""],
)
def test_decode_page_leaves_unexpected_bodies_to_the_ordinary_path(body: bytes) -> None:
    assert _lazy.decode_page(body, "values") is None


def test_values_that_are_not_an_object_stay_as_sent() -> None:
    rows = _lazy.decode_page(page({**RECORD, "values": None}, {**RECORD, "values": [1]}), "values")
    assert rows is not None and rows[0]["values"] is None and rows[1]["values"] == [1]
    assert item_problem("record", rows[0]) == "values is null, expected an object"


def test_item_problem_defers_attribute_shapes_to_the_models() -> None:
    rows = _lazy.decode_page(page({**RECORD, "values": {"name": 5}}), "values")
    assert rows is not None
    assert item_problem("record", rows[0]) is None
    assert item_problem("record", {**RECORD, "values": {"name": 5}}) is not None  # eager


# ------------------------------------------------------------------ through the client


def _mock(body: bytes) -> MockAttio:
    return MockAttio(default=httpx.Response(200, content=body))


def test_query_records_lazy_values_gives_the_same_data() -> None:
    mock = _mock(page(RECORD))
    with AttioClient(TOKEN, transport=httpx.MockTransport(mock), retry=None) as client:
        eager = client.query_records("companies")
        rows = client.query_records("companies", lazy_values=True)
        streamed = list(client.iter_records("companies", lazy_values=True, page_size=5))
    assert type(eager[0]["values"]) is dict
    assert isinstance(rows[0]["values"], LazyValues) and rows == eager
    assert isinstance(streamed[0]["values"], LazyValues) and streamed == eager
    # The flag changes decoding only: the requests are identical.
    assert mock.requests[0].content == mock.requests[1].content


async def test_async_query_entries_lazy_values() -> None:
    mock = _mock(page(ENTRY))
    transport = httpx.MockTransport(mock.handle_async)
    async with AsyncAttioClient(TOKEN, transport=transport, retry=None) as client:
        rows = await client.query_entries("sales", lazy_values=True)
        streamed = [e async for e in client.iter_entries("sales", lazy_values=True)]
    assert isinstance(rows[0]["entry_values"], LazyValues) and rows == [ENTRY]
    assert streamed == [ENTRY]


def test_lazy_values_must_be_a_bool() -> None:
    mock = _mock(page())
    with (
        AttioClient(TOKEN, transport=httpx.MockTransport(mock), retry=None) as client,
        pytest.raises(InvalidArgumentError, match="lazy_values: expected True or False"),
    ):
        client.query_records("companies", lazy_values="yes")  # type: ignore[arg-type]
    assert mock.count == 0


def test_without_msgspec_pages_are_parsed_eagerly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_lazy, "AVAILABLE", False)
    with AttioClient(TOKEN, transport=httpx.MockTransport(_mock(page(RECORD))), retry=None) as c:
        rows = c.query_records("companies", lazy_values=True)
    assert type(rows[0]["values"]) is dict and rows == [RECORD]
