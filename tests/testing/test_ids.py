from __future__ import annotations

import random
import uuid

from particle_orm.testing import fake_id


def test_fake_id_is_a_uuid4_string() -> None:
    value = fake_id()
    assert isinstance(value, str)
    assert uuid.UUID(value).version == 4
    assert str(uuid.UUID(value)) == value


def test_fake_ids_differ() -> None:
    assert len({fake_id() for _ in range(100)}) == 100


def test_a_seeded_rng_repeats_the_sequence() -> None:
    a, b = random.Random(7), random.Random(7)
    assert [fake_id(a) for _ in range(3)] == [fake_id(b) for _ in range(3)]
    assert fake_id(random.Random(1)) != fake_id(random.Random(2))
