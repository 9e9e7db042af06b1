"""The plugin as a user meets it: run inside a separate pytest session with pytester."""

from __future__ import annotations

import re

import pytest

pytest_plugins: list[str] = []

INI = """
[pytest]
addopts = --strict-markers
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""


@pytest.fixture
def run(pytester: pytest.Pytester):  # type: ignore[no-untyped-def]
    pytester.makeini(INI)

    def go(source: str, *args: str) -> pytest.RunResult:
        pytester.makepyfile(source)
        return pytester.runpytest(*args)

    return go


def test_fixtures_give_a_fresh_workspace_per_test(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        from particle_orm.client import AttioClient
        from particle_orm.emulator import Emulator

        def test_one(attio_emulator, attio_client):
            assert isinstance(attio_emulator, Emulator)
            assert isinstance(attio_client, AttioClient)
            attio_client.create_record("companies", {"name": "Only here", "domains": ["x.test"]})
            assert len(attio_client.query_records("companies")) == 1

        def test_two(attio_client):
            assert attio_client.query_records("companies") == []
        """
    )
    result.assert_outcomes(passed=2)


def test_ids_repeat_across_runs(run, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    source = """
        def test_ids(attio_client):
            rid = attio_client.create_record("companies", {"name": "A"})["id"]["record_id"]
            print("RID=" + rid)
        """
    first = run(source, "-s")
    second = pytester.runpytest("-s")
    ids = re.findall(r"RID=(\S+)", "\n".join(first.outlines + second.outlines))
    assert len(ids) == 2 and ids[0] == ids[1]


def test_the_seed_marker(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        import pytest

        @pytest.mark.attio_seed(
            {"lists": [{"name": "Pipe", "api_slug": "pipe", "parent_object": "companies",
                        "workspace_access": "full-access", "workspace_member_access": []}]},
            companies=[{"name": "Acme", "domains": ["acme.com"]}, {"name": "Globex"}],
            people=[{"email_addresses": ["ada@acme.com"]}],
        )
        def test_seeded(attio_client, attio_seeded):
            assert [r["values"]["name"][0]["value"] for r in attio_seeded["companies"]] == [
                "Acme", "Globex"]
            assert len(attio_client.query_records("companies")) == 2
            assert len(attio_seeded["people"]) == 1
            assert attio_client.get_list("pipe")["api_slug"] == "pipe"

        @pytest.mark.attio_seed(companies=[{"name": "From the class"}])
        class TestNested:
            @pytest.mark.attio_seed(companies=[{"name": "From the function"}])
            def test_both(self, attio_seeded):
                names = [r["values"]["name"][0]["value"] for r in attio_seeded["companies"]]
                assert names == ["From the class", "From the function"]

        def test_unseeded(attio_seeded):
            assert attio_seeded == {}
        """
    )
    result.assert_outcomes(passed=3)


def test_a_bad_seed_names_the_record(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        import pytest

        @pytest.mark.attio_seed(people=[{"email_addresses": ["ok@x.com"]}, {"nope": "x"}])
        def test_bad(attio_client):
            pass
        """
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*FactoryError: attio_seed: people[[]1[]] -> 400*"])


def test_assert_num_requests_failure_output(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        from particle_orm.testing import assert_num_requests

        def test_count(attio_client):
            with assert_num_requests(1, attio_client):
                attio_client.get_self()
                attio_client.list_objects()
        """
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: expected 1 request, 2 were made:",
            "*1. GET /v2/self -> 200",
            "*2. GET /v2/objects -> 200",
        ]
    )


def test_make_uses_the_fixture_client(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        from particle_orm.standard import Company, Person
        from particle_orm.testing import amake, assert_num_requests, make

        def test_make(attio_client, attio_emulator):
            with assert_num_requests(2, attio_emulator):
                acme = make(Company, name="Acme")
                ada = make(Person, company=acme)
            assert ada.company.record_id == acme.record_id

        async def test_amake(attio_async_client):
            person = await amake(Person, job_title="CTO")
            got = await attio_async_client.get_record("people", person.record_id)
            assert got["values"]["job_title"][0]["value"] == "CTO"
        """
    )
    result.assert_outcomes(passed=2)


def test_the_session_fixture(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        from particle_orm.session import Session
        from particle_orm.standard import Company
        from particle_orm.testing import assert_num_requests

        def test_session(attio, attio_client):
            assert isinstance(attio, Session)
            acme = Company(name="Acme", domains=["acme.com"])
            attio.add(acme)
            with assert_num_requests(1, attio):
                attio.commit()
            assert acme.record_id is not None
            stored = attio_client.get_record("companies", acme.record_id)
            assert stored["values"]["name"][0]["value"] == "Acme"

        async def test_async_session(attio_async):
            acme = Company(name="Async Acme")
            attio_async.add(acme)
            await attio_async.commit()
            assert acme.record_id is not None
        """
    )
    result.assert_outcomes(passed=2)


def test_the_session_fixture_degrades_to_a_clear_error(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import particle_orm.session

    monkeypatch.delattr(particle_orm.session, "Session")
    result = run(
        """
        def test_needs_session(attio):
            pass
        """
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the `attio` fixture needs particle_orm.session.Session*use `attio_client` instead"]
    )


def test_attio_served_speaks_http(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        """
        from particle_orm.client import AttioClient

        def test_served(attio_served, attio_emulator):
            with AttioClient(attio_served.token, base_url=attio_served.base_url) as client:
                assert client.get_object("people")["api_slug"] == "people"
            assert attio_emulator.journal.count("GET", "/v2/objects/people") == 1
        """
    )
    result.assert_outcomes(passed=1)


def test_recording_with_pytest_recording(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The documented user workflow: record once against a served emulator, replay offline.
    source = """
        import pytest
        from particle_orm.client import AttioClient
        from particle_orm.testing import vcr_config as attio_vcr_config

        @pytest.fixture(scope="module")
        def vcr_config():
            return attio_vcr_config()

        @pytest.fixture
        def base_url(request):
            if request.config.getoption("--record-mode") == "none":
                return "https://api.attio.com"
            return request.getfixturevalue("attio_served").base_url

        @pytest.fixture
        def token(request):
            if request.config.getoption("--record-mode") == "none":
                return "offline-token-0000000000"
            return request.getfixturevalue("attio_served").token

        @pytest.mark.vcr
        @pytest.mark.block_network
        def test_people(base_url, token):
            with AttioClient(token, base_url=base_url, rate_limits=None, retry=None) as client:
                rows = client.query_records("people", filter={"name": "Nobody"})
            assert rows == []
        """
    # Subprocesses: another plugin in this environment alters PyYAML's loaders each time
    # it is registered, which breaks a second in-process session that reads cassettes.
    # Only the plugins this needs, so the subprocesses start fast.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeini(
        "[pytest]\naddopts = --strict-markers -p pytest_recording.plugin "
        "-p particle_orm.testing.plugin\n"
    )
    pytester.makepyfile(source)
    recorded = pytester.runpytest_subprocess("--record-mode=once")
    recorded.assert_outcomes(passed=1)
    cassettes = list(pytester.path.glob("cassettes/*/*.yaml"))
    assert len(cassettes) == 1
    text = cassettes[0].read_text()
    assert "Bearer REDACTED" in text and "records/query" in text
    replayed = pytester.runpytest_subprocess("--record-mode=none")
    replayed.assert_outcomes(passed=1)
