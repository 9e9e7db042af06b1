import particle_orm
from particle_orm.errors import InvalidValue, ParticleError


def test_version_and_root_error() -> None:
    assert particle_orm.__version__ == "0.1.0"
    exc = InvalidValue("Person", "rating", "rating", 9, "an int from 0 to 5")
    assert isinstance(exc, ParticleError)
    assert "Person.rating" in str(exc) and "9" in str(exc) and "0 to 5" in str(exc)


def test_the_emulator_is_imported_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, particle_orm\n"
        "assert not [m for m in sys.modules if m.startswith('particle_orm.emulator')]\n"
        "from particle_orm import Emulator\n"
        "assert Emulator.__module__.startswith('particle_orm.emulator')\n"
        "assert particle_orm.Emulator is Emulator\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
