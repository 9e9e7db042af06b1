"""Bad input (issue 8): arbitrary values at every field, lookup and public constructor.

Only the library's typed errors (``ParticleError`` subclasses, some of which are also
``ValueError``/``TypeError``) may come out, and every request body that *is* sent must
validate against the patched Attio spec (``ContractTransport`` around the emulator).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from particle_orm.client import AttioClient, RateLimits, RetryPolicy, VirtualClock
from particle_orm.emulator import Emulator
from particle_orm.errors import ParticleError
from particle_orm.models import Model
from particle_orm.query._lookups import all_lookup_names, get_lookups
from particle_orm.session import CommitError, Session
from particle_orm.standard import Deal
from tests.contract import ContractTransport, SpecContract
from tests.reliability._gadgets import (
    ALL_FIELDS,
    WRITABLE,
    anything,
    gadget_emulator,
    plausible,
)

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _typed(action: Callable[[], Any]) -> BaseException | None:
    """Run ``action``; a ParticleError is returned, anything else propagates (test fails)."""
    try:
        action()
    except ParticleError as exc:
        return exc
    return None


def _ids(pair: tuple[type[Model], str]) -> str:
    return f"{pair[0].__name__}.{pair[1]}"


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize("target", ALL_FIELDS, ids=_ids)
@EXAMPLES
@given(data=st.data())
def test_any_value_at_any_field_raises_only_typed_errors(
    target: tuple[type[Model], str], data: st.DataObject
) -> None:
    model, name = target
    value = data.draw(plausible(model._meta.fields[name].attribute_type), label="value")
    obj = model()
    if _typed(lambda: setattr(obj, name, value)) is None:
        # Accepted: it reads back and encodes without surprises.
        getattr(obj, name)
        _typed(lambda: obj.to_api_values())
    _typed(lambda: model(**{name: value}))


# ------------------------------------------------------------------ sending to the spec


@pytest.fixture(scope="module")
def contract(spec_contract: SpecContract) -> SpecContract:
    return spec_contract


@pytest.fixture(scope="module")
def wired(contract: SpecContract) -> Iterator[tuple[Emulator, ContractTransport, AttioClient]]:
    emu = gadget_emulator()
    transport = ContractTransport(
        emu.transport(), contract, check_responses=False, raise_on_violation=False
    )
    with AttioClient(
        emu.token,
        transport=transport,
        rate_limits=None,
        retry=RetryPolicy.disabled(),
        clock=VirtualClock(),
    ) as client:
        yield emu, transport, client


def _new(model: type[Model]) -> Model:
    if model is Deal:
        # Deal's required fields, so that the arbitrary value is what the server judges.
        return Deal(name="Deal", stage="Lead", owner="ada@example.com")
    return model()


@pytest.mark.parametrize("target", WRITABLE, ids=_ids)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_accepted_values_are_sent_as_spec_valid_bodies(
    wired: tuple[Emulator, ContractTransport, AttioClient],
    target: tuple[type[Model], str],
    data: st.DataObject,
) -> None:
    _, transport, client = wired
    model, name = target
    value = data.draw(plausible(model._meta.fields[name].attribute_type), label="value")
    transport.clear()
    try:
        obj = _new(model)
        setattr(obj, name, value)
    except ParticleError:
        return
    with Session(client) as session:
        try:
            session.add(obj, upsert=False)
            session.commit()
        except CommitError as exc:
            # Refused by the server is fine, as a typed per-operation error.
            assert all(isinstance(r.error, ParticleError) for r in exc.failed)
        except ParticleError:
            pass  # refused before sending (a required field emptied...)
    assert transport.violations == []


# --------------------------------------------------------------------------- lookups

LOOKUPS = [*sorted(all_lookup_names()), "bogus", "name", "exact__exact"]


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(target=st.sampled_from(ALL_FIELDS), data=st.data())
def test_any_lookup_with_any_value_raises_only_typed_errors(
    wired: tuple[Emulator, ContractTransport, AttioClient],
    target: tuple[type[Model], str],
    data: st.DataObject,
) -> None:
    _, transport, client = wired
    model, name = target
    field = model._meta.fields[name]
    # Mostly the field's own lookups (so that requests are sent), sometimes any name.
    supported = sorted(get_lookups(type(field))) or LOOKUPS  # Interaction: none
    lookup = data.draw(
        st.one_of(st.sampled_from(supported), st.sampled_from(LOOKUPS)), label="lookup"
    )
    strategy = plausible(field.attribute_type)
    if lookup in ("in", "range"):
        strategy = st.one_of(st.lists(strategy, max_size=3), st.tuples(strategy, strategy))
    elif lookup in ("isnull", "empty"):
        strategy = st.one_of(st.booleans(), strategy)
    value = data.draw(strategy, label="value")
    transport.clear()
    with Session(client):
        manager: Any = model.objects  # type: ignore[attr-defined]

        def run() -> None:
            list(manager.filter(**{f"{name}__{lookup}": value})[:2])

        _typed(run)
    assert transport.violations == []


# ----------------------------------------------------------------- public constructors

_CLIENT_ARGS = {
    "token": st.one_of(anything, st.text(min_size=1)),
    "base_url": st.one_of(anything, st.sampled_from(["https://api.attio.com", "ftp://x", ""])),
    "timeout": anything,
    "rate_limits": st.one_of(anything, st.just(RateLimits())),
    "retry": st.one_of(anything, st.just(RetryPolicy())),
    "clock": anything,
    "governor": anything,
    "on_request": anything,
    "on_response": anything,
}


@EXAMPLES
@given(kwargs=st.fixed_dictionaries({}, optional=_CLIENT_ARGS))
def test_client_constructor_raises_only_typed_errors(kwargs: dict[str, Any]) -> None:
    def build() -> None:
        AttioClient(**kwargs).close()

    _typed(build)


@EXAMPLES
@given(
    kwargs=st.fixed_dictionaries(
        {},
        optional={
            "reads_per_second": anything,
            "writes_per_second": anything,
            "burst": anything,
            "headroom": anything,
        },
    )
)
def test_rate_limits_raise_only_value_errors(kwargs: dict[str, Any]) -> None:
    with contextlib.suppress(ValueError):
        RateLimits(**kwargs)


@EXAMPLES
@given(
    kwargs=st.fixed_dictionaries(
        {},
        optional={
            "max_attempts": anything,
            "max_total_seconds": anything,
            "backoff_base": anything,
            "backoff_max": anything,
            "jitter": anything,
        },
    )
)
def test_retry_policy_raises_only_value_errors(kwargs: dict[str, Any]) -> None:
    with contextlib.suppress(ValueError):
        RetryPolicy(**kwargs)


@EXAMPLES
@given(kwargs=st.fixed_dictionaries({}, optional={"max_workers": anything, "progress": anything}))
def test_session_constructor_raises_only_typed_errors(kwargs: dict[str, Any]) -> None:
    with AttioClient("t" * 64, transport=Emulator(seed=1).transport()) as client:
        _typed(lambda: Session(client, **kwargs))


@EXAMPLES
@given(
    kwargs=st.fixed_dictionaries(
        {},
        optional={
            # Arbitrary strings would be SQLite file names: only in-memory or non-strings.
            "db": st.one_of(st.just(":memory:"), anything.filter(lambda v: not isinstance(v, str))),
            "seed": anything,
            "clock": st.one_of(anything, st.datetimes(timezones=st.timezones())),
            "rate_limits": anything,
        },
    )
)
def test_emulator_constructor_raises_only_value_or_type_errors(kwargs: dict[str, Any]) -> None:
    # The emulator stands apart from particle_orm.errors (docs/architecture.md): it may
    # only raise the builtin ValueError/TypeError for bad arguments.
    with contextlib.suppress(ValueError, TypeError):
        Emulator(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [{"clock": 1}, {"clock": "now"}, {"rate_limits": 1}, {"rate_limits": {"reads": 1}}],
    ids=["clock-int", "clock-str", "limits-int", "limits-dict"],
)
def test_emulator_rejects_a_clock_or_rate_limits_of_the_wrong_type(
    kwargs: dict[str, Any],
) -> None:
    with pytest.raises(TypeError, match=next(iter(kwargs))):
        Emulator(**kwargs)
