"""Binding resolution: explicit → context → configured default → ATTIO_API_KEY → error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import particle_orm.query as q
from particle_orm.query import _binding
from particle_orm.standard import Person


@pytest.fixture(autouse=True)
def clean_defaults(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ATTIO_API_KEY", raising=False)
    previous = q.configure()
    token = q.current_binding.set(None)
    monkeypatch.setattr(_binding, "_env_binding", None)
    yield
    q.current_binding.reset(token)
    q.configure(binding=previous)


def test_nothing_configured_is_a_clear_error() -> None:
    with pytest.raises(q.NoClientConfigured) as info:
        q.get_binding()
    assert "particle_orm.configure(client=...)" in str(info.value)
    assert "Session" in str(info.value)
    with pytest.raises(q.NoClientConfigured):
        list(Person.objects.all())


def test_order_of_resolution() -> None:
    default, ctx, explicit = object(), object(), q.ClientBinding(object())
    q.configure(client=default)
    assert q.get_binding().client is default
    with q.use_binding(ctx) as bound:
        assert q.get_binding() is bound and bound.client is ctx
        assert q.get_binding(explicit) is explicit
    assert q.get_binding().client is default


def test_configure_rejects_both_and_clears() -> None:
    with pytest.raises(TypeError):
        q.configure(client=object(), binding=q.ClientBinding(object()))
    q.configure(client=object())
    q.configure()
    with pytest.raises(q.NoClientConfigured):
        q.get_binding()


def test_api_key_in_environment_makes_one_lazy_client(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "env-token-0123456789abcdef"
    monkeypatch.setenv("ATTIO_API_KEY", secret)
    first = q.get_binding()
    assert q.get_binding() is first
    assert type(first.client).__name__ == "AttioClient"
    assert secret not in repr(first) and secret not in repr(first.client)
    first.client.close()


def test_binding_is_resolved_when_the_query_runs(emu: Any) -> None:
    qs = Person.objects.all()  # built with nothing configured: fine
    client = emu.client(rate_limits=None)
    with q.use_binding(client):
        assert list(qs) == []
    client.close()


def test_the_read_ahead_worker_sees_the_callers_binding() -> None:
    # Session hooks that read the current binding still work for prefetched pages.
    import threading

    from particle_orm.query._stream import PagePlan, stream_pages

    seen: list[tuple[str, Any]] = []

    def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        seen.append((threading.current_thread().name, q.current_binding.get()))
        return [{}] * limit if offset < 20 else []

    with q.use_binding(object()) as bound:
        assert (
            sum(map(len, stream_pages(fetch, PagePlan(offset=0, limit=None, page_size=10)))) == 20
        )
    workers = [b for name, b in seen if name.startswith("particle-orm-prefetch")]
    assert len(seen) == 3 and len(workers) == 2
    assert all(b is bound for _, b in seen)
