import particle_orm
from particle_orm.errors import InvalidValue, ParticleError


def test_version_and_root_error() -> None:
    assert particle_orm.__version__ == "0.1.0"
    exc = InvalidValue("Person", "rating", "rating", 9, "an int from 0 to 5")
    assert isinstance(exc, ParticleError)
    assert "Person.rating" in str(exc) and "9" in str(exc) and "0 to 5" in str(exc)
