"""``inspect``, ``schema diff`` and ``schema sync`` against an emulator (in-process transport).

The token is in ``ATTIO_API_KEY`` (the ``emu`` fixture); ``transport=`` replaces the network.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from particle_orm.emulator import Emulator

from .conftest import NoNetwork, Runner

MODULE = "tests.cli.models_fixture"


def test_diff_sync_diff_round_trip(cli: Runner, emu: Emulator) -> None:
    t = emu.transport()
    before = cli("schema", "diff", MODULE, transport=t)
    assert before.code == 1
    assert "missing_object" in before.out and "CliProject" in before.out

    plan = cli("schema", "sync", MODULE, "--dry-run", transport=t)
    assert plan.code == 1  # actions to take
    assert plan.out.startswith("Sync plan (dry run): 6 actions")
    assert cli("schema", "diff", MODULE, transport=t).code == 1  # a dry run changes nothing

    applied = cli("schema", "sync", MODULE, transport=t)
    assert applied.code == 0
    assert applied.out.startswith("Sync applied 6 actions")
    assert "create_option        objects/cli_projects.tier option 'Silver'" in applied.out

    after = cli("schema", "diff", MODULE, transport=t)
    assert (after.code, after.err) == (0, "")
    assert "clean (1 model checked)" in after.out
    assert cli("schema", "sync", MODULE, transport=t).out.strip() == "Sync: nothing to do"


def test_diff_json_is_machine_readable(cli: Runner, emu: Emulator) -> None:
    run = cli("schema", "diff", MODULE, "--json", transport=emu.transport())
    report = json.loads(run.out)
    assert run.code == 1
    assert report["clean"] is False and report["models"] == ["CliProject"]
    assert [i["kind"] for i in report["issues"]] == ["missing_object"]


def test_sync_json(cli: Runner, emu: Emulator) -> None:
    run = cli("schema", "sync", MODULE, "--dry-run", "--json", transport=emu.transport())
    report = json.loads(run.out)
    assert report["dry_run"] is True and report["applied"] == 0
    assert report["actions"][0]["kind"] == "create_object"


def test_fail_on_sets_the_severity_that_fails(cli: Runner, emu: Emulator) -> None:
    t = emu.transport()
    cli("schema", "sync", MODULE, transport=t)
    emu.client().create_attribute(
        "objects",
        "cli_projects",
        {"title": "Extra", "api_slug": "extra", "type": "text", "description": None,
         "is_required": False, "is_unique": False, "is_multiselect": False, "config": {}},
    )  # fmt: skip
    undeclared = ("schema", "diff", MODULE, "--include-undeclared")
    assert cli(*undeclared, transport=t).code == 0  # an info is not a failure by default
    run = cli(*undeclared, "--fail-on", "info", transport=t)
    assert run.code == 1 and "undeclared_attribute" in run.out


def test_module_attribute_forms(cli: Runner, emu: Emulator) -> None:
    t = emu.transport()
    one = cli("schema", "diff", f"{MODULE}:CliProject", transport=t)
    both = cli("schema", "diff", f"{MODULE}:BOTH", transport=t)
    assert "(1 model checked)" in one.out
    assert "(2 models checked)" in both.out


def test_models_from_a_file_path(cli: Runner, emu: Emulator, tmp_path: Path) -> None:
    source = (Path(__file__).parent / "models_fixture.py").read_text()
    path = tmp_path / "my_models.py"
    path.write_text(source.replace("cli_projects", "file_projects"))
    run = cli("schema", "sync", str(path), transport=emu.transport())
    assert run.code == 0 and "objects/file_projects" in run.out


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_such_module_xyz", "no module named 'no_such_module_xyz'"),
        (f"{MODULE}:Missing", "has no attribute 'Missing'"),
        (f"{MODULE}:NOT_MODELS", "not model classes: 'nope'"),
        (f"{MODULE}:Tier", "neither a model class nor an iterable"),
        ("tests.cli.conftest", "no model classes found"),
        ("missing_dir/models.py", "no such file: missing_dir/models.py"),
        (":Thing", "expected MODULE[:ATTR]"),
    ],
)
def test_bad_modules_fail_before_any_request(
    cli: Runner, no_network: NoNetwork, spec: str, message: str
) -> None:
    for command in ("diff", "sync"):
        run = cli("schema", command, spec, "--token", "x" * 64, transport=no_network)
        assert run.code == 2
        assert message in run.err and "Traceback" not in run.err
    assert no_network.requests == []


def test_a_module_that_raises_on_import(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("raise RuntimeError('half-written models')\n")
    run = cli("schema", "diff", str(path))
    assert run.code == 2
    assert "importing" in run.err and "RuntimeError: half-written models" in run.err


def test_inspect_to_stdout(cli: Runner, emu: Emulator) -> None:
    run = cli("inspect", "--object", "people", "--object", "companies", transport=emu.transport())
    assert run.code == 0
    assert "class Person(Model):" in run.out and "class Company(Model):" in run.out
    assert "class Deal(Model):" not in run.out
    assert run.err.startswith("Generated models for 2 objects and 0 lists")


def test_inspect_writes_a_module_the_diff_finds_clean(
    cli: Runner, emu: Emulator, tmp_path: Path
) -> None:
    t = emu.transport()
    cli("schema", "sync", MODULE, transport=t)
    out = tmp_path / "generated.py"
    run = cli("inspect", "--object", "cli_projects", "-o", str(out), transport=t)
    assert (run.code, run.out) == (0, "")
    assert f"to {out}" in run.err
    source = out.read_text()
    assert "class CliProjectTier(str, Enum):" in source or "Tier(str, Enum)" in source
    # Round trip: the generated module matches the workspace it came from.
    diff = cli("schema", "diff", str(out), transport=t)
    assert diff.code == 0 and "clean" in diff.out


def test_inspect_refuses_to_overwrite_without_force(
    cli: Runner, emu: Emulator, tmp_path: Path
) -> None:
    out = tmp_path / "models.py"
    out.write_text("# mine\n")
    refused = cli("inspect", "--object", "people", "-o", str(out), transport=emu.transport())
    assert refused.code == 2 and "pass --force" in refused.err
    assert out.read_text() == "# mine\n"
    forced = cli("inspect", "--object", "people", "-o", str(out), "--force",
                 transport=emu.transport())  # fmt: skip
    assert forced.code == 0 and "class Person(Model):" in out.read_text()


def test_inspect_output_directory_must_exist(cli: Runner, tmp_path: Path) -> None:
    run = cli("inspect", "-o", str(tmp_path / "nope" / "m.py"))
    assert run.code == 2 and "no such directory" in run.err


def test_inspect_unknown_object(cli: Runner, emu: Emulator) -> None:
    run = cli("inspect", "--object", "projcts", transport=emu.transport())
    assert run.code == 2
    assert "no object 'projcts' in the workspace" in run.err


def test_inspect_lists_only(cli: Runner, emu: Emulator) -> None:
    emu.load_fixture(
        {"lists": [{"name": "Sales", "api_slug": "sales", "parent_object": "companies",
                    "workspace_access": "full-access", "workspace_member_access": []}]}
    )  # fmt: skip
    run = cli("inspect", "--list", "sales", transport=emu.transport())
    assert run.code == 0 and "class Sale" in run.out and "class Person(" not in run.out


def test_a_failed_sync_action_reports_what_was_applied(cli: Runner, emu: Emulator) -> None:
    emu.faults.server_error(500, method="POST", path_prefix="/v2/objects/cli_projects/attributes")
    run = cli("schema", "sync", MODULE, "--retries", "0", transport=emu.transport())
    assert run.code == 2
    assert run.out.startswith("Applied before the failure:\n  create_object        objects/")
    assert run.err.startswith("particle-orm: error: sync stopped at create_attribute")
    assert "(1 of 6 actions applied)" in run.err
    # Nothing applied is lost: a second sync finishes the job.
    assert cli("schema", "sync", MODULE, transport=emu.transport()).out.startswith(
        "Sync applied 5 actions"
    )


def test_ctrl_c_exits_130(cli: Runner, emu: Emulator) -> None:
    class Interrupting(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            raise KeyboardInterrupt

    run = cli("schema", "diff", MODULE, transport=Interrupting())
    assert (run.code, run.err) == (130, "particle-orm: interrupted\n")


def test_bugs_keep_their_traceback(emu: Emulator) -> None:
    class Broken(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            raise ZeroDivisionError("a bug, not an expected failure")

    from particle_orm.cli import main

    with pytest.raises(ZeroDivisionError):
        main(["schema", "diff", MODULE, "--retries", "0"], transport=Broken())
