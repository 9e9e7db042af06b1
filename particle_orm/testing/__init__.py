"""particle_orm.testing: fixtures, factories, request counting and cassettes for tests.

The pytest plugin (:mod:`particle_orm.testing.plugin`, loaded by entry point) provides the
``attio_emulator``, ``attio_client``, ``attio_async_client``, ``attio``, ``attio_seeded``
and ``attio_served`` fixtures and the ``attio_seed`` marker. Everything else here works
with or without pytest.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Person
    >>> emu = Emulator()
    >>> client = emu.client()
    >>> with assert_num_requests(1, emu):
    ...     ada = make(Person, client=client, name="Lovelace, Ada")
    >>> ada.name.full_name
    'Ada Lovelace'
"""

from __future__ import annotations

from particle_orm.testing._counting import (
    LoggedRequest,
    RequestCount,
    RequestLog,
    assert_num_requests,
)
from particle_orm.testing._errors import FactoryError, NetworkBlockedError
from particle_orm.testing._factories import amake, make, make_many, register_factory, use_client
from particle_orm.testing._ids import fake_id
from particle_orm.testing._network import LOOPBACK, network_blocked
from particle_orm.testing._records import fake_record
from particle_orm.testing._seed import Seeded, seed_emulator
from particle_orm.testing._server import ServedEmulator, served_emulator
from particle_orm.testing._vcr import MATCH_ON, REDACTED, CassetteScrubber, make_vcr, vcr_config

__all__ = [
    "LOOPBACK",
    "MATCH_ON",
    "REDACTED",
    "CassetteScrubber",
    "FactoryError",
    "LoggedRequest",
    "NetworkBlockedError",
    "RequestCount",
    "RequestLog",
    "Seeded",
    "ServedEmulator",
    "amake",
    "assert_num_requests",
    "fake_id",
    "fake_record",
    "make",
    "make_many",
    "make_vcr",
    "network_blocked",
    "register_factory",
    "seed_emulator",
    "served_emulator",
    "use_client",
    "vcr_config",
]

# Present public names as living here, so reprs and docs show the package.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("particle_orm.testing._"):
        _obj.__module__ = __name__
del _name, _obj
