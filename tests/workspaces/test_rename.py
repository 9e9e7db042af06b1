"""Acceptance: after a slug rename, id-bound models keep working; slug-bound ones fail clearly.

Every "before anything is sent" claim is checked with the emulator's journal.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from particle_orm.client import AsyncAttioClient, AttioClient, VirtualClock
from particle_orm.emulator import Emulator
from particle_orm.errors import UnknownAttribute
from particle_orm.query import schema_cache
from particle_orm.session import AsyncSession, CommitError, Session
from tests.workspaces.conftest import ProjectModels, listings, rename, writes


def seed(projects: ProjectModels, client: AttioClient) -> None:
    with Session(client) as session:
        session.add_all([projects.by_id(code="apollo"), projects.by_id(code="gemini")])
        session.commit()


def test_id_bound_model_reads_filters_and_commits_after_rename(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    rename(client, projects.attribute_id)
    mark = len(emu.journal)
    with Session(client) as session:
        (apollo,) = projects.by_id.objects.filter(code="apollo")
        assert apollo.code == "apollo"
        apollo.code = "apollo-2"
        session.add(projects.by_id(code="mercury"))
        session.commit()
        session.expunge_all()
        assert sorted(p.code for p in projects.by_id.objects.all()) == [
            "apollo-2",
            "gemini",
            "mercury",
        ]
        again = projects.by_id.objects.get(pk=apollo.record_id)
        assert again.code == "apollo-2"
    sent = writes(emu, mark)
    assert [e.status for e in sent] == [200, 200]
    # Writes and filters key by the attribute id, never by a slug.
    for entry in sent:
        assert list(entry.body["data"]["values"]) == [projects.attribute_id]
    query = next(e for e in emu.journal.entries[mark:] if e.path.endswith("/query"))
    assert query.body["filter"] == {projects.attribute_id: "apollo"}


def test_rename_costs_one_listing_for_the_id_bound_model(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)  # first use in this client: 1 listing
    assert listings(emu) == 1
    list(projects.by_id.objects.using(client).all())
    assert listings(emu) == 1  # cached
    rename(client, projects.attribute_id)
    mark = len(emu.journal)
    assert [p.code for p in projects.by_id.objects.using(client).order_by("code")] == [
        "apollo",
        "gemini",
    ]
    assert listings(emu, mark) == 1  # the page lacked the cached slug: listed once again
    list(projects.by_id.objects.using(client).all())
    assert listings(emu, mark) == 1
    assert schema_cache(client).get(projects.by_id) is not None


def test_slug_bound_write_raises_before_sending(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    # The slug-bound model was used before: its pages taught which object id
    # "projects" has, so it shares the cached schema the id-bound model refreshes.
    assert len(list(projects.by_slug.objects.using(client).all())) == 2
    rename(client, projects.attribute_id)
    list(projects.by_id.objects.using(client).all())  # sees the rename, refreshes the cache
    mark = len(emu.journal)
    with Session(client) as session:
        session.add(projects.by_slug(code_name="vostok"))
        with pytest.raises(UnknownAttribute) as caught:
            session.commit()
        assert session.new  # nothing was sent, so the create is still pending
    exc = caught.value
    assert (exc.model, exc.field, exc.slug) == ("ProjectBySlug", "code_name", "code_name")
    assert exc.current_slug == "codename"
    assert "ProjectBySlug.code_name" in str(exc) and "'codename'" in str(exc)
    assert exc.workspace_id == emu.workspace.id
    assert emu.journal.entries[mark:] == []  # not even a listing


def test_slug_bound_filter_raises_before_sending(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    list(projects.by_slug.objects.using(client).all())
    rename(client, projects.attribute_id)
    list(projects.by_id.objects.using(client).all())
    mark = len(emu.journal)
    with pytest.raises(UnknownAttribute, match="has slug 'codename' now"):
        list(projects.by_slug.objects.using(client).filter(code_name="apollo"))
    assert emu.journal.entries[mark:] == []


def test_preload_makes_a_slug_only_process_safe_before_sending(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    rename(client, projects.attribute_id)
    mark = len(emu.journal)
    assert schema_cache(client).preload(client, [projects.by_slug]) == 1
    with Session(client) as session:
        session.add(projects.by_slug(code_name="vostok"))
        with pytest.raises(UnknownAttribute, match="'codename'"):
            session.commit()
    assert writes(emu, mark) == []


def test_cold_cache_slug_bound_write_is_explained_after_attio_rejects_it(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    # No cached schema and no id-bound model: the write goes out, Attio rejects it
    # (nothing applied), then one listing turns the 400 into the clear error.
    rename(client, projects.attribute_id)
    mark = len(emu.journal)
    with Session(client) as session:
        session.add(projects.by_slug(code_name="vostok"))
        with pytest.raises(CommitError) as caught:
            session.commit()
    (failure,) = caught.value.failed
    assert isinstance(failure.error, UnknownAttribute)
    assert failure.error.current_slug == "codename"
    assert [e.status for e in writes(emu, mark)] == [400]
    assert listings(emu, mark) == 1
    # The cache is warm now: the next attempt fails before sending.
    mark = len(emu.journal)
    with Session(client) as session:
        session.add(projects.by_slug(code_name="vostok"))
        with pytest.raises(UnknownAttribute):
            session.commit()
    assert emu.journal.entries[mark:] == []


def test_cold_cache_slug_bound_filter_is_explained_after_attio_rejects_it(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    rename(client, projects.attribute_id)
    with pytest.raises(UnknownAttribute) as caught:
        list(projects.by_slug.objects.using(client).filter(code_name="apollo"))
    assert caught.value.current_slug == "codename"
    assert caught.value.action == "filter"


def test_slug_bound_read_after_rename_reads_as_absent(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    rename(client, projects.attribute_id)
    rows = list(projects.by_slug.objects.using(client).all())
    assert [r.code_name for r in rows] == [None, None]


def test_archived_attribute_reads_as_absent_for_the_id_bound_model(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    client.update_attribute("objects", "projects", projects.attribute_id, {"is_archived": True})
    rows = list(projects.by_id.objects.using(client).all())
    assert [r.code for r in rows] == [None, None]
    with Session(client) as session:
        session.add(projects.by_id(code="x"))
        with pytest.raises(UnknownAttribute, match=projects.attribute_id):
            session.commit()


def test_invalidate_on_demand_lists_again(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    list(projects.by_id.objects.using(client).all())
    cache = schema_cache(client)
    with Session(client) as session:
        assert session.schema is cache
    cache.invalidate(projects.by_id)
    mark = len(emu.journal)
    list(projects.by_id.objects.using(client).all())
    assert listings(emu, mark) == 1


async def test_async_id_bound_model_survives_rename(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    rename(client, projects.attribute_id)
    async with (
        emu.async_client(rate_limits=None, clock=VirtualClock()) as aclient,
        AsyncSession(aclient) as session,
    ):
        assert isinstance(aclient, AsyncAttioClient)
        row = await projects.by_id.objects.aget(code="gemini")
        assert row.code == "gemini"
        row.code = "gemini-2"
        await session.commit()
        assert (await projects.by_id.objects.aget(pk=row.record_id)).code == "gemini-2"
        session.add(projects.by_slug(code_name="voskhod"))
        mark = len(emu.journal)
        with pytest.raises(UnknownAttribute, match="'codename'"):
            await session.commit()
        assert writes(emu, mark) == []


async def test_concurrent_tasks_share_the_first_listing(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    mark = len(emu.journal)
    async with emu.async_client(rate_limits=None, clock=VirtualClock()) as aclient:
        pages = await asyncio.gather(
            *(projects.by_id.objects.using(aclient).alist() for _ in range(5))
        )
    assert [sorted(str(p.code) for p in page) for page in pages] == [["apollo", "gemini"]] * 5
    assert listings(emu, mark) == 1


def test_concurrent_threads_share_the_first_listing(
    projects: ProjectModels, client: AttioClient, emu: Emulator
) -> None:
    seed(projects, client)
    mark = len(emu.journal)
    fresh = emu.client(rate_limits=None, clock=VirtualClock())
    with ThreadPoolExecutor(max_workers=5) as pool:
        jobs = [
            pool.submit(lambda: len(list(projects.by_id.objects.using(fresh).all())))
            for _ in range(5)
        ]
        assert [job.result() for job in jobs] == [2] * 5
    assert listings(emu, mark) == 1
